/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_caps.h: the VMX capability MSRs L0 advertises to L1
 * (SDM Appendix A), computed from vmx_controls.def and a few host facts the
 * caller passes.  What each value says and why: docs/vmx-caps.md. */
#ifndef VMCS_MERGE__VMX_CAPS_H
#define VMCS_MERGE__VMX_CAPS_H

#include <stdint.h>

#include "ept-compose/ept12_cfg.h"
#include "vmcs-merge/vmx_controls.h"

enum vmx_cap_msr {
#define X(index, name) MSR_IA32_##name = index,
#include "vmcs-merge/vmx_caps.def"
#undef X
};

/* The VMCS revision identifier of L0's vmcs12 format ("Turt"; bit 31 clear,
 * SDM A.1). */
#define VMX_REVISION_ID 0x54757274u

/* IA32_FEATURE_CONTROL (SDM 24.7): lock, VMX outside SMX. */
#define FEATURE_CONTROL_LOCKED        (1ull << 0)
#define FEATURE_CONTROL_VMX_IN_SMX    (1ull << 1)
#define FEATURE_CONTROL_VMX_OUTSIDE   (1ull << 2)

/* IA32_VMX_EPT_VPID_CAP (SDM A.10): the EPT bits are ept-compose's
 * (ept_bits.h, EPT12_CAP), the VPID bits these. */
#define VPID_CAP_INVVPID       (1ull << 32)
#define VPID_CAP_INVVPID_TYPE(t) (1ull << (40 + (t)))	/* t = 0 .. 3 */

/* IA32_VMX_CR0_FIXED0 (SDM A.7): without "unrestricted guest" (L0 cannot
 * offer it) PE, NE and PG stay 1 in VMX operation.  IA32_VMX_CR4_FIXED0
 * (SDM A.8): VMXE stays 1. */
#define VMX_CR0_FIXED0 ((1ull << 0) | (1ull << 5) | (1ull << 31))
#define VMX_CR4_FIXED0 (1ull << 13)

/* IA32_VMX_MISC bits (SDM A.6) L0 tests; bits 4:0, the rate: the
 * VMX-preemption timer counts down once every 2^5 TSC cycles. */
#define VMX_MISC_TIMER_RATE     5u
#define VMX_MISC_SAVES_LMA      (1ull << 5)
#define VMX_MISC_VMWRITE_ANY    (1ull << 29)
#define VMX_MISC_MSR_LIST_MAX   512u	/* 512 * (bits 27:25 + 1), bits 27:25 = 0 */

struct vmx_caps {
	uint32_t revision_id;		/* VMX_BASIC bits 30:0 */
	unsigned maxphyaddr;		/* L1's physical-address width */
	uint64_t cr4_allowed;		/* CR4 bits L1's CPU may set (host mask) */
	int vmwrite_any_field;		/* VMX_MISC bit 29: VMWRITE to exit info */
	uint64_t feature_control;	/* IA32_FEATURE_CONTROL as "firmware" left it */
};

/* host_cr4_mask: CR4 bits L1's virtual CPU supports (from its CPUID), the
 * basis of CR4_FIXED1; maxphyaddr: L1's CPUID.80000008H:EAX[7:0]. */
void vmx_caps__init(struct vmx_caps *caps, uint64_t host_cr4_mask,
		    unsigned maxphyaddr);

/* 0 and *value for an MSR of vmx_caps.def; -1 (L0 injects #GP) otherwise. */
int vmx_caps__read_msr(const struct vmx_caps *caps, uint32_t index,
		       uint64_t *value);
/* "VMX_BASIC" for 0x480; NULL for other MSRs. */
const char *vmx_caps__msr_name(uint32_t index);

/* Allowed-0 (bits that must be 1) and allowed-1 (bits that may be 1) of a
 * control group as the TRUE MSR reports it (the non-TRUE one for PROC2). */
void vmx_caps__controls(const struct vmx_caps *caps, enum vmx_control_group g,
			uint32_t *must_be_1, uint32_t *may_be_1);

/* What the EPT12 code must assume of L1's tables over @mem: exactly what
 * EPT_VPID_CAP offers (1-GByte pages, bit 17) and L1's MAXPHYADDR, since
 * L1 builds its tables from those (ept-compose/ept12_cfg.h). */
struct ept12_cfg vmx_caps__ept12_cfg(const struct vmx_caps *caps, const struct guest_mem *mem);

/* CR0/CR4 against the FIXED0/FIXED1 MSRs (SDM A.7, A.8): 1 when allowed. */
int vmx_caps__cr0_ok(const struct vmx_caps *caps, uint64_t cr0);
int vmx_caps__cr4_ok(const struct vmx_caps *caps, uint64_t cr4);

/* An EPTP that VM entry with "enable EPT" would accept (SDM 27.2.1.1): a
 * memory type and walk length EPT_VPID_CAP allows, no A/D enable, reserved
 * bits 11:7 and bits above maxphyaddr clear.  1 when valid. */
int vmx_caps__eptp_valid(const struct vmx_caps *caps, uint64_t eptp);

#endif /* VMCS_MERGE__VMX_CAPS_H */
