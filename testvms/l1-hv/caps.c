/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Step 1: is VMX there, and what may l1-hv ask of it?  CPUID, then
 * IA32_FEATURE_CONTROL, then the capability MSRs (SDM 24.6 "Discovering
 * support for VMX", 24.7 "Enabling and entering VMX operation",
 * Appendix A).  Every MSR is read with rdmsr_safe: on a processor (or a
 * KVM) without VMX they #GP, and l1-hv must fail with a message instead.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmx_controls.h"

#define CPUID_1_ECX_VMX			(1u << 5)

#define MSR_IA32_FEATURE_CONTROL	0x03a
#define FEATURE_CONTROL_LOCK		(1ul << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX	(1ul << 2)

/* SDM A.1: IA32_VMX_BASIC. */
#define BASIC_REVISION(b)	((u32)((b) & 0x7fffffff))
#define BASIC_REGION_SIZE(b)	((u32)(((b) >> 32) & 0x1fff))
#define BASIC_TRUE_CTLS		(1ul << 55)

/* SDM A.10: IA32_VMX_EPT_VPID_CAP. */
#define EPT_CAP_WALK_4		(1ul << 6)
#define EPT_CAP_WB		(1ul << 14)
#define EPT_CAP_2M		(1ul << 16)
#define EPT_CAP_INVEPT		(1ul << 20)

/* One list of the capability MSRs l1-hv reads (SDM A.1-A.10): number,
 * name, where the value goes.  The TRUE_* ones replace the plain control
 * MSRs when BASIC bit 55 says they exist (SDM A.2). */
#define VMX_CAP_MSRS(X)						\
	X(0x480, BASIC,          basic)				\
	X(0x481, PINBASED_CTLS,  pin)				\
	X(0x482, PROCBASED_CTLS, proc)				\
	X(0x483, EXIT_CTLS,      exit)				\
	X(0x484, ENTRY_CTLS,     entry)				\
	X(0x485, MISC,           misc)				\
	X(0x486, CR0_FIXED0,     cr0_fixed0)			\
	X(0x487, CR0_FIXED1,     cr0_fixed1)			\
	X(0x488, CR4_FIXED0,     cr4_fixed0)			\
	X(0x489, CR4_FIXED1,     cr4_fixed1)			\
	X(0x48b, PROCBASED_CTLS2, proc2)			\
	X(0x48c, EPT_VPID_CAP,   ept_vpid)

#define VMX_TRUE_MSRS(X)					\
	X(0x48d, TRUE_PINBASED_CTLS,  pin)			\
	X(0x48e, TRUE_PROCBASED_CTLS, proc)			\
	X(0x48f, TRUE_EXIT_CTLS,      exit)			\
	X(0x490, TRUE_ENTRY_CTLS,     entry)

static bool read(u32 msr, const char *name, u64 *val)
{
	int vector = rdmsr_safe(msr, val);

	if (vector != NO_EXCEPTION) {
		report(false, "RDMSR IA32_VMX_%s (0x%x) raised %s", name, msr,
		       desc__vector_name(vector));
		return false;
	}
	return true;
}

static bool read_all(struct vmx_caps *caps)
{
#define X(num, name, member)						\
	if (!read(num, #name, &caps->member))				\
		return false;
	VMX_CAP_MSRS(X)
	caps->true_ctls = caps->basic & BASIC_TRUE_CTLS;
	if (caps->true_ctls) {
		VMX_TRUE_MSRS(X)
	}
#undef X
	caps->revision = BASIC_REVISION(caps->basic);
	caps->region_size = BASIC_REGION_SIZE(caps->basic);
	return true;
}

static bool feature_control(void)
{
	const u64 need = FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMX_OUTSIDE_SMX;
	u64 fc;
	int vector = rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc);

	if (vector != NO_EXCEPTION) {
		report(false, "RDMSR IA32_FEATURE_CONTROL raised %s",
		       desc__vector_name(vector));
		return false;
	}
	/* SDM 24.7: VMXON #GPs unless the lock bit and the enable bit for
	 * the current mode (outside SMX here) are both set.  Firmware that
	 * left the MSR unlocked leaves the choice to us, as Linux takes it. */
	if (!(fc & FEATURE_CONTROL_LOCK) &&
	    wrmsr_safe(MSR_IA32_FEATURE_CONTROL, fc | need) == NO_EXCEPTION)
		rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc);
	report((fc & need) == need, "IA32_FEATURE_CONTROL 0x%lx: locked, VMX outside SMX", fc);
	return (fc & need) == need;
}

static bool check(bool cond, const char *what)
{
	report(cond, "%s", what);
	return cond;
}

bool caps__probe(struct vmx_caps *caps)
{
	bool ok = true;

	if (!(cpuid(1, 0).c & CPUID_1_ECX_VMX)) {
		report(false, "CPUID.1:ECX.VMX = 0: this CPU has no VMX "
		       "(l1-hv needs Turtle's nested mode to run)");
		return false;
	}
	report(true, "CPUID.1:ECX.VMX = 1");
	if (!feature_control() || !read_all(caps))
		return false;

	printf("l1-hv: VMCS revision 0x%x, region %u bytes, %s controls\n",
	       caps->revision, caps->region_size, caps->true_ctls ? "TRUE" : "plain");
	/* SDM A.1: the region size is at most 4096. */
	ok &= check(caps->region_size > 0 && caps->region_size <= SIZE_4K,
		     "IA32_VMX_BASIC: VMCS region size within 1..4096");
	/* SDM A.3.3: secondary controls exist only if primary bit 31 may be 1. */
	ok &= check((caps->proc >> 32) & VMX_PROC_SECONDARY_CONTROLS,
		     "primary controls allow secondary controls");
	ok &= check((caps->proc2 >> 32) & VMX_PROC2_ENABLE_EPT,
		     "secondary controls allow EPT");
	ok &= check(caps->ept_vpid & EPT_CAP_WALK_4, "EPT: 4-level page walk");
	ok &= check(caps->ept_vpid & EPT_CAP_WB, "EPT: write-back paging structures");
	ok &= check(caps->ept_vpid & EPT_CAP_2M, "EPT: 2 MiB pages");
	ok &= check(caps->ept_vpid & EPT_CAP_INVEPT, "EPT: INVEPT");
	return ok;
}

u32 caps__adjust(u64 cap_msr, u32 want, u32 *missing)
{
	u32 must_be_1 = (u32)cap_msr;
	u32 may_be_1 = (u32)(cap_msr >> 32);

	*missing = want & ~may_be_1;
	return (want | must_be_1) & may_be_1;
}
