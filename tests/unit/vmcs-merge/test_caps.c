/* SPDX-License-Identifier: GPL-2.0-only */
/* Capability MSRs (SDM Appendix A): consistency with each other, with the
 * control list and with the field list. */
#include <stdlib.h>

#include "ept-compose/ept12_walk.h"
#include "tests/ram_buffer.h"
#include "tests/tap.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_caps.h"

static uint64_t rd(const struct vmx_caps *caps, uint32_t index)
{
	uint64_t v = 0xdeadbeefull;

	ok(vmx_caps__read_msr(caps, index, &v) == 0, "%s readable", vmx_caps__msr_name(index));
	return v;
}

static const struct {
	enum vmx_control_group g;
	uint32_t msr, true_msr, default1, true_clearable;
} groups[] = {
	{ VMX_GROUP_PIN, MSR_IA32_VMX_PINBASED_CTLS, MSR_IA32_VMX_TRUE_PINBASED_CTLS,
	  VMX_PIN_DEFAULT1, 0 },
	{ VMX_GROUP_PROC, MSR_IA32_VMX_PROCBASED_CTLS, MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
	  VMX_PROC_DEFAULT1, VMX_PROC_CR3_LOAD_EXITING | VMX_PROC_CR3_STORE_EXITING },
	{ VMX_GROUP_EXIT, MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS,
	  VMX_EXIT_DEFAULT1, VMX_EXIT_SAVE_DEBUG_CONTROLS },
	{ VMX_GROUP_ENTRY, MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS,
	  VMX_ENTRY_DEFAULT1, VMX_ENTRY_LOAD_DEBUG_CONTROLS },
	{ VMX_GROUP_PROC2, MSR_IA32_VMX_PROCBASED_CTLS2, MSR_IA32_VMX_PROCBASED_CTLS2, 0, 0 },
};

static void controls(const struct vmx_caps *caps)
{
	for (unsigned i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		uint64_t v = rd(caps, groups[i].msr), t = rd(caps, groups[i].true_msr);
		uint32_t a0 = (uint32_t)v, a1 = (uint32_t)(v >> 32);
		uint32_t t0 = (uint32_t)t, t1 = (uint32_t)(t >> 32);
		uint32_t must, may;
		const char *n = vmx_caps__msr_name(groups[i].msr);

		is_u64(a0 & ~a1, 0, "%s: allowed-0 is a subset of allowed-1", n);
		is_u64(t0 & ~t1, 0, "%s TRUE: allowed-0 is a subset of allowed-1", n);
		is_u64(a0, groups[i].default1, "%s: allowed-0 is exactly default1", n);
		is_u64(t1, a1, "%s TRUE: same allowed-1", n);
		is_u64(t0, groups[i].default1 & ~groups[i].true_clearable,
		       "%s TRUE: default1 minus the SDM's clearable controls", n);
		is_u64(groups[i].true_clearable & ~groups[i].default1, 0,
		       "%s: clearable controls are default1 ones", n);
		vmx_caps__controls(caps, groups[i].g, &must, &may);
		ok(must == t0 && may == t1, "%s: vmx_caps__controls agrees with the TRUE MSR", n);
		/* Allowed-1 is exactly the supported controls plus default1. */
		is_u64(a1, vmx_controls__supported(groups[i].g) | groups[i].default1,
		       "%s: allowed-1 = supported | default1", n);
	}
	/* Every control of the list: present in allowed-1 iff L0 implements it
	 * (or it is a default1 control). */
	for (unsigned i = 0; i < vmx_controls_count; i++) {
		const struct vmx_control_info *c = &vmx_controls[i];
		uint64_t v = 0;
		uint32_t msr = 0, d1 = 0;

		for (unsigned j = 0; j < sizeof(groups) / sizeof(groups[0]); j++)
			if (groups[j].g == c->group) {
				msr = groups[j].msr;
				d1 = groups[j].default1;
			}
		vmx_caps__read_msr(caps, msr, &v);
		is_u64(v >> (32 + c->bit) & 1, c->l0_supported || (d1 >> c->bit & 1),
		       "control %s in allowed-1 iff supported", c->name);
	}
}

static void others(struct vmx_caps *caps)
{
	uint64_t basic = rd(caps, MSR_IA32_VMX_BASIC);
	uint64_t misc, ept, f0, f1;
	unsigned max = 0;

	is_u64(basic & 0x7fffffff, VMX_REVISION_ID, "BASIC: revision id");
	is_u64(basic >> 31 & 1, 0, "BASIC: bit 31 is 0");
	is_u64(basic >> 32 & 0x1fff, 4096, "BASIC: region size 4096");
	is_u64(basic >> 48 & 1, 0, "BASIC: 64-bit physical addresses");
	is_u64(basic >> 49 & 1, 0, "BASIC: no dual-monitor SMM");
	is_u64(basic >> 50 & 0xf, 6, "BASIC: write-back VMCS");
	is_u64(basic >> 54 & 1, 1, "BASIC: INS/OUTS instruction information");
	is_u64(basic >> 55 & 1, 1, "BASIC: TRUE controls");
	is_u64(rd(caps, MSR_IA32_FEATURE_CONTROL), 0x5, "FEATURE_CONTROL: locked, VMX outside SMX");

	misc = rd(caps, MSR_IA32_VMX_MISC);
	is_u64(misc >> 29 & 1, 1, "MISC: VMWRITE to any field by default");
	caps->vmwrite_any_field = 0;
	is_u64(rd(caps, MSR_IA32_VMX_MISC) >> 29 & 1, 0, "MISC: bit 29 follows the flag");
	caps->vmwrite_any_field = 1;
	is_u64(misc >> 5 & 1, 1, "MISC: EFER.LMA saved into IA-32e mode guest");
	is_u64(misc >> 16 & 0x1ff, 0, "MISC: no CR3-target values");
	is_u64(misc >> 25 & 7, 0, "MISC: 512-entry MSR lists");

	f0 = rd(caps, MSR_IA32_VMX_CR0_FIXED0);
	f1 = rd(caps, MSR_IA32_VMX_CR0_FIXED1);
	is_u64(f0 & ~f1, 0, "CR0: FIXED0 subset of FIXED1");
	is_u64(f0, 0x80000021, "CR0: PE, NE, PG fixed to 1");
	f0 = rd(caps, MSR_IA32_VMX_CR4_FIXED0);
	f1 = rd(caps, MSR_IA32_VMX_CR4_FIXED1);
	is_u64(f0, 0x2000, "CR4: VMXE fixed to 1");
	is_u64(f1, 0x3706ff | 0x2000, "CR4: FIXED1 is the host mask plus VMXE");
	ok(vmx_caps__cr4_ok(caps, 0x2020) && !vmx_caps__cr4_ok(caps, 0x20) &&
	   !vmx_caps__cr4_ok(caps, 0x2020 | 1u << 23), "CR4 check uses both");

	for (unsigned i = 0; i < VMCS_FIELD_COUNT; i++)
		if ((vmcs_fields[i].encoding >> 1 & 0x1ff) > max)
			max = vmcs_fields[i].encoding >> 1 & 0x1ff;
	is_u64(rd(caps, MSR_IA32_VMX_VMCS_ENUM), max << 1, "VMCS_ENUM: highest index of the list");

	ept = rd(caps, MSR_IA32_VMX_EPT_VPID_CAP);
	is_u64(ept & 1, 0, "EPT: no execute-only");
	is_u64(ept >> 21 & 1, 0, "EPT: no accessed/dirty flags");
	is_u64(ept >> 7 & 1, 0, "EPT: no 5-level walk");
	ok((ept & (1 << 6 | 1 << 8 | 1 << 14 | 1 << 16 | 1 << 17 | 1 << 20)) ==
	   (1 << 6 | 1 << 8 | 1 << 14 | 1 << 16 | 1 << 17 | 1 << 20),
	   "EPT: 4-level, UC, WB, 2M, 1G, INVEPT");
	is_u64(ept >> 24 & 7, 6, "EPT: INVEPT single and all context");
	is_u64(ept >> 32 & 1, 1, "VPID: INVVPID");
	is_u64(ept >> 40 & 0xf, 0xf, "VPID: all four INVVPID types");

	uint64_t v;
	ok(vmx_caps__read_msr(caps, 0x491, &v) == -1, "VMFUNC MSR absent");
	ok(vmx_caps__read_msr(caps, 0x492, &v) == -1, "PROCBASED_CTLS3 absent");
	ok(vmx_caps__read_msr(caps, 0x493, &v) == -1, "EXIT_CTLS2 absent");
	ok(vmx_caps__read_msr(caps, 0x10, &v) == -1, "TSC is not a VMX MSR");
	/* Controls that imply other MSRs are off, so those MSRs may be absent. */
	is_u64(rd(caps, MSR_IA32_VMX_PROCBASED_CTLS2) >> 32 & VMX_PROC2_ENABLE_VMFUNC, 0,
	       "VM functions not offered");
	is_u64(rd(caps, MSR_IA32_VMX_PROCBASED_CTLS) >> 32 & VMX_PROC_TERTIARY_CONTROLS, 0,
	       "tertiary controls not offered");
	ok(vmx_caps__eptp_valid(caps, 0x1000 | 6 | 3 << 3) &&
	   !vmx_caps__eptp_valid(caps, 0x1000 | 6 | 3 << 3 | 1 << 6),
	   "EPTP validity follows EPT_VPID_CAP");
}

/* L0 walks EPT12 as EPT_VPID_CAP told L1 to build it: a 1-GByte page
 * (bit 17 offered) translates; it is no misconfiguration, as it was when
 * L0 configured the walker without 1-GByte pages. */
static void ept_cfg(const struct vmx_caps *caps)
{
	struct ept12_cfg cfg = vmx_caps__ept12_cfg(caps, &mem);
	struct ept_access acc = { .type = EPT_ACCESS_READ };
	struct ept12_walk w;

	is_u64(cfg.page_1g, rd(caps, MSR_IA32_VMX_EPT_VPID_CAP) >> 17 & 1,
	       "EPT12 walker: 1-GByte pages as EPT_VPID_CAP bit 17 says");
	is_u64(cfg.pa_bits, caps->maxphyaddr, "EPT12 walker: L1's MAXPHYADDR");
	ram = calloc(1, RAM_SIZE);
	put64(0x1000, 0x2000 | 7);				/* PML4E 0 -> PDPT */
	put64(0x2008, 0x40000000 | 0x80 | 6 << 3 | 7);		/* PDPTE 1: 1 GiB, WB, RWX */
	ept12__walk(&cfg, 0x1000 | 3 << 3 | 6, 0x40001234, &acc, &w);
	ok(w.status == EPT12_OK && w.l1_gpa == 0x40001234 && w.page_size == 1ull << 30,
	   "a 1-GByte EPT12 leaf translates (status %d, l1 0x%llx)", w.status,
	   (unsigned long long)w.l1_gpa);
	free(ram);
}

int main(void)
{
	struct vmx_caps caps;

	vmx_caps__init(&caps, 0x3706ff, 39);
	controls(&caps);
	others(&caps);
	ept_cfg(&caps);
	return done_testing();
}
