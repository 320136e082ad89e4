/* l0/dispatch.c: the exit dispatcher, one handler per KVM exit reason. */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "l0/dispatch.h"
#include "l0/engine/kvm/kvm_exits.h"
#include "l0/platform/msr.h"
#include "l0/nested/nested.h"
#include "l1-shim/turtle_hypercall.h"

#define TIMEOUT_STATUS 124

static void warn_unclaimed(struct machine *m, const char *what, uint64_t addr, bool write)
{
	if (m->quiet || m->warned_unclaimed)
		return;
	m->warned_unclaimed = true;
	fprintf(stderr, "turtle: warning: guest %s unclaimed %s 0x%" PRIx64
		" (reads give all-ones; further ones are only counted)\n",
		write ? "wrote" : "read", what, addr);
}

/* One access of a (possibly string, `rep outsb`) port I/O exit. */
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

enum dispatch_action dispatch__io(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	bool write = run->io.direction == KVM_EXIT_IO_OUT;
	uint32_t i;

	for (i = 0; i < run->io.count; i++, data += run->io.size)
		pio_access(m, v->stats, run->io.port, data, run->io.size, write);
	if (m->platform.debug_exit.fired) {
		machine__set_result(m, m->platform.debug_exit.status & 0xff, STOP_DEBUG_EXIT, "%s", "");
		return DISPATCH_STOP;
	}
	return DISPATCH_CONTINUE;
}

enum dispatch_action dispatch__mmio(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	const struct dev_range *r = devices__find(&m->devices, DEV_MMIO, run->mmio.phys_addr);
	bool write = run->mmio.is_write;
	unsigned len = run->mmio.len > 8 ? 8 : run->mmio.len;

	if (r) {
		struct rw_count *c = &v->stats->mmio[r->id];

		if (write)
			c->writes++;
		else
			c->reads++;
		r->fn(r->opaque, run->mmio.phys_addr - r->base, run->mmio.data, len, write);
		return DISPATCH_CONTINUE;
	}
	if (write) {
		v->stats->unclaimed.mmio_writes++;
	} else {
		v->stats->unclaimed.mmio_reads++;
		memset(run->mmio.data, 0xff, len);
	}
	warn_unclaimed(m, "MMIO address", run->mmio.phys_addr, write);
	return DISPATCH_CONTINUE;
}

/* KVM_CAP_X86_USER_SPACE_MSR: error = 1 makes KVM inject #GP(0). */
static enum dispatch_action handle_msr(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	enum msr_result res;

	v->stats->msrs.user_exits++;
	if (run->exit_reason == KVM_EXIT_X86_RDMSR)
		res = msr__read(m, v->level, run->msr.index, (uint64_t *)&run->msr.data);
	else
		res = msr__write(m, v->level, run->msr.index, run->msr.data);
	run->msr.error = res == MSR_GP;
	if (res == MSR_GP)
		v->stats->msrs.gp_injected++;
	return DISPATCH_CONTINUE;
}

/* No interrupt source exists yet (no PIT, no LAPIC), so a halted guest can
 * never wake up.  A timer or the nested work changes this one function. */
static enum dispatch_action handle_hlt(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	machine__set_result(m, DISPATCH__CRASH_STATUS, STOP_SHUTDOWN,
			    "guest halted with no wake-up source");
	return DISPATCH_CRASH;
}

/* KVM_RUN returned EINTR: a kick from the main thread, or a stray signal. */
enum dispatch_action dispatch__intr(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	int signo = atomic_load(&m->stop_signo);

	switch ((enum stop_reason)atomic_load(&m->stop_request)) {
	case STOP_TIMEOUT:
		machine__set_result(m, TIMEOUT_STATUS, STOP_TIMEOUT, "timeout");
		return DISPATCH_STOP;
	case STOP_SIGNAL:
		machine__set_result(m, 128 + signo, STOP_SIGNAL, "stopped by %s",
				    signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" : "a signal");
		return DISPATCH_STOP;
	case STOP_NONE:
	case STOP_DEBUG_EXIT:
	case STOP_SHUTDOWN:
	case STOP_ERROR:
		break;
	}
	run->immediate_exit = 0;
	return DISPATCH_CONTINUE;
}

static enum dispatch_action handle_internal_error(struct machine *m, struct vcpu *v,
						  struct kvm_run *run)
{
	enum dispatch_action act;
	char bytes[3 * 16] = "";
	const uint8_t *insn;
	int i, n;

	/* A raw VMX instruction of L1: L0 emulates it. */
	if (m->nested && v->level == 1 && !nested_raw__exit(m->nested, v, run, &act))
		return act;
	/* Emulation failure with instruction bytes (layout: nested_raw.c). */
	n = nested_raw__bytes(run, &insn);
	for (i = 0; i < n; i++)
		snprintf(bytes + 3 * i, sizeof(bytes) - 3 * i, " %02x", insn[i]);
	machine__set_result(m, DISPATCH__CRASH_STATUS, STOP_ERROR,
			    "KVM internal error, suberror %u%s%s", run->internal.suberror,
			    n ? ", instruction" : "", bytes);
	return DISPATCH_CRASH;
}

enum dispatch_action dispatch__unhandled(struct machine *m, struct kvm_run *run)
{
	const char *name = kvm_exits__name(run->exit_reason);

	machine__set_result(m, DISPATCH__CRASH_STATUS, STOP_ERROR, "unexpected KVM exit %s (%u)",
			    name ? name : "?", run->exit_reason);
	return DISPATCH_CRASH;
}

enum dispatch_action dispatch__exit(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	enum dispatch_action act;

	v->stats->active = true;
	v->stats->exits++;
	if (run->exit_reason < KVM_EXITS__MAX && kvm_exits__name(run->exit_reason))
		v->stats->kvm_exits[run->exit_reason]++;
	else
		v->stats->kvm_exits_other++;

	if (v->level == 2 && m->nested) {
		act = nested_exit__l2(m->nested, v, run);
		trace__exit(&m->trace, v->level, run);
		return act;
	}
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		/* The hypercall port: L1's VMX operations (turtle_hypercall.h). */
		if (m->nested && run->io.port == TURTLE_HC_PORT)
			act = nested_hc__exit(m->nested, v, run);
		else
			act = dispatch__io(m, v, run);
		break;
	case KVM_EXIT_MMIO:
		act = dispatch__mmio(m, v, run);
		break;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		act = handle_msr(m, v, run);
		break;
	case KVM_EXIT_HLT:
		act = handle_hlt(m, v, run);
		break;
	case KVM_EXIT_INTR:
		act = dispatch__intr(m, v, run);
		break;
	case KVM_EXIT_SHUTDOWN:
		machine__set_result(m, DISPATCH__CRASH_STATUS, STOP_SHUTDOWN,
				    "guest triple-faulted (KVM_EXIT_SHUTDOWN)");
		act = DISPATCH_CRASH;
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		act = handle_internal_error(m, v, run);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		machine__set_result(m, DISPATCH__CRASH_STATUS, STOP_ERROR,
				    "KVM entry failure, hardware reason 0x%llx",
				    (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		act = DISPATCH_CRASH;
		break;
	default:
		act = dispatch__unhandled(m, run);
		break;
	}
	trace__exit(&m->trace, v->level, run);
	return act;
}
