/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_halt.c: L2 in the HLT activity state.
 *
 * L2 halts when a VM entry that injects nothing finds HLT in the
 * activity-state field (SDM 27.7.2 in the pinned edition: a vectoring
 * entry leaves L2 active), or when L2 executes HLT and L1 does not
 * intercept it.  A halted L2 runs no instruction; L0 does not enter its
 * KVM vCPU (KVM would run the code after the HLT) but waits, on L2's
 * behalf, for what can end the state: the VMX-preemption timer (a VM exit
 * that saves the HLT activity state, SDM 28.3.4), or a stop request.
 * Interrupts for L1 while L2 runs are the platform's next step; until then
 * a halted L2 without the timer has nothing to wait for, and L0 says so.
 */
#include <errno.h>
#include <time.h>

#include "l0/nested/nested_int.h"

void nested_halt__enter(struct nested *n)
{
	n->l2_halted = true;
	n->l2.ops->kick(&n->l2);	/* its next run returns at once: a kick event */
}

/* Called for the kick event of a halted L2.  True once L2 can leave the
 * state (the preemption timer is due); false when nothing ever will. */
bool nested_halt__wait(struct nested *n)
{
	struct timespec t;

	if (!n->timer_deadline_ns)
		return false;
	t.tv_sec = (time_t)(n->timer_deadline_ns / 1000000000ull);
	t.tv_nsec = (long)(n->timer_deadline_ns % 1000000000ull);
	/* The kick signal ends the sleep: L0's periodic kick, or a stop. */
	while (!nested_timer__preemption_due(n) && !atomic_load(&n->m->stop_request)) {
		int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);

		if (rc && rc != EINTR)
			break;
	}
	if (!nested_timer__preemption_due(n))
		n->l2.ops->kick(&n->l2);	/* still halted after the stop's look */
	return true;
}
