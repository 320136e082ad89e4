/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/engine.h: where one vCPU's code runs.
 *
 * An engine runs a vCPU of one level until something happens that L0 must
 * handle, and hands that to the dispatcher as a neutral event; the run
 * loop, the devices, the nested code and the stats never see a KVM exit or
 * a unicorn hook.  Two engines implement these operations:
 *   kvm  a KVM vCPU (l0/engine/kvm/): L2 always, L1 where KVM runs CPL0
 *        code natively and L1 uses the hypercall shim;
 *   tcg  QEMU's binary translator through libunicorn (l0/engine/tcg/), in
 *        L0's own thread: L1 by default, unmodified VMX hypervisors.
 * Events flow one way: engine -> m->dispatch (the router, dispatch__event,
 * which the run loop sets) -> handler.  The kvm
 * engine returns from KVM_RUN and dispatches; the tcg engine dispatches
 * from inside its hooks, synchronously, because an instruction such as
 * RDMSR must have its result before the next one runs.
 */
#ifndef L0__ENGINE__ENGINE_H
#define L0__ENGINE__ENGINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmcs-merge/cpu_state.h"

struct vcpu;

enum engine_kind { ENGINE_KVM, ENGINE_TCG, ENGINE_KIND_COUNT };

/* What stopped the guest. */
enum engine_event_kind {
	ENGINE_EV_IO,		/* port I/O: io; an IN's handler fills data */
	ENGINE_EV_MMIO,		/* access to a gpa that is not RAM: mmio */
	ENGINE_EV_HLT,		/* HLT retired: RIP is past it */
	ENGINE_EV_RDMSR,	/* msr: the handler sets value, or gp */
	ENGINE_EV_WRMSR,	/* msr: value; the handler may set gp */
	ENGINE_EV_CPUID,	/* cpuid: the handler fills out[] (tcg) */
	ENGINE_EV_CR_WRITE,	/* cr: MOV to CR0/CR4; the handler may set
				 * gp to refuse it (tcg) */
	ENGINE_EV_INSN,		/* an instruction the engine will not run
				 * (VMX instructions among them): insn, RIP
				 * at it */
	ENGINE_EV_SHUTDOWN,	/* triple fault */
	ENGINE_EV_KICK,		/* L0's signal or timer interrupted the run */
	ENGINE_EV_IRQ_WINDOW,	/* the vCPU can take an interrupt now (after
				 * irq_window(v, true)) */
	ENGINE_EV_FAIL,		/* the engine cannot go on: fail.what */
	ENGINE_EV_COUNT
};

struct engine_event {
	enum engine_event_kind kind;
	int native;			/* the engine's own number for it (KVM's
					 * exit reason), -1 when none */
	union {
		struct {
			uint16_t port;
			uint8_t size;		/* 1, 2 or 4 */
			bool write;		/* OUT */
			uint32_t count;		/* > 1 for REP INS/OUTS */
			uint8_t *data;		/* count * size bytes */
		} io;
		struct {
			uint64_t gpa;
			uint8_t *data;		/* len bytes, at most 8 */
			uint8_t len;
			bool write;
		} mmio;
		struct {
			uint32_t index;
			uint64_t value;
			bool gp;		/* set by the handler: #GP(0) */
		} msr;
		struct {
			uint32_t leaf, subleaf;
			uint32_t out[4];	/* EAX, EBX, ECX, EDX */
		} cpuid;
		struct {
			unsigned reg;		/* 0 or 4 */
			uint64_t value;
			bool gp;		/* set by the handler: #GP(0) */
		} cr;
		struct {
			uint8_t bytes[15];
			int len;		/* bytes known; -1: none */
			unsigned detail;	/* engine's own code (KVM suberror) */
		} insn;
		struct {
			const char *what;	/* static text */
			uint64_t code;
		} fail;
	};
};

/* What engine_ops.inject delivers. */
enum engine_inject { ENGINE_INJECT_EXTINT, ENGINE_INJECT_NMI };

/* What a handler answers to an event, and so what the engine and the
 * loop do next. */
enum dispatch_action {
	DISPATCH_CONTINUE,	/* re-enter the same vcpu */
	DISPATCH_STOP,		/* m->result says why: debug exit, timeout, signal */
	DISPATCH_CRASH,		/* the guest died: m->result, plus a register dump */
	DISPATCH_SWITCH,	/* level switch: run m->next_vcpu from now on */
};

/* The signal that makes the vCPU thread kick the vcpu it runs (its
 * handler calls ops->kick): the main thread's stops and L0's timers. */
#define ENGINE__KICK_SIGNAL SIGUSR1

/* One engine's operations on a vCPU (struct vcpu holds the engine and its
 * private state). */
struct engine_ops {
	const char *name;
	/* Run until the dispatcher answers other than DISPATCH_CONTINUE;
	 * returns that answer (an enum dispatch_action). */
	int (*run)(struct vcpu *v);
	/* Neutral CPU state (vmcs-merge/cpu_state.h); cheap on both engines:
	 * KVM's copy is its sync regs, tcg's is unicorn's. */
	void (*get_state)(struct vcpu *v, struct cpu_state *c);
	/* Takes effect at the next run; c->event, when valid, is delivered
	 * then (SDM 27.6 interruption-information format). */
	void (*set_state)(struct vcpu *v, const struct cpu_state *c);
	/* An exception the current instruction raises instead of completing
	 * (an emulated VMX instruction's #UD, #GP, #PF). */
	void (*raise)(struct vcpu *v, unsigned vector, bool has_error, uint32_t error);
	/* DR7 as the vCPU has it now.  get_state's can be stale on kvm, where
	 * L2's MOV to DR7 stays in the kernel and a read costs an ioctl: a
	 * VM exit that saves the debug controls asks (SDM 28.3.1). */
	uint64_t (*dr7)(struct vcpu *v);
	/* MSRs outside cpu_state, for the VMX MSR lists (SDM 27.4, 28.6). */
	struct msr_access (*msrs)(struct vcpu *v);
	/* The instruction the last event left unfinished (IN awaiting its
	 * data, RDMSR its value, an MMIO read), for an exit that is
	 * reflected instead: the engine completes it and puts the registers
	 * back as they were at the event, so the vCPU stands before it, as
	 * on a VM exit.  Returns its length (0 when unknown). */
	unsigned (*cancel_pending)(struct vcpu *v);
	/* Ask a running vCPU to stop soon; async-signal-safe.  The run ends
	 * at an instruction boundary with the guest's state exact (tcg: at
	 * the next translated block, never in the middle of one). */
	void (*kick)(struct vcpu *v);
	/* Whether a maskable interrupt could be delivered before the next
	 * instruction: RFLAGS.IF = 1, no STI or MOV-SS shadow, no event
	 * already being injected (SDM vol. 3A 6.8.1, 6.8.3). */
	bool (*irq_ready)(struct vcpu *v);
	/* Deliver an external interrupt (type ENGINE_INJECT_EXTINT, vector)
	 * or an NMI through the guest's IDT before its next instruction, at
	 * the next run; for EXTINT the caller checked irq_ready.  An NMI
	 * while NMIs are blocked waits for the IRET that ends the blocking
	 * (SDM 6.7.1), the engine's to see. */
	void (*inject)(struct vcpu *v, enum engine_inject kind, uint8_t vector);
	/* on: end the run with ENGINE_EV_IRQ_WINDOW as soon as irq_ready
	 * would be true (KVM's request_interrupt_window); off: cancel. */
	void (*irq_window)(struct vcpu *v, bool on);
	void (*destroy)(struct vcpu *v);
};

/* "kvm" / "tcg" -> kind; -1 when unknown. */
int engine__parse(const char *name);
const char *engine__name(enum engine_kind k);
const char *engine__event_name(enum engine_event_kind k);

#endif /* L0__ENGINE__ENGINE_H */
