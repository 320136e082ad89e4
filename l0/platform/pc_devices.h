/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pc_devices.h: the interrupt-raising devices' registration
 * and the local APIC's MSRs (msr.def). */
#ifndef L0__PLATFORM__PC_DEVICES_H
#define L0__PLATFORM__PC_DEVICES_H

#include "l0/platform/devices.h"
#include "l0/platform/msr.h"

struct machine;

/* After irq__init: every device of pc_devices.c in m's devices table. */
enum dev_status pc_devices__register(struct machine *m);
/* IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC MSRs, of the local
 * APIC of the vCPU on this thread (level 1 only). */
msr_read_fn pc_devices__rdmsr;
msr_write_fn pc_devices__wrmsr;

#endif /* L0__PLATFORM__PC_DEVICES_H */
