/* SPDX-License-Identifier: GPL-2.0-only */
/* bench/guest/phase.c: the begin and end lines of a timed phase (phase.h). */
#include "bench/guest/phase.h"
#include "testvms/lib/guest.h"

void phase__begin(const char *phase)
{
	printf("bench: begin %s\n", phase);
}

void phase__end(const char *phase, u64 ops, u64 t0, u64 check)
{
	u64 cycles = rdtsc() - t0;

	printf("bench: end %s ops=%020lu tsc=%020lu check=%016lx\n", phase, ops,
	       cycles, check);
}
