/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/cpu_state.h: the state of one virtual CPU, neutral between the
 * VMCS and KVM.  vmcs-merge fills it from vmcs12 at VM entry (L2's state)
 * and at VM exit (L1's state); L0 converts it to and from KVM's regs, sregs
 * and events.  Values are architectural: L1's CR4 includes VMXE, which L0
 * drops before handing CR4 to KVM. */
#ifndef VMCS_MERGE__CPU_STATE_H
#define VMCS_MERGE__CPU_STATE_H

#include <stdint.h>

/* General-purpose registers in instruction-encoding order. */
enum cpu_gpr {
	CPU_RAX, CPU_RCX, CPU_RDX, CPU_RBX, CPU_RSP, CPU_RBP, CPU_RSI, CPU_RDI,
	CPU_R8, CPU_R9, CPU_R10, CPU_R11, CPU_R12, CPU_R13, CPU_R14, CPU_R15,
	CPU_GPR_COUNT
};

/* Segment registers in VMCS field order (SDM Appendix B: ES, CS, SS, DS,
 * FS, GS, LDTR, TR), so field encodings are base + 2 * index; ES to GS are
 * also the numbers of the VM-exit instruction-information field (SDM
 * 28.2.5) and of the instruction encodings' segment registers. */
enum cpu_seg {
	CPU_SEG_ES, CPU_SEG_CS, CPU_SEG_SS, CPU_SEG_DS, CPU_SEG_FS, CPU_SEG_GS,
	CPU_SEG_LDTR, CPU_SEG_TR, CPU_SEG_COUNT
};

/* Access rights in the VMCS format (SDM 25.4.1, Table 25-2). */
#define CPU_AR_TYPE(t)    ((uint32_t)(t) & 0xf)
#define CPU_AR_S          (1u << 4)
#define CPU_AR_DPL(d)     (((uint32_t)(d) & 3) << 5)
#define CPU_AR_P          (1u << 7)
#define CPU_AR_L          (1u << 13)
#define CPU_AR_DB         (1u << 14)
#define CPU_AR_G          (1u << 15)
#define CPU_AR_UNUSABLE   (1u << 16)

struct cpu_segment {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint32_t ar;
};

struct cpu_dtable {
	uint64_t base;
	uint32_t limit;
};

/* An event to deliver on the next run, in the VM-entry interruption-
 * information format (SDM 25.8.3): bit 31 valid, 10:8 type, 7:0 vector,
 * bit 11 error code valid. */
struct cpu_event {
	uint32_t info;
	uint32_t error_code;
	uint32_t instruction_len;
};

#define CPU_EVENT_VALID		(1u << 31)
#define CPU_EVENT_HAS_ERROR	(1u << 11)
#define CPU_EVENT_TYPE(info)	(((info) >> 8) & 7)
enum cpu_event_type {
	CPU_EVENT_EXTERNAL = 0,
	CPU_EVENT_NMI = 2,
	CPU_EVENT_HW_EXCEPTION = 3,
	CPU_EVENT_SW_INTERRUPT = 4,
	CPU_EVENT_PRIV_SW_EXCEPTION = 5,
	CPU_EVENT_SW_EXCEPTION = 6,
};

/* INT n, INT1 and INT3/INTO: the types that have an instruction length
 * (SDM 27.6.1.1). */
static inline int cpu_event__software(uint32_t info)
{
	unsigned t = CPU_EVENT_TYPE(info);

	return t == CPU_EVENT_SW_INTERRUPT || t == CPU_EVENT_PRIV_SW_EXCEPTION ||
	       t == CPU_EVENT_SW_EXCEPTION;
}

/* The MSRs struct cpu_state holds in members of their own (SDM Vol. 4,
 * Table 2-2), and where a KVM vCPU keeps each: SREGS in its sync regs, MSR
 * behind KVM_GET/SET_MSRS.  X(index, NAME, member, kvm); MSR_<NAME> is the
 * index (vmcs-merge/msr_list.h). */
#define CPU_STATE_MSRS(X)					\
	X(0x174,      SYSENTER_CS,  sysenter_cs,  MSR)		\
	X(0x175,      SYSENTER_ESP, sysenter_esp, MSR)		\
	X(0x176,      SYSENTER_EIP, sysenter_eip, MSR)		\
	X(0x1d9,      DEBUGCTL,     debugctl,     MSR)		\
	X(0x277,      PAT,          pat,          MSR)		\
	X(0xc0000080, EFER,         efer,         SREGS)

/* Activity states (SDM 25.4.2). */
#define CPU_ACTIVITY_ACTIVE	0
#define CPU_ACTIVITY_HLT	1

struct cpu_state {
	uint64_t gpr[CPU_GPR_COUNT];
	uint64_t rip, rflags;
	uint64_t cr0, cr2, cr3, cr4, dr7;
	uint64_t efer, pat, debugctl;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	struct cpu_segment seg[CPU_SEG_COUNT];
	struct cpu_dtable gdtr, idtr;
	uint32_t interruptibility;	/* SDM 25.4.2, Table 25-3 */
	uint32_t activity_state;	/* CPU_ACTIVITY_* (SDM 25.4.2) */
	uint64_t pending_dbg;		/* pending debug exceptions */
	struct cpu_event event;
	int preemption_timer_active;
	uint32_t preemption_timer;
};

/* MSRs of the running CPU that cpu_state does not hold, for the VMX MSR
 * lists (SDM 27.4, 28.4, 28.6).  Each returns 0, or -1 where RDMSR/WRMSR
 * would raise #GP. */
struct msr_access {
	void *opaque;
	int (*read)(void *opaque, uint32_t index, uint64_t *value);
	int (*write)(void *opaque, uint32_t index, uint64_t value);
};

#endif /* VMCS_MERGE__CPU_STATE_H */
