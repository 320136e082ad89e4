/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check.c: the run in SDM order (SDM 27.1 ends where this
 * begins: the instruction layer has already made the basic checks), one
 * family after the other, and the capabilities a VMCS is checked against
 * by default. */
#include "vmcs-merge/entry_check_int.h"
#include "vmcs-merge/vmx_caps.h"

typedef enum vmx_error (*vmfail_family)(struct entry_check_ctx *c);
typedef enum entry_check_exit (*exit_family)(struct entry_check_ctx *c);

/* SDM 27.2 order: controls, then host state (SDM 27.2.2 to 27.2.4). */
static const vmfail_family vmfail_families[] = {
	entry_check__exec_controls,
	entry_check__exit_controls,
	entry_check__entry_controls,
	entry_check__host_regs,
	entry_check__host_segments,
	entry_check__host_addr_size,
};

/* SDM 27.3 then 27.4: guest state, then MSR loading. */
static const exit_family exit_families[] = {
	entry_check__guest_regs,
	entry_check__guest_segments,
	entry_check__guest_desc_tables,
	entry_check__guest_rip_rflags,
	entry_check__guest_non_reg,
	entry_check__guest_pdptes,
	entry_check__msr_load,
};

struct entry_check_result entry_check__run(const struct entry_check_input *in)
{
	struct entry_check_result r = { .kind = ENTRY_CHECK_PASSED };
	struct entry_check_ctx c = {
		.in = in, .v = in->vmcs, .caps = in->caps, .res = &r,
	};
	unsigned i;

	for (i = 0; i < sizeof(vmfail_families) / sizeof(vmfail_families[0]); i++) {
		enum vmx_error e = vmfail_families[i](&c);

		if (e != VMX_ERR_NONE) {
			r.kind = ENTRY_CHECK_VMFAIL;
			r.vmfail = e;
			return r;
		}
	}
	for (i = 0; i < sizeof(exit_families) / sizeof(exit_families[0]); i++) {
		enum entry_check_exit e = exit_families[i](&c);

		if (e != ENTRY_EXIT_NONE) {
			r.kind = ENTRY_CHECK_EXIT;
			r.exit = e;
			r.exit_reason = (uint32_t)e | ENTRY_CHECK_FAILED_ENTRY;
			return r;
		}
	}
	return r;
}

void entry_check__default_caps(struct entry_check_caps *caps)
{
	/* SDM A.3.1-A.5: the TRUE MSRs let CR3-load/store exiting and the
	 * debug-control save/load bits be 0; other default1 bits stay 1. */
	uint32_t proc_relaxed = VMX_PROC_CR3_LOAD_EXITING | VMX_PROC_CR3_STORE_EXITING;

	*caps = (struct entry_check_caps){
		.pin_must1 = VMX_PIN_DEFAULT1,
		.proc_must1 = VMX_PROC_DEFAULT1 & ~proc_relaxed,
		.exit_must1 = VMX_EXIT_DEFAULT1 & ~(uint32_t)VMX_EXIT_SAVE_DEBUG_CONTROLS,
		.entry_must1 = VMX_ENTRY_DEFAULT1 & ~(uint32_t)VMX_ENTRY_LOAD_DEBUG_CONTROLS,
		.proc2_may1 = vmx_controls__supported(VMX_GROUP_PROC2),
		.basic = VMX_REVISION_ID,
		/* HLT activity state, no CR3 targets, 512-entry MSR lists. */
		.misc = MISC_ACT_HLT,
		/* 4-level walks, UC and WB, no accessed/dirty flags. */
		.ept_vpid_cap = EPT_CAP_WALK_4 | EPT_CAP_UC | EPT_CAP_WB,
		/* SDM A.7, A.8 without unrestricted guest: PE, NE, PG and VMXE. */
		.cr0_fixed0 = VMX_CR0_FIXED0,
		.cr0_fixed1 = 0xffffffffull,
		.cr4_fixed0 = VMX_CR4_FIXED0,
		.cr4_fixed1 = 0x3727ffull,
		/* SCE, LME, LMA, NXE. */
		.efer_valid = 0xd01ull,
		/* LBR, BTF. */
		.debugctl_valid = 0x3ull,
		.linear_width = 48,
		.nmi_sti_fails = 1,
	};
	caps->pin_may1 = caps->pin_must1 | vmx_controls__supported(VMX_GROUP_PIN);
	caps->proc_may1 = caps->proc_must1 | vmx_controls__supported(VMX_GROUP_PROC);
	caps->exit_may1 = caps->exit_must1 | vmx_controls__supported(VMX_GROUP_EXIT);
	caps->entry_may1 = caps->entry_must1 | vmx_controls__supported(VMX_GROUP_ENTRY);
}

/* Exactly what L1 reads from the capability MSRs of @vcpu, on top of the
 * defaults: L0's entry checks and the fuzz harness compare against this. */
void entry_check__vcpu_caps(struct entry_check_caps *c, const struct vmx_caps *vcpu)
{
	uint64_t v;

	entry_check__default_caps(c);
	vmx_caps__controls(vcpu, VMX_GROUP_PIN, &c->pin_must1, &c->pin_may1);
	vmx_caps__controls(vcpu, VMX_GROUP_PROC, &c->proc_must1, &c->proc_may1);
	vmx_caps__controls(vcpu, VMX_GROUP_EXIT, &c->exit_must1, &c->exit_may1);
	vmx_caps__controls(vcpu, VMX_GROUP_ENTRY, &c->entry_must1, &c->entry_may1);
#define CAP(field, msr) if (!vmx_caps__read_msr(vcpu, MSR_IA32_##msr, &v)) c->field = v
	CAP(basic, VMX_BASIC);
	CAP(misc, VMX_MISC);
	CAP(ept_vpid_cap, VMX_EPT_VPID_CAP);
	CAP(cr0_fixed0, VMX_CR0_FIXED0);
	CAP(cr0_fixed1, VMX_CR0_FIXED1);
	CAP(cr4_fixed0, VMX_CR4_FIXED0);
	CAP(cr4_fixed1, VMX_CR4_FIXED1);
	if (!vmx_caps__read_msr(vcpu, MSR_IA32_VMX_PROCBASED_CTLS2, &v))
		c->proc2_may1 = (uint32_t)(v >> 32);
#undef CAP
}
