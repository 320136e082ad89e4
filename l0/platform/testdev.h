/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/testdev.h: QEMU's pc-testdev, which kernels written for
 * `qemu -device pc-testdev` (kvm-unit-tests among them) use: a 32-bit
 * scratch register at port 0xE0 (bytes at 0xE8), a flush-page port at
 * 0xE4 (no effect here: L0 has no host mapping to flush), interrupt lines
 * at ports 0x2000-0x2017 (writing v to 0x2000 + n sets ISA IRQ / GSI n to
 * v != 0), and 64 KiB of scratch memory at 0xFF000000.
 */
#ifndef L0__PLATFORM__TESTDEV_H
#define L0__PLATFORM__TESTDEV_H

#include <stdbool.h>
#include <stdint.h>

#define TESTDEV__IOPORT		0xe0
#define TESTDEV__FLUSH		0xe4
#define TESTDEV__IOPORT_BYTE	0xe8
#define TESTDEV__IRQ		0x2000
#define TESTDEV__NR_IRQ		24
#define TESTDEV__IOMEM		0xff000000ull
#define TESTDEV__IOMEM_LEN	0x10000u

struct testdev {
	uint32_t ioport_data;
	uint8_t iomem[TESTDEV__IOMEM_LEN];
};

/* The scratch register, offset 0-3 of either window. */
void testdev__port(struct testdev *t, unsigned offset, uint8_t *data, unsigned size, bool write);
void testdev__iomem(struct testdev *t, uint64_t offset, uint8_t *data, unsigned size, bool write);

#endif /* L0__PLATFORM__TESTDEV_H */
