/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-wake.elf: the HLT activity state under l1-hv (testvms/lib/l2_inject.h).
 * 1. Asks l1-hv to answer its next HLT (an exit: HLT exiting) by resuming
 *    it in the HLT state with external interrupt 3 injected: its handler
 *    must see vector 3 with the RIP after the HLT (a vectoring VM entry
 *    leaves it active, SDM 27.7.2).
 * 2. Asks l1-hv to resume it in the HLT state with the VMX-preemption
 *    timer: it must go on after the OUT only once the timer's VM exit
 *    (which l1-hv checks saved the HLT state) and a VM entry in the
 *    active state let it.
 * 3. Asks l1-hv for interrupt-window exiting, then runs STI; NOP: the exit
 *    must come after the NOP, which STI's shadow covers (SDM 27.7.5, vol. 3A 6.8.3).
 * Not meant to run alone.
 */
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_inject.h"

extern const char l2_wake_after_hlt[];

static void halt(void *arg)
{
	asm volatile("hlt\n.globl l2_wake_after_hlt\nl2_wake_after_hlt:\n\t" ::: "memory");
}

int main(int argc, char **argv)
{
	const struct exception_info *e;
	int v;

	outb(L2_HALT_WAKE_BY_INJECTION, L2_HALT_PORT);
	v = exception__catch(halt, NULL);
	e = exception__last();
	report(v == L2_HALT_WAKE_VECTOR && e->rip == (u64)l2_wake_after_hlt,
	       "l2-wake: HLT state ended by the injected interrupt: vector %d, RIP after "
	       "the HLT %s", v, e->rip == (u64)l2_wake_after_hlt ? "yes" : "no");
	outb(L2_HALT_UNTIL_TIMER, L2_HALT_PORT);
	report(true, "l2-wake: running again after the HLT state the timer ended");
	asm volatile("lea 1f(%%rip), %%rbx\n\t"
		     "outb %%al, %%dx\n\t"
		     "sti\n\t"
		     "nop\n"
		     "1:\tnop\n\t"
		     "cli"
		     :: "a"(L2_WINDOW), "d"(L2_HALT_PORT) : "rbx", "memory");
	report(true, "l2-wake: running again after the interrupt-window exit");
	return report_summary();
}
