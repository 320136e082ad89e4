/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pic.c: the 8259A interrupt mask registers (OCW1), which guests write
 * to silence the legacy PICs; no interrupt is ever raised, the masks only
 * read back. */
#include "l0/platform/platform.h"

void pic__io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	uint8_t *mask = opaque;

	if (write)
		*mask = data[0];
	else
		data[0] = *mask;
}
