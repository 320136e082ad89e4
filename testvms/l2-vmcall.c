/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-vmcall.elf N: executes VMCALL N times, counting those that return,
 * then prints the count.
 *
 * Meant for the nested case: VMCALL exits to L1 unconditionally (SDM
 * 26.1.2) and l1-hv skips it.  On this host VMCALL at CPL0 livelocks the
 * vCPU inside KVM_RUN (host-facts.md), so each one reaches L1 only through
 * L0's watchdog kick, which looks at the bytes at L2's RIP.  Run directly
 * under turtle, the first VMCALL spins until --timeout.
 */
#include "testvms/lib/guest.h"

int main(int argc, char **argv)
{
	unsigned long n, i;
	volatile unsigned long done = 0;

	if (!args__ulong(argc, argv, 1, 1, &n))
		return report_summary();
	printf("l2-vmcall: %lu VMCALL\n", n);
	for (i = 0; i < n; i++) {
		asm volatile("vmcall" ::: "memory");
		done++;
	}
	printf("l2-vmcall: %lu VMCALL returned\n", done);
	report(done == n, "l2-vmcall: %lu of %lu VMCALL returned", done, n);
	return report_summary();
}
