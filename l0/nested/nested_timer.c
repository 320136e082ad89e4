/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_timer.c: the kick that lets L0 look at L2 while it runs.
 *
 * A POSIX timer signals the vCPU thread (the run loop's kick signal,
 * which makes KVM_RUN return EINTR) every NESTED_KICK_MS: L2 spinning on
 * VMCALL at CPL0 never exits otherwise (host-facts.md).  The same timer
 * fires early for the VMX-preemption timer L1 armed (SDM 26.5.1): value
 * << IA32_VMX_MISC[4:0] TSC ticks, with the TSC rate KVM reports.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "l0/clock.h"
#include "l0/nested/nested_int.h"
#include "l0/engine/engine.h"

#define NESTED_KICK_MS		20
#define NS_PER_MS		1000000ull

uint64_t nested_timer__tsc_khz(struct vcpu *l1)
{
	int khz = ioctl(l1->fd, KVM_GET_TSC_KHZ, 0);

	return khz > 0 ? (uint64_t)khz : 1000000;	/* 1 GHz if KVM cannot say */
}

static void set(struct nested *n, uint64_t first_ns)
{
	struct itimerspec it = {
		.it_interval = { 0, NESTED_KICK_MS * NS_PER_MS },
		.it_value = { (time_t)(first_ns / 1000000000ull), (long)(first_ns % 1000000000ull) },
	};

	if (n->kick_timer_ok)
		timer_settime(n->kick_timer, 0, &it, NULL);
}

/* On the vCPU thread (L2 is created there): the signal must reach it. */
int nested_timer__start(struct nested *n)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = ENGINE__KICK_SIGNAL,
	};

	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &n->kick_timer))
		return -1;
	n->kick_timer_ok = true;
	set(n, NESTED_KICK_MS * NS_PER_MS);
	return 0;
}

static uint64_t ticks_to_ns(const struct nested *n, uint64_t value)
{
	return (value << VMX_MISC_TIMER_RATE) * 1000000ull / n->tsc_khz;
}

/* The kick serves L2 only (its VMCALL livelock, its preemption timer):
 * it runs from each VM entry to the next VM exit, so that L1's own run,
 * on either engine, is not interrupted every NESTED_KICK_MS. */
void nested_timer__arm_preemption(struct nested *n, uint32_t value)
{
	uint64_t ns = NESTED_KICK_MS * NS_PER_MS;

	n->timer_deadline_ns = 0;
	if (value) {
		uint64_t due = ticks_to_ns(n, value);

		n->timer_deadline_ns = clock__ns(CLOCK_MONOTONIC) + due;
		if (due < ns)
			ns = due ? due : 1;
	}
	set(n, ns);
}

void nested_timer__stop(struct nested *n)
{
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };

	n->timer_deadline_ns = 0;
	if (n->kick_timer_ok)
		timer_settime(n->kick_timer, 0, &off, NULL);
}

bool nested_timer__preemption_due(const struct nested *n)
{
	return n->timer_deadline_ns && clock__ns(CLOCK_MONOTONIC) >= n->timer_deadline_ns;
}

uint32_t nested_timer__remaining(const struct nested *n)
{
	uint64_t now = clock__ns(CLOCK_MONOTONIC);

	if (!n->timer_deadline_ns || now >= n->timer_deadline_ns)
		return 0;
	return (uint32_t)(((n->timer_deadline_ns - now) * n->tsc_khz / 1000000ull) >>
			  VMX_MISC_TIMER_RATE);
}
