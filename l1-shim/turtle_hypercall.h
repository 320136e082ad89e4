/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/turtle_hypercall.h: the hypercall ABI between an L1 hypervisor
 * and L0.  One header, included by l0/ and by guests (freestanding: only
 * fixed-width integer types).  docs/abi.md is its prose.
 *
 * Transport: one 32-bit OUT to TURTLE_HC_PORT at CPL0.  VMCALL cannot be the
 * transport: on this host's KVM it livelocks the vCPU at CPL0, and on VT-x
 * KVM it never reaches userspace.  Port I/O exits to userspace on every KVM,
 * and L0 reads all registers from the same exit through KVM_CAP_SYNC_REGS,
 * so a hypercall costs one exit and no extra ioctl.
 *
 *   in:  EAX = call number (the value written), RBX, RCX, RSI = arguments
 *   out: RAX = status (enum turtle_hc_status), RBX = result where a call
 *        has one; the other registers are preserved.
 *
 * The VMX calls mirror the VMX instructions one to one, with the same
 * semantics and the same failures (SDM ch. 31): an instruction that would
 * raise #UD or #GP raises it in L1 at the OUT; VMfailInvalid and VMfailValid
 * come back as statuses, and L0 also sets RFLAGS.CF/ZF as the instruction
 * would, so raw and paravirtual flavours share their error paths.  A
 * successful VMLAUNCH/VMRESUME does not return: L1 continues at the vmcs12
 * host RIP/RSP after the next VM exit, as on hardware.
 */
#ifndef L1_SHIM__TURTLE_HYPERCALL_H
#define L1_SHIM__TURTLE_HYPERCALL_H

#include <stdint.h>

#define TURTLE_HC_PORT     0x0e00u
#define TURTLE_HC_ABI_VERSION 1u

/* X(number, NAME, kind, arguments, result)
 *   kind  VMX: the VMX instruction of the same name (L0 emulates it as
 *         the instruction, vmx_decode.h VMX_OPS); L0: a call of L0's own
 *         (L0 has one handler per call, l0/nested/nested_hc.c) */
#define TURTLE_HC_CALLS(X)                                                   \
	X(0,  VERSION,      L0,  "-",                     "RBX = ABI version | features << 32")       \
	X(1,  ENABLE_VMX,   L0,  "RBX = 1 set, 0 clear",  "-")                    \
	X(2,  VMXON,        VMX, "RBX = VMXON region gpa", "-")                   \
	X(3,  VMXOFF,       VMX, "-",                     "-")                    \
	X(4,  VMCLEAR,      VMX, "RBX = VMCS gpa",        "-")                    \
	X(5,  VMPTRLD,      VMX, "RBX = VMCS gpa",        "-")                    \
	X(6,  VMPTRST,      VMX, "-",                     "RBX = current VMCS gpa") \
	X(7,  VMREAD,       VMX, "RBX = field encoding",  "RBX = value")          \
	X(8,  VMWRITE,      VMX, "RBX = field encoding, RCX = value", "-")        \
	X(9,  VMLAUNCH,     VMX, "RBX = gpa of L2's GPRs, or 0", "does not return on success") \
	X(10, VMRESUME,     VMX, "RBX = gpa of L2's GPRs, or 0", "does not return on success") \
	X(11, INVEPT,       VMX, "RBX = type, RCX = EPTP", "-")                   \
	X(12, INVVPID,      VMX, "RBX = type, RCX = VPID, RSI = linear address", "-") \
	X(13, EVMCS_ENABLE, L0,  "RBX = gpa of a 4 KiB page, 0 to disable", "-")  \
	X(14, VMCS_DUMP,    L0,  "-",                     "vmcs12 printed by L0 on stderr")

enum turtle_hc_call {
#define TURTLE_HC_ENUM(num, name, ...) TURTLE_HC_##name = num,
	TURTLE_HC_CALLS(TURTLE_HC_ENUM)
#undef TURTLE_HC_ENUM
	TURTLE_HC_COUNT
};

enum turtle_hc_status {
	TURTLE_HC_SUCCESS        = 0,  /* VMsucceed */
	TURTLE_HC_FAIL_INVALID   = 1,  /* VMfailInvalid */
	TURTLE_HC_FAIL_VALID     = 2,  /* VMfailValid: RBX = VM-instruction error number */
	TURTLE_HC_UNKNOWN_CALL   = 3,  /* no such call number */
	TURTLE_HC_BAD_ARGUMENT   = 4,  /* e.g. an eVMCS page outside L1 RAM */
};

/* VERSION's RBX: features L0 offers. */
#define TURTLE_HC_FEATURE_EVMCS (1u << 0)

/*
 * Enlightened VMCS: one 4 KiB page of L1 memory shared with L0, holding the
 * current vmcs12.  VMREAD/VMWRITE become plain loads and stores in the shim;
 * only VMLAUNCH/VMRESUME (and VMPTRLD/VMCLEAR, which change which VMCS the
 * page mirrors) trap.  Fields are 64-bit slots indexed by their position in
 * vmcs-merge/vmcs_fields.def, so both sides derive the layout from one list.
 * A write sets the dirty bit of the field's group; at VMLAUNCH/VMRESUME L0
 * copies only dirty groups into its vmcs12 and clears the bits.  At a VM
 * exit L0 writes the exit-information and guest-state groups back.
 *
 * Group of a field = its encoding's type (bits 11:10) * 4 + width (14:13):
 * 16 groups (the Turtles "direct VMCS access" idea, done per group as in
 * Hyper-V's enlightened VMCS).
 */
#define TURTLE_EVMCS_MAGIC     0x53434d5645545254ull  /* "TRTEVMCS" */
#define TURTLE_EVMCS_SLOTS     508
/* Fields the page does not carry: VMREAD and VMWRITE of them stay
 * hypercalls.  GUEST_DR7 (0x681a): L2's MOV to DR7 never leaves the host's
 * KVM, and reading it costs L0 an ioctl, so L0 fetches it only when L1
 * asks instead of at every VM exit (docs/abi.md). */
#define TURTLE_EVMCS_FIELD_TRAPS(encoding) ((encoding) == 0x681au)

struct turtle_evmcs {
	uint64_t magic;
	uint32_t dirty;          /* bit g: group g written by L1 since entry */
	uint32_t reserved;
	uint64_t vmcs_gpa;       /* the VMCS this page mirrors (0 = none) */
	uint64_t reserved2;
	uint64_t field[TURTLE_EVMCS_SLOTS];
};

static inline unsigned turtle_evmcs__group(uint32_t encoding)
{
	return ((encoding >> 10) & 3) * 4 + ((encoding >> 13) & 3);
}

#endif /* L1_SHIM__TURTLE_HYPERCALL_H */
