/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/loader_status.c: the loader's status names and range ends. */
#include <inttypes.h>
#include <stdio.h>

#include "l0/boot/loader_status.h"

static const char *const status_names[] = {
#define X(id, text) [LOADER_##id] = text,
	LOADER__STATUSES(X)
#undef X
};

const char *loader__status_name(enum loader_status s)
{
	return (unsigned)s < sizeof(status_names) / sizeof(status_names[0]) ? status_names[s] : "?";
}

const char *loader__end(char buf[LOADER__END_LEN], uint64_t start, uint64_t len)
{
	uint64_t end = start + len;

	/* The 65-bit sum: its carry is the leading hex digit. */
	if (end < start)
		snprintf(buf, LOADER__END_LEN, "0x1%016" PRIx64, end);
	else
		snprintf(buf, LOADER__END_LEN, "0x%" PRIx64, end);
	return buf;
}
