/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/elf.c: read ELF headers defensively: every offset is checked against
 * the file size before it is followed, so a truncated or hostile image gives
 * an error naming the part that is wrong, never a crash. */
#include <elf.h>
#include <string.h>

#include "l0/boot/elf.h"

static int fits(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static enum loader_status add_segment(struct elf_image *img, const struct elf_segment *s,
				      unsigned idx, size_t len, struct error *err)
{
	if (s->filesz > s->memsz) {
		error__set(err, "unsupported ELF: segment %u has file size 0x%llx above memory size 0x%llx",
			   idx, (unsigned long long)s->filesz, (unsigned long long)s->memsz);
		return LOADER_UNSUPPORTED_ELF;
	}
	if (!fits(s->offset, s->filesz, len)) {
		char end[LOADER__END_LEN];

		error__set(err, "truncated ELF: segment %u needs bytes 0x%llx..%s, file has 0x%zx",
			   idx, (unsigned long long)s->offset, loader__end(end, s->offset, s->filesz),
			   len);
		return LOADER_TRUNCATED;
	}
	if (img->nr_seg == LOADER__MAX_SEGMENTS) {
		error__set(err, "too many loadable segments (at most %d)", LOADER__MAX_SEGMENTS);
		return LOADER_TOO_MANY_SEGMENTS;
	}
	img->seg[img->nr_seg++] = *s;
	return LOADER_OK;
}

/* The two classes differ only in field widths: one body, expanded twice. */
#define DEFINE_PARSE(bits, machine)							\
static enum loader_status parse##bits(const uint8_t *buf, size_t len,			\
				      struct elf_image *img, struct error *err)		\
{											\
	Elf##bits##_Ehdr eh;								\
	unsigned i;									\
											\
	if (len < sizeof(eh)) {								\
		error__set(err, "truncated ELF: %zu bytes, the ELF header needs %zu",	\
			   len, sizeof(eh));						\
		return LOADER_TRUNCATED;						\
	}										\
	memcpy(&eh, buf, sizeof(eh));							\
	if (eh.e_machine != machine || eh.e_type != ET_EXEC) {				\
		error__set(err, "unsupported ELF: machine %u type %u (want an x86 executable)", \
			   eh.e_machine, eh.e_type);					\
		return LOADER_UNSUPPORTED_ELF;						\
	}										\
	if (eh.e_phnum && eh.e_phentsize < sizeof(Elf##bits##_Phdr)) {			\
		error__set(err, "unsupported ELF: program header size %u", eh.e_phentsize); \
		return LOADER_UNSUPPORTED_ELF;						\
	}										\
	if (!fits(eh.e_phoff, (uint64_t)eh.e_phnum * eh.e_phentsize, len)) {		\
		error__set(err, "truncated ELF: program headers at 0x%llx beyond the file", \
			   (unsigned long long)eh.e_phoff);				\
		return LOADER_TRUNCATED;						\
	}										\
	img->elf_class = bits;								\
	img->entry = eh.e_entry;							\
	for (i = 0; i < eh.e_phnum; i++) {						\
		Elf##bits##_Phdr ph;							\
		struct elf_segment s;							\
		enum loader_status st;							\
											\
		memcpy(&ph, buf + eh.e_phoff + (uint64_t)i * eh.e_phentsize, sizeof(ph)); \
		if (ph.p_type != PT_LOAD || !ph.p_memsz)				\
			continue;							\
		s = (struct elf_segment){ ph.p_paddr, ph.p_vaddr, ph.p_offset,		\
					  ph.p_filesz, ph.p_memsz };			\
		st = add_segment(img, &s, i, len, err);					\
		if (st != LOADER_OK)							\
			return st;							\
	}										\
	return LOADER_OK;								\
}
DEFINE_PARSE(32, EM_386)
DEFINE_PARSE(64, EM_X86_64)

enum loader_status elf__parse(const void *buf, size_t len, struct elf_image *out,
			      struct error *err)
{
	const uint8_t *b = buf;

	memset(out, 0, sizeof(*out));
	if (len < SELFMAG || memcmp(b, ELFMAG, SELFMAG)) {
		error__set(err, "not an ELF image (no \\177ELF magic)");
		return LOADER_NOT_ELF;
	}
	if (len < EI_NIDENT) {
		error__set(err, "truncated ELF: %zu bytes, no room for the ELF identification", len);
		return LOADER_TRUNCATED;
	}
	if (b[EI_DATA] != ELFDATA2LSB || b[EI_VERSION] != EV_CURRENT) {
		error__set(err, "unsupported ELF: not little-endian version 1");
		return LOADER_UNSUPPORTED_ELF;
	}
	switch (b[EI_CLASS]) {
	case ELFCLASS32:
		return parse32(b, len, out, err);
	case ELFCLASS64:
		return parse64(b, len, out, err);
	default:
		error__set(err, "unsupported ELF: class %u", b[EI_CLASS]);
		return LOADER_UNSUPPORTED_ELF;
	}
}
