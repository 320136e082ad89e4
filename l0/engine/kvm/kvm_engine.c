/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_engine.c: the kvm engine.  One KVM_RUN, the exit as an
 * engine event, the dispatcher's answer written back into kvm_run for KVM
 * to complete the instruction with (IN data, RDMSR value, #GP). */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "l0/exit_status.h"
#include "l0/guest_paging.h"
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
	case KVM_EXIT_IRQ_WINDOW_OPEN:
	case KVM_EXIT_DEBUG:		/* a single step while waiting for it */
		ev->kind = ENGINE_EV_IRQ_WINDOW;
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
	if (run->exit_reason != KVM_EXIT_DEBUG)
		v->window_exits = 0;
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
	/* Other vCPU threads run L0 meanwhile (l0/machine_lock.h). */
	machine_lock__drop(&v->m->lock);
	rc = ioctl(v->fd, KVM_RUN, 0);
	machine_lock__take(&v->m->lock);
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

#define RFLAGS_IF (1ull << 9)

/* The code byte at rip (level 1, whose memory is the machine's
 * RAM); -1 when it cannot be read. */
static int code_byte(struct vcpu *v, uint64_t rip)
{
	const struct kvm_sregs *sr = &v->run->s.regs.sregs;
	struct paging_mode pm = { sr->cr0, sr->cr3, sr->cr4, sr->efer };
	struct paging_fault pf;
	uint8_t op;

	if (v->level != 1 ||
	    guest_paging__read(&v->m->mem, &pm, sr->cs.base + rip, &op, 1, PAGING_FETCH, &pf))
		return -1;
	return op;
}

static bool at_hlt(struct vcpu *v)
{
	return code_byte(v, v->run->s.regs.regs.rip) == 0xf4;
}

/* A stepped IRET comes back one instruction later (measured: IRET and
 * the instruction it returns to run as one step), so an interrupt that
 * IRET's RFLAGS.IF lets in would come an instruction late, after a CLI
 * perhaps.  At IRETQ within the same CS and SS (the handler's return in
 * 64-bit mode, SDM IRET pseudo-code "RETURN-TO-SAME-PRIVILEGE-LEVEL")
 * L0 does the IRETQ itself when its frame sets IF, and the interrupt is
 * delivered right after it. */
static bool iretq_sets_if(struct vcpu *v)
{
	struct kvm_sync_regs *s = &v->run->s.regs;
	struct paging_mode pm = { s->sregs.cr0, s->sregs.cr3, s->sregs.cr4, s->sregs.efer };
	struct paging_fault pf;
	uint64_t frame[5];	/* RIP, CS, RFLAGS, RSP, SS */

	if (code_byte(v, s->regs.rip) != 0x48 || code_byte(v, s->regs.rip + 1) != 0xcf ||
	    !s->sregs.cs.l ||
	    guest_paging__read(&v->m->mem, &pm, s->regs.rsp, frame, sizeof(frame), 0, &pf) ||
	    (uint16_t)frame[1] != s->sregs.cs.selector || (uint16_t)frame[4] != s->sregs.ss.selector ||
	    !(frame[2] & RFLAGS_IF))
		return false;
	s->regs.rip = frame[0];
	s->regs.rflags = (frame[2] & 0x3f7ed5) | 2;	/* no reserved bits, no TF */
	s->regs.rsp = frame[3];
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	return true;
}

/* From the sync regs, current after each exit and each set_state (SDM
 * 6.8.1: IF; 6.8.3: the STI and MOV-SS shadows; and no event already on
 * its way in).  This host's KVM reports no STI shadow at a single-step
 * exit (measured: an interrupt injected there lands before the HLT of
 * STI; HLT, whose wake-up is then lost), so while stepping L0 sees the
 * shadow itself: IF set by the instruction just stepped, an STI (FB). */
static bool kvm_irq_ready(struct vcpu *v)
{
	const struct kvm_sync_regs *s = &v->run->s.regs;
	bool if_now = (s->regs.rflags & RFLAGS_IF) || (v->stepping && iretq_sets_if(v));
	bool sti_shadow = v->stepping && if_now && !v->step_if &&
			  v->step_rip + 1 == s->regs.rip && code_byte(v, v->step_rip) == 0xfb;

	v->step_if = if_now;
	v->step_rip = s->regs.rip;
	return if_now && !sti_shadow && !s->events.interrupt.shadow &&
	       !s->events.interrupt.injected && !s->events.exception.injected &&
	       !s->events.exception.pending && !s->events.nmi.injected;
}

/* What KVM_INTERRUPT does without an in-kernel irqchip (queue the vector
 * for the next entry), through the sync regs: no ioctl, and nothing a
 * later set_state of the same run could undo.  An NMI is left pending:
 * KVM delivers it when NMIs are not blocked. */
static void kvm_inject(struct vcpu *v, enum engine_inject kind, uint8_t vector)
{
	struct kvm_vcpu_events *ev = &v->run->s.regs.events;

	if (kind == ENGINE_INJECT_NMI) {
		ev->nmi.pending = 1;
		ev->flags |= KVM_VCPUEVENT_VALID_NMI_PENDING;
	} else {
		ev->interrupt.injected = 1;
		ev->interrupt.nr = vector;
		ev->interrupt.soft = 0;
	}
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_EVENTS;
}

/* KVM's interrupt window (request_interrupt_window) is seen only at an
 * exit on this host: CPL0 code runs in KVM's emulator, and a window of a
 * few instructions (STI; ...; CLI) passes without one (measured).  So the
 * vCPU also single-steps until the window opens, one exit per instruction
 * while an interrupt waits for IF, as the SDM's boundary requires.  The
 * stepping ends before the entry that injects (irq__before_run turns the
 * window off), so no frame the guest pushes holds KVM's TF; the event is
 * still delivered before the next instruction (measured).  A guest that
 * keeps IF clear for long without exiting (a spin with interrupts off)
 * is stepped for STEP_BUDGET instructions at most; then the interrupt
 * waits for the next exit that finds IF set.  Any other exit renews the
 * budget.  4096: an L1 hypervisor's exit handler that takes its pending
 * interrupt itself (l1-hv apic-timer=noack, pv flavour) runs ~300
 * instructions with IF clear between exits; 256 missed its STI. */
#define STEP_BUDGET 4096

static void kvm_irq_window(struct vcpu *v, bool on)
{
	/* A stepped HLT comes back as a step, and KVM then reports the HLT
	 * after the next entry, inside whatever handler that entry delivered
	 * (measured): HLT runs unstepped and exits as HLT, where L0 waits. */
	bool step = on && !at_hlt(v) && v->window_exits < STEP_BUDGET;

	v->window_exits = on ? v->window_exits + 1 : 0;

	v->run->request_interrupt_window = on;
	if (step != v->stepping) {
		struct kvm_guest_debug dbg = { .control = step ? KVM_GUESTDBG_ENABLE |
								 KVM_GUESTDBG_SINGLESTEP : 0 };

		if (!kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_GUEST_DEBUG, &dbg))
			v->stepping = step;
		v->step_if = v->run->s.regs.regs.rflags & RFLAGS_IF;
		v->step_rip = v->run->s.regs.regs.rip;
	}
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
	.irq_ready = kvm_irq_ready,
	.inject = kvm_inject,
	.irq_window = kvm_irq_window,
	.destroy = kvm_destroy,
};
