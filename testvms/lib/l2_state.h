/* SPDX-License-Identifier: GPL-2.0-only */
/* testvms/lib/l2_state.h: the state l1-hv gives every L2 at VM entry and
 * the values l2-state.elf changes it to, so that each side can check what
 * the other did (SDM 27.3.2: load debug controls, load IA32_PAT and the
 * SYSENTER fields at entry; 28.3.1: saved at exit).  IA32_SYSENTER_CS is
 * not among them: l1-hv intercepts it (the l2-msr rows). */
#ifndef TESTVMS__L2_STATE_H
#define TESTVMS__L2_STATE_H

#define MSR_IA32_SYSENTER_ESP	0x00000175
#define MSR_IA32_SYSENTER_EIP	0x00000176
#define MSR_IA32_DEBUGCTL	0x000001d9
#define MSR_IA32_PAT		0x00000277

/* X(name, MSR or 0 for DR7, VMCS guest field, given at entry, set by
 * l2-state).  The
 * SYSENTER values are canonical (SDM 27.3.1.1); the PAT values keep
 * entry 0 write-back and change one other entry's type; DR7 sets LE, then
 * GE (bits 8, 9: no breakpoint).  IA32_DEBUGCTL is not among them: this
 * host's KVM keeps it 0 whatever is written (measured), as QEMU does for
 * L1 (docs/vmx-coverage.md). */
#define L2_STATE(X)								\
	X(SYSENTER_ESP,	MSR_IA32_SYSENTER_ESP,	VMCS_GUEST_IA32_SYSENTER_ESP,	\
	  0xffffffff8000e5e0ull, 0x0000000012345000ull)				\
	X(SYSENTER_EIP,	MSR_IA32_SYSENTER_EIP,	VMCS_GUEST_IA32_SYSENTER_EIP,	\
	  0xffffffff8000e1e0ull, 0x0000000023456000ull)				\
	X(PAT,		MSR_IA32_PAT,		VMCS_GUEST_IA32_PAT,		\
	  0x0007010600070406ull, 0x0007040600070106ull)				\
	X(DR7,		0,			VMCS_GUEST_DR7,			\
	  0x500ull, 0x600ull)

#define X(name, msr, field, given, changed)				\
	static const unsigned long long L2_GIVEN_##name = given,	\
				      L2_CHANGED_##name = changed;
L2_STATE(X)
#undef X

#endif /* TESTVMS__L2_STATE_H */
