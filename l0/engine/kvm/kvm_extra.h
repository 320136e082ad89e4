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

/* The MSRs of cpu_state KVM keeps behind KVM_GET/SET_MSRS: the rows of
 * CPU_STATE_MSRS (vmcs-merge/cpu_state.h) whose kvm column is MSR.  A
 * user defines X(index, NAME, member, kvm) as KVM_EXTRA__IF_##kvm(...),
 * which keeps its argument for those rows only. */
#define KVM_EXTRA__IF_MSR(...)		__VA_ARGS__
#define KVM_EXTRA__IF_SREGS(...)

struct kvm_extra {
	bool known;		/* the values below are KVM's */
#define X(index, name, member, kvm) KVM_EXTRA__IF_##kvm(uint64_t member;)
	CPU_STATE_MSRS(X)
#undef X
	uint64_t dr7;
};

/* A KVM vCPU's cache, with what reaching KVM takes: its fd and the
 * counter of its ioctls (kvm_engine.c makes one from a struct vcpu). */
struct kvm_extra_vcpu {
	struct kvm_extra *x;
	int fd;
	uint64_t *ioctls;
};

/* Fill c's MSRs and DR7 from the cache (read from KVM the first time). */
void kvm_extra__get(const struct kvm_extra_vcpu *k, struct cpu_state *c);
/* Give KVM what differs from the cache: one KVM_SET_MSRS, one
 * KVM_SET_DEBUGREGS at most.  Returns -1 if KVM refused. */
int kvm_extra__set(const struct kvm_extra_vcpu *k, const struct cpu_state *c);
/* After L0 wrote MSR index through the msr accessor. */
void kvm_extra__wrote_msr(struct kvm_extra *x, uint32_t index, uint64_t value);
/* DR7 as KVM has it now (one KVM_GET_DEBUGREGS); the cache follows. */
uint64_t kvm_extra__fresh_dr7(const struct kvm_extra_vcpu *k);

#endif /* L0__ENGINE__KVM__KVM_EXTRA_H */
