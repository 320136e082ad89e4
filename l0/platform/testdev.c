/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/testdev.c: QEMU's pc-testdev (see testdev.h); its IRQ lines
 * are platform.c's, which know the machine. */
#include <string.h>

#include "l0/platform/testdev.h"

void testdev__port(struct testdev *t, unsigned offset, uint8_t *data, unsigned size, bool write)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = ((offset + i) & 3) * 8;

		if (write)
			t->ioport_data = (t->ioport_data & ~(0xffu << shift)) |
					 (uint32_t)data[i] << shift;
		else
			data[i] = (uint8_t)(t->ioport_data >> shift);
	}
}

void testdev__iomem(struct testdev *t, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	for (unsigned i = 0; i < size; i++) {
		uint64_t o = offset + i;

		if (o >= TESTDEV__IOMEM_LEN) {
			if (!write)
				data[i] = 0xff;
			continue;
		}
		if (write)
			t->iomem[o] = data[i];
		else
			data[i] = t->iomem[o];
	}
}
