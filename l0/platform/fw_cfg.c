/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/fw_cfg.c: QEMU's fw_cfg, traditional I/O interface: a 16-bit selector
 * written to 0x510, then the item read byte by byte from 0x511.  Selector
 * numbers are QEMU's (docs/specs/fw_cfg.rst in QEMU). */
#include <string.h>

#include "l0/platform/platform.h"

enum {
	FW_CFG_SIGNATURE = 0x00,
	FW_CFG_ID	 = 0x01,
	FW_CFG_RAM_SIZE  = 0x03,
	FW_CFG_NB_CPUS	 = 0x05,
	FW_CFG_MAX_CPUS	 = 0x0f,
};

#define FW_CFG_ID_TRADITIONAL 1u	/* feature bit 0: the port interface */

/* The selected item as bytes (little-endian); length 0 for unknown items. */
static unsigned item(const struct fw_cfg *f, uint8_t buf[8])
{
	uint64_t v;

	switch (f->selector) {
	case FW_CFG_SIGNATURE:
		memcpy(buf, "QEMU", 4);
		return 4;
	case FW_CFG_ID:
		v = FW_CFG_ID_TRADITIONAL;
		memcpy(buf, &v, 4);
		return 4;
	case FW_CFG_RAM_SIZE:
		memcpy(buf, &f->ram_size, 8);
		return 8;
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS:
		memcpy(buf, &f->nr_cpus, 2);
		return 2;
	default:
		return 0;
	}
}

void fw_cfg__io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct fw_cfg *f = opaque;
	uint8_t buf[8];
	unsigned len, i;

	if (offset == 0) {
		if (write) {
			uint16_t sel = 0;

			memcpy(&sel, data, size > 2 ? 2 : size);
			f->selector = sel;
			f->offset = 0;
		} else {
			memset(data, 0, size);
		}
		return;
	}
	if (write)
		return;		/* data writes are deprecated in QEMU: ignored */
	len = item(f, buf);
	for (i = 0; i < size; i++, f->offset++)
		data[i] = f->offset < len ? buf[f->offset] : 0;
}
