/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/clock.h: a clock's time in nanoseconds, for L0's timers, timeouts and
 * time accounting. */
#ifndef L0__CLOCK_H
#define L0__CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock__ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif /* L0__CLOCK_H */
