/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMREAD and VMWRITE (SDM 31.3) with VMCS A current, and the field
 * widths and access types of SDM 25.11.2:
 *   an encoding that names no field: VMfailValid(12), for encodings with
 *   bits 63:32 set (64-bit mode reads the whole register), with a
 *   reserved bit (31:15) set, with the "high" access type (bit 0) on a
 *   field that is not 64 bits wide, or with an unused index;
 *   VMWRITE to a VM-exit information field: VMfailValid(13), unless
 *   IA32_VMX_MISC[29] says any field may be written;
 *   16- and 32-bit fields: VMWRITE ignores the source's upper bits,
 *   VMREAD clears the destination's;
 *   64-bit fields: the high access type reads and writes bits 63:32 only.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_result.h"

#define MISC_VMWRITE_ANY	(1ul << 29)	/* SDM A.6 */
#define ACCESS_HIGH		1ul		/* encoding bit 0 */

struct bad_field {
	u64 encoding;
	const char *what;
};

static const struct bad_field bad_fields[] = {
	{ (1ul << 32) | VMCS_GUEST_RIP, "GUEST_RIP with bit 32 set" },
	{ 0x8000, "0x8000 (reserved bit 15)" },
	{ VMCS_GUEST_RIP | ACCESS_HIGH, "GUEST_RIP with the high access type" },
	{ VMCS_EXIT_REASON | ACCESS_HIGH, "EXIT_REASON with the high access type" },
	{ 0x4c7e, "0x4c7e (unused index)" },
};

static void unsupported(void)
{
	unsigned i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(bad_fields); i++) {
		v = 0;
		expect(raw_vmread(bad_fields[i].encoding, &v),
		       FAIL_VALID(VMX_ERR_UNSUPPORTED_COMPONENT), "VMREAD of %s",
		       bad_fields[i].what);
		expect(raw_vmwrite(bad_fields[i].encoding, 0),
		       FAIL_VALID(VMX_ERR_UNSUPPORTED_COMPONENT), "VMWRITE of %s",
		       bad_fields[i].what);
	}
}

static void read_only(struct suite *s)
{
	bool any = s->caps.misc & MISC_VMWRITE_ANY;
	struct expect want = any ? SUCCEED : FAIL_VALID(VMX_ERR_VMWRITE_READ_ONLY);
	const char *why = any ? "IA32_VMX_MISC[29] = 1" : "IA32_VMX_MISC[29] = 0";

	expect(raw_vmwrite(VMCS_EXIT_REASON, 0x1e), want,
	       "VMWRITE of EXIT_REASON, read-only (%s)", why);
	expect(raw_vmwrite(VMCS_EXIT_QUALIFICATION, 0x1234), want,
	       "VMWRITE of EXIT_QUALIFICATION, read-only (%s)", why);
	expect(raw_vmwrite(VMCS_VM_INSTRUCTION_ERROR, 0), want,
	       "VMWRITE of VM_INSTRUCTION_ERROR, read-only (%s)", why);
	if (any)
		report(vmcs_read(VMCS_EXIT_REASON) == 0x1e,
		       "EXIT_REASON reads back what VMWRITE wrote (IA32_VMX_MISC[29] = 1)");
}

static void widths(void)
{
	struct raw_result r;
	u64 v;

	vmcs_write(VMCS_GUEST_ES_SELECTOR, 0xffffffffffff0018ul);
	v = ~0ul;
	r = raw_vmread(VMCS_GUEST_ES_SELECTOR, &v);
	expect_and(r, SUCCEED, v == 0x18,
		   "bits 15:0 only",
		   "VMWRITE then VMREAD (register) of a 16-bit field");
	vmcs_write(VMCS_GUEST_ES_LIMIT, 0xabcdef01fffff123ul);
	v = ~0ul;
	r = raw_vmread(VMCS_GUEST_ES_LIMIT, &v);
	expect_and(r, SUCCEED, v == 0xfffff123,
		   "bits 31:0 only",
		   "VMWRITE then VMREAD (register) of a 32-bit field");
	vmcs_write(VMCS_GUEST_RIP, 0xffff800012345678ul);
	v = 0;
	r = raw_vmread(VMCS_GUEST_RIP, &v);
	expect_and(r, SUCCEED, v == 0xffff800012345678ul,
		   "all 64 bits",
		   "VMWRITE then VMREAD (register) of a natural-width field");

	vmcs_write(VMCS_TSC_OFFSET, 0x1111222233334444ul);
	v = ~0ul;
	r = raw_vmread(VMCS_TSC_OFFSET | ACCESS_HIGH, &v);
	expect_and(r, SUCCEED, v == 0x11112222,
		   "bits 63:32 in bits 31:0, upper half clear",
		   "VMREAD of a 64-bit field with the high access type");
	r = raw_vmwrite(VMCS_TSC_OFFSET | ACCESS_HIGH, 0xdeadbeef55556666ul);
	expect_and(r, SUCCEED,
		   vmcs_read(VMCS_TSC_OFFSET) == 0x5555666633334444ul,
		   "bits 63:32 written from the source's bits 31:0, bits 31:0 kept",
		   "VMWRITE of a 64-bit field with the high access type");
	vmcs_write(VMCS_TSC_OFFSET, 0);
}

void vmrw__run(struct suite *s)
{
	report_prefix_push("VMREAD/VMWRITE");
	unsupported();
	read_only(s);
	widths();
	report_prefix_pop();
}
