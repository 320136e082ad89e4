/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/dispatch.c: the router fed synthetic kvm_run exits through
 * the kvm engine (kvm_engine__exited), no /dev/kvm: port I/O to the UART, the debug-exit port and unclaimed
 * ports, string I/O, MMIO claimed and not, MSRs, HLT, SHUTDOWN, EINTR. */
#include <signal.h>
#include <stdlib.h>

#include "l0/dispatch.h"
#include "l0/engine/kvm/kvm_engine.h"
#include "tests/tap.h"

#define DATA_OFF 0x800

static char serial_out[64];
static uint8_t mmio_last;

static void mmio_dev(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	if (write)
		mmio_last = data[0];
	else
		data[0] = (uint8_t)offset;
}

/* What the kvm engine does after KVM_RUN returns. */
static enum dispatch_action dispatch__exit(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	return kvm_engine__exited(v);
}

static void setup(struct machine *m, struct options *o, struct vcpu *v, struct kvm_run *run)
{
	struct error err;

	memset(o, 0, sizeof(*o));
	o->mem = 2u << 20;
	o->serial = "none";
	o->quiet = true;
	if (machine__init(m, o, &err))
		diag("machine__init: %s", err.msg);
	m->dispatch = dispatch__event;	/* as the run loop sets it */
	m->serial = fmemopen(serial_out, sizeof(serial_out), "w");
	m->platform.uart.out = m->serial;
	devices__register_mmio(&m->devices, 0xfed00000, 0x1000, mmio_dev, NULL, "probe");
	memset(v, 0, sizeof(*v));
	v->level = 1;
	v->engine = ENGINE_KVM;
	v->ops = &kvm_engine__ops;
	v->m = m;
	v->run = run;
	v->stats = &m->stats.level[1];
}

static enum dispatch_action io(struct machine *m, struct vcpu *v, struct kvm_run *run,
			       uint16_t port, uint8_t dir, uint8_t size, uint32_t count, uint32_t value)
{
	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = dir;
	run->io.size = size;
	run->io.port = port;
	run->io.count = count;
	run->io.data_offset = DATA_OFF;
	memcpy((uint8_t *)run + DATA_OFF, &value, 4);
	return dispatch__exit(m, v, run);
}

static void check_io(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	struct level_stats *st = v->stats;
	uint32_t got;

	is_u64(io(m, v, run, 0x3f8, KVM_EXIT_IO_OUT, 1, 1, 'A'), DISPATCH_CONTINUE, "UART write continues");
	memcpy((uint8_t *)run + DATA_OFF, "bcd", 3);
	run->io.count = 3;
	dispatch__exit(m, v, run);
	fflush(m->serial);
	is_str(serial_out, "Abcd", "UART output, string OUT included");
	is_u64(st->io_ports[0x3f8].writes, 4, "four UART writes counted");
	io(m, v, run, 0x3fd, KVM_EXIT_IO_IN, 1, 1, 0);
	is_u64(((uint8_t *)run)[DATA_OFF] & 0x20, 0x20, "LSR read through the dispatcher");
	is_u64(st->io_ports[0x3fd].reads, 1, "LSR read counted");

	io(m, v, run, 0x70, KVM_EXIT_IO_IN, 2, 1, 0);
	memcpy(&got, (uint8_t *)run + DATA_OFF, 4);
	is_u64(got, 0xffff, "unclaimed port reads all-ones, only its size");
	io(m, v, run, 0x80, KVM_EXIT_IO_OUT, 1, 1, 0);
	io(m, v, run, 0x80, KVM_EXIT_IO_OUT, 1, 1, 0);
	is_u64(st->unclaimed.pio_reads, 1, "unclaimed reads counted");
	is_u64(st->unclaimed.pio_writes, 2, "unclaimed writes counted");
	is_u64(st->io_ports[0x80].writes, 2, "port 0x80 writes counted");
	is_u64(st->kvm_exits[KVM_EXIT_IO], 6, "IO exits counted by reason");
}

/* The probe's range id (the machine's own MMIO devices come first). */
static unsigned probe_id(const struct machine *m)
{
	return devices__find(&m->devices, DEV_MMIO, 0xfed00000)->id;
}

static void check_mmio(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	struct level_stats *st = v->stats;

	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = 0xfed00020;
	run->mmio.len = 1;
	is_u64(dispatch__exit(m, v, run), DISPATCH_CONTINUE, "MMIO read continues");
	is_u64(run->mmio.data[0], 0x20, "MMIO handler sees the offset");
	run->mmio.is_write = 1;
	run->mmio.data[0] = 0x5a;
	dispatch__exit(m, v, run);
	is_u64(mmio_last, 0x5a, "MMIO write reaches the handler");
	is_u64(st->mmio[probe_id(m)].reads, 1, "MMIO read counted by range");
	is_u64(st->mmio[probe_id(m)].writes, 1, "MMIO write counted by range");
	run->mmio.phys_addr = 0xd0000000;
	run->mmio.is_write = 0;
	run->mmio.len = 4;
	dispatch__exit(m, v, run);
	is_u64(*(uint32_t *)run->mmio.data, 0xffffffff, "unclaimed MMIO reads all-ones");
	run->mmio.is_write = 1;
	dispatch__exit(m, v, run);
	is_u64(st->unclaimed.mmio_reads, 1, "unclaimed MMIO read counted");
	is_u64(st->unclaimed.mmio_writes, 1, "unclaimed MMIO write counted");
}

static void check_msr(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	struct level_stats *st = v->stats;

	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_X86_RDMSR;
	run->msr.index = 0x3a;
	is_u64(dispatch__exit(m, v, run), DISPATCH_CONTINUE, "RDMSR continues");
	is_u64(run->msr.error, 0, "IA32_FEATURE_CONTROL is served");
	is_u64(run->msr.data & 1, 1, "IA32_FEATURE_CONTROL reads locked");
	run->exit_reason = KVM_EXIT_X86_WRMSR;
	dispatch__exit(m, v, run);
	is_u64(run->msr.error, 1, "writing a locked IA32_FEATURE_CONTROL: #GP");
	run->exit_reason = KVM_EXIT_X86_RDMSR;
	run->msr.index = 0xdeadbeef;
	run->msr.error = 0;
	dispatch__exit(m, v, run);
	is_u64(run->msr.error, 1, "unknown MSR: #GP");
	is_u64(st->msrs.user_exits, 3, "MSR exits counted");
	is_u64(st->msrs.gp_injected, 2, "#GP injections counted");
}

static void check_stops(struct machine *m, struct vcpu *v, struct kvm_run *run)
{
	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_INTR;
	run->immediate_exit = 1;
	is_u64(dispatch__exit(m, v, run), DISPATCH_CONTINUE, "stray EINTR continues");
	is_u64(run->immediate_exit, 0, "and clears immediate_exit");
	machine__request_stop(m, STOP_TIMEOUT, 0);
	is_u64(dispatch__exit(m, v, run), DISPATCH_STOP, "EINTR after a timeout stops");
	is_u64(m->result.status, 124, "timeout: status 124");
	atomic_store(&m->stop_request, STOP_NONE);
	machine__request_stop(m, STOP_SIGNAL, SIGTERM);
	machine__request_stop(m, STOP_TIMEOUT, 0);
	dispatch__exit(m, v, run);
	is_u64(m->result.status, 128 + SIGTERM, "first stop request wins: 128+SIGTERM");
	is_u64(m->result.reason, STOP_SIGNAL, "reason signal");
	atomic_store(&m->stop_request, STOP_NONE);

	run->exit_reason = KVM_EXIT_HLT;
	is_u64(dispatch__exit(m, v, run), DISPATCH_CRASH, "HLT without wake-up source: crash");
	is_u64(m->result.status, 123, "HLT: status 123");
	ok(strstr(m->result.message, "no wake-up source") != NULL, "HLT message");
	run->exit_reason = KVM_EXIT_SHUTDOWN;
	is_u64(dispatch__exit(m, v, run), DISPATCH_CRASH, "SHUTDOWN: crash");
	is_str(stats__reason_name(m->result.reason), "shutdown", "SHUTDOWN: reason shutdown");
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 4;
	run->internal.data[0] = 1;
	/* struct emulation_failure: one size byte, then the bytes (layout
	 * verified on this host, see l0/nested/nested_raw.c). */
	run->internal.data[1] = 3 | 0xc1010full << 8;	/* vmcall */
	is_u64(dispatch__exit(m, v, run), DISPATCH_CRASH, "internal error: crash");
	ok(strstr(m->result.message, "0f 01 c1") != NULL, "internal error shows bytes: %s",
	   m->result.message);
	run->exit_reason = 4242;
	is_u64(dispatch__exit(m, v, run), DISPATCH_CRASH, "unknown exit: crash");
	is_u64(v->stats->kvm_exits_other, 1, "unknown exit counted as other");

	io(m, v, run, 0xf4, KVM_EXIT_IO_OUT, 4, 1, 0x105);
	is_u64(m->result.status, 5, "debug exit: status is the low byte of the value");
	is_u64(m->result.reason, STOP_DEBUG_EXIT, "debug exit: reason");
	m->platform.debug_exit.qemu_codes = true;
	is_u64(io(m, v, run, 0xf4, KVM_EXIT_IO_OUT, 1, 1, 3), DISPATCH_STOP, "debug exit stops");
	is_u64(m->result.status, 7, "--qemu-exit-codes: (3 << 1) | 1");
}

int main(void)
{
	struct kvm_run *run = calloc(1, 4096);
	struct machine m;
	struct options o;
	struct vcpu v;

	setup(&m, &o, &v, run);
	check_io(&m, &v, run);
	check_mmio(&m, &v, run);
	check_msr(&m, &v, run);
	check_stops(&m, &v, run);
	is_u64(v.stats->exits, 6 + 4 + 3 + 9, "every exit counted (I/O, MMIO, MSR, stops)");
	machine__release(&m);
	free(run);
	return done_testing();
}
