/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/platform.c: put the plain PC devices (UART, debug exit,
 * fw_cfg) into the devices table; the interrupt ones are pc_devices.c's. */
#include <string.h>

#include "l0/platform/platform.h"

enum dev_status platform__register(struct platform *p, struct devices *d, FILE *serial,
				   bool qemu_exit_codes, uint64_t ram_size, unsigned nr_cpus)
{
	enum dev_status st;

	memset(p, 0, sizeof(*p));
	p->uart.out = serial;
	p->debug_exit.qemu_codes = qemu_exit_codes;
	p->fw_cfg.ram_size = ram_size;
	p->fw_cfg.nr_cpus = (uint16_t)nr_cpus;

	st = devices__register_pio(d, UART__BASE, 8, uart__io, &p->uart, "uart");
	if (st == DEV_OK)
		st = devices__register_pio(d, DEBUG_EXIT__PORT, 1, debug_exit__io,
					   &p->debug_exit, "debug-exit");
	if (st == DEV_OK)
		st = devices__register_pio(d, FW_CFG__PORT, 2, fw_cfg__io, &p->fw_cfg, "fw_cfg");
	return st;
}
