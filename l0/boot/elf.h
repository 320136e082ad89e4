/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/elf.h: the loadable segments of an ELF32 or ELF64 executable. */
#ifndef L0__ELF_H
#define L0__ELF_H

#include <stddef.h>
#include <stdint.h>

#include "l0/boot/loader_status.h"
#include "l0/error.h"

struct elf_segment {
	uint64_t paddr;
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
};

struct elf_image {
	unsigned elf_class;	/* 32 or 64 */
	uint64_t entry;
	struct elf_segment seg[LOADER__MAX_SEGMENTS];
	unsigned nr_seg;
};

/* Validate the headers and collect PT_LOAD segments (memsz > 0), checking
 * that each one's file bytes are inside buf. */
enum loader_status elf__parse(const void *buf, size_t len, struct elf_image *out,
			      struct error *err);

#endif /* L0__ELF_H */
