/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_extra.h: the part of struct cpu_state that KVM keeps
 * outside its sync regs: IA32_SYSENTER_CS/ESP/EIP, IA32_PAT,
 * IA32_DEBUGCTL (MSRs) and DR7 (debug registers).
 *
 * Reaching them costs an ioctl each way (KVM_GET/SET_MSRS, ~2 us here), so
 * the kvm engine keeps what KVM holds in a cache and writes only what
 * changed.  The MSRs cannot change behind L0's back on L2's vcpu: every
 * RDMSR/WRMSR of L2 exits to L0 (vm__deny_all_msrs), and L0's own writes
 * go through cpu_state_kvm__msr_access, which keeps the cache.  DR7 can:
 * L2's MOV to DR7 never leaves KVM.  So get_state gives the DR7 L0 last
 * gave the vCPU, and kvm_extra__fresh_dr7() reads KVM's, for the one
 * place that must save it (a VM exit with "save debug controls").
 * On L1's vcpu (the kvm engine with the hypercall shim) L1's own WRMSR of
 * these stays in KVM: docs/vmx-coverage.md says what that means.
 */
#ifndef L0__ENGINE__KVM__KVM_EXTRA_H
#define L0__ENGINE__KVM__KVM_EXTRA_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs-merge/cpu_state.h"

struct vcpu;

/* X(index, cpu_state member): the MSRs of cpu_state KVM keeps. */
#define KVM_EXTRA__MSRS(X)			\
	X(0x174, sysenter_cs)			\
	X(0x175, sysenter_esp)			\
	X(0x176, sysenter_eip)			\
	X(0x1d9, debugctl)			\
	X(0x277, pat)

struct kvm_extra {
	bool known;		/* the values below are KVM's */
#define X(index, member) uint64_t member;
	KVM_EXTRA__MSRS(X)
#undef X
	uint64_t dr7;
};

/* Fill c's MSRs and DR7 from the cache (read from KVM the first time). */
void kvm_extra__get(struct vcpu *v, struct cpu_state *c);
/* Give KVM what differs from the cache: one KVM_SET_MSRS, one
 * KVM_SET_DEBUGREGS at most.  Returns -1 if KVM refused. */
int kvm_extra__set(struct vcpu *v, const struct cpu_state *c);
/* After L0 wrote MSR index through the msr accessor. */
void kvm_extra__wrote_msr(struct vcpu *v, uint32_t index, uint64_t value);
/* DR7 as KVM has it now (one KVM_GET_DEBUGREGS); the cache follows. */
uint64_t kvm_extra__fresh_dr7(struct vcpu *v);

#endif /* L0__ENGINE__KVM__KVM_EXTRA_H */
