/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-hlt.elf N: executes HLT N times with IF = 0, counting those that
 * return, then prints the count.
 *
 * Meant for the nested case: the L1 hypervisor sets "HLT exiting" and
 * skips each HLT, so the guest continues and L1 sees exactly N HLT exits.
 * Run directly under turtle, L0 has no wake-up source (IF = 0, no
 * interrupt controller), so it ends the run with status 123 at the first
 * HLT: that status, after the first line, is the expected single-level
 * result.
 */
#include "testvms/lib/guest.h"

int main(int argc, char **argv)
{
	unsigned long n, i;
	volatile unsigned long done = 0;

	if (!args__ulong(argc, argv, 1, 1, &n))
		return report_summary();
	printf("l2-hlt: %lu HLT with IF=0\n", n);
	cli();
	for (i = 0; i < n; i++) {
		hlt();
		done++;
	}
	printf("l2-hlt: %lu HLT returned\n", done);
	report(done == n, "l2-hlt: %lu of %lu HLT returned", done, n);
	return report_summary();
}
