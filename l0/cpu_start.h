/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cpu_start.h: INIT and SIPI for level-1 vCPUs.
 *
 * With --smp N the BSP (vCPU 0) starts as Multiboot says; the others, the
 * application processors, start in wait-for-SIPI, as a firmware leaves
 * them.  INIT puts a vCPU there (its local APIC reset as INIT resets it);
 * a SIPI to a waiting vCPU starts it in real mode at the SIPI's page (SDM
 * vol. 3A 9.4 "Multiple-Processor (MP) Initialization"), a SIPI to any
 * other is ignored.  INIT is held pending while the vCPU is in VMX
 * operation (SDM 24.8: blocked in VMX root operation; the INIT-signal VM
 * exit from L2 is not modelled).  Hardware restarts an INITed BSP at the
 * reset vector, in firmware Turtle does not have: here the BSP waits for a
 * SIPI like the others.
 */
#ifndef L0__CPU_START_H
#define L0__CPU_START_H

#include <stdbool.h>

struct machine;
struct vcpu;

enum cpu_start {
	CPU_START_RUN,		/* the vcpu may run */
	CPU_START_WAITED,	/* it waited for a SIPI: look at stops, ask again */
	CPU_START_DEAD,		/* every vCPU waits for another: m->result says so */
};

/* Before each run of a level-1 vcpu: take a pending INIT or SIPI. */
enum cpu_start cpu_start__before_run(struct machine *m, struct vcpu *v);

#endif /* L0__CPU_START_H */
