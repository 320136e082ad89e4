/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-compute.elf N: a CPL3 loop of N iterations (native speed on this
 * host, where CPL0 is emulated) computing a checksum, printed as
 * "l2-compute: N iterations, checksum 0x...".  The same N gives the same
 * checksum at every nesting level.  The loop body, per iteration i from 0:
 *   x ^= i;  x *= 0xff51afd7ed558ccd;  x ^= x >> 33;   (x starts at SEED)
 * A short run of the same loop at CPL0 checks the CPL3 result.
 */
#include "testvms/lib/guest.h"

#define SEED		0x9e3779b97f4a7c15ul
#define MULTIPLIER	0xff51afd7ed558ccdul
#define CHECK_ITERS	16

static u64 checksum(u64 n)
{
	u64 x = SEED, i;

	for (i = 0; i < n; i++) {
		x ^= i;
		x *= MULTIPLIER;
		x ^= x >> 33;
	}
	return x;
}

int main(int argc, char **argv)
{
	unsigned long n;
	u64 sum = 0, small = 0;
	int v;

	if (!args__ulong(argc, argv, 1, 1000000, &n))
		return report_summary();

	v = usermode__call(checksum, CHECK_ITERS, &small);
	report(v == NO_EXCEPTION && small == checksum(CHECK_ITERS),
	       "l2-compute: CPL3 and CPL0 agree on %d iterations", CHECK_ITERS);

	v = usermode__call(checksum, n, &sum);
	printf("l2-compute: %lu iterations, checksum 0x%016lx\n", n, sum);
	report(v == NO_EXCEPTION, "l2-compute: CPL3 loop ran to its end (%s)",
	       v == NO_EXCEPTION ? "no exception" : desc__vector_name(v));
	return report_summary();
}
