/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/handle.c: the handlers of the events L0 answers the same way at every
 * level: port I/O and MMIO to the machine's devices, a kick, an event with
 * no meaning.  The router (dispatch.c) and L2's exits (nested_exit.c) call
 * them; they call neither. */
#define _GNU_SOURCE	/* sigabbrev_np */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "l0/engine/kvm/kvm_exits.h"
#include "l0/handle.h"

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

enum dispatch_action handle__io(struct machine *m, struct vcpu *v, struct engine_event *ev)
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

enum dispatch_action handle__mmio(struct machine *m, struct vcpu *v, struct engine_event *ev)
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

/* A kick from the main thread, or a stray signal. */
enum dispatch_action handle__kick(struct machine *m)
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
void handle__insn_bytes(const struct engine_event *ev, char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < ev->insn.len && (size_t)(3 * i) < size; i++)
		snprintf(out + 3 * i, size - 3 * (size_t)i, " %02x", ev->insn.bytes[i]);
}

/* KVM gave up on an instruction (its emulator lacks it): the guest dies,
 * named with the instruction's bytes. */
enum dispatch_action handle__insn_failure(struct machine *m, struct vcpu *v,
					     const struct engine_event *ev)
{
	char bytes[3 * 16];

	handle__insn_bytes(ev, bytes, sizeof(bytes));
	machine__set_result(m, TURTLE_STATUS_CRASH, STOP_ERROR,
			    "%sKVM internal error, suberror %u%s%s", v->level == 2 ? "L2: " : "",
			    ev->insn.detail, ev->insn.len > 0 ? ", instruction" : "", bytes);
	return DISPATCH_CRASH;
}

enum dispatch_action handle__fail(struct machine *m, struct vcpu *v, const struct engine_event *ev)
{
	const char *name = ev->native >= 0 ? kvm_exits__name((uint32_t)ev->native) : NULL;

	if (ev->kind == ENGINE_EV_INSN && v->engine == ENGINE_KVM)
		return handle__insn_failure(m, v, ev);
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

