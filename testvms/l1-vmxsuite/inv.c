/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * INVEPT and INVVPID (SDM 31.3), VMCS A current.  The type is the whole
 * 64-bit register in 64-bit mode; a type IA32_VMX_EPT_VPID_CAP does not
 * list (SDM A.10: INVEPT single-context bit 25, all-context 26; INVVPID
 * individual-address 40, single-context 41, all-context 42,
 * single-context-retaining-globals 43) is VMfailValid(28).  Then, per
 * type: INVEPT single-context checks the EPTP as VM entry would (SDM
 * 27.2.1.1); INVVPID fails when descriptor bits 63:16 are set, when the
 * VPID is 0 (except all-context) and, for individual-address, when the
 * linear address is not canonical.  Both #UD when the processor lacks
 * them (rows skipped then).
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmx_result.h"

#define CAP_INVEPT_SINGLE	(1ul << 25)
#define CAP_INVEPT_ALL		(1ul << 26)
#define CAP_INVVPID_ADDR	(1ul << 40)
#define CAP_INVVPID_SINGLE	(1ul << 41)
#define CAP_INVVPID_ALL		(1ul << 42)
#define CAP_INVVPID_SINGLE_G	(1ul << 43)
#define CAP_EPT_UC		(1ul << 8)
#define CAP_EPT_WB		(1ul << 14)

/* EPTP (SDM 25.6.11): memory type in 2:0 (0 UC, 6 WB), walk length - 1
 * in 5:3. */
#define EPTP_WB			6ul
#define EPTP_UC			0ul
#define EPTP_WALK4		(3ul << 3)
#define EPTP_MEMTYPE_BAD	1ul	/* reserved memory type */

#define NONCANONICAL		0x8000000000000000ul

static void invept(struct suite *s)
{
	const struct expect e28 = FAIL_VALID(VMX_ERR_INVALID_INVEPT_INVVPID);
	u64 cap = s->caps.ept_vpid, pml4 = (u64)suite__zero_pages(1);
	u64 memtype = (cap & CAP_EPT_WB) ? EPTP_WB : EPTP_UC;
	struct inv_desc d = { pml4 | memtype | EPTP_WALK4, 0 };
	struct inv_desc bad = { pml4 | EPTP_MEMTYPE_BAD | EPTP_WALK4, 0 };

	if (!suite__has_invept(s)) {
		report_skip("INVEPT: not supported (IA32_VMX_EPT_VPID_CAP[20] or EPT)");
		return;
	}
	expect(raw_invept(0, &d), e28, "INVEPT type 0 (reserved)");
	expect(raw_invept(3, &d), e28, "INVEPT type 3 (reserved)");
	/* Bochs reads the type as 32 bits without REX.W (README.md). */
	expect_known(raw_invept((1ul << 32) | 2, &d), e28, SUCCEED,
		     "INVEPT type 2 with bit 32 set");
	if (cap & CAP_INVEPT_SINGLE) {
		expect(raw_invept(1, &d), SUCCEED, "INVEPT single-context, valid EPTP");
		expect(raw_invept(1, &bad), e28,
		       "INVEPT single-context, EPTP with a reserved memory type");
	} else {
		expect(raw_invept(1, &d), e28, "INVEPT single-context, not supported");
	}
	if (cap & CAP_INVEPT_ALL)
		expect(raw_invept(2, &bad), SUCCEED,
		       "INVEPT all-context (EPTP not checked)");
	else
		expect(raw_invept(2, &d), e28, "INVEPT all-context, not supported");
}

static void invvpid(struct suite *s)
{
	const struct expect e28 = FAIL_VALID(VMX_ERR_INVALID_INVEPT_INVVPID);
	u64 cap = s->caps.ept_vpid;
	struct inv_desc vpid1 = { 1, 0x1000 }, vpid0 = { 0, 0x1000 };
	struct inv_desc reserved = { 1ul << 16 | 1, 0x1000 }, noncanon = { 1, NONCANONICAL };

	if (!suite__has_invvpid(s)) {
		report_skip("INVVPID: not supported (IA32_VMX_EPT_VPID_CAP[32] or VPID)");
		return;
	}
	expect(raw_invvpid(4, &vpid1), e28, "INVVPID type 4 (reserved)");
	expect_known(raw_invvpid((1ul << 32) | 2, &vpid1), e28, SUCCEED,
		     "INVVPID type 2 with bit 32 set");
	if (cap & CAP_INVVPID_ADDR) {
		expect(raw_invvpid(0, &vpid1), SUCCEED, "INVVPID individual-address, VPID 1");
		expect(raw_invvpid(0, &vpid0), e28, "INVVPID individual-address, VPID 0");
		expect(raw_invvpid(0, &noncanon), e28,
		       "INVVPID individual-address, non-canonical address");
	} else {
		expect(raw_invvpid(0, &vpid1), e28, "INVVPID individual-address, not supported");
	}
	if (cap & CAP_INVVPID_SINGLE) {
		expect(raw_invvpid(1, &vpid1), SUCCEED, "INVVPID single-context, VPID 1");
		expect(raw_invvpid(1, &vpid0), e28, "INVVPID single-context, VPID 0");
	} else {
		expect(raw_invvpid(1, &vpid1), e28, "INVVPID single-context, not supported");
	}
	if (cap & CAP_INVVPID_ALL) {
		expect(raw_invvpid(2, &vpid0), SUCCEED, "INVVPID all-context (VPID not checked)");
		expect(raw_invvpid(2, &reserved), e28,
		       "INVVPID all-context, descriptor bits 63:16 set");
	} else {
		expect(raw_invvpid(2, &vpid1), e28, "INVVPID all-context, not supported");
	}
	if (cap & CAP_INVVPID_SINGLE_G) {
		expect(raw_invvpid(3, &vpid1), SUCCEED,
		       "INVVPID single-context-retaining-globals, VPID 1");
		expect(raw_invvpid(3, &vpid0), e28,
		       "INVVPID single-context-retaining-globals, VPID 0");
	} else {
		expect(raw_invvpid(3, &vpid1), e28,
		       "INVVPID single-context-retaining-globals, not supported");
	}
}

void inv__run(struct suite *s)
{
	report_prefix_push("INVEPT/INVVPID");
	invept(s);
	invvpid(s);
	report_prefix_pop();
}
