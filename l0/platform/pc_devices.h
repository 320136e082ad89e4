/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pc_devices.h: the interrupt-raising devices' registration
 * and the local APIC's MSRs (msr.def). */
#ifndef L0__PLATFORM__PC_DEVICES_H
#define L0__PLATFORM__PC_DEVICES_H

#include "l0/platform/devices.h"

struct machine;

/* After irq__init: every device of pc_devices.c in m's devices table.
 * (The local APIC's MSR handlers are msr.h's, for msr.def.) */
enum dev_status pc_devices__register(struct machine *m);

#endif /* L0__PLATFORM__PC_DEVICES_H */
