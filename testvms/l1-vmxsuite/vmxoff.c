/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMXOFF (SDM 31.3): leaves VMX operation (VMsucceed); CR4.VMXE stays
 * set, and may then be cleared (SDM 24.7), as may CR0.NE; every VMX
 * instruction is #UD again, VMXON included once CR4.VMXE is clear.
 * VMXON then works again, with no VMCS current, and VMXOFF ends the run
 * outside VMX operation.
 *
 * Not testable here: VMXOFF's VMfailValid(23) under the dual-monitor
 * treatment of SMIs and SMM (no SMM monitor is active).
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

void vmxoff__run(struct suite *s)
{
	u64 cr0 = read_cr0(), cr4 = read_cr4(), p = 0;
	struct raw_result r;
	unsigned i;
	int vector;

	report_prefix_push("VMXOFF");
	r = raw_vmxoff();
	expect_and(r, SUCCEED, (read_cr4() & X86_CR4_VMXE) != 0, "CR4.VMXE still set",
		   "VMXOFF");
	for (i = 0; i < INSN_COUNT; i++)
		if (i != INSN_VMXON)
			expect(insn__run(s, i), FAULT(UD_VECTOR), "%s after VMXOFF",
			       insn__name(i));

	vector = write_cr0_safe(cr0 & ~X86_CR0_NE);
	report(vector == NO_EXCEPTION, "MOV to CR0 clearing NE after VMXOFF: taken");
	write_cr0(cr0);
	vector = write_cr4_safe(cr4 & ~X86_CR4_VMXE);
	report(vector == NO_EXCEPTION, "MOV to CR4 clearing VMXE after VMXOFF: taken");
	expect(insn__run(s, INSN_VMXON), FAULT(UD_VECTOR), "VMXON with CR4.VMXE = 0");

	write_cr4(cr4);
	expect(insn__run(s, INSN_VMXON), SUCCEED, "VMXON again");
	r = raw_vmptrst(&p);
	expect_and(r, SUCCEED, p == ~0ul, "FFFFFFFF_FFFFFFFFH",
		   "VMPTRST after the second VMXON (no VMCS current)");
	expect(raw_vmxoff(), SUCCEED, "VMXOFF again");
	write_cr4(cr4 & ~X86_CR4_VMXE);
	report_prefix_pop();
}
