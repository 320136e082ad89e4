/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-msr.elf N: N WRMSR and N RDMSR of IA32_SYSENTER_CS (0x174), which
 * 64-bit code with SYSCALL never uses, so the writes are harmless.
 * Iteration i writes i & 0xffff and reads it back.  Prints the counts.
 */
#include "testvms/lib/guest.h"

#define MSR		MSR_IA32_SYSENTER_CS
#define VALUE_MASK	0xfffful

int main(int argc, char **argv)
{
	unsigned long n, i, wrong = 0;
	int first_vector = NO_EXCEPTION, v;
	u64 val;

	if (!args__ulong(argc, argv, 1, 1, &n))
		return report_summary();
	for (i = 0; i < n; i++) {
		v = wrmsr_safe(MSR, i & VALUE_MASK);
		if (v == NO_EXCEPTION)
			v = rdmsr_safe(MSR, &val);
		if (v != NO_EXCEPTION || val != (i & VALUE_MASK)) {
			wrong++;
			if (first_vector == NO_EXCEPTION)
				first_vector = v;
		}
	}
	printf("l2-msr: %lu WRMSR and %lu RDMSR of MSR 0x%x\n", n, n, MSR);
	report(wrong == 0, "l2-msr: %lu of %lu read back wrong%s%s", wrong, n,
	       first_vector == NO_EXCEPTION ? "" : ", first exception ",
	       first_vector == NO_EXCEPTION ? "" : desc__vector_name(first_vector));
	return report_summary();
}
