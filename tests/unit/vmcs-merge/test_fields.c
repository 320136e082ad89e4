/* SPDX-License-Identifier: GPL-2.0-only */
/* The VMCS field list against encodings looked up independently in SDM
 * Vol. 3D Appendix B (Tables B-1 to B-14), and the generated lookup. */
#include <stddef.h>

#include "tests/tap.h"
#include "vmcs-merge/vmcs12.h"

static const struct {
	uint32_t encoding;
	const char *name;
	unsigned width, type;
} sdm[] = {
	{ 0x0000, "VPID",                     0, 0 },
	{ 0x0002, "POSTED_INTR_NV",           0, 0 },
	{ 0x0004, "EPTP_INDEX",               0, 0 },
	{ 0x0800, "GUEST_ES_SELECTOR",        0, 2 },
	{ 0x0802, "GUEST_CS_SELECTOR",        0, 2 },
	{ 0x080e, "GUEST_TR_SELECTOR",        0, 2 },
	{ 0x0810, "GUEST_INTR_STATUS",        0, 2 },
	{ 0x0812, "GUEST_PML_INDEX",          0, 2 },
	{ 0x0c00, "HOST_ES_SELECTOR",         0, 3 },
	{ 0x0c02, "HOST_CS_SELECTOR",         0, 3 },
	{ 0x0c0c, "HOST_TR_SELECTOR",         0, 3 },
	{ 0x2000, "IO_BITMAP_A",              1, 0 },
	{ 0x2002, "IO_BITMAP_B",              1, 0 },
	{ 0x2004, "MSR_BITMAP",               1, 0 },
	{ 0x2006, "EXIT_MSR_STORE_ADDR",      1, 0 },
	{ 0x2008, "EXIT_MSR_LOAD_ADDR",       1, 0 },
	{ 0x200a, "ENTRY_MSR_LOAD_ADDR",      1, 0 },
	{ 0x2010, "TSC_OFFSET",               1, 0 },
	{ 0x2012, "VIRTUAL_APIC_PAGE_ADDR",   1, 0 },
	{ 0x201a, "EPT_POINTER",              1, 0 },
	{ 0x2026, "VMREAD_BITMAP",            1, 0 },
	{ 0x2032, "TSC_MULTIPLIER",           1, 0 },
	{ 0x2400, "GUEST_PHYSICAL_ADDRESS",   1, 1 },
	{ 0x2800, "VMCS_LINK_POINTER",        1, 2 },
	{ 0x2802, "GUEST_IA32_DEBUGCTL",      1, 2 },
	{ 0x2804, "GUEST_IA32_PAT",           1, 2 },
	{ 0x2806, "GUEST_IA32_EFER",          1, 2 },
	{ 0x280a, "GUEST_PDPTE0",             1, 2 },
	{ 0x2c00, "HOST_IA32_PAT",            1, 3 },
	{ 0x2c02, "HOST_IA32_EFER",           1, 3 },
	{ 0x4000, "PIN_BASED_CONTROLS",       2, 0 },
	{ 0x4002, "PROC_BASED_CONTROLS",      2, 0 },
	{ 0x4004, "EXCEPTION_BITMAP",         2, 0 },
	{ 0x400c, "EXIT_CONTROLS",            2, 0 },
	{ 0x4012, "ENTRY_CONTROLS",           2, 0 },
	{ 0x4016, "ENTRY_INTR_INFO",          2, 0 },
	{ 0x401e, "SECONDARY_PROC_CONTROLS",  2, 0 },
	{ 0x4400, "VM_INSTRUCTION_ERROR",     2, 1 },
	{ 0x4402, "EXIT_REASON",              2, 1 },
	{ 0x4404, "EXIT_INTR_INFO",           2, 1 },
	{ 0x440e, "VMX_INSTRUCTION_INFO",     2, 1 },
	{ 0x4800, "GUEST_ES_LIMIT",           2, 2 },
	{ 0x4816, "GUEST_CS_AR",              2, 2 },
	{ 0x4824, "GUEST_INTERRUPTIBILITY",   2, 2 },
	{ 0x4826, "GUEST_ACTIVITY_STATE",     2, 2 },
	{ 0x482a, "GUEST_IA32_SYSENTER_CS",   2, 2 },
	{ 0x482e, "PREEMPTION_TIMER_VALUE",   2, 2 },
	{ 0x4c00, "HOST_IA32_SYSENTER_CS",    2, 3 },
	{ 0x6000, "CR0_GUEST_HOST_MASK",      3, 0 },
	{ 0x6006, "CR4_READ_SHADOW",          3, 0 },
	{ 0x600e, "CR3_TARGET_VALUE3",        3, 0 },
	{ 0x6400, "EXIT_QUALIFICATION",       3, 1 },
	{ 0x640a, "GUEST_LINEAR_ADDRESS",     3, 1 },
	{ 0x6800, "GUEST_CR0",                3, 2 },
	{ 0x6802, "GUEST_CR3",                3, 2 },
	{ 0x6804, "GUEST_CR4",                3, 2 },
	{ 0x6816, "GUEST_GDTR_BASE",          3, 2 },
	{ 0x681a, "GUEST_DR7",                3, 2 },
	{ 0x681c, "GUEST_RSP",                3, 2 },
	{ 0x681e, "GUEST_RIP",                3, 2 },
	{ 0x6820, "GUEST_RFLAGS",             3, 2 },
	{ 0x6822, "GUEST_PENDING_DBG_EXCEPTIONS", 3, 2 },
	{ 0x6c00, "HOST_CR0",                 3, 3 },
	{ 0x6c04, "HOST_CR4",                 3, 3 },
	{ 0x6c0c, "HOST_GDTR_BASE",           3, 3 },
	{ 0x6c14, "HOST_RSP",                 3, 3 },
	{ 0x6c16, "HOST_RIP",                 3, 3 },
};

/* Encodings that name no field: reserved bits, a high access of a
 * non-64-bit field, holes in the index space. */
static const uint64_t not_fields[] = {
	0x0001, 0x0803, 0x4001, 0x4401, 0x6801, 0x681f, 0x1000, 0x0016,
	0x2046, 0x440f, 0x4830, 0x6c1e, 0x8000, 0x100002000ull, 0x482c,
};

int main(void)
{
	unsigned n = sizeof(sdm) / sizeof(sdm[0]);

	for (unsigned i = 0; i < n; i++) {
		int high = -1;
		const struct vmcs_field_info *f = vmcs_field__find(sdm[i].encoding, &high);

		if (!ok(f != NULL, "0x%04x is a field", sdm[i].encoding))
			continue;
		is_str(f->name, sdm[i].name, "0x%04x name", sdm[i].encoding);
		is_u64(f->width, sdm[i].width, "%s width", sdm[i].name);
		is_u64(f->type, sdm[i].type, "%s type", sdm[i].name);
		is_u64(f->read_only, sdm[i].type == 1, "%s read-only", sdm[i].name);
		is_u64(high, 0, "%s full access", sdm[i].name);
		f = vmcs_field__find(sdm[i].encoding | 1, &high);
		if (sdm[i].width == 1)
			ok(f && high == 1 && f->encoding == sdm[i].encoding,
			   "%s high access resolves to the field", sdm[i].name);
		else
			ok(f == NULL, "%s has no high access", sdm[i].name);
	}
	for (unsigned i = 0; i < sizeof(not_fields) / sizeof(not_fields[0]); i++)
		ok(vmcs_field__find(not_fields[i], NULL) == NULL,
		   "0x%llx is not a field", (unsigned long long)not_fields[i]);

	/* The table: unique encodings, members that do not overlap. */
	int dup = 0, overlap = 0;
	for (unsigned i = 0; i < VMCS_FIELD_COUNT; i++)
		for (unsigned j = i + 1; j < VMCS_FIELD_COUNT; j++) {
			const struct vmcs_field_info *a = &vmcs_fields[i], *b = &vmcs_fields[j];
			unsigned sa = a->width == 0 ? 2 : a->width == 2 ? 4 : 8;
			unsigned sb = b->width == 0 ? 2 : b->width == 2 ? 4 : 8;

			dup += a->encoding == b->encoding;
			overlap += a->offset < b->offset + sb && b->offset < a->offset + sa;
		}
	/* The generated lookup finds every field of the list, by its own
	 * encoding, at its own row. */
	unsigned lost = 0;
	for (unsigned i = 0; i < VMCS_FIELD_COUNT; i++)
		lost += vmcs_field__find(vmcs_fields[i].encoding, NULL) != &vmcs_fields[i];
	is_u64(lost, 0, "lookup finds each of the list's %u fields", (unsigned)VMCS_FIELD_COUNT);
	is_u64(dup, 0, "no encoding listed twice");
	is_u64(overlap, 0, "no two fields share storage");
	ok(sizeof(struct vmcs12_region) <= 4096, "vmcs12 region fits 4 KiB (%zu)",
	   sizeof(struct vmcs12_region));
	is_str(vmcs_field__name(0x2401), "GUEST_PHYSICAL_ADDRESS", "name of a high access");
	ok(vmcs_field__name(0x4003) == NULL, "no name for a bad encoding");

	/* Raw accessors: width truncation and high halves. */
	struct vmcs12 v = { 0 };
	uint64_t val = 0;
	vmcs12__write(&v, VMCS_GUEST_CS_SELECTOR, 0x12345);
	is_u64(v.guest_cs_selector, 0x2345, "16-bit write truncates");
	vmcs12__write(&v, VMCS_GUEST_CS_LIMIT, 0x1ffffffffull);
	is_u64(v.guest_cs_limit, 0xffffffff, "32-bit write truncates");
	vmcs12__write(&v, VMCS_TSC_OFFSET, 0x1111111122222222ull);
	vmcs12__write(&v, VMCS_TSC_OFFSET | 1, 0x33333333);
	is_u64(v.tsc_offset, 0x3333333322222222ull, "high write replaces bits 63:32 only");
	vmcs12__read(&v, VMCS_TSC_OFFSET | 1, &val);
	is_u64(val, 0x33333333, "high read gives bits 63:32");
	vmcs12__write(&v, VMCS_GUEST_RIP, 0xffffffff81000000ull);
	vmcs12__read(&v, VMCS_GUEST_RIP, &val);
	is_u64(val, 0xffffffff81000000ull, "natural-width round trip");
	ok(vmcs12__read(&v, 0x6801, &val) == -1, "read of a bad encoding fails");
	ok(vmcs12__write(&v, 0x6801, 1) == -1, "write of a bad encoding fails");
	return done_testing();
}
