/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IA32_FEATURE_CONTROL (MSR 3AH, SDM 24.7): VMXON #GPs unless the lock bit
 * (0) and the enable bit for the current mode (2, VMX outside SMX) are both
 * set; once the lock bit is set, WRMSR to the MSR #GPs until reset (SDM
 * Vol. 4, Table 2-2).  Firmware normally locks it.  If it did not, the
 * suite first checks that VMXON #GPs while the MSR is unlocked, then sets
 * VMX outside SMX and locks it, as an operating system would.
 *
 * Not testable here: VMXON with the lock bit set but VMX outside SMX
 * clear.  The lock would then forbid VMX until the next reset, so the
 * suite could not go on; and when firmware locked the MSR the bits
 * cannot be changed at all.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

#define MSR_IA32_FEATURE_CONTROL	0x03a
#define FC_LOCK				(1ul << 0)
#define FC_VMX_OUTSIDE_SMX		(1ul << 2)

/* VMXON while the MSR is unlocked: #GP(0).  CR0 and CR4 must meet the
 * fixed bits here so that the lock bit is the only reason. */
static void vmxon_unlocked(struct suite *s, u64 fc)
{
	const struct vmx_caps *c = &s->caps;
	u64 cr0 = read_cr0();
	struct raw_result r;

	wrmsr_safe(MSR_IA32_FEATURE_CONTROL, fc | FC_VMX_OUTSIDE_SMX);
	write_cr0((cr0 | c->cr0_fixed0) & c->cr0_fixed1);
	r = insn__run(s, INSN_VMXON);
	expect(r, FAULT_EC(GP_VECTOR, 0),
	       "VMXON with IA32_FEATURE_CONTROL unlocked (VMX outside SMX set)");
	if (r.vector == NO_EXCEPTION && (r.rflags & RFLAGS_STATUS) == 0)
		raw_vmxoff();	/* wrongly entered: leave for the next rows */
	write_cr0(cr0);
}

bool feature_ctl__run(struct suite *s)
{
	const u64 need = FC_LOCK | FC_VMX_OUTSIDE_SMX;
	u64 fc = 0;
	int vector;

	report_prefix_push("IA32_FEATURE_CONTROL");
	vector = rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc);
	if (vector != NO_EXCEPTION) {
		report(false, "RDMSR: %s", desc__vector_name(vector));
		report_prefix_pop();
		return false;
	}
	if (!(fc & FC_LOCK)) {
		printf("info: IA32_FEATURE_CONTROL found unlocked (0x%lx): "
		       "the suite sets VMX outside SMX and locks it\n", fc);
		vmxon_unlocked(s, fc);
		vector = wrmsr_safe(MSR_IA32_FEATURE_CONTROL, fc | need);
		report(vector == NO_EXCEPTION, "WRMSR setting lock and VMX outside SMX: taken");
		rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc);
	} else {
		report_skip("VMXON with IA32_FEATURE_CONTROL unlocked: firmware locked it");
	}
	report((fc & need) == need, "lock and VMX outside SMX set (SDM 24.7)");
	expect(raw__vector(wrmsr_safe(MSR_IA32_FEATURE_CONTROL, fc)),
	       FAULT_EC(GP_VECTOR, 0), "WRMSR once locked");
	report_prefix_pop();
	return (fc & need) == need;
}
