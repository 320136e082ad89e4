/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit test of l1-shim/evmcs.c: the enlightened-VMCS page against the
 * field list of vmcs-merge and the VMREAD/VMWRITE rules of SDM 31.3.
 * Host-side: links l1-shim/evmcs.c and vmcs-merge's field table. */
#include <stdlib.h>

#include "l1-shim/evmcs.h"
#include "tests/tap.h"
#include "vmcs-merge/vmcs12.h"

static struct turtle_evmcs *page(void)
{
	struct turtle_evmcs *p = calloc(1, sizeof(*p));

	p->magic = TURTLE_EVMCS_MAGIC;
	p->vmcs_gpa = 0x5000;
	return p;
}

/* Field i of the list sits in slot i, with its width and read-only flag;
 * a 64-bit field's high access reaches the same slot. */
static bool placed(unsigned i)
{
	const struct vmcs_field_info *info = &vmcs_fields[i];
	struct evmcs_field f;

	if (evmcs__lookup(info->encoding, &f) || f.slot != i || f.high ||
	    f.width != info->width || f.read_only != info->read_only)
		return false;
	if (info->width != VMCS_WIDTH_W64)
		return true;
	return !evmcs__lookup(info->encoding | 1, &f) && f.high && f.slot == i;
}

static void test_layout(void)
{
	unsigned i, bad = 0;

	for (i = 0; i < VMCS_FIELD_COUNT; i++) {
		if (!placed(i)) {
			printf("# field %s (0x%x) misplaced\n", vmcs_fields[i].name,
			       vmcs_fields[i].encoding);
			bad++;
		}
	}
	is_u64(bad, 0, "all %u fields of vmcs_fields.def map to their own slot", i);
}

struct bad_access {
	uint64_t encoding;
	const char *why;
};

static const struct bad_access unknown[] = {
	{ 0x0001, "high access of a 16-bit field" },
	{ 0x4401, "high access of a 32-bit field" },
	{ 0x6801, "high access of a natural-width field" },
	{ 0x0c0e, "unused 16-bit host index" },
	{ 0x100000000ull | VMCS_GUEST_RIP, "bits 63:32 set" },
	{ 0xffffffffull, "all ones" },
};

static void test_unknown_fields(void)
{
	unsigned i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		struct turtle_evmcs *p = page();
		uint64_t v = 0x77;
		struct vmx_result r = evmcs__read(p, unknown[i].encoding, &v);

		ok(r.status == VMX_FAIL_VALID && r.error == VMX_ERR_UNSUPPORTED_FIELD &&
		   v == 0x77, "VMREAD %s: VMfailValid 12, value untouched", unknown[i].why);
		is_u64(p->field[VMCS_IDX_VM_INSTRUCTION_ERROR], 12,
		       "  error recorded in VM_INSTRUCTION_ERROR");
		is_u64(p->dirty, 1u << turtle_evmcs__group(VMCS_VM_INSTRUCTION_ERROR),
		       "  and its group marked dirty");
		r = evmcs__write(p, unknown[i].encoding, 1, true);
		ok(r.status == VMX_FAIL_VALID && r.error == 12,
		   "VMWRITE %s: VMfailValid 12", unknown[i].why);
		free(p);
	}
}

static void test_no_current_vmcs(void)
{
	struct turtle_evmcs *p = page();
	uint64_t v;

	p->vmcs_gpa = 0;
	is_u64(evmcs__read(p, VMCS_GUEST_RIP, &v).status, VMX_FAIL_INVALID,
	       "VMREAD without a current VMCS: VMfailInvalid");
	is_u64(evmcs__write(p, VMCS_GUEST_RIP, 1, false).status, VMX_FAIL_INVALID,
	       "VMWRITE without a current VMCS: VMfailInvalid");
	is_u64(evmcs__read(p, 0xffff, &v).status, VMX_FAIL_INVALID,
	       "  checked before the field (SDM 31.3 order)");
	is_u64(p->dirty, 0, "  nothing marked dirty");
	free(p);
}

static void test_read_only(void)
{
	struct turtle_evmcs *p = page();
	struct vmx_result r;
	uint64_t v;

	r = evmcs__write(p, VMCS_EXIT_REASON, 30, false);
	ok(r.status == VMX_FAIL_VALID && r.error == VMX_ERR_READ_ONLY_FIELD,
	   "VMWRITE EXIT_REASON: VMfailValid 13");
	is_u64(p->field[VMCS_IDX_EXIT_REASON], 0, "  field unchanged");
	r = evmcs__write(p, VMCS_EXIT_REASON, 30, true);
	ok(vmx_ok(r), "VMWRITE EXIT_REASON with IA32_VMX_MISC[29]: succeeds");
	ok(vmx_ok(evmcs__read(p, VMCS_EXIT_REASON, &v)) && v == 30, "  and reads back");
	free(p);
}

struct width_case {
	uint64_t encoding, write, read;
	const char *what;
};

static const struct width_case widths[] = {
	{ VMCS_GUEST_CS_SELECTOR, 0x123456789ull, 0x6789, "16-bit field truncates" },
	{ VMCS_GUEST_CS_LIMIT, 0x1ffffffffull, 0xffffffff, "32-bit field truncates" },
	{ VMCS_EPT_POINTER, 0x8000000012345e1eull, 0x8000000012345e1eull, "64-bit field whole" },
	{ VMCS_GUEST_RIP, 0xffffffff80001000ull, 0xffffffff80001000ull, "natural width whole" },
};

static void test_widths(void)
{
	unsigned i;

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		struct turtle_evmcs *p = page();
		uint64_t v = 0;

		ok(vmx_ok(evmcs__write(p, widths[i].encoding, widths[i].write, false)) &&
		   vmx_ok(evmcs__read(p, widths[i].encoding, &v)),
		   "%s: write and read succeed", widths[i].what);
		is_u64(v, widths[i].read, "  value");
		is_u64(p->dirty, 1u << turtle_evmcs__group((uint32_t)widths[i].encoding),
		       "  exactly its group dirty");
		free(p);
	}
}

static void test_high_access(void)
{
	struct turtle_evmcs *p = page();
	uint64_t v = 0;

	evmcs__write(p, VMCS_TSC_OFFSET, 0x1111222233334444ull, false);
	ok(vmx_ok(evmcs__write(p, VMCS_TSC_OFFSET | 1, 0xffffffffaaaabbbbull, false)),
	   "VMWRITE high of TSC_OFFSET succeeds");
	is_u64(p->field[VMCS_IDX_TSC_OFFSET], 0xaaaabbbb33334444ull,
	       "  replaces bits 63:32 only");
	evmcs__read(p, VMCS_TSC_OFFSET | 1, &v);
	is_u64(v, 0xaaaabbbbull, "VMREAD high returns bits 63:32");
	free(p);
}

int main(void)
{
	test_layout();
	test_unknown_fields();
	test_no_current_vmcs();
	test_read_only();
	test_widths();
	test_high_access();
	return done_testing();
}
