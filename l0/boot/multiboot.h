/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/multiboot.h: Multiboot Specification 0.6.96 structures (v1). */
#ifndef L0__MULTIBOOT_H
#define L0__MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

#define MB__HEADER_MAGIC	0x1badb002u
#define MB__BOOT_MAGIC		0x2badb002u	/* in EAX at entry */
#define MB__SEARCH_LEN		8192		/* header lies in the first 8K, 4-aligned */

/* Header flags 0-15 are requirements: a loader must refuse those it lacks. */
#define MB__HF_PAGE_ALIGN	(1u << 0)
#define MB__HF_MEMORY_INFO	(1u << 1)
#define MB__HF_REQUIRED_MASK	0xffffu
#define MB__HF_SUPPORTED	(MB__HF_PAGE_ALIGN | MB__HF_MEMORY_INFO)

/* multiboot_info.flags: which fields are valid. */
#define MB__INFO_MEMORY		(1u << 0)
#define MB__INFO_CMDLINE	(1u << 2)
#define MB__INFO_MODS		(1u << 3)
#define MB__INFO_MMAP		(1u << 6)
#define MB__INFO_LOADER_NAME	(1u << 9)

#define MB__MMAP_AVAILABLE	1
#define MB__MMAP_RESERVED	2

struct mb_header {
	uint32_t magic, flags, checksum;
	/* Bit 16 (a.out kludge) fields follow; turtle loads ELF only and
	 * takes addresses from the program headers. */
};

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;	/* KiB below 640K, KiB above 1M */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint8_t vbe_and_framebuffer[44];
} __attribute__((packed));

struct mb_module {
	uint32_t mod_start, mod_end;	/* [start, end) */
	uint32_t string;
	uint32_t reserved;
} __attribute__((packed));

/* `size` counts the bytes after itself; mmap_addr points at `size`. */
struct mb_mmap_entry {
	uint32_t size;
	uint64_t base_addr, length;
	uint32_t type;
} __attribute__((packed));

_Static_assert(offsetof(struct mb_info, mmap_length) == 44, "multiboot_info layout");
_Static_assert(offsetof(struct mb_info, boot_loader_name) == 64, "multiboot_info layout");
_Static_assert(sizeof(struct mb_info) == 116, "multiboot_info size");
_Static_assert(sizeof(struct mb_mmap_entry) == 24, "mmap entry size");

#endif /* L0__MULTIBOOT_H */
