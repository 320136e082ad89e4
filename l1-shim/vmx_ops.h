/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/vmx_ops.h: the VMX operations an L1 hypervisor uses, one function
 * per VMX instruction (SDM ch. 31), with the instruction's semantics.
 *
 * Three flavours, chosen when the shim is built:
 *   raw  (default)      the VMX instructions themselves, in inline asm; L0
 *                       traps and emulates them (design.md, transport 2).
 *   pv   (-DL1_SHIM_PV) hypercalls (l1-shim/turtle_hypercall.h), plus the
 *                       enlightened VMCS, in which VMREAD and VMWRITE are
 *                       loads and stores of a page shared with L0.
 *   native (-DL1_SHIM_NATIVE)
 *                       raw's instructions (vmx_raw.c) with fixed operand
 *                       forms, and no Turtle service at all: what a
 *                       hypervisor on hardware would run.
 * KVM refuses CR4.VMXE, so raw and pv also have vmx_enable(), a hypercall
 * (vmx_common.c), and vmcs_dump(); native has neither: it sets CR4.VMXE
 * with MOV to CR4, as on hardware, and is linked without vmx_common.c,
 * vmx_pv.c and evmcs.c.
 *
 * Freestanding: no libc, no guest library.  Addresses given as uint64_t
 * are guest-physical.  The few pointers the shim hands to L0 (the
 * enlightened-VMCS page, the GPR block of vmx_enter) must be identity-mapped
 * (virtual = guest-physical), as they are in the Turtle test guests.
 */
#ifndef L1_SHIM__VMX_OPS_H
#define L1_SHIM__VMX_OPS_H

#include <stdbool.h>
#include <stdint.h>

#if defined(L1_SHIM_PV) && defined(L1_SHIM_NATIVE)
#error "L1_SHIM_PV and L1_SHIM_NATIVE name two different flavours"
#endif

#ifndef L1_SHIM_NATIVE
#include "l1-shim/turtle_hypercall.h"
#endif

/* Outcome of a VMX instruction: SDM 31.2 "Conventions" (VMsucceed,
 * VMfailInvalid, VMfailValid(ErrorNumber)). */
enum vmx_status {
	VMX_SUCCEED      = 0,
	VMX_FAIL_INVALID = 1,	/* CF = 1: no current VMCS to hold an error */
	VMX_FAIL_VALID   = 2,	/* ZF = 1: error = VM-instruction error number */
	VMX_FAIL_ABI     = 3,	/* pv only: L0 refused the hypercall itself;
				 * error = enum turtle_hc_status */
};

struct vmx_result {
	enum vmx_status status;
	uint32_t error;		/* SDM 31.4, Table 31-1; 0 unless FAIL_VALID/ABI */
};

static inline bool vmx_ok(struct vmx_result r)
{
	return r.status == VMX_SUCCEED;
}

/* IA32_VMX_MISC bit 29: VMWRITE may write the VM-exit information fields
 * (SDM A.6); without it such a VMWRITE fails with error 13. */
#define VMX_MISC_VMWRITE_ANY		(1ull << 29)

/* VM-instruction error numbers the shim itself produces (SDM 31.4). */
#define VMX_ERR_UNSUPPORTED_FIELD	12	/* VMREAD/VMWRITE unknown field */
#define VMX_ERR_READ_ONLY_FIELD		13	/* VMWRITE to a read-only field */

/* INVEPT / INVVPID types (SDM 31.3, INVEPT and INVVPID descriptions). */
enum vmx_invept_type {
	VMX_INVEPT_SINGLE_CONTEXT = 1,
	VMX_INVEPT_ALL_CONTEXT    = 2,
};

enum vmx_invvpid_type {
	VMX_INVVPID_ADDRESS            = 0,
	VMX_INVVPID_SINGLE_CONTEXT     = 1,
	VMX_INVVPID_ALL_CONTEXT        = 2,
	VMX_INVVPID_SINGLE_NON_GLOBAL  = 3,
};

/* "raw", "pv" or "native": for messages. */
const char *vmx_flavour(void);

#ifndef L1_SHIM_NATIVE
/* CR4.VMXE on and off (SDM 24.7: VMXON needs CR4.VMXE = 1).  KVM answers a
 * MOV to CR4 with VMXE by #GP, so L0 keeps the bit for L1: a hypercall. */
struct vmx_result vmx_enable(void);
struct vmx_result vmx_disable(void);
#endif

struct vmx_result vmxon(uint64_t region_pa);
struct vmx_result vmxoff(void);
struct vmx_result vmclear(uint64_t vmcs_pa);
struct vmx_result vmptrld(uint64_t vmcs_pa);
struct vmx_result vmptrst(uint64_t *vmcs_pa);
struct vmx_result vmread(uint64_t field, uint64_t *value);
struct vmx_result vmwrite(uint64_t field, uint64_t value);
/* On success these do not return: the next VM exit continues at the
 * current VMCS's HOST_RIP with HOST_RSP (SDM 28.5).  They return only on
 * VMfail. */
struct vmx_result vmlaunch(void);
struct vmx_result vmresume(void);
struct vmx_result invept(enum vmx_invept_type type, uint64_t eptp);
struct vmx_result invvpid(enum vmx_invvpid_type type, uint16_t vpid, uint64_t la);

/* The guest's general-purpose registers, indexed by the SDM's register
 * numbering (the one of exit qualifications and VM-exit instruction
 * information, SDM 28.2.1): RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8-R15.
 * The RSP slot is ignored on entry: VM entry loads RSP from the VMCS. */
enum vmx_gpr {
	VMX_RAX, VMX_RCX, VMX_RDX, VMX_RBX, VMX_RSP, VMX_RBP, VMX_RSI, VMX_RDI,
	VMX_R8, VMX_R9, VMX_R10, VMX_R11, VMX_R12, VMX_R13, VMX_R14, VMX_R15,
	VMX_NR_GPRS
};

struct vmx_gprs {
	uint64_t r[VMX_NR_GPRS];
};

/* VMLAUNCH (launch) or VMRESUME with every GPR taken from gprs, which is
 * what a hypervisor needs to start or continue a guest: hardware leaves
 * GPRs alone on VM entry (SDM 27.3), so they must hold the guest's values
 * at the instruction.  Does not return on success; returns the VMfail
 * otherwise.  The caller's callee-saved registers survive a failure. */
struct vmx_result vmx_enter(const struct vmx_gprs *gprs, bool launch);

#ifndef L1_SHIM_NATIVE
/* Ask L0 to print the current vmcs12 on its stderr (a debugging aid; in
 * the raw flavour too, since no instruction does this). */
struct vmx_result vmcs_dump(void);
#endif

#ifdef L1_SHIM_PV
/* Enlightened VMCS: page is a 4 KiB-aligned, identity-mapped page of L1
 * memory.  Checks that L0 offers the feature (VERSION), then hands the page
 * over; from then on vmread/vmwrite touch only the page.  NULL turns the
 * mode off.  FAIL_ABI when L0 lacks the feature or refuses the page. */
struct vmx_result vmx_evmcs_enable(struct turtle_evmcs *page);
#endif

#endif /* L1_SHIM__VMX_OPS_H */
