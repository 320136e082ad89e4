/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/elf_builder.h: build small ELF32/ELF64 multiboot images in
 * memory, correct or broken on purpose, for the loader tests. */
#ifndef TESTS__UNIT_L0__ELF_BUILDER_H
#define TESTS__UNIT_L0__ELF_BUILDER_H

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define EB_MB_OFFSET	0x100	/* multiboot header's file offset */
#define EB_DATA_OFFSET	0x200	/* segment bytes start here */

struct eb_segment {
	uint64_t paddr, filesz, memsz;
	uint8_t fill;		/* every file byte of the segment */
};

struct eb_image {
	int elf_class;		/* 32 or 64 */
	uint64_t entry;
	const struct eb_segment *seg;
	unsigned nr_seg;
	bool no_multiboot;
	uint32_t mb_flags;
	uint32_t mb_checksum_delta;	/* nonzero: a wrong checksum */
};

static inline size_t eb_build(uint8_t *buf, size_t cap, const struct eb_image *im)
{
	uint64_t off = EB_DATA_OFFSET;
	unsigned i;

	memset(buf, 0, cap);
	if (im->elf_class == 32) {
		Elf32_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
				  .e_entry = (uint32_t)im->entry, .e_phoff = sizeof(eh),
				  .e_ehsize = sizeof(eh), .e_phentsize = sizeof(Elf32_Phdr),
				  .e_phnum = (uint16_t)im->nr_seg };
		memcpy(eh.e_ident, ELFMAG, SELFMAG);
		eh.e_ident[EI_CLASS] = ELFCLASS32;
		eh.e_ident[EI_DATA] = ELFDATA2LSB;
		eh.e_ident[EI_VERSION] = EV_CURRENT;
		memcpy(buf, &eh, sizeof(eh));
	} else {
		Elf64_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
				  .e_entry = im->entry, .e_phoff = sizeof(eh),
				  .e_ehsize = sizeof(eh), .e_phentsize = sizeof(Elf64_Phdr),
				  .e_phnum = (uint16_t)im->nr_seg };
		memcpy(eh.e_ident, ELFMAG, SELFMAG);
		eh.e_ident[EI_CLASS] = ELFCLASS64;
		eh.e_ident[EI_DATA] = ELFDATA2LSB;
		eh.e_ident[EI_VERSION] = EV_CURRENT;
		memcpy(buf, &eh, sizeof(eh));
	}
	for (i = 0; i < im->nr_seg; i++) {
		const struct eb_segment *s = &im->seg[i];

		if (im->elf_class == 32) {
			Elf32_Phdr ph = { PT_LOAD, (uint32_t)off, (uint32_t)s->paddr, (uint32_t)s->paddr,
					  (uint32_t)s->filesz, (uint32_t)s->memsz, PF_R | PF_X, 4096 };
			memcpy(buf + sizeof(Elf32_Ehdr) + i * sizeof(ph), &ph, sizeof(ph));
		} else {
			Elf64_Phdr ph = { PT_LOAD, PF_R | PF_X, off, s->paddr, s->paddr,
					  s->filesz, s->memsz, 4096 };
			memcpy(buf + sizeof(Elf64_Ehdr) + i * sizeof(ph), &ph, sizeof(ph));
		}
		if (off + s->filesz <= cap)
			memset(buf + off, s->fill, s->filesz);
		off += s->filesz;
	}
	if (!im->no_multiboot) {
		uint32_t mb[3] = { 0x1badb002u, im->mb_flags,
				   -(0x1badb002u + im->mb_flags) + im->mb_checksum_delta };
		memcpy(buf + EB_MB_OFFSET, mb, sizeof(mb));
	}
	return off;
}

#endif /* TESTS__UNIT_L0__ELF_BUILDER_H */
