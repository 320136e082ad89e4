/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-state.elf: checks that it starts with the SYSENTER MSRs, IA32_PAT,
 * IA32_DEBUGCTL and DR7 that l1-hv gave it at VM entry
 * (testvms/lib/l2_state.h), then changes each, so that l1-hv can check
 * that the VM exit saved the new values.  Not meant to run alone.
 */
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_state.h"

static u64 read_dr7(void)
{
	u64 v;

	asm volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

static void write_dr7(u64 v)
{
	asm volatile("mov %0, %%dr7" :: "r"(v));
}

static u64 read_state(u32 msr)
{
	u64 v = ~0ull;

	if (!msr)
		return read_dr7();
	if (rdmsr_safe(msr, &v) != NO_EXCEPTION)
		return ~0ull;
	return v;
}

int main(int argc, char **argv)
{
#define X(name, msr, field, given, changed)					\
	{									\
		u64 got = read_state(msr);					\
		report(got == given, "l2-state: " #name " at entry 0x%lx (given 0x%llx)", \
		       got, given);						\
	}
	L2_STATE(X)
#undef X
#define X(name, msr, field, given, changed)					\
	if (msr)								\
		wrmsr(msr, changed);						\
	else									\
		write_dr7(changed);
	L2_STATE(X)
#undef X
	return report_summary();
}
