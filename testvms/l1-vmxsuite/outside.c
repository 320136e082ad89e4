/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Outside VMX operation every VMX instruction is #UD (SDM 31.3: each
 * begins "IF (not in VMX operation) ... THEN #UD"; VMXON's own "not in VMX
 * operation" test is CR4.VMXE = 0).  #UD comes before the CPL check, so
 * it is #UD at CPL3 too, except VMXON with CR4.VMXE = 1, which then checks
 * CPL > 0 and raises #GP(0).  VMFUNC outside VMX non-root operation is #UD
 * in any case (SDM 31.3 VMFUNC).
 *
 * First with CR4.VMXE = 0, then CR4.VMXE is set by MOV to CR4 (allowed
 * because CPUID.1:ECX.VMX = 1, SDM 24.7) and every instruction but VMXON
 * is tried again before VMXON.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

static void all_ud(struct suite *s, const char *when, bool skip_vmxon)
{
	unsigned i;

	for (i = 0; i < INSN_COUNT; i++) {
		if (skip_vmxon && i == INSN_VMXON)
			continue;
		expect(insn__run(s, i), FAULT(UD_VECTOR), "%s %s", insn__name(i), when);
	}
	for (i = 0; i < INSN_COUNT; i++) {
		struct raw_result r = raw__vector(insn__run_cpl3(s, i));

		if (skip_vmxon && i == INSN_VMXON)
			expect(r, FAULT_EC(GP_VECTOR, 0), "%s at CPL3 %s (CPL > 0)",
			       insn__name(i), when);
		else
			expect(r, FAULT(UD_VECTOR), "%s at CPL3 %s", insn__name(i), when);
	}
}

void outside__run(struct suite *s)
{
	u64 cr4 = read_cr4();
	int vector;

	report_prefix_push("outside VMX");
	if (cr4 & X86_CR4_VMXE)
		write_cr4(cr4 & ~X86_CR4_VMXE);
	all_ud(s, "with CR4.VMXE = 0", false);

	vector = write_cr4_safe(read_cr4() | X86_CR4_VMXE);
	report(vector == NO_EXCEPTION && (read_cr4() & X86_CR4_VMXE),
	       "MOV to CR4 setting VMXE: taken (SDM 24.7)");
	all_ud(s, "with CR4.VMXE = 1, before VMXON", true);
	report_prefix_pop();
}
