/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMCLEAR, VMPTRLD and VMPTRST with a current VMCS (SDM 31.3), so that
 * every VMfail is VMfailValid with its number (SDM 31.4):
 *   VMCLEAR: not aligned or beyond the width 2, the VMXON pointer 3; no
 *   revision check; VMCLEAR of the current VMCS makes none current;
 *   VMPTRLD: not aligned or beyond the width 9, the VMXON pointer 10, a
 *   wrong revision identifier 11, and bit 31 (shadow VMCS) set 11 unless
 *   the processor supports VMCS shadowing; a failed VMPTRLD leaves the
 *   current VMCS as it was;
 *   VMXON in VMX root operation: VMfailValid(15);
 *   each VMCS keeps its own field values across VMPTRLD and VMCLEAR.
 * A shadow VMCS may be current, but VM entry with it is VMfailInvalid
 * (SDM 27.1, item 4).
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_result.h"

#define VALUE_A		0xaaaa0000aaaaul
#define VALUE_B		0xbbbb0000bbbbul

static u64 current(void)
{
	u64 p = 0;

	raw_vmptrst(&p);
	return p;
}

static void failures(struct suite *s)
{
	u64 op;

	op = s->vmcs_b | 0x800;
	expect(raw_vmclear(&op), FAIL_VALID(VMX_ERR_VMCLEAR_INVALID_ADDR),
	       "VMCLEAR, pointer not 4 KiB aligned");
	expect(raw_vmptrld(&op), FAIL_VALID(VMX_ERR_VMPTRLD_INVALID_ADDR),
	       "VMPTRLD, pointer not 4 KiB aligned");
	op = suite__beyond_width(s);
	expect(raw_vmclear(&op), FAIL_VALID(VMX_ERR_VMCLEAR_INVALID_ADDR),
	       "VMCLEAR, pointer beyond the physical-address width");
	expect(raw_vmptrld(&op), FAIL_VALID(VMX_ERR_VMPTRLD_INVALID_ADDR),
	       "VMPTRLD, pointer beyond the physical-address width");
	op = s->vmxon_pa;
	expect(raw_vmclear(&op), FAIL_VALID(VMX_ERR_VMCLEAR_VMXON_PTR),
	       "VMCLEAR of the VMXON region");
	expect(raw_vmptrld(&op), FAIL_VALID(VMX_ERR_VMPTRLD_VMXON_PTR),
	       "VMPTRLD of the VMXON region");
	op = s->bad_rev;
	expect(raw_vmptrld(&op), FAIL_VALID(VMX_ERR_VMPTRLD_BAD_REVISION),
	       "VMPTRLD, region with a wrong revision identifier");
	report(current() == s->vmcs_a, "the failed VMPTRLDs left VMCS A current");
	expect(insn__run(s, INSN_VMXON), FAIL_VALID(VMX_ERR_VMXON_IN_ROOT),
	       "VMXON in VMX root operation");
}

/* Bit 31 of the revision: a shadow VMCS (SDM 25.10). */
static void shadow(struct suite *s)
{
	u64 op = s->shadow;

	if (!suite__has_shadowing(s)) {
		expect(raw_vmptrld(&op), FAIL_VALID(VMX_ERR_VMPTRLD_BAD_REVISION),
		       "VMPTRLD of a shadow VMCS (bit 31 set) without VMCS shadowing");
		return;
	}
	expect(raw_vmclear(&op), SUCCEED, "VMCLEAR of a shadow VMCS");
	if (!expect(raw_vmptrld(&op), SUCCEED,
		    "VMPTRLD of a shadow VMCS (bit 31 set), VMCS shadowing supported"))
		return;
	/* Bochs skips this check and goes on: the shadow VMCS is clear and
	 * its controls are zero (README.md). */
	expect_known(vmentry__enter(0), FAIL_INVALID,
		     FAIL_VALID(VMX_ERR_ENTRY_INVALID_CONTROL),
		     "VMLAUNCH with a shadow VMCS current (SDM 27.1)");
	expect_known(vmentry__enter(ENTRY_RESUME), FAIL_INVALID,
		     FAIL_VALID(VMX_ERR_VMRESUME_NONLAUNCHED),
		     "VMRESUME with a shadow VMCS current (SDM 27.1)");
	op = s->vmcs_a;
	raw_vmptrld(&op);
}

/* Field values live in their VMCS: write A and B, read both back. */
static void two_vmcs(struct suite *s)
{
	u64 a = s->vmcs_a, b = s->vmcs_b, va = 0, vb = 0;
	struct raw_result r;

	expect(raw_vmclear(&b), SUCCEED, "VMCLEAR of VMCS B (not current)");
	report(current() == a, "VMCLEAR of another VMCS leaves VMCS A current");
	raw_vmptrld(&b);
	vmcs_write(VMCS_GUEST_RIP, VALUE_B);
	raw_vmptrld(&a);
	vmcs_write(VMCS_GUEST_RIP, VALUE_A);
	raw_vmptrld(&b);
	vb = vmcs_read(VMCS_GUEST_RIP);
	raw_vmptrld(&a);
	va = vmcs_read(VMCS_GUEST_RIP);
	report(va == VALUE_A && vb == VALUE_B,
	       "each VMCS keeps its own GUEST_RIP across VMPTRLD");

	r = raw_vmclear(&a);
	expect_and(r, SUCCEED, current() == ~0ul,
		   "no VMCS current afterwards",
		   "VMCLEAR of the current VMCS");
	expect(raw_vmptrld(&a), SUCCEED, "VMPTRLD of VMCS A after VMCLEAR");
	report(vmcs_read(VMCS_GUEST_RIP) == VALUE_A,
	       "GUEST_RIP survives VMCLEAR and VMPTRLD");
}

bool vmptr__run(struct suite *s)
{
	u64 a = s->vmcs_a, bad = s->bad_rev, st = 0;
	struct raw_result r;
	bool ok;

	report_prefix_push("VMCLEAR/VMPTRLD/VMPTRST");
	expect(raw_vmclear(&a), SUCCEED, "VMCLEAR of VMCS A");
	ok = expect(raw_vmptrld(&a), SUCCEED, "VMPTRLD of VMCS A");
	r = raw_vmptrst(&st);
	expect_and(r, SUCCEED, st == a, "the pointer of VMCS A",
		   "VMPTRST stores the current-VMCS pointer");
	if (!ok) {
		report_prefix_pop();
		return false;
	}
	failures(s);
	r = raw_vmclear(&bad);
	expect_and(r, SUCCEED, current() == a, "VMCS A still current",
		   "VMCLEAR of a region with a wrong revision identifier (not checked)");
	shadow(s);
	two_vmcs(s);
	ok = current() == a;
	report(ok, "VMCS A current at the end");
	report_prefix_pop();
	return ok;
}
