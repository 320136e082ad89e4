/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/loader.h: load a Multiboot v1 ELF image into guest RAM.
 *
 * Pure over buffers: the image, the modules and guest RAM are plain memory,
 * so every accepted and rejected image is unit-tested without KVM.  The
 * boot information (multiboot_info, memory map, module list, strings) lives
 * in the boot information area below 640K; modules go page-aligned above
 * the image's highest segment and above 1M.
 */
#ifndef L0__LOADER_H
#define L0__LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "l0/boot/loader_status.h"
#include "l0/error.h"

#define LOADER__INFO_START	0x1000ull	/* page 0 stays plain RAM */
#define LOADER__INFO_END	0x9f000ull
#define LOADER__LOWMEM_END	0xa0000ull	/* 640K: top of "lower memory" */
#define LOADER__HIMEM_START	0x100000ull	/* 1M: where mem_upper counts from */
struct loader_module {
	const void *data;
	size_t size;
	const char *string;	/* basename and arguments, see loader__module_string */
};

struct loader_input {
	const void *image;
	size_t image_size;
	const char *cmdline;
	const struct loader_module *modules;
	unsigned nr_modules;
};

struct loader_boot {
	uint32_t entry;		/* physical, 32-bit protected mode */
	uint32_t info;		/* gpa of multiboot_info, for EBX */
	uint64_t image_end;	/* first byte after the highest segment */
	uint64_t modules_end;	/* first byte after the last module */
};

/* Load in->image and the modules into ram and build the boot information.
 * Returns LOADER_OK, or a status with err naming the offending part. */
enum loader_status loader__load(void *ram, uint64_t ram_size, const struct loader_input *in,
				struct loader_boot *out, struct error *err);


/* "name arg1 arg2": basename of path, then args separated by blanks.
 * Returns the string length, or -1 if it does not fit in len bytes. */
int loader__cmdline(char *buf, size_t len, const char *path, char *const *args, int nr_args);

#endif /* L0__LOADER_H */
