/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_int.h: what the nested_*.c files share (private to them). */
#ifndef L0__NESTED_INT_H
#define L0__NESTED_INT_H

#include "l0/engine/kvm/cpu_state_kvm.h"
#include "l0/guest_paging.h"
#include "l0/nested/nested.h"
#include "exit-forwarder/exit_ctls.h"
#include "exit-forwarder/exit_event.h"
#include "vmcs-merge/entry_check.h"
#include "vmcs-merge/vm_switch.h"

/* What an emulated operation asks of its transport afterwards. */
enum nested_done {
	NESTED_APPLY,		/* give L1 the vmx_result (RFLAGS, value, fault) */
	NESTED_ENTERED,		/* L2 runs next (m->next_vcpu); L1 untouched */
	NESTED_HOST_LOADED,	/* VM-entry failure: L1's registers are the
				 * vmcs12 host state already (SDM 27.8) */
	NESTED_STOP,		/* L0 cannot go on: m->result says why */
	NESTED_STOPPED,		/* a stop request (signal, --timeout) ended
				 * L0's work: L1 untouched, the run loop sees
				 * the request before it runs anything */
};

/* One VMX operation as the emulation sees it, whatever its transport. */
struct nested_op {
	enum vmx_op op;
	enum stats_transport transport;
	struct vmx_insn_ctx ctx;	/* operands filled by the transport */
	/* VMLAUNCH/VMRESUME: L2's GPRs at the entry (RSP is vmcs12's). */
	uint64_t gprs[CPU_GPR_COUNT];
	struct vmx_result result;	/* set by nested_insn__emulate */
};

/* L1's state through its engine, with L0's virtual CR4.VMXE where the
 * engine cannot hold the bit (kvm); on tcg the CPU's own bit is the truth,
 * and vmx_cpu follows it. */
void nested__l1_state(struct nested *n, struct cpu_state *c);
void nested__set_l1_state(struct nested *n, const struct cpu_state *c);

/* Fill mode, CPL, CR0/CR4 and MOV-SS blocking from L1's state. */
void nested_insn__ctx(const struct nested *n, const struct cpu_state *c,
		      struct vmx_insn_ctx *ctx);
/* The one emulation path: count, run vmcs-merge, keep the enlightened
 * page and EPT02 in step, enter L2 for VMLAUNCH/VMRESUME. */
enum nested_done nested_insn__emulate(struct nested *n, struct nested_op *op);

/* nested_entry.c: VM entry after vmx__vmlaunch succeeded. */
enum nested_done nested_entry__enter(struct nested *n, struct nested_op *op);
/* L1 takes over after a VM exit (or failed entry) recorded in vmcs12:
 * host state into L1's sync regs; the loop switches to L1. */
enum nested_done nested_entry__to_l1(struct nested *n, const struct cpu_state *l2);

/* nested_explain.c: a failed entry (VMfail or exit kind) of L1's op
 * counted by check id, traced and, with --explain-vmfail, explained on
 * stderr with a vmcs12 dump.  Call it after vmcs12 holds the outcome. */
void nested_explain__entry(struct nested *n, enum vmx_op op,
			   const struct entry_check_result *r);

/* nested_exit.c: one L2 exit in VMX terms. */
struct nested_l2_exit {
	struct exit_event ev;
	struct exit_l0_facts facts;
	struct vmx_exit_info info;
	uint64_t rip;			/* L2's RIP at the instruction */
	bool pending;			/* KVM holds an unfinished instruction */
	enum ept_fault_result ept;	/* MMIO exits */
	struct ept12_walk walk;
};

/* L2's engine event -> VMX exit event (no ioctl); -1 for events with no
 * VMX meaning. */
int nested_exit__to_event(struct nested *n, struct vcpu *v, struct engine_event *e,
			  struct nested_l2_exit *x);

/* nested_store.c: how long the store was that KVM already finished before
 * an MMIO write exit of L2 (RIP past it); 0 when none fits. */
unsigned nested_store__len(struct nested *n, const struct cpu_state *l2, uint64_t gpa,
			   unsigned len);

/* nested_dr7.c: L2's DR7 into vmcs12 when L1 can see it. */
void nested_dr7__exit(struct nested *n, const struct vmcs12 *v);
void nested_dr7__save(struct nested *n);
void nested_dr7__before(struct nested *n, const struct nested_op *op);

/* nested_halt.c: L2 in the HLT activity state, waited for by L0. */
enum nested_halt_end {
	NESTED_HALT_TIMER,	/* the VMX-preemption timer is due */
	NESTED_HALT_EVENT,	/* an NMI or interrupt for L1 ends the state */
	NESTED_HALT_STOP,	/* a stop request: L2 is still halted */
	NESTED_HALT_NEVER,	/* nothing can ever end it */
};
void nested_halt__enter(struct nested *n);
enum nested_halt_end nested_halt__wait(struct nested *n);

/* nested_irq.c: L1's interrupts while L2 runs; interrupt-window exiting. */
/* Before L2 runs (each VM entry, each absorbed exit): an exit owed now
 * ends the run at once; an interrupt L1 does not intercept goes to L2.
 * vectoring: the entry injects an event, delivered first. */
void nested_irq__before_run(struct nested *n, bool vectoring);
/* The exit owed to L1 now (reason 0 for an NMI, 1, or 7), filled in x;
 * false when none. */
bool nested_irq__exit(struct nested *n, struct nested_l2_exit *x);
/* Whether an event for L1 ends L2's HLT state now; *next_ns gets L1's
 * next timer deadline (0: none). */
bool nested_irq__can_wake(struct nested *n, uint64_t *next_ns);

/* nested_ept.c: the composition context, its memo and stop poll (at L2's
 * creation); -1 when out of memory. */
int nested_ept__init(struct nested *n);
/* Both: 0, -1 on failure, NESTED_EPT_STOPPED when a stop request ended
 * the composition (nothing changed). */
#define NESTED_EPT_STOPPED 1
int nested_ept__set_eptp(struct nested *n, uint64_t eptp);
int nested_ept__invalidate(struct nested *n);
enum ept_fault_result nested_ept__fault(struct nested *n, uint64_t l2_gpa,
					const struct ept_access *acc, struct ept12_walk *walk);
/* L2 guest-physical memory through EPT12 (for L2 code bytes). */
struct guest_mem nested_ept__l2_mem(struct nested *n);

/* nested_unreached.c: L2 stopped (KVM internal error without bytes, or
 * shutdown) at a fetch or page walk through a gpa with no memslot: that
 * gpa and the access, found by walking L2's RIP; false when every gpa of
 * the walk has a memslot (the stop was something else). */
bool nested_unreached__find(struct nested *n, const struct cpu_state *l2,
			    uint64_t *gpa, struct ept_access *acc);
/* The same for the delivery of ev (the injected event) from *l2, the
 * state L2 was entered with (RIP at the event, past it for the software
 * types). */
bool nested_unreached__delivery(struct nested *n, const struct cpu_state *l2,
				const struct cpu_event *ev, uint64_t *gpa, struct ept_access *acc);

/* nested_evmcs.c: no-ops while the enlightened VMCS is off. */
int nested_evmcs__enable(struct nested *n, uint64_t gpa);
void nested_evmcs__pull(struct nested *n);	/* dirty groups -> vmcs12 */
void nested_evmcs__push_all(struct nested *n);	/* vmcs12 -> page */
void nested_evmcs__push_exit(struct nested *n);	/* exit info, guest state */

/* nested_timer.c: the periodic kick while L2 runs, TSC rate (of a KVM
 * vcpu: the host's). */
uint64_t nested_timer__tsc_khz(struct vcpu *kvm_vcpu);
int nested_timer__start(struct nested *n);
/* At VM entry: the kick while L2 runs, sooner for a preemption timer
 * value (0: none); stopped at the VM exit. */
void nested_timer__arm_preemption(struct nested *n, uint32_t value);
void nested_timer__stop(struct nested *n);
bool nested_timer__preemption_due(const struct nested *n);
/* Timer value left (for "save VMX-preemption timer value"); 0 if expired. */
uint32_t nested_timer__remaining(const struct nested *n);

/* nested_exit.c: length of the OUT L2 just retired (RIP is past it). */
unsigned nested_exit__out_len(struct nested *n, const struct cpu_state *l2, uint16_t port,
			      unsigned size);

#endif /* L0__NESTED_INT_H */
