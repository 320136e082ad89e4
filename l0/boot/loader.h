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

#include "l0/error.h"

#define LOADER__INFO_START	0x1000ull	/* page 0 stays plain RAM */
#define LOADER__INFO_END	0x9f000ull
#define LOADER__LOWMEM_END	0xa0000ull	/* 640K: top of "lower memory" */
#define LOADER__HIMEM_START	0x100000ull	/* 1M: where mem_upper counts from */
#define LOADER__MAX_SEGMENTS	32

#define LOADER__STATUSES(X) \
	X(OK,			"loaded") \
	X(NOT_ELF,		"not an ELF image") \
	X(TRUNCATED,		"truncated ELF") \
	X(UNSUPPORTED_ELF,	"unsupported ELF") \
	X(NO_MULTIBOOT,		"no multiboot header") \
	X(MB_FEATURES,		"multiboot header requires unsupported features") \
	X(NO_SEGMENTS,		"no loadable segment") \
	X(TOO_MANY_SEGMENTS,	"too many loadable segments") \
	X(SEGMENT_RANGE,	"segment beyond RAM") \
	X(SEGMENT_OVERLAP,	"overlapping segments") \
	X(BAD_ENTRY,		"entry point outside the loaded segments") \
	X(INFO_TOO_LARGE,	"boot information too large") \
	X(MODULE_RANGE,		"module does not fit in RAM")

enum loader_status {
#define X(id, text) LOADER_##id,
	LOADER__STATUSES(X)
#undef X
};

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
const char *loader__status_name(enum loader_status s);

/* "0x..." for start + len as a 65-bit number, so an error message about a
 * range that wraps names its true end ("0x10000000000000100", not "0x100"). */
#define LOADER__END_LEN 24
const char *loader__end(char buf[LOADER__END_LEN], uint64_t start, uint64_t len);

/* "name arg1 arg2": basename of path, then args separated by blanks.
 * Returns the string length, or -1 if it does not fit in len bytes. */
int loader__cmdline(char *buf, size_t len, const char *path, char *const *args, int nr_args);

#endif /* L0__LOADER_H */
