/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In VMX root operation (VMCS A current):
 *   at CPL3 every VMX instruction raises #GP(0) (SDM 31.3: "ELSIF CPL > 0
 *   THEN #GP(0)", after the #UD conditions), VMXON included (it is in VMX
 *   operation already); VMFUNC is #UD (it exists in VMX non-root operation
 *   only), INVEPT/INVVPID are #UD where the processor lacks them;
 *   at CPL0 VMCALL is VMfailValid(1) (SDM 31.3 VMCALL, without the
 *   dual-monitor treatment of SMM) and VMFUNC is #UD.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmx_result.h"

#define BASIC_DUAL_MONITOR		(1ul << 49)	/* SDM A.1 */
#define MSR_IA32_SMM_MONITOR_CTL	0x09b
#define SMM_MONITOR_VALID		(1ul << 0)

static struct expect at_cpl3(const struct suite *s, enum vmx_insn i)
{
	switch (i) {
	case INSN_VMFUNC:
		return FAULT(UD_VECTOR);
	case INSN_INVEPT:
		return suite__has_invept(s) ? FAULT_EC(GP_VECTOR, 0) : FAULT(UD_VECTOR);
	case INSN_INVVPID:
		return suite__has_invvpid(s) ? FAULT_EC(GP_VECTOR, 0) : FAULT(UD_VECTOR);
	case INSN_VMXON: case INSN_VMCLEAR: case INSN_VMPTRLD: case INSN_VMPTRST:
	case INSN_VMREAD: case INSN_VMWRITE: case INSN_VMLAUNCH: case INSN_VMRESUME:
	case INSN_VMXOFF: case INSN_VMCALL: case INSN_COUNT:
		break;
	}
	return FAULT_EC(GP_VECTOR, 0);
}

/*
 * VMCALL at CPL0: VMfailValid(1) unless the dual-monitor treatment is
 * active or IA32_SMM_MONITOR_CTL[0] (valid) is set (SDM 31.3 VMCALL).  The
 * launch state of the current VMCS matters only after those checks.
 * Bochs checks it first (VMfailValid(19) with a launched VMCS, README.md)
 * and stops emulating altogether (BX_PANIC) with a clear one, so the row
 * runs with VMCS A launched only.
 */
static void vmcall(struct suite *s)
{
	u64 smm_ctl = 0;

	if ((s->caps.basic & BASIC_DUAL_MONITOR) &&
	    rdmsr_safe(MSR_IA32_SMM_MONITOR_CTL, &smm_ctl) == NO_EXCEPTION &&
	    (smm_ctl & SMM_MONITOR_VALID)) {
		report_skip("VMCALL at CPL0: IA32_SMM_MONITOR_CTL is valid");
		return;
	}
	if (!s->a_launched) {
		report_skip("VMCALL at CPL0: VMCS A was not launched");
		return;
	}
	expect_known(raw_vmcall(), FAIL_VALID(VMX_ERR_VMCALL_IN_ROOT),
		     FAIL_VALID(VMX_ERR_VMCALL_NONCLEAR),
		     "VMCALL at CPL0 (IA32_SMM_MONITOR_CTL not valid), launched VMCS current");
}

void cpl3__run(struct suite *s)
{
	unsigned i;

	report_prefix_push("VMX root operation");
	for (i = 0; i < INSN_COUNT; i++)
		expect(raw__vector(insn__run_cpl3(s, i)), at_cpl3(s, i), "%s at CPL3",
		       insn__name(i));
	vmcall(s);
	expect(raw_vmfunc(), FAULT(UD_VECTOR), "VMFUNC at CPL0");
	report_prefix_pop();
}
