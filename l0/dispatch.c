/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/dispatch.c: the router: one engine event to its handler. */
#define _GNU_SOURCE	/* sigabbrev_np */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "l0/dispatch.h"
#include "l0/engine/kvm/kvm_exits.h"
#include "l0/nested/nested.h"
#include "l0/platform/cpuid.h"
#include "l0/platform/msr.h"
#include "l1-shim/turtle_hypercall.h"

#define UD_VECTOR 6

static void warn_unclaimed(struct machine *m, const char *what, uint64_t addr, bool write)
{
	if (m->quiet || m->warned_unclaimed)
		return;
	m->warned_unclaimed = true;
	fprintf(stderr, "turtle: warning: guest %s unclaimed %s 0x%" PRIx64
		" (reads give all-ones; further ones are only counted)\n",
		write ? "wrote" : "read", what, addr);
}

/* One access of a (possibly string, `rep outsb`) port I/O event. */
static void pio_access(struct machine *m, struct level_stats *st, uint16_t port, uint8_t *data,
		       unsigned size, bool write)
{
	const struct dev_range *r = devices__find(&m->devices, DEV_PIO, port);

	if (write)
		st->io_ports[port].writes++;
	else
		st->io_ports[port].reads++;
	if (r) {
		r->fn(r->opaque, port - r->base, data, size, write);
		return;
	}
	if (write) {
		st->unclaimed.pio_writes++;
	} else {
		st->unclaimed.pio_reads++;
		memset(data, 0xff, size);
	}
	warn_unclaimed(m, "port", port, write);
}

enum dispatch_action dispatch__io(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	uint8_t *data = ev->io.data;

	for (uint32_t i = 0; i < ev->io.count; i++, data += ev->io.size)
		pio_access(m, v->stats, ev->io.port, data, ev->io.size, ev->io.write);
	if (m->platform.debug_exit.fired) {
		machine__set_result(m, m->platform.debug_exit.status & 0xff, STOP_DEBUG_EXIT, "%s", "");
		return DISPATCH_STOP;
	}
	return DISPATCH_CONTINUE;
}

enum dispatch_action dispatch__mmio(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	const struct dev_range *r = devices__find(&m->devices, DEV_MMIO, ev->mmio.gpa);
	bool write = ev->mmio.write;

	if (r) {
		struct rw_count *c = &v->stats->mmio[r->id];

		if (write)
			c->writes++;
		else
			c->reads++;
		r->fn(r->opaque, ev->mmio.gpa - r->base, ev->mmio.data, ev->mmio.len, write);
		return DISPATCH_CONTINUE;
	}
	if (write) {
		v->stats->unclaimed.mmio_writes++;
	} else {
		v->stats->unclaimed.mmio_reads++;
		memset(ev->mmio.data, 0xff, ev->mmio.len);
	}
	warn_unclaimed(m, "MMIO address", ev->mmio.gpa, write);
	return DISPATCH_CONTINUE;
}

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

/* No interrupt source exists yet (no PIT, no LAPIC), so a halted guest can
 * never wake up.  A timer or the nested work changes this one function. */
static enum dispatch_action handle_hlt(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	machine__set_result(m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
			    "guest halted with no wake-up source");
	return DISPATCH_CRASH;
}

/* A kick from the main thread, or a stray signal. */
enum dispatch_action dispatch__kick(struct machine *m)
{
	int signo = atomic_load(&m->stop_signo);

	switch ((enum stop_reason)atomic_load(&m->stop_request)) {
	case STOP_TIMEOUT:
		machine__set_result(m, TURTLE_STATUS_TIMEOUT, STOP_TIMEOUT, "timeout");
		return DISPATCH_STOP;
	case STOP_SIGNAL:
		machine__set_result(m, 128 + signo, STOP_SIGNAL, "stopped by SIG%s",
				    sigabbrev_np(signo) ? sigabbrev_np(signo) : "?");
		return DISPATCH_STOP;
	case STOP_NONE:
	case STOP_DEBUG_EXIT:
	case STOP_SHUTDOWN:
	case STOP_ERROR:
		break;
	}
	return DISPATCH_CONTINUE;
}

/* " 0f 01 c1": an instruction event's bytes, for messages. */
static void insn_bytes(const struct engine_event *ev, char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < ev->insn.len && (size_t)(3 * i) < size; i++)
		snprintf(out + 3 * i, size - 3 * (size_t)i, " %02x", ev->insn.bytes[i]);
}

/* KVM gave up on an instruction (its emulator lacks it): the guest dies,
 * named with the instruction's bytes. */
static enum dispatch_action kvm_insn_failure(struct machine *m, struct vcpu *v,
					     const struct engine_event *ev)
{
	char bytes[3 * 16];

	insn_bytes(ev, bytes, sizeof(bytes));
	machine__set_result(m, TURTLE_STATUS_CRASH, STOP_ERROR,
			    "%sKVM internal error, suberror %u%s%s", v->level == 2 ? "L2: " : "",
			    ev->insn.detail, ev->insn.len > 0 ? ", instruction" : "", bytes);
	return DISPATCH_CRASH;
}

static enum dispatch_action handle_insn(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	enum dispatch_action act;
	char bytes[3 * 16];

	/* A VMX instruction of L1: L0 emulates it. */
	if (m->nested && v->level == 1 && !nested_raw__exit(m->nested, v, ev, &act))
		return act;
	insn_bytes(ev, bytes, sizeof(bytes));
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
	return kvm_insn_failure(m, v, ev);
}

enum dispatch_action dispatch__fail(struct machine *m, struct vcpu *v, const struct engine_event *ev)
{
	const char *name = ev->native >= 0 ? kvm_exits__name((uint32_t)ev->native) : NULL;

	if (ev->kind == ENGINE_EV_INSN && v->engine == ENGINE_KVM)
		return kvm_insn_failure(m, v, ev);
	if (ev->kind != ENGINE_EV_FAIL)
		/* An event the handler has no meaning for (an L2 event with
		 * no VMX exit reason). */
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_ERROR,
				    "unexpected %s event at level %u", engine__event_name(ev->kind),
				    v->level);
	else if (v->engine == ENGINE_KVM && ev->native >= 0 && ev->native != KVM_EXIT_FAIL_ENTRY)
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_ERROR,
				    "unexpected KVM exit %s (%d)", name ? name : "?", ev->native);
	else
		machine__set_result(m, TURTLE_STATUS_CRASH, STOP_ERROR, "%s 0x%" PRIx64,
				    ev->fail.what, ev->fail.code);
	return DISPATCH_CRASH;
}

static enum dispatch_action route(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	switch (ev->kind) {
	case ENGINE_EV_IO:
		/* The hypercall port: L1's VMX operations (turtle_hypercall.h). */
		if (m->nested && ev->io.port == TURTLE_HC_PORT)
			return nested_hc__exit(m->nested, v, ev);
		return dispatch__io(m, v, ev);
	case ENGINE_EV_MMIO:
		return dispatch__mmio(m, v, ev);
	case ENGINE_EV_RDMSR:
	case ENGINE_EV_WRMSR:
		return handle_msr(m, v, ev);
	case ENGINE_EV_CPUID:
		cpuid__lookup(m->cpuid[v->level], ev->cpuid.leaf, ev->cpuid.subleaf, ev->cpuid.out);
		return DISPATCH_CONTINUE;
	case ENGINE_EV_CR_WRITE:
		if (m->nested && v->level == 1)
			ev->cr.gp = !nested__cr_write_ok(m->nested, ev->cr.reg, ev->cr.value);
		return DISPATCH_CONTINUE;
	case ENGINE_EV_HLT:
		return handle_hlt(m, v, ev);
	case ENGINE_EV_KICK:
		return dispatch__kick(m);
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
	return dispatch__fail(m, v, ev);
}

enum dispatch_action dispatch__event(struct machine *m, struct vcpu *v, struct engine_event *ev)
{
	enum dispatch_action act;

	v->stats->active = true;
	v->stats->exits++;
	v->stats->events[ev->kind < ENGINE_EV_COUNT ? ev->kind : ENGINE_EV_FAIL]++;
	if (v->level == 2 && m->nested)
		act = nested_exit__l2(m->nested, v, ev);
	else
		act = route(m, v, ev);
	if (m->trace.f)
		trace__event(&m->trace, v, ev);
	return act;
}
