/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/guest_time.c: guest and L0 time of the vCPU thread. */
#include <stdbool.h>
#include <time.h>

#include "l0/clock.h"
#include "l0/observe/guest_time.h"

/* When the thread last left guest code, and whether a level switch
 * happened since. */
static _Thread_local uint64_t last_wall, last_cpu;
static _Thread_local bool switched;
/* Between enter and exit: the tcg engine's hooks run there, on the
 * guest's behalf (irq.c kicks the vcpu then; outside, the loop looks). */
static _Thread_local bool inside;

void guest_time__start(void)
{
	last_wall = clock__ns(CLOCK_MONOTONIC);
	last_cpu = clock__ns(CLOCK_THREAD_CPUTIME_ID);
	switched = false;
}

void guest_time__enter(struct level_stats *st, struct stats_nested *nested)
{
	uint64_t wall = clock__ns(CLOCK_MONOTONIC), cpu = clock__ns(CLOCK_THREAD_CPUTIME_ID);

	st->time.l0_ns += wall - last_wall;
	st->time.l0_cpu_ns += cpu - last_cpu;
	if (switched) {
		nested->switches++;
		nested->switch_cpu_ns += cpu - last_cpu;
		switched = false;
	}
	last_wall = wall;
	inside = true;
}

void guest_time__exit(struct level_stats *st)
{
	uint64_t wall = clock__ns(CLOCK_MONOTONIC);

	inside = false;
	st->time.guest_ns += wall - last_wall;
	last_wall = wall;
	last_cpu = clock__ns(CLOCK_THREAD_CPUTIME_ID);
}

void guest_time__switched(void)
{
	switched = true;
}

void guest_time__end(struct level_stats *st)
{
	st->time.l0_ns += clock__ns(CLOCK_MONOTONIC) - last_wall;
	st->time.l0_cpu_ns += clock__ns(CLOCK_THREAD_CPUTIME_ID) - last_cpu;
}

bool guest_time__inside(void)
{
	return inside;
}
