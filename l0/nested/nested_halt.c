/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_halt.c: L2 in the HLT activity state.
 *
 * L2 halts when a VM entry that injects nothing finds HLT in the
 * activity-state field (SDM 27.7.2 in the pinned edition: a vectoring
 * entry leaves L2 active), or when L2 executes HLT and L1 does not
 * intercept it.  A halted L2 runs no instruction; L0 does not enter its
 * KVM vCPU (KVM would run the code after the HLT) but waits, on L2's
 * behalf, for what ends the state: the VMX-preemption timer (a VM exit
 * that saves the HLT state, SDM 28.3.4), an NMI or external interrupt for
 * L1 (a VM exit with the HLT state saved when L1 asked for it, else an
 * event L2 takes: it wakes, SDM vol. 2A HLT), or a stop request.
 */
#include <errno.h>
#include <time.h>

#include "l0/nested/nested_int.h"
#include "l0/platform/irq.h"

#define SMP_POLL_NS 10000000ull

void nested_halt__enter(struct nested *n)
{
	n->l2_halted = true;
	n->l2.ops->kick(&n->l2);	/* its next run returns at once: a kick event */
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

enum nested_halt_end nested_halt__wait(struct nested *n)
{
	for (;;) {
		uint64_t irq_next, deadline;
		struct timespec t;
		int rc;

		if (machine__stopping(n->m))
			break;
		if (nested_timer__preemption_due(n))
			return NESTED_HALT_TIMER;
		if (nested_irq__can_wake(n, &irq_next))
			return NESTED_HALT_EVENT;
		deadline = earliest(n->timer_deadline_ns, irq_next);
		if (!deadline && n->m->platform.nr_cpus <= 1)
			return NESTED_HALT_NEVER;
		/* Another vCPU's IPI may wake it: look again at least every
		 * SMP_POLL_NS, also for a kick that came before the sleep. */
		if (n->m->platform.nr_cpus > 1)
			deadline = earliest(deadline, irq__now_ns() + SMP_POLL_NS);
		t.tv_sec = (time_t)(deadline / 1000000000ull);
		t.tv_nsec = (long)(deadline % 1000000000ull);
		/* The kick signal ends the sleep early: L0's periodic kick, a
		 * device's interrupt, or a stop. */
		machine_lock__drop(&n->m->lock);
		rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
		machine_lock__take(&n->m->lock);
		if (rc && rc != EINTR)
			break;
	}
	n->l2.ops->kick(&n->l2);	/* still halted after the stop's look */
	return NESTED_HALT_STOP;
}
