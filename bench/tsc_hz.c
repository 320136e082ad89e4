/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench/tsc-hz: prints the host TSC frequency in Hz, measured against
 * CLOCK_MONOTONIC_RAW over 200 ms.  Under Turtle a guest's RDTSC reads the
 * host TSC (../shared/host-facts.md), so this turns the guests' cycle
 * counts into nanoseconds.  It needs an invariant TSC (constant_tsc), which
 * the driver checks in /proc/cpuinfo.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

#define WINDOW_NS	200000000ull

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	uint64_t t0 = now_ns(), c0 = __rdtsc(), t1, c1;

	do
		t1 = now_ns();
	while (t1 - t0 < WINDOW_NS);
	c1 = __rdtsc();
	printf("%.0f\n", (double)(c1 - c0) * 1e9 / (double)(t1 - t0));
	return 0;
}
