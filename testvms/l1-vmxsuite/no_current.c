/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Right after VMXON no VMCS is current, and every VMfail of every
 * instruction is VMfailInvalid: SDM 31.2 "VMfail(ErrorNumber): IF VMCS
 * pointer is valid THEN VMfailValid(ErrorNumber) ELSE VMfailInvalid".
 * VMREAD, VMWRITE, VMLAUNCH and VMRESUME test for a current VMCS before
 * anything else, so even a memory operand that would fault is never
 * touched (SDM 31.3 VMREAD/VMWRITE: faults on the memory operand come
 * only after the current-VMCS check).
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

#define NONCANONICAL	0x8000000000000000ul
#define BAD_FIELD	0x8000ul	/* bit 15 set: no such field */
#define INV_TYPE_BAD	0x5ul		/* no INVEPT/INVVPID type 5 */

void no_current__run(struct suite *s)
{
	struct inv_desc desc = { 0, 0 };
	u64 op, v = 0;

	report_prefix_push("no current VMCS");
	expect(raw_vmread(VMCS_GUEST_RIP, &v), FAIL_INVALID, "VMREAD");
	expect(raw_vmread(BAD_FIELD, &v), FAIL_INVALID, "VMREAD of an unsupported field");
	expect(raw_vmread_mem(VMCS_GUEST_RIP, (u64 *)NONCANONICAL), FAIL_INVALID,
	       "VMREAD to a non-canonical address (checked before the operand)");
	expect(raw_vmwrite(VMCS_GUEST_RIP, 0), FAIL_INVALID, "VMWRITE");
	expect(raw_vmwrite(VMCS_EXIT_REASON, 0), FAIL_INVALID, "VMWRITE of a read-only field");
	expect(raw_vmwrite_mem(VMCS_GUEST_RIP, (const u64 *)NONCANONICAL), FAIL_INVALID,
	       "VMWRITE from a non-canonical address (checked before the operand)");
	expect(raw_vmlaunch(), FAIL_INVALID, "VMLAUNCH");
	expect(raw_vmresume(), FAIL_INVALID, "VMRESUME");
	expect(raw_vmcall(), FAIL_INVALID, "VMCALL in VMX root operation");

	op = s->vmxon_pa | 0x800;
	expect(raw_vmclear(&op), FAIL_INVALID, "VMCLEAR, pointer not 4 KiB aligned");
	expect(raw_vmptrld(&op), FAIL_INVALID, "VMPTRLD, pointer not 4 KiB aligned");
	op = suite__beyond_width(s);
	expect(raw_vmclear(&op), FAIL_INVALID, "VMCLEAR, pointer beyond the physical-address width");
	expect(raw_vmptrld(&op), FAIL_INVALID, "VMPTRLD, pointer beyond the physical-address width");
	op = s->vmxon_pa;
	expect(raw_vmclear(&op), FAIL_INVALID, "VMCLEAR of the VMXON region");
	expect(raw_vmptrld(&op), FAIL_INVALID, "VMPTRLD of the VMXON region");
	op = s->bad_rev;
	expect(raw_vmptrld(&op), FAIL_INVALID, "VMPTRLD, region with a wrong revision identifier");

	if (suite__has_invept(s))
		expect(raw_invept(INV_TYPE_BAD, &desc), FAIL_INVALID, "INVEPT, unsupported type");
	else
		report_skip("INVEPT, unsupported type: INVEPT not supported");
	if (suite__has_invvpid(s))
		expect(raw_invvpid(INV_TYPE_BAD, &desc), FAIL_INVALID, "INVVPID, unsupported type");
	else
		report_skip("INVVPID, unsupported type: INVVPID not supported");
	report_prefix_pop();
}
