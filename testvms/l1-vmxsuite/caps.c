/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Is VMX there, and what does the processor say about it?  CPUID.1:ECX.VMX
 * (SDM 24.6), the capability MSRs (SDM A.1-A.10) and the physical-address
 * width that VMXON, VMCLEAR and VMPTRLD check pointers against (CPUID
 * 80000008H:EAX[7:0], SDM 31.3).  Values go to an "info:" line, not into
 * report lines, so that those read the same on every processor.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

#define CPUID_1_ECX_VMX		(1u << 5)
#define CPUID_MAX_EXT		0x80000000u
#define CPUID_ADDR_SIZES	0x80000008u
#define MAXPHYADDR_DEFAULT	36	/* SDM 4.1.4, without leaf 80000008H */

/* SDM A.1: IA32_VMX_BASIC. */
#define BASIC_REVISION(b)	((u32)((b) & 0x7fffffff))
#define BASIC_BIT31		(1ul << 31)
#define BASIC_REGION_SIZE(b)	((u32)(((b) >> 32) & 0x1fff))
#define BASIC_MEMTYPE(b)	((unsigned)(((b) >> 50) & 0xf))
#define BASIC_TRUE_CTLS		(1ul << 55)
#define MEMTYPE_WB		6

/* SDM A.3.2, A.3.3: the secondary controls exist when the primary ones
 * allow bit 31; EPT_VPID_CAP when they allow EPT (bit 1) or VPID (5). */
#define PROC_ALLOWED1_SECONDARY	(1ul << (32 + 31))
#define PROC2_ALLOWED1_EPT_VPID	((1ul << (32 + 1)) | (1ul << (32 + 5)))

#define X86_CR0_PE_NE_PG	(X86_CR0_PE | X86_CR0_NE | X86_CR0_PG)

#define MSR_VMX_BASIC			0x480
#define MSR_VMX_PINBASED_CTLS		0x481
#define MSR_VMX_PROCBASED_CTLS		0x482
#define MSR_VMX_EXIT_CTLS		0x483
#define MSR_VMX_ENTRY_CTLS		0x484
#define MSR_VMX_MISC			0x485
#define MSR_VMX_CR0_FIXED0		0x486
#define MSR_VMX_CR0_FIXED1		0x487
#define MSR_VMX_CR4_FIXED0		0x488
#define MSR_VMX_CR4_FIXED1		0x489
#define MSR_VMX_PROCBASED_CTLS2		0x48b
#define MSR_VMX_EPT_VPID_CAP		0x48c
#define MSR_VMX_TRUE_PINBASED_CTLS	0x48d
#define MSR_VMX_TRUE_PROCBASED_CTLS	0x48e
#define MSR_VMX_TRUE_EXIT_CTLS		0x48f
#define MSR_VMX_TRUE_ENTRY_CTLS		0x490

static bool rdmsr_ok(u32 msr, u64 *val)
{
	int vector = rdmsr_safe(msr, val);

	if (vector != NO_EXCEPTION)
		report(false, "RDMSR 0x%x: %s", msr, desc__vector_name(vector));
	return vector == NO_EXCEPTION;
}

static bool read_msrs(struct vmx_caps *c)
{
	bool ok = rdmsr_ok(MSR_VMX_BASIC, &c->basic) &&
		  rdmsr_ok(MSR_VMX_MISC, &c->misc) &&
		  rdmsr_ok(MSR_VMX_CR0_FIXED0, &c->cr0_fixed0) &&
		  rdmsr_ok(MSR_VMX_CR0_FIXED1, &c->cr0_fixed1) &&
		  rdmsr_ok(MSR_VMX_CR4_FIXED0, &c->cr4_fixed0) &&
		  rdmsr_ok(MSR_VMX_CR4_FIXED1, &c->cr4_fixed1);

	if (!ok)
		return false;
	c->revision = BASIC_REVISION(c->basic);
	c->true_ctls = c->basic & BASIC_TRUE_CTLS;
	/* SDM A.2: with BASIC[55] the TRUE_* MSRs give the allowed-0
	 * settings of the default1 controls; they replace the plain ones. */
	ok = c->true_ctls ?
		rdmsr_ok(MSR_VMX_TRUE_PINBASED_CTLS, &c->pin) &&
		rdmsr_ok(MSR_VMX_TRUE_PROCBASED_CTLS, &c->proc) &&
		rdmsr_ok(MSR_VMX_TRUE_EXIT_CTLS, &c->exit) &&
		rdmsr_ok(MSR_VMX_TRUE_ENTRY_CTLS, &c->entry) :
		rdmsr_ok(MSR_VMX_PINBASED_CTLS, &c->pin) &&
		rdmsr_ok(MSR_VMX_PROCBASED_CTLS, &c->proc) &&
		rdmsr_ok(MSR_VMX_EXIT_CTLS, &c->exit) &&
		rdmsr_ok(MSR_VMX_ENTRY_CTLS, &c->entry);
	if (!ok)
		return false;
	c->proc2 = 0;
	c->ept_vpid = 0;
	if ((c->proc & PROC_ALLOWED1_SECONDARY) &&
	    !rdmsr_ok(MSR_VMX_PROCBASED_CTLS2, &c->proc2))
		return false;
	if ((c->proc2 & PROC2_ALLOWED1_EPT_VPID) &&
	    !rdmsr_ok(MSR_VMX_EPT_VPID_CAP, &c->ept_vpid))
		return false;
	return true;
}

static unsigned maxphyaddr(void)
{
	if (cpuid(CPUID_MAX_EXT, 0).a < CPUID_ADDR_SIZES)
		return MAXPHYADDR_DEFAULT;
	return cpuid(CPUID_ADDR_SIZES, 0).a & 0xff;
}

bool caps__run(struct suite *s)
{
	struct vmx_caps *c = &s->caps;
	bool vmx = cpuid(1, 0).c & CPUID_1_ECX_VMX;

	report_prefix_push("caps");
	report(vmx, "CPUID.1:ECX.VMX[bit 5] = 1");
	if (!vmx || !read_msrs(c)) {
		report_prefix_pop();
		return false;
	}
	s->maxphyaddr = maxphyaddr();
	printf("info: VMCS revision 0x%x, region %u bytes, %s controls, "
	       "MAXPHYADDR %u, MISC 0x%lx, PROCBASED_CTLS2 0x%lx, EPT_VPID_CAP 0x%lx\n",
	       c->revision, BASIC_REGION_SIZE(c->basic),
	       c->true_ctls ? "TRUE" : "plain", s->maxphyaddr, c->misc,
	       c->proc2, c->ept_vpid);

	report(!(c->basic & BASIC_BIT31), "IA32_VMX_BASIC bit 31 = 0 (SDM A.1)");
	report(BASIC_REGION_SIZE(c->basic) > 0 && BASIC_REGION_SIZE(c->basic) <= SUITE_PAGE,
	       "IA32_VMX_BASIC: VMCS region size within 1..4096 (SDM A.1)");
	report(BASIC_MEMTYPE(c->basic) == MEMTYPE_WB,
	       "IA32_VMX_BASIC: VMCS memory type write-back (SDM A.1)");
	report((c->cr0_fixed0 & X86_CR0_PE_NE_PG) == X86_CR0_PE_NE_PG,
	       "IA32_VMX_CR0_FIXED0 has PE, NE and PG (SDM A.7)");
	report((c->cr0_fixed0 & ~c->cr0_fixed1) == 0,
	       "IA32_VMX_CR0_FIXED0 within IA32_VMX_CR0_FIXED1 (SDM A.7)");
	report(c->cr4_fixed0 & X86_CR4_VMXE, "IA32_VMX_CR4_FIXED0 has VMXE (SDM A.8)");
	report((c->cr4_fixed0 & ~c->cr4_fixed1) == 0,
	       "IA32_VMX_CR4_FIXED0 within IA32_VMX_CR4_FIXED1 (SDM A.8)");
	/* SDM A.3: every allowed-0 (must be 1) control is allowed to be 1. */
	report(((u32)c->pin & ~(u32)(c->pin >> 32)) == 0 &&
	       ((u32)c->proc & ~(u32)(c->proc >> 32)) == 0 &&
	       ((u32)c->exit & ~(u32)(c->exit >> 32)) == 0 &&
	       ((u32)c->entry & ~(u32)(c->entry >> 32)) == 0,
	       "control MSRs: allowed-0 settings within allowed-1 (SDM A.3-A.5)");
	report_prefix_pop();
	return true;
}
