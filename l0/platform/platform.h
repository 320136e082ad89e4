/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/platform.h: the fixed PC devices every turtle guest sees.
 *
 * 16550 UART at 0x3f8, debug-exit port at 0xf4, QEMU fw_cfg at 0x510/0x511,
 * the two PIC mask registers (0x21, 0xa1).  Each device is a state struct
 * plus a handler registered in the devices table.
 */
#ifndef L0__PLATFORM_H
#define L0__PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "l0/platform/devices.h"

#define UART__BASE		0x3f8
#define DEBUG_EXIT__PORT	0xf4
#define FW_CFG__PORT		0x510	/* selector; data at +1 */
#define PIC__MASTER_MASK	0x21
#define PIC__SLAVE_MASK		0xa1

struct uart {
	FILE *out;		/* NULL: output dropped (--serial none) */
	uint8_t ier, lcr, mcr, scr, dll, dlm;
};

struct debug_exit {
	bool qemu_codes;	/* status = (value << 1) | 1 */
	bool fired;		/* the guest wrote: the run ends after this exit */
	int status;
};

struct fw_cfg {
	uint16_t selector;
	uint32_t offset;	/* next byte of the selected item */
	uint64_t ram_size;
	uint16_t nr_cpus;
};

struct pic_masks {
	uint8_t mask[2];
};

struct platform {
	struct uart uart;
	struct debug_exit debug_exit;
	struct fw_cfg fw_cfg;
	struct pic_masks pic;
};

/* Initialise the devices and register them; DEV_OK or the first failure. */
enum dev_status platform__register(struct platform *p, struct devices *d, FILE *serial,
				   bool qemu_exit_codes, uint64_t ram_size, unsigned nr_cpus);

dev_handler_fn uart__io, debug_exit__io, fw_cfg__io, pic__io;

#endif /* L0__PLATFORM_H */
