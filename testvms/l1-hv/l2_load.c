/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Step 3: L2's memory and image.  L2 guest-physical 0..L2_MEM_SIZE is one
 * block of L1 memory at l2_base; everything L2 needs to start at its
 * 64-bit entry (testvms/lib/boot.h, "L2 entry") is written there:
 *
 *   0x1000  PML4, 0x2000 PDPT, 0x3000 PD: identity map of the first GiB
 *           with 2 MiB pages (SDM 4.5)
 *   0x4000  GDT: null, 64-bit code, data, busy 64-bit TSS
 *   0x5000  the TSS (SDM 8.7)
 *   0x80000 initial RSP, growing down
 *   1 MiB.. the image's PT_LOAD segments, at their physical addresses
 *   top 4K  the command line, in the part of L2 memory EPT12 maps lazily,
 *           so that L2 reading it is a deterministic EPT violation
 */
#include <elf.h>

#include "testvms/l1-hv/hv.h"
#include "testvms/l1-hv/rep.h"
#include "testvms/lib/guest.h"

#define L2_PML4		0x1000ul
#define L2_PDPT		0x2000ul
#define L2_PD		0x3000ul
#define L2_GDT		0x4000ul
#define L2_TSS		0x5000ul
#define L2_STACK_TOP	0x80000ul
#define L2_IMAGE_MIN	0x100000ul
#define L2_CMDLINE	(L2_MEM_SIZE - SIZE_4K)

#define PTE_P		0x001ul
#define PTE_W		0x002ul
#define PTE_PS		0x080ul

/* GDT descriptors (SDM 3.4.5): flat 64-bit code (L = 1) and flat data,
 * accessed bits set as VM entry wants them (SDM 27.3.1.2). */
#define GDT_CODE64	0x00af9b000000fffful
#define GDT_DATA	0x00cf93000000fffful
#define TSS_LIMIT	0x67ul
#define TSS_TYPE_BUSY	0xbul

static void *at(u64 l2_base, u64 gpa)
{
	return (void *)(l2_base + gpa);
}

static bool segment_ok(const Elf64_Phdr *ph, u64 elf_size)
{
	return ph->p_filesz <= ph->p_memsz &&
	       ph->p_offset <= elf_size && ph->p_filesz <= elf_size - ph->p_offset &&
	       ph->p_paddr >= L2_IMAGE_MIN && ph->p_paddr < L2_CMDLINE &&
	       ph->p_memsz <= L2_CMDLINE - ph->p_paddr;
}

/* Copies the PT_LOAD segments of an ELF-64 image to their physical
 * addresses; false with a FAIL line for an image l1-hv cannot place. */
static bool load_segments(u64 l2_base, const u8 *elf, u64 elf_size)
{
	const Elf64_Ehdr *eh = (const void *)elf;
	unsigned i, loaded = 0;

	if (elf_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > elf_size ||
	    eh->e_phnum > (elf_size - eh->e_phoff) / sizeof(Elf64_Phdr)) {
		report(false, "L2 image: not a 64-bit x86 ELF");
		return false;
	}
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(elf + eh->e_phoff) + i;

		if (ph->p_type != PT_LOAD)
			continue;
		if (!segment_ok(ph, elf_size)) {
			report(false, "L2 image: segment %u (0x%lx+0x%lx) outside "
			       "L2 memory 0x%lx..0x%lx", i, ph->p_paddr, ph->p_memsz,
			       L2_IMAGE_MIN, L2_CMDLINE);
			return false;
		}
		rep_movsb(at(l2_base, ph->p_paddr), elf + ph->p_offset, ph->p_filesz);
		rep_stosb(at(l2_base, ph->p_paddr + ph->p_filesz), 0, ph->p_memsz - ph->p_filesz);
		loaded++;
	}
	report(loaded > 0, "L2 image: %u PT_LOAD segments loaded", loaded);
	return loaded > 0;
}

/* The 64-bit entry: struct tl2e_header, TL2E_OFFSET bytes after the
 * multiboot header, which is 4-byte aligned in the first 8 KiB. */
static bool find_entry64(const u8 *elf, u64 elf_size, u64 *entry)
{
	u64 off, end = elf_size < MULTIBOOT_SEARCH ? elf_size : MULTIBOOT_SEARCH;

	for (off = 0; off + 12 <= end; off += 4) {
		const u32 *mb = (const void *)(elf + off);
		const struct tl2e_header *h;

		if (mb[0] != MULTIBOOT_HEADER_MAGIC || mb[0] + mb[1] + mb[2] != 0)
			continue;
		if (off + TL2E_OFFSET + sizeof(*h) > elf_size)
			break;
		h = (const void *)(elf + off + TL2E_OFFSET);
		if (h->magic != TL2E_MAGIC)
			break;
		*entry = h->entry64;
		return true;
	}
	report(false, "L2 image: no L2 entry header (TL2E) after its multiboot header");
	return false;
}

static void page_tables(u64 l2_base)
{
	u64 *pml4 = at(l2_base, L2_PML4), *pdpt = at(l2_base, L2_PDPT);
	u64 *pd = at(l2_base, L2_PD);
	unsigned i;

	rep_stosb(pml4, 0, SIZE_4K);
	rep_stosb(pdpt, 0, SIZE_4K);
	pml4[0] = L2_PDPT | PTE_P | PTE_W;
	pdpt[0] = L2_PD | PTE_P | PTE_W;
	for (i = 0; i < 512; i++)
		pd[i] = (u64)i * SIZE_2M | PTE_P | PTE_W | PTE_PS;
}

/* GDT and TSS; returns the GDT limit.  The TSS descriptor is the 16-byte
 * system descriptor of 64-bit mode (SDM 8.2.3). */
static u64 gdt(u64 l2_base)
{
	u64 *gdt = at(l2_base, L2_GDT);

	rep_stosb(at(l2_base, L2_TSS), 0, SIZE_4K);
	gdt[0] = 0;
	gdt[L2_SEL_CS / 8] = GDT_CODE64;
	gdt[L2_SEL_DS / 8] = GDT_DATA;
	gdt[L2_SEL_TR / 8] = TSS_LIMIT | (L2_TSS & 0xffffff) << 16 | TSS_TYPE_BUSY << 40 |
		 1ul << 47 | (L2_TSS >> 24 & 0xff) << 56;
	gdt[L2_SEL_TR / 8 + 1] = L2_TSS >> 32;
	return L2_SEL_TR + 16 - 1;
}

bool l2__load(u64 l2_base, const void *elf, u64 elf_size,
	      const char *cmdline, struct l2_entry *entry)
{
	u64 len = strlen(cmdline);

	if (!load_segments(l2_base, elf, elf_size) ||
	    !find_entry64(elf, elf_size, &entry->rip))
		return false;
	if (entry->rip < L2_IMAGE_MIN || entry->rip >= L2_CMDLINE) {
		report(false, "L2 image: 64-bit entry 0x%lx outside its image", entry->rip);
		return false;
	}
	if (len >= SIZE_4K)
		len = SIZE_4K - 1;
	rep_movsb(at(l2_base, L2_CMDLINE), cmdline, len);
	*(char *)at(l2_base, L2_CMDLINE + len) = '\0';
	page_tables(l2_base);
	entry->gdt_limit = gdt(l2_base);
	entry->gdt_base = L2_GDT;
	entry->tr_base = L2_TSS;
	entry->cr3 = L2_PML4;
	entry->rsp = L2_STACK_TOP;
	entry->rdi = L2_CMDLINE;
	printf("l1-hv: L2 entry 0x%lx, command line \"%s\"\n", entry->rip, cmdline);
	return true;
}
