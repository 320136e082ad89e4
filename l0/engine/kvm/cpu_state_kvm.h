/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/cpu_state_kvm.h: vmcs-merge's neutral struct cpu_state to and from
 * what KVM holds for a vcpu (kvm_run->s.regs: regs, sregs, events).
 *
 * Pure conversions, no ioctl: the run loop moves registers between levels
 * through KVM_CAP_SYNC_REGS, so a level switch costs no extra ioctl.  The
 * MSRs cpu_state holds besides EFER (PAT, SYSENTER_*, DEBUGCTL) are not in
 * sync regs; cpu_state_kvm__msr_access() reaches them, and any MSR, by
 * KVM_GET_MSRS / KVM_SET_MSRS (ioctls bypass the MSR filter).
 */
#ifndef L0__CPU_STATE_KVM_H
#define L0__CPU_STATE_KVM_H

#include <linux/kvm.h>

#include "vmcs-merge/cpu_state.h"

struct vcpu;

#define CPU_STATE_KVM__CR4_VMXE (1ull << 13)

/* KVM -> cpu_state.  @vmxe: L0's virtual CR4.VMXE, which KVM never holds. */
void cpu_state_kvm__from_kvm(const struct kvm_sync_regs *s, int vmxe, struct cpu_state *c);
/* cpu_state -> KVM: every register of regs and sregs, CR4 without VMXE
 * (KVM refuses it), and cpu_state.event as an event to inject.  The
 * caller marks REGS, SREGS and EVENTS dirty. */
void cpu_state_kvm__to_kvm(const struct cpu_state *c, struct kvm_sync_regs *s);

/* One segment, both directions (VMCS access-rights format, SDM 25.4.1). */
void cpu_state_kvm__seg_from_kvm(const struct kvm_segment *k, struct cpu_segment *c);
void cpu_state_kvm__seg_to_kvm(const struct cpu_segment *c, struct kvm_segment *k);

/* A GPR of KVM's regs by its instruction-encoding number (0 = RAX). */
__u64 *cpu_state_kvm__gpr(struct kvm_regs *r, unsigned n);

/* MSR reads and writes on a vcpu by ioctl, for the VMX MSR lists. */
struct msr_access cpu_state_kvm__msr_access(struct vcpu *v);

#endif /* L0__CPU_STATE_KVM_H */
