/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_caps.c: capability MSR values (SDM Appendix A).
 *
 * Everything is computed on each read from the control list and the few
 * inputs in struct vmx_caps, so the MSRs can never disagree with each other
 * or with what the merge code implements.
 */
#include <stddef.h>

#include "ept-compose/eptp.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_caps.h"

#define CR0_FIXED0 VMX_CR0_FIXED0
/* SDM A.7: every architectural CR0 bit may be 1. */
#define CR0_FIXED1 0xffffffffull
#define CR4_FIXED0 VMX_CR4_FIXED0

/* VMX_BASIC fields (SDM A.1). */
#define BASIC_REGION_SIZE_SHIFT 32
#define BASIC_MEMTYPE_SHIFT     50
#define BASIC_MEMTYPE_WB        6ull
#define BASIC_INS_OUTS_INFO     (1ull << 54)
#define BASIC_TRUE_CTLS         (1ull << 55)

/* VMX_MISC fields (SDM A.6). */
#define MISC_HLT_STATE    (1ull << 6)

void vmx_caps__init(struct vmx_caps *caps, uint64_t host_cr4_mask,
		    unsigned maxphyaddr)
{
	caps->revision_id = VMX_REVISION_ID;
	caps->maxphyaddr = maxphyaddr;
	caps->cr4_allowed = host_cr4_mask;
	/* L0 keeps vmcs12 in memory, so a write to an exit-information field
	 * costs nothing; KVM advertises the same. */
	caps->vmwrite_any_field = 1;
	/* Firmware locked the MSR with VMX enabled outside SMX (SDM 24.7);
	 * L1 never runs in SMX operation. */
	caps->feature_control = FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMX_OUTSIDE;
}

/* Default1 controls the TRUE MSRs let L1 clear: SDM A.3.2 (CR3-load and
 * CR3-store exiting), A.4.1 (save debug controls), A.5.1 (load debug
 * controls).  L0 needs none of them at 1. */
static uint32_t true_clearable(enum vmx_control_group g)
{
	switch (g) {
	case VMX_GROUP_PROC:  return VMX_PROC_CR3_LOAD_EXITING | VMX_PROC_CR3_STORE_EXITING;
	case VMX_GROUP_EXIT:  return VMX_EXIT_SAVE_DEBUG_CONTROLS;
	case VMX_GROUP_ENTRY: return VMX_ENTRY_LOAD_DEBUG_CONTROLS;
	case VMX_GROUP_PIN:
	case VMX_GROUP_PROC2:
	case VMX_GROUP_COUNT:
		break;
	}
	return 0;
}

static uint64_t ctls(enum vmx_control_group g, int true_msr)
{
	uint32_t must = vmx_controls__default1(g);
	uint32_t may = vmx_controls__supported(g) | must;

	if (true_msr)
		must &= ~true_clearable(g);
	return must | (uint64_t)may << 32;
}

void vmx_caps__controls(const struct vmx_caps *caps, enum vmx_control_group g,
			uint32_t *must_be_1, uint32_t *may_be_1)
{
	uint64_t v = ctls(g, 1);

	*must_be_1 = (uint32_t)v;
	*may_be_1 = (uint32_t)(v >> 32);
}

static uint64_t basic(const struct vmx_caps *caps)
{
	/* Bit 48 (32-bit addresses only) and 49 (dual monitor) stay 0; bit 54
	 * is set because exit-forwarder fills the instruction information of
	 * INS/OUTS exits (exit_qual__io_instr_info, SDM 28.2.5). */
	return (caps->revision_id & 0x7fffffffu) |
	       (uint64_t)VMCS12_REGION_SIZE << BASIC_REGION_SIZE_SHIFT |
	       BASIC_MEMTYPE_WB << BASIC_MEMTYPE_SHIFT | BASIC_INS_OUTS_INFO |
	       BASIC_TRUE_CTLS;
}

static uint64_t misc(const struct vmx_caps *caps)
{
	/* CR3-target count (24:16) 0: L0 has no CR3-load exiting; MSR lists of
	 * 512 entries (27:25 = 0); no SMM, PT or zero-length injection. */
	uint64_t v = VMX_MISC_TIMER_RATE | VMX_MISC_SAVES_LMA | MISC_HLT_STATE;

	if (caps->vmwrite_any_field)
		v |= VMX_MISC_VMWRITE_ANY;
	return v;
}

static uint64_t ept_vpid(void)
{
	/* What ept-compose implements (no execute-only and no accessed/dirty
	 * flags: KVM memslots cannot express either, docs/vmx-caps.md) and
	 * INVEPT. */
	return EPT12_CAP | EPT_CAP_INVEPT | EPT_CAP_INVEPT_TYPE(1) |
	       EPT_CAP_INVEPT_TYPE(2) | VPID_CAP_INVVPID |
	       VPID_CAP_INVVPID_TYPE(0) | VPID_CAP_INVVPID_TYPE(1) |
	       VPID_CAP_INVVPID_TYPE(2) | VPID_CAP_INVVPID_TYPE(3);
}

int vmx_caps__read_msr(const struct vmx_caps *caps, uint32_t index,
		       uint64_t *value)
{
	switch ((enum vmx_cap_msr)index) {
	case MSR_IA32_FEATURE_CONTROL:
		*value = caps->feature_control;
		return 0;
	case MSR_IA32_VMX_BASIC:		*value = basic(caps); return 0;
	case MSR_IA32_VMX_PINBASED_CTLS:	*value = ctls(VMX_GROUP_PIN, 0); return 0;
	case MSR_IA32_VMX_PROCBASED_CTLS:	*value = ctls(VMX_GROUP_PROC, 0); return 0;
	case MSR_IA32_VMX_EXIT_CTLS:		*value = ctls(VMX_GROUP_EXIT, 0); return 0;
	case MSR_IA32_VMX_ENTRY_CTLS:		*value = ctls(VMX_GROUP_ENTRY, 0); return 0;
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS:	*value = ctls(VMX_GROUP_PIN, 1); return 0;
	case MSR_IA32_VMX_TRUE_PROCBASED_CTLS:	*value = ctls(VMX_GROUP_PROC, 1); return 0;
	case MSR_IA32_VMX_TRUE_EXIT_CTLS:	*value = ctls(VMX_GROUP_EXIT, 1); return 0;
	case MSR_IA32_VMX_TRUE_ENTRY_CTLS:	*value = ctls(VMX_GROUP_ENTRY, 1); return 0;
	case MSR_IA32_VMX_PROCBASED_CTLS2:	*value = ctls(VMX_GROUP_PROC2, 0); return 0;
	case MSR_IA32_VMX_MISC:			*value = misc(caps); return 0;
	case MSR_IA32_VMX_CR0_FIXED0:		*value = CR0_FIXED0; return 0;
	case MSR_IA32_VMX_CR0_FIXED1:		*value = CR0_FIXED1; return 0;
	case MSR_IA32_VMX_CR4_FIXED0:		*value = CR4_FIXED0; return 0;
	case MSR_IA32_VMX_CR4_FIXED1:		*value = caps->cr4_allowed | CR4_FIXED0; return 0;
	case MSR_IA32_VMX_VMCS_ENUM:		*value = (uint64_t)vmcs_field__max_index() << 1; return 0;
	case MSR_IA32_VMX_EPT_VPID_CAP:		*value = ept_vpid(); return 0;
	}
	return -1;
}

const char *vmx_caps__msr_name(uint32_t index)
{
	switch (index) {
#define X(idx, name) case idx: return #name;
#include "vmcs-merge/vmx_caps.def"
#undef X
	default:
		return NULL;
	}
}

int vmx_caps__cr0_ok(const struct vmx_caps *caps, uint64_t cr0)
{
	return (cr0 & CR0_FIXED0) == CR0_FIXED0 && (cr0 & ~CR0_FIXED1) == 0;
}

int vmx_caps__cr4_ok(const struct vmx_caps *caps, uint64_t cr4)
{
	uint64_t fixed1 = caps->cr4_allowed | CR4_FIXED0;

	return (cr4 & CR4_FIXED0) == CR4_FIXED0 && (cr4 & ~fixed1) == 0;
}

struct ept12_cfg vmx_caps__ept12_cfg(const struct vmx_caps *caps, const struct guest_mem *mem)
{
	return (struct ept12_cfg){
		.mem = mem,
		.pa_bits = caps->maxphyaddr,
		.page_1g = !!(ept_vpid() & EPT_CAP_1G),
	};
}

int vmx_caps__eptp_valid(const struct vmx_caps *caps, uint64_t eptp)
{
	/* The EPTP rules of ept-compose/eptp_checks.def, against the
	 * capability MSR L1 reads: those VM entry applies. */
	return eptp__check_cap(ept_vpid(), caps->maxphyaddr, eptp) == EPTP_OK;
}
