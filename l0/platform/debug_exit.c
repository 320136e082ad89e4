/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/debug_exit.c: port 0xf4 (one port; a wider access is found by its
 * first port) ends the run with the value written as status,
 * the convention of QEMU's isa-debug-exit (which always reports (v << 1) | 1;
 * --qemu-exit-codes selects that mapping). */
#include <string.h>

#include "l0/platform/platform.h"

void debug_exit__io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct debug_exit *d = opaque;
	uint32_t v = 0;

	if (!write) {
		memset(data, 0, size);
		return;
	}
	memcpy(&v, data, size > 4 ? 4 : size);
	d->status = d->qemu_codes ? (int)((v << 1) | 1) : (int)v;
	d->fired = true;
}
