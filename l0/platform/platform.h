/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/platform.h: the fixed PC devices every turtle guest sees.
 *
 * 16550 UART at 0x3f8, debug-exit port at 0xf4, QEMU fw_cfg at 0x510/0x511,
 * the 8259 pair (pic.h), the 8254 (pit.h), the ACPI PM registers
 * (pm_timer.h), QEMU's pc-testdev (testdev.h), the I/O APIC (ioapic.h) and
 * one local APIC per vCPU (lapic.h); docs/platform.md is the map.  Each
 * device is a state struct plus a handler registered in the devices
 * table; interrupts between them are irq.c's.
 */
#ifndef L0__PLATFORM_H
#define L0__PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <pthread.h>
#include <time.h>

#include "l0/platform/devices.h"
#include "l0/platform/ioapic.h"
#include "l0/platform/lapic.h"
#include "l0/platform/pic.h"
#include "l0/platform/pit.h"
#include "l0/platform/pm_timer.h"
#include "l0/platform/testdev.h"

#define UART__BASE		0x3f8
#define DEBUG_EXIT__PORT	0xf4
#define FW_CFG__PORT		0x510	/* selector; data at +1 */

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

#define PLATFORM__MAX_CPUS	16	/* level-1 vCPUs the machine can have */

/* How a vCPU waits (irq.c): stuck when only another vCPU could wake it
 * (waiting for a SIPI, or halted with IF = 0 or no timer armed). */
struct irq_cpu_wait {
	bool stuck;
	bool sipi_only, if_set;
};

/* What irq.c keeps per level-1 vCPU to reach it. */
struct irq_cpu {
	struct irq_cpu_wait wait;
	pthread_t thread;		/* its vCPU thread, once it runs */
	bool has_thread;
	bool wait_sipi;			/* after INIT, until a SIPI (l0/cpu_start.c) */
	timer_t host_timer;		/* kicks the thread at the next deadline */
	bool host_timer_ok;
	uint64_t armed_ns;		/* the deadline the host timer is set for */
};

struct platform {
	struct uart uart;
	struct debug_exit debug_exit;
	struct fw_cfg fw_cfg;
	struct pic pic;
	struct pit pit;
	struct pm pm;
	struct ioapic ioapic;
	struct testdev testdev;
	unsigned nr_cpus;
	struct lapic lapic[PLATFORM__MAX_CPUS];
	struct irq_cpu cpu[PLATFORM__MAX_CPUS];
	struct lapic_bus lapic_bus;
	struct ioapic_bus ioapic_bus;
	uint64_t tsc_khz;		/* measured once, for TSC-deadline mode */
	uint64_t tsc_ref_ns, tsc_ref;	/* ...from here */
};

/* Initialise the devices and register them; DEV_OK or the first failure. */
enum dev_status platform__register(struct platform *p, struct devices *d, FILE *serial,
				   bool qemu_exit_codes, uint64_t ram_size, unsigned nr_cpus);

dev_handler_fn uart__io, debug_exit__io, fw_cfg__io;

#endif /* L0__PLATFORM_H */
