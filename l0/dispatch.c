/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/dispatch.c: the router: one engine event to its handler. */
#define _GNU_SOURCE	/* sigabbrev_np */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "l0/dispatch.h"
#include "l0/handle.h"
#include "l0/engine/kvm/kvm_exits.h"
#include "l0/nested/nested.h"
#include "l0/platform/cpuid.h"
#include "l0/platform/irq.h"
#include "l0/platform/msr.h"
#include "l1-shim/turtle_hypercall.h"

#define UD_VECTOR 6

/* L0's MSR table (l0/platform/msr.def); an MSR it does not model is #GP. */
static enum dispatch_action handle_msr(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	enum msr_result res;

	v->stats->msrs.user_exits++;
	if (ev->kind == ENGINE_EV_RDMSR)
		res = msr__read(m, v->level, ev->msr.index, &ev->msr.value);
	else
		res = msr__write(m, v->level, ev->msr.index, ev->msr.value);
	ev->msr.gp = res == MSR_GP;
	if (res == MSR_GP)
		v->stats->msrs.gp_injected++;
	return DISPATCH_CONTINUE;
}

/* The vCPU waits for an interrupt, a timer or a stop (irq.c); one that
 * nothing could ever wake (IF = 0, or no timer armed) ends the run. */
static enum dispatch_action handle_hlt(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	if (irq__halt(m, v))
		return DISPATCH_CONTINUE;
	if (m->platform.nr_cpus > 1)
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
				    "every vCPU waits with no wake-up source (vCPU %u halted)", v->id);
	else
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
				    "guest halted with no wake-up source");
	return DISPATCH_CRASH;
}

/* L0's VT-x emulation for v: its level-1 vCPU's, or for an L2 vcpu the
 * one whose guest it is (embedded in it); NULL when none was set up. */
static struct nested *vmx_of(struct machine *m, struct vcpu *v)
{
	if (v->level == 2)
		return (struct nested *)((char *)v - offsetof(struct nested, l2));
	return v->id < PLATFORM__MAX_CPUS ? m->nested[v->id] : NULL;
}

static enum dispatch_action handle_insn(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	struct nested *n = vmx_of(m, v);
	enum dispatch_action act;
	char bytes[3 * 16];

	/* A VMX instruction of L1: L0 emulates it. */
	if (n && !nested_raw__exit(n, v, ev, &act))
		return act;
	handle__insn_bytes(ev, bytes, sizeof(bytes));
	if (v->engine != ENGINE_KVM) {
		/* An instruction the CPU does not have: #UD, as on hardware.
		 * Named once, unless it is one of the instructions defined to
		 * raise #UD (UD0, UD1, UD2: 0F FF, 0F B9, 0F 0B). */
		bool ud = ev->insn.len >= 2 && ev->insn.bytes[0] == 0x0f &&
			  (ev->insn.bytes[1] == 0x0b || ev->insn.bytes[1] == 0xb9 ||
			   ev->insn.bytes[1] == 0xff);

		if (!ud && !m->quiet && !m->warned_insn) {
			struct cpu_state c;

			m->warned_insn = true;
			v->ops->get_state(v, &c);
			fprintf(stderr, "turtle: warning: L%u instruction at 0x%" PRIx64 " (bytes%s): #UD, "
				"the %s engine refuses it (invalid in this mode, or one it lacks); "
				"further ones are not named\n", v->level, c.rip, bytes, v->ops->name);
		}
		v->ops->raise(v, UD_VECTOR, false, 0);
		return DISPATCH_CONTINUE;
	}
	return handle__insn_failure(m, v, ev);
}

/* A level-1 vcpu's event (level 2's are the nested code's). */
static enum dispatch_action route(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	struct nested *n = vmx_of(m, v);

	switch (ev->kind) {
	case ENGINE_EV_IO:
		/* The hypercall port: L1's VMX operations (turtle_hypercall.h). */
		if (n && ev->io.port == TURTLE_HC_PORT)
			return nested_hc__exit(n, v, ev);
		return handle__io(m, v, ev);
	case ENGINE_EV_MMIO:
		return handle__mmio(m, v, ev);
	case ENGINE_EV_RDMSR:
	case ENGINE_EV_WRMSR:
		return handle_msr(m, v, ev);
	case ENGINE_EV_CPUID:
		cpuid__lookup(m->cpuid[v->level], ev->cpuid.leaf, ev->cpuid.subleaf, ev->cpuid.out);
		cpuid__for_cpu(ev->cpuid.leaf, ev->cpuid.out, v->id);
		return DISPATCH_CONTINUE;
	case ENGINE_EV_CR_WRITE:
		if (n)
			ev->cr.gp = !nested__cr_write_ok(n, ev->cr.reg, ev->cr.value);
		return DISPATCH_CONTINUE;
	case ENGINE_EV_HLT:
		return handle_hlt(m, v, ev);
	case ENGINE_EV_KICK:
		return handle__kick(m);
	case ENGINE_EV_IRQ_WINDOW:
		/* The loop delivers the interrupt before the next entry. */
		return DISPATCH_CONTINUE;
	case ENGINE_EV_SHUTDOWN:
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
				    v->engine == ENGINE_KVM ? "guest triple-faulted (KVM_EXIT_SHUTDOWN)"
							    : "guest triple-faulted");
		return DISPATCH_CRASH;
	case ENGINE_EV_INSN:
		return handle_insn(m, v, ev);
	case ENGINE_EV_FAIL:
	case ENGINE_EV_COUNT:
		break;
	}
	return handle__fail(m, v, ev);
}

enum dispatch_action dispatch__event(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	enum dispatch_action act;
	struct cpu_state c;

	v->stats->active = true;
	v->stats->exits++;
	v->stats->events[ev->kind < ENGINE_EV_COUNT ? ev->kind : ENGINE_EV_FAIL]++;
	if (v->level == 2)
		act = nested_exit__l2(vmx_of(m, v), v, ev);
	else
		act = route(m, v, ev);
	if (m->trace.f) {
		v->ops->get_state(v, &c);
		trace__event(&m->trace, v->level, v->engine, c.rip, ev);
	}
	return act;
}
