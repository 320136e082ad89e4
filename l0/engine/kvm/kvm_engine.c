/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_engine.c: the kvm engine.  One KVM_RUN, the exit as an
 * engine event, the dispatcher's answer written back into kvm_run for KVM
 * to complete the instruction with (IN data, RDMSR value, #GP). */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "l0/exit_status.h"
#include "l0/machine.h"
#include "l0/engine/kvm/cpu_state_kvm.h"
#include "l0/engine/kvm/kvm_engine.h"
#include "l0/engine/kvm/kvm_exits.h"
#include "l0/observe/guest_time.h"


/* The layout, printed from a raw-VMX L1 on this host (kernel 6.18):
 *   ndata 8  data[0] = 0x1  data[1] = 0x31722434c70ff30f  data[2] = ...
 * i.e. data[0] = flags (bit 0: bytes valid), then at the byte &data[1] the
 * count of bytes KVM fetched (one byte, 15 here: not the instruction's
 * length), then the bytes from RIP (f3 0f c7 34 24 = vmxon (%rsp)), and
 * more debug words after them: the uapi's struct emulation_failure. */
static int insn_bytes(const struct kvm_run *run, uint8_t *out)
{
	const uint8_t *p = (const uint8_t *)&run->internal.data[1];
	unsigned n;

	if (run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION || run->internal.ndata < 3 ||
	    !(run->internal.data[0] & 1))
		return -1;
	n = p[0] > 15 ? 15 : p[0];
	memcpy(out, p + 1, n);
	return (int)n;
}

int kvm_engine__event(struct kvm_run *run, struct engine_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->native = (int)run->exit_reason;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		ev->kind = ENGINE_EV_IO;
		ev->io.port = run->io.port;
		ev->io.size = run->io.size;
		ev->io.write = run->io.direction == KVM_EXIT_IO_OUT;
		ev->io.count = run->io.count;
		ev->io.data = (uint8_t *)run + run->io.data_offset;
		return 0;
	case KVM_EXIT_MMIO:
		ev->kind = ENGINE_EV_MMIO;
		ev->mmio.gpa = run->mmio.phys_addr;
		ev->mmio.data = run->mmio.data;
		ev->mmio.len = run->mmio.len > 8 ? 8 : (uint8_t)run->mmio.len;
		ev->mmio.write = run->mmio.is_write;
		return 0;
	case KVM_EXIT_HLT:
		ev->kind = ENGINE_EV_HLT;
		return 0;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		ev->kind = run->exit_reason == KVM_EXIT_X86_RDMSR ? ENGINE_EV_RDMSR : ENGINE_EV_WRMSR;
		ev->msr.index = run->msr.index;
		ev->msr.value = run->msr.data;
		return 0;
	case KVM_EXIT_SHUTDOWN:
		ev->kind = ENGINE_EV_SHUTDOWN;
		return 0;
	case KVM_EXIT_INTR:
		ev->kind = ENGINE_EV_KICK;
		return 0;
	case KVM_EXIT_INTERNAL_ERROR:
		ev->kind = ENGINE_EV_INSN;
		ev->insn.detail = run->internal.suberror;
		ev->insn.len = insn_bytes(run, ev->insn.bytes);
		return 0;
	case KVM_EXIT_FAIL_ENTRY:
		ev->kind = ENGINE_EV_FAIL;
		ev->fail.what = "KVM entry failure, hardware reason";
		ev->fail.code = run->fail_entry.hardware_entry_failure_reason;
		return 0;
	default:
		ev->kind = ENGINE_EV_FAIL;
		ev->fail.what = "unexpected KVM exit";
		ev->fail.code = run->exit_reason;
		return -1;
	}
}

/* What KVM needs back to finish the instruction: the RDMSR value and #GP
 * (KVM_CAP_X86_USER_SPACE_MSR: error = 1 injects #GP(0)).  IN and MMIO
 * read data went straight into kvm_run through the event's pointers. */
void kvm_engine__complete(struct kvm_run *run, const struct engine_event *ev)
{
	if (ev->kind == ENGINE_EV_RDMSR || ev->kind == ENGINE_EV_WRMSR) {
		if (ev->kind == ENGINE_EV_RDMSR)
			run->msr.data = ev->msr.value;
		run->msr.error = ev->msr.gp;
	}
}

static void count_exit(struct level_stats *st, uint32_t reason)
{
	if (reason < KVM_EXITS__MAX && kvm_exits__name(reason))
		st->kvm_exits[reason]++;
	else
		st->kvm_exits_other++;
}

int kvm_engine__exited(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	struct engine_event ev;
	int act;

	count_exit(v->stats, run->exit_reason);
	if (run->exit_reason == KVM_EXIT_INTR)
		run->immediate_exit = 0;
	kvm_engine__event(run, &ev);
	act = v->m->dispatch(v->m, v, &ev);
	kvm_engine__complete(run, &ev);
	return act;
}

static int kvm_run_once(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	int rc;

	run->kvm_valid_regs = VCPU__SYNC_REGS;
	v->stats->ioctls.kvm_run++;
	guest_time__enter(v->stats, &v->m->stats.nested);
	rc = ioctl(v->fd, KVM_RUN, 0);
	guest_time__exit(v->stats);
	if (rc < 0) {
		if (errno != EINTR && errno != EAGAIN) {
			machine__set_result(v->m, TURTLE_STATUS_ERROR, STOP_ERROR, "KVM_RUN: %s",
					    strerror(errno));
			return DISPATCH_STOP;
		}
		run->exit_reason = KVM_EXIT_INTR;
	}
	return kvm_engine__exited(v);
}

/* The vcpu's cache of what KVM keeps outside its sync regs. */
static struct kvm_extra_vcpu extra_of(struct vcpu *v)
{
	return (struct kvm_extra_vcpu){ &v->extra, v->fd, &v->stats->ioctls.other };
}

static void kvm_get_state(struct vcpu *v, struct cpu_state *c)
{
	struct kvm_extra_vcpu k = extra_of(v);

	cpu_state_kvm__from_kvm(&v->run->s.regs, 0, c);
	kvm_extra__get(&k, c);
}

/* Only the groups that changed are marked dirty: KVM reloads what is. */
static void kvm_set_state(struct vcpu *v, const struct cpu_state *c)
{
	struct kvm_sync_regs *s = &v->run->s.regs;
	struct kvm_sync_regs old = *s;
	struct kvm_extra_vcpu k = extra_of(v);

	cpu_state_kvm__to_kvm(c, s);
	if (memcmp(&old.regs, &s->regs, sizeof(s->regs)))
		v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	if (memcmp(&old.sregs, &s->sregs, sizeof(s->sregs)))
		v->run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
	if (memcmp(&old.events, &s->events, sizeof(s->events)))
		v->run->kvm_dirty_regs |= KVM_SYNC_X86_EVENTS;
	/* A value KVM refuses stays KVM's: the VM-entry checks have already
	 * refused what the SDM refuses (SDM 27.3.1.1, PAT for one). */
	(void)kvm_extra__set(&k, c);
}

static void kvm_raise(struct vcpu *v, unsigned vector, bool has_error, uint32_t error)
{
	struct kvm_vcpu_events *ev = &v->run->s.regs.events;

	ev->exception.injected = 1;
	ev->exception.pending = 0;
	ev->exception.nr = (uint8_t)vector;
	ev->exception.has_error_code = has_error;
	ev->exception.error_code = error;
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_EVENTS;
}

/* KVM finishes a pending instruction (IN, RDMSR/WRMSR, MMIO read) at the
 * next KVM_RUN with what userspace left in kvm_run: one KVM_RUN with
 * immediate_exit lets it, then the registers of the exit go back.  The
 * length is how far RIP moved. */
static unsigned kvm_cancel_pending(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	struct kvm_regs saved = run->s.regs.regs;
	unsigned len;

	if (run->exit_reason == KVM_EXIT_X86_RDMSR || run->exit_reason == KVM_EXIT_X86_WRMSR)
		run->msr.error = 0;
	run->immediate_exit = 1;
	run->kvm_dirty_regs = 0;
	v->stats->ioctls.kvm_run++;
	ioctl(v->fd, KVM_RUN, 0);
	run->immediate_exit = 0;
	len = (unsigned)(run->s.regs.regs.rip - saved.rip);
	/* KVM holds the registers after the instruction now: ours go back. */
	run->s.regs.regs = saved;
	run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	return len <= 15 ? len : 0;
}

static void kvm_kick(struct vcpu *v)
{
	v->run->immediate_exit = 1;
}

static void kvm_destroy(struct vcpu *v)
{
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->fd >= 0)
		close(v->fd);
	v->run = NULL;
	v->fd = -1;
}

static uint64_t kvm_dr7(struct vcpu *v)
{
	struct kvm_extra_vcpu k = extra_of(v);

	return kvm_extra__fresh_dr7(&k);
}

const struct engine_ops kvm_engine__ops = {
	.name = "kvm",
	.run = kvm_run_once,
	.get_state = kvm_get_state,
	.set_state = kvm_set_state,
	.raise = kvm_raise,
	.dr7 = kvm_dr7,
	.msrs = cpu_state_kvm__msr_access,
	.cancel_pending = kvm_cancel_pending,
	.kick = kvm_kick,
	.destroy = kvm_destroy,
};
