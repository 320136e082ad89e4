/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested.h: L0's emulation of VT-x for L1, and the L2 it runs.
 *
 * One struct nested per machine, created with L1's vcpu.  It holds L1's
 * virtual VMX CPU (vmcs-merge), the capability MSRs L0 advertises, and,
 * from the first successful VMLAUNCH on, L2's KVM VM and vcpu with the EPT12
 * composition that gives L2 its memslots.  The files:
 *   nested.c            lifetime, CPUID and capability MSRs (step 1)
 *   nested_insn.c       one emulation path for every VMX operation
 *   nested_hc.c         transport: hypercall port (l1-shim/turtle_hypercall.h)
 *   nested_raw.c        transport: raw VMX instruction (emulation failure)
 *   nested_entry.c      VMLAUNCH/VMRESUME: checks, L2 state, switch to L2
 *   nested_exit.c       L2 exit -> VMX exit event -> absorb or reflect
 *   nested_ept.c        EPT12 composition applied as L2 memslots
 *   nested_evmcs.c      enlightened VMCS page <-> vmcs12
 *   nested_dump.c       vmcs12 in readable form
 *   nested_timer.c      the kick timer (VMCALL watchdog, preemption timer)
 *   cpu_state_kvm.c     struct cpu_state <-> KVM sync regs
 */
#ifndef L0__NESTED_H
#define L0__NESTED_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ept-compose/compose.h"
#include "exit-forwarder/exit_counters.h"
#include "l0/engine/engine.h"
#include "l0/exit_status.h"
#include "l0/machine.h"
#include "l0/engine/kvm/vcpu.h"
#include "l0/engine/kvm/vm.h"
#include "l0/nested/vmx_decode.h"
#include "vmcs-merge/vmx_cpu.h"

#define NESTED__EPT_REGIONS 256

struct nested {
	struct machine *m;
	struct kvm *kvm;
	struct vcpu *l1;
	struct vmx_caps caps;
	struct vmx_cpu cpu;
	struct vmx_decoder decoder;	/* L1's and L2's VMX instruction bytes */
	uint64_t evmcs_gpa;		/* 0: enlightened VMCS off */
	bool dr7_unsaved;		/* vmcs12's guest DR7 not yet L2's (nested_dr7.c) */
	/* L2, created at the first VM entry. */
	bool l2_created;
	bool l2_halted;			/* L2 in the HLT activity state (nested_halt.c) */
	/* The event the last VM entry injected, until L2's first exit; an
	 * exit during its delivery reports it (nested_exit.c). */
	struct cpu_event event_in_flight;
	/* KVM made a shutdown of an L2 page walk or event delivery
	 * (nested_unreached.c) and does not run L2's vCPU again: the next
	 * entry gives L2 a new one (nested_entry.c). */
	bool l2_dead;
	unsigned l2_vcpu_id;		/* KVM's id of L2's current vCPU */
	struct vm l2_vm;
	struct vcpu l2;
	struct ept12_cfg ept_cfg;
	struct ept_compose ept;
	bool ept_valid;			/* ept.eptp is what L2's memslots show */
	int identity_slot;		/* without EPT: L1 RAM as L2's, else -1 */
	struct ept_region ept_installed[NESTED__EPT_REGIONS];
	struct ept_region ept_scratch[NESTED__EPT_REGIONS];
	bool ept_refault;		/* an EPT exit went to L1: its gpa is */
	uint64_t ept_refault_gpa;	/* walked again at the next entry */
	uint64_t *ept_memo;		/* eager walks' memo, one bit per L1 page
					 * and level (ept-compose/compose.h) */
	uint64_t tsc_khz;		/* for the preemption timer */
	timer_t kick_timer;
	bool kick_timer_ok;
	uint64_t timer_deadline_ns;	/* preemption timer expiry, 0 = off */
	uint64_t warned_wishes;		/* EXIT_WISH_BIT()s already warned */
	struct stats_nested *stats;	/* &m->stats.nested */
};

/* Caps from KVM's CPUID; m->nested[l1->id] points at n afterwards. */
int nested__init(struct nested *n, struct machine *m, struct kvm *kvm, struct vcpu *l1,
		 struct error *err);
void nested__release(struct nested *n);

/* MOV to CR0/CR4 of L1 (on an engine that asks): the CR4 bits the CPU has
 * (CR4_FIXED1, from L1's CPUID) and, in VMX operation, the fixed bits of
 * both (SDM 24.8, A.7, A.8).  0 when it is #GP(0). */
int nested__cr_write_ok(const struct nested *n, unsigned reg, uint64_t value);

/* Transports (L1's vcpu exits).  The raw one returns -1 when the bytes are
 * not a VMX instruction (the caller treats the exit as before). */
enum dispatch_action nested_hc__exit(struct nested *n, struct vcpu *v, struct engine_event *ev);
int nested_raw__exit(struct nested *n, struct vcpu *v, const struct engine_event *ev,
		     enum dispatch_action *act);

/* An event of L2's vcpu (always on the kvm engine). */
enum dispatch_action nested_exit__l2(struct nested *n, struct vcpu *v, struct engine_event *ev);

/* docs/vmx-coverage.md from the lists; snprintf-like. */
size_t nested_coverage__doc(char *buf, size_t len);

/* vmcs12 in readable form (names from vmcs_fields.def). */
void nested_dump__vmcs12(const struct vmcs12 *v, FILE *f);

#endif /* L0__NESTED_H */
