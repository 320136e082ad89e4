/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot conventions of the Turtle test guests, shared by the guest library
 * and by any L1 hypervisor that loads these images as L2 guests.
 *
 * Entry 1, Multiboot v1 (Multiboot Specification 0.6.96, section 3.2):
 * the loader enters the ELF's e_entry in 32-bit protected mode, paging off,
 * EAX = MULTIBOOT_BOOT_MAGIC, EBX = physical address of struct
 * multiboot_info, flat segments, IF = 0.
 *
 * Entry 2, "L2 entry": an L1 hypervisor starts the image in 64-bit mode
 * with paging on and an identity map of at least the image and its stack,
 * at tl2e_header.entry64, RDI = guest-physical address of a NUL-terminated
 * command line "IMAGE ARGS..." (or 0).  IF must be 0.  The library then
 * switches to its own page tables (identity map of the first 4 GiB), GDT,
 * IDT, TSS and stack, so the image behaves the same under both entries.
 *
 * Finding entry 2: struct tl2e_header sits 16 bytes after the multiboot
 * header, which is in the first 8 KiB of the file, 4-byte aligned; an L1
 * can equally scan the first 8 KiB for TL2E_MAGIC at an 8-byte aligned
 * offset.  entry64 is a guest-physical (= virtual) address.
 */
#ifndef TESTVMS__BOOT_H
#define TESTVMS__BOOT_H

#define MULTIBOOT_HEADER_MAGIC	0x1BADB002
#define MULTIBOOT_BOOT_MAGIC	0x2BADB002
/* Bit 0: page-align modules; bit 1: provide mem_* and mmap_* fields. */
#define MULTIBOOT_HEADER_FLAGS	0x00000003
#define MULTIBOOT_SEARCH	8192

/* 'T','L','2','E' in memory order, read as a little-endian u32. */
#define TL2E_MAGIC		0x45324C54
#define TL2E_OFFSET		16	/* from the multiboot header */

/* How the image was entered: the third argument of setup__start(). */
#define BOOT_MULTIBOOT		0
#define BOOT_L2			1

#ifndef __ASSEMBLER__
#include <stdint.h>

struct tl2e_header {
	uint32_t magic;		/* TL2E_MAGIC */
	uint32_t reserved;	/* 0 */
	uint64_t entry64;	/* 64-bit entry point, RDI = command line */
};

/* Flags in multiboot_info.flags that say which fields are valid. */
#define MULTIBOOT_INFO_MEMORY	(1u << 0)
#define MULTIBOOT_INFO_CMDLINE	(1u << 2)
#define MULTIBOOT_INFO_MODS	(1u << 3)
#define MULTIBOOT_INFO_MMAP	(1u << 6)

/* Multiboot Specification 0.6.96, section 3.3; all addresses physical. */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 1 MiB */
	uint32_t mem_upper;	/* KiB above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
};

enum boot_kind {
	BOOT_KIND_MULTIBOOT = BOOT_MULTIBOOT,
	BOOT_KIND_L2 = BOOT_L2,
};
#endif

#endif
