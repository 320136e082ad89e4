/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Option apic-timer=ack|noack: l1-hv's own local-APIC timer interrupts
 * while L2 runs.  L1 sets "external-interrupt exiting", so each of its
 * timer interrupts is a VM exit with reason 1 whatever L2 does (SDM 26.2);
 * with "acknowledge interrupt on exit" (ack) the exit acknowledged the
 * interrupt and its vector is in the VM-exit interruption information
 * (SDM 28.2.2), else (noack) that field is not valid and the interrupt
 * waits in L1's APIC until L1 sets RFLAGS.IF and takes it through its own
 * IDT (SDM 28.2.2, 6.8.1).  The timer is one-shot, armed again at each
 * exit; after APIC_TIMER_EXITS of them l1-hv ends the run without
 * resuming L2 (meant for an L2 that would run much longer, e.g.
 * l2-compute.elf 1000000000000), so the count does not depend on how fast
 * L2 runs against the timer.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/apic.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

#define TIMER_VECTOR	0x40
#define SPURIOUS_VECTOR	0xff
#define APIC_SW_ENABLE	(1u << 8)
#define DIVIDE_BY_1	0xb
/* 1 ms at L0's 1 GHz; long enough, on Bochs too, that each interrupt
 * comes while L2 runs, after the VMLAUNCH/VMRESUME that follows the arming. */
#define TIMER_COUNT	1000000
#define INTR_VALID	(1u << 31)

static unsigned taken;			/* through L1's IDT (noack) */
static unsigned exits, good;		/* exits with reason 1; as expected */

static void timer_interrupt(struct ex_regs *regs)
{
	taken++;
	apic_eoi();
}

void apic_timer__start(struct hv *hv)
{
	if (!hv->apic_timer)
		return;
	intr__set_handler(TIMER_VECTOR, timer_interrupt);
	apic_write(APIC_SVR, APIC_SW_ENABLE | SPURIOUS_VECTOR);
	apic_write(APIC_TDCR, DIVIDE_BY_1);
	apic_write(APIC_LVT_TIMER, TIMER_VECTOR);	/* one-shot */
	apic_write(APIC_TMICT, TIMER_COUNT);
}

/* The handler of exit reason 1: true to resume L2. */
bool apic_timer__exit(struct hv *hv, u64 intr_info)
{
	if (!hv->apic_timer) {
		report(false, "external-interrupt exit without apic-timer=");
		return false;
	}
	exits++;
	if (hv->apic_timer == APIC_TIMER_ACK) {
		good += intr_info == (INTR_VALID | TIMER_VECTOR);
		apic_eoi();
	} else {
		unsigned before = taken;

		/* The interrupt waits in L1's APIC: one instruction with
		 * interrupts on takes it (STI's shadow covers the NOP). */
		asm volatile("sti; nop; nop; cli" ::: "memory");
		good += !(intr_info & INTR_VALID) && taken == before + 1;
	}
	if (exits == APIC_TIMER_EXITS)
		return false;
	apic_write(APIC_TMICT, TIMER_COUNT);
	return true;
}

void apic_timer__finish(const struct hv *hv)
{
	if (!hv->apic_timer)
		return;
	report(exits == APIC_TIMER_EXITS && good == exits,
	       "APIC timer while L2 runs (%s): %u exits with reason 1, %u as the SDM says "
	       "(want %u)", hv->apic_timer == APIC_TIMER_ACK ?
	       "acknowledged on exit, vector in the exit interruption information" :
	       "not acknowledged, taken by L1 through its IDT",
	       exits, good, APIC_TIMER_EXITS);
}
