/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMXON (SDM 31.3), in the order of its operation section:
 *   #GP(0) when CR0 or CR4 holds a value VMX operation does not support
 *   (IA32_VMX_CR0/CR4_FIXED0/1, SDM 24.8 and A.7, A.8);
 *   VMfailInvalid when the pointer is not 4 KiB aligned or sets bits beyond
 *   the physical-address width, or when the region's revision identifier
 *   is not the processor's (bits 30:0) or has bit 31 set;
 *   then success, and the current-VMCS pointer is invalid (VMPTRST
 *   stores FFFFFFFF_FFFFFFFFH);
 *   in VMX root operation: VMfail(15), here VMfailInvalid as no VMCS is
 *   current yet (vmptr.c has the VMfailValid(15) row).
 * A failed VMXON leaves the processor outside VMX operation.
 *
 * Not testable here: #GP in A20M mode (the loader enabled A20), #UD with
 * a register operand (that encoding, F3 0F C7 /6 with mod = 11, is
 * another instruction on newer processors) and in compatibility or
 * virtual-8086 mode (the suite runs in 64-bit mode only).
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

/* CR4 bits the loop below leaves alone even if FIXED1 forbade them:
 * SMEP would fault the next fetch (every page is user-accessible). */
#define CR4_NEVER_TRY		((1ul << 20) | (1ul << 21))	/* SMEP, SMAP */

static u32 *revision(u64 region)
{
	return (u32 *)region;
}

/* VMXON where it must #GP; should it succeed, VMXOFF, so that the rows
 * after it still start outside VMX operation. */
static struct raw_result vmxon_bad(struct suite *s)
{
	struct raw_result r = insn__run(s, INSN_VMXON);

	if (r.vector == NO_EXCEPTION && (r.rflags & RFLAGS_STATUS) == 0)
		raw_vmxoff();
	return r;
}

/* VMXON with a CR0 or CR4 value that FIXED0/FIXED1 forbid: #GP(0). */
static void fixed_bits(struct suite *s)
{
	const struct vmx_caps *c = &s->caps;
	u64 cr0 = (read_cr0() | c->cr0_fixed0) & c->cr0_fixed1;
	u64 cr4 = read_cr4(), bit;
	unsigned i, tried = 0, gp = 0;
	struct raw_result r;

	write_cr0(cr0);
	if (c->cr0_fixed0 & X86_CR0_NE) {
		write_cr0(cr0 & ~X86_CR0_NE);
		r = vmxon_bad(s);
		write_cr0(cr0);
		expect(r, FAULT_EC(GP_VECTOR, 0), "VMXON with CR0.NE = 0 (fixed to 1)");
	} else {
		report_skip("VMXON with CR0.NE = 0: IA32_VMX_CR0_FIXED0 allows it");
	}

	/* Bits outside FIXED1: only those MOV to CR4/CR0 accepts at all
	 * (a processor normally lists every bit it has in FIXED1). */
	for (i = 0; i < 32; i++) {
		bit = 1ul << i;
		if ((c->cr4_fixed1 & bit) || (cr4 & bit) || (CR4_NEVER_TRY & bit))
			continue;
		if (write_cr4_safe(cr4 | bit) != NO_EXCEPTION)
			continue;
		tried++;
		r = vmxon_bad(s);
		write_cr4(cr4);
		gp += r.vector == GP_VECTOR && r.error_code == 0;
	}
	for (i = 0; i < 32; i++) {
		bit = 1ul << i;
		if ((c->cr0_fixed1 & bit) || (cr0 & bit))
			continue;
		if (write_cr0_safe(cr0 | bit) != NO_EXCEPTION)
			continue;
		tried++;
		r = vmxon_bad(s);
		write_cr0(cr0);
		gp += r.vector == GP_VECTOR && r.error_code == 0;
	}
	if (tried == 0)
		report_skip("VMXON with a CR0/CR4 bit set that FIXED1 forbids: "
			    "MOV to CR0/CR4 refuses every such bit");
	else
		report(gp == tried, "VMXON with a CR0/CR4 bit set that FIXED1 forbids "
		       "(each one MOV accepts): #GP(0)%s",
		       gp == tried ? "" : " not raised for every bit");
}

static void pointer(struct suite *s)
{
	u32 *rev = revision(s->vmxon_pa);
	u64 op;

	op = s->vmxon_pa | 0x800;
	expect(raw_vmxon(&op), FAIL_INVALID, "VMXON, pointer not 4 KiB aligned (bit 11)");
	op = s->vmxon_pa | 0x4;
	expect(raw_vmxon(&op), FAIL_INVALID, "VMXON, pointer not 4 KiB aligned (bit 2)");
	op = suite__beyond_width(s);
	expect(raw_vmxon(&op), FAIL_INVALID, "VMXON, pointer beyond the physical-address width");
	op = s->vmxon_pa;
	*rev = s->caps.revision ^ 1;
	expect(raw_vmxon(&op), FAIL_INVALID, "VMXON, region with a wrong revision identifier");
	*rev = s->caps.revision | 0x80000000u;
	expect(raw_vmxon(&op), FAIL_INVALID, "VMXON, region revision identifier with bit 31 set");
	*rev = s->caps.revision;
	expect(insn__run(s, INSN_VMPTRST), FAULT(UD_VECTOR),
	       "VMPTRST after the failed VMXONs (still outside VMX operation)");
}

bool vmxon__run(struct suite *s)
{
	u64 current = 0;
	struct raw_result r;
	bool ok;

	report_prefix_push("VMXON");
	fixed_bits(s);
	pointer(s);

	r = insn__run(s, INSN_VMXON);
	ok = expect(r, SUCCEED, "VMXON");
	if (!ok) {
		report_prefix_pop();
		return false;
	}
	r = raw_vmptrst(&current);
	expect_and(r, SUCCEED, current == ~0ul, "FFFFFFFF_FFFFFFFFH",
		   "VMPTRST right after VMXON stores FFFFFFFF_FFFFFFFFH");
	expect(insn__run(s, INSN_VMXON), FAIL_INVALID,
	       "VMXON in VMX root operation without a current VMCS");
	report_prefix_pop();
	return true;
}
