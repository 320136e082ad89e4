/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/loader_status.h: what the loader and the ELF reader it uses say
 * about an image: the status list, the segment limit, and ranges named
 * by their true end.  Below both, so neither includes the other. */
#ifndef L0__LOADER_STATUS_H
#define L0__LOADER_STATUS_H

#include <stdint.h>

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

const char *loader__status_name(enum loader_status s);

/* "0x..." for start + len as a 65-bit number, so an error message about a
 * range that wraps names its true end ("0x10000000000000100", not "0x100"). */
#define LOADER__END_LEN 24
const char *loader__end(char buf[LOADER__END_LEN], uint64_t start, uint64_t len);

#endif /* L0__LOADER_STATUS_H */
