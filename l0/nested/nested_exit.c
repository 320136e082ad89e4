/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_exit.c: an exit of L2's vcpu.  What KVM reported becomes a
 * VMX exit event (exit-forwarder/exit_event.h), the router decides with
 * vmcs12's controls and L0's facts, and L0 either absorbs it and re-runs
 * L2, or reflects it: exit information and L2's state into vmcs12
 * (SDM 28.2-28.4), host state into L1 (SDM 28.5), the loop switches. */
#include <string.h>

#include "exit-forwarder/exit_qual.h"
#include "exit-forwarder/route.h"
#include "l0/nested/nested_int.h"

void nested_exit__ctls(const struct vmcs12 *v, struct exit_ctls *c)
{
	*c = (struct exit_ctls){
		.pin = v->pin_based_controls,
		.proc = v->proc_based_controls,
		.proc2 = v->secondary_proc_controls,
		.exception_bitmap = v->exception_bitmap,
		.pf_ec_mask = v->pf_error_code_mask,
		.pf_ec_match = v->pf_error_code_match,
		.cr0_mask = v->cr0_guest_host_mask,
		.cr0_shadow = v->cr0_read_shadow,
		.cr4_mask = v->cr4_guest_host_mask,
		.cr4_shadow = v->cr4_read_shadow,
		.cr3_target_count = v->cr3_target_count,
		.cr3_target = { v->cr3_target_value0, v->cr3_target_value1,
				v->cr3_target_value2, v->cr3_target_value3 },
		.io_bitmap_a = v->io_bitmap_a,
		.io_bitmap_b = v->io_bitmap_b,
		.msr_bitmap = v->msr_bitmap,
	};
}

/* The instruction KVM was in the middle of (IN, RDMSR/WRMSR, MMIO read):
 * KVM finishes it at the next KVM_RUN with what userspace left in kvm_run.
 * A reflected exit must not run it, so L0 lets KVM finish it now (one
 * KVM_RUN with immediate_exit) and then puts back the registers of the
 * exit: L2 stops before the instruction, as on a VM exit.  Returns the
 * instruction's length, measured by how far RIP moved. */
static unsigned _cancel_pending(struct vcpu *v)
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

/* IN/OUT with an immediate port (E4-E7) rather than DX (EC-EF), from the
 * instruction's bytes at rip, prefixes skipped. */
static bool io_imm_form(struct nested *n, const struct cpu_state *l2, uint64_t rip)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = nested_insn__paging(l2);
	struct paging_fault pf;
	uint8_t b[15];
	unsigned i = 0;

	if (guest_paging__read(&l2mem, &pm, rip, b, sizeof(b), PAGING_FETCH, &pf))
		return false;
	while (i < sizeof(b) - 1 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 ||
				     b[i] == 0xf3 || (b[i] & 0xf0) == 0x40))
		i++;
	return (b[i] & 0xfc) == 0xe4;
}

static void _io_event(struct engine_event *e, struct nested_l2_exit *x)
{
	x->ev.reason = EXIT_REASON_IO_INSTRUCTION;
	x->ev.io.port = e->io.port;
	x->ev.io.size = e->io.size;
	x->ev.io.in = !e->io.write;
	/* KVM does not say INS/OUTS; a count above one can only be REP. */
	x->ev.io.string = x->ev.io.rep = e->io.count > 1;
	x->pending = x->ev.io.in || x->ev.io.string;
	x->info.qualification = exit_qual__io(&x->ev);
	x->info.instruction_info = exit_qual__io_instr_info(&x->ev);
}

static void _mmio_event(struct nested *n, struct engine_event *e, struct nested_l2_exit *x)
{
	unsigned access = e->mmio.write ? EPT_ACCESS_WRITE : EPT_ACCESS_READ;

	x->ept = nested_ept__fault(n, e->mmio.gpa, access, &x->walk);
	x->ev.reason = x->walk.status == EPT12_MISCONFIG ? EXIT_REASON_EPT_MISCONFIG
							  : EXIT_REASON_EPT_VIOLATION;
	x->ev.ept.gpa = e->mmio.gpa;
	x->facts.ept_fixable = x->ept == EPT_FAULT_MAPPED || x->ept == EPT_FAULT_NOT_RAM;
	x->info.qualification = x->walk.status == EPT12_VIOLATION ? x->walk.qual : 0;
	x->info.guest_physical_address = e->mmio.gpa;
	x->pending = !e->mmio.write;
}

/* EINTR: L0's kick.  L2 at CPL0 spinning on VMCALL is the one VMX exit
 * that only a look at its code can reveal (host-facts.md); an expired
 * preemption timer is the other thing a kick can mean. */
static void _kick_event(struct nested *n, const struct cpu_state *l2, struct nested_l2_exit *x)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = nested_insn__paging(l2);
	struct paging_fault pf;
	uint8_t b[3];

	if (n->l2_halted)
		nested_halt__wait(n);
	if (nested_timer__preemption_due(n)) {
		x->ev.reason = EXIT_REASON_PREEMPTION_TIMER;
		return;
	}
	if (!guest_paging__read(&l2mem, &pm, l2->rip, b, 3, PAGING_FETCH, &pf) &&
	    b[0] == 0x0f && b[1] == 0x01 && b[2] == 0xc1) {
		x->ev.reason = EXIT_REASON_VMCALL;
		x->info.instruction_len = 3;
		return;
	}
	x->ev.reason = EXIT_REASON_EXTERNAL_INTERRUPT;
	x->facts.own_kick = true;
}

/* A VMX instruction in L2 (emulation failure with its bytes): the exit
 * L1 would get on hardware, with the instruction information.  Every
 * operation of VMX_OPS has the exit reason of the same name (SDM App. C). */
static const uint8_t vmx_op_reason[VMX_OP_COUNT] = {
#define VMX_OP_REASON(name) [VMX_OP_##name] = EXIT_REASON_##name,
	VMX_OPS(VMX_OP_REASON)
#undef VMX_OP_REASON
};

static int _insn_event(struct nested *n, const struct cpu_state *l2, struct engine_event *e,
		       struct nested_l2_exit *x)
{
	const struct cpu_segment *cs = &l2->seg[CPU_SEG_CS];
	int bits = cs->ar & CPU_AR_L ? 64 : cs->ar & CPU_AR_DB ? 32 : 16;
	struct vmx_insn insn;

	if (e->insn.len <= 0 || vmx_decode__bytes(&n->decoder, e->insn.bytes, (size_t)e->insn.len, bits,
						      &insn))
		return -1;
	x->ev.reason = vmx_op_reason[insn.op];
	x->info.instruction_len = insn.len;
	x->info.instruction_info = vmx_decode__instruction_info(&insn);
	x->info.qualification = vmx_decode__qualification(&insn);
	return 0;
}

int nested_exit__to_event(struct nested *n, struct vcpu *v, struct engine_event *e,
			  struct nested_l2_exit *x)
{
	struct cpu_state l2;

	v->ops->get_state(v, &l2);
	x->rip = l2.rip;
	switch (e->kind) {
	case ENGINE_EV_IO:
		_io_event(e, x);
		return 0;
	case ENGINE_EV_MMIO:
		_mmio_event(n, e, x);
		return 0;
	case ENGINE_EV_HLT:
		/* KVM has retired the HLT: RIP is past its one byte. */
		x->ev.reason = EXIT_REASON_HLT;
		x->info.instruction_len = 1;
		x->rip -= 1;
		return 0;
	case ENGINE_EV_RDMSR:
	case ENGINE_EV_WRMSR:
		x->ev.reason = e->kind == ENGINE_EV_RDMSR ? EXIT_REASON_RDMSR : EXIT_REASON_WRMSR;
		x->ev.msr.index = e->msr.index;
		x->ev.msr.write = e->kind == ENGINE_EV_WRMSR;
		x->pending = true;
		return 0;
	case ENGINE_EV_SHUTDOWN:
		x->ev.reason = EXIT_REASON_TRIPLE_FAULT;
		return 0;
	case ENGINE_EV_KICK:
		_kick_event(n, &l2, x);
		return 0;
	case ENGINE_EV_INSN:
		return _insn_event(n, &l2, e, x);
	case ENGINE_EV_CPUID:
	case ENGINE_EV_CR_WRITE:
	case ENGINE_EV_FAIL:
	case ENGINE_EV_COUNT:
		break;
	}
	return -1;
}

/* L0 handles the exit and L2 goes on, as the CPU would have without
 * exiting (or as L0's own business requires). */
static enum dispatch_action _absorb(struct nested *n, struct vcpu *v, struct engine_event *e,
				    struct nested_l2_exit *x)
{
	struct msr_access msrs = v->ops->msrs(v);
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	uint64_t val;

	switch (exit_event__basic(&x->ev)) {
	case EXIT_REASON_IO_INSTRUCTION:
		return dispatch__io(n->m, v, e);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		if (x->ept == EPT_FAULT_NOT_RAM) {
			struct engine_event l1_access = *e;

			l1_access.mmio.gpa = x->walk.l1_gpa;
			return dispatch__mmio(n->m, v, &l1_access);
		}
		if (x->ept != EPT_FAULT_MAPPED)
			break;
		/* KVM completes this access with the event's data: give it
		 * the memory the new memslot shows. */
		if (e->mmio.write)
			guest_mem__write(&l2mem, e->mmio.gpa, e->mmio.data, e->mmio.len);
		else if (guest_mem__read(&l2mem, e->mmio.gpa, e->mmio.data, e->mmio.len))
			memset(e->mmio.data, 0xff, e->mmio.len);
		return DISPATCH_CONTINUE;
	case EXIT_REASON_RDMSR:
		/* KVM_GET_MSRS is not filtered: the MSR as KVM models it. */
		e->msr.gp = msrs.read(msrs.opaque, e->msr.index, &val) != 0;
		e->msr.value = val;
		return DISPATCH_CONTINUE;
	case EXIT_REASON_WRMSR:
		e->msr.gp = msrs.write(msrs.opaque, e->msr.index, e->msr.value) != 0;
		return DISPATCH_CONTINUE;
	case EXIT_REASON_HLT:
		/* KVM retired it: L2 is in the HLT state, RIP past it. */
		nested_halt__enter(n);
		return DISPATCH_CONTINUE;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		if (n->l2_halted && !n->timer_deadline_ns && !atomic_load(&n->m->stop_request)) {
			machine__set_result(n->m, DISPATCH__CRASH_STATUS, STOP_SHUTDOWN,
					    "L2 halted (HLT activity state, or a HLT L1 does not "
					    "intercept) and nothing can wake it: no VMX-preemption "
					    "timer, and no interrupt reaches L2 yet");
			return DISPATCH_CRASH;
		}
		return dispatch__kick(n->m);
	default:
		return DISPATCH_CONTINUE;
	}
	machine__set_result(n->m, DISPATCH__CRASH_STATUS, STOP_ERROR,
			    "L2 access to gpa 0x%llx: EPT02 has no room",
			    (unsigned long long)e->mmio.gpa);
	return DISPATCH_CRASH;
}

static enum dispatch_action _reflect(struct nested *n, struct vcpu *v, struct engine_event *e,
				     struct nested_l2_exit *x)
{
	struct vmcs12 *v12 = vmx_cpu__vmcs12(&n->cpu);
	struct msr_access l2_msrs = v->ops->msrs(v);
	struct cpu_state l2;
	unsigned len;

	/* The window opens with the KVM_RUN of L2 that exited (counted). */
	n->stats->window_start = stats__ioctls_total(&n->m->stats) - 1;
	n->stats->in_window = 1;
	if (x->pending) {
		len = _cancel_pending(v);
		if (!x->info.instruction_len)
			x->info.instruction_len = len;
	}
	v->ops->get_state(v, &l2);
	if (!x->pending && e->kind == ENGINE_EV_IO) {
		/* KVM retired the OUT before exiting (RIP is past it): its
		 * length is what `out dx` or `out imm8` takes. */
		x->info.instruction_len = nested_exit__out_len(n, &l2, e->io.port);
		x->rip -= x->info.instruction_len;
	}
	if (e->kind == ENGINE_EV_MMIO && e->mmio.write)
		/* So did it the store (nested_store.c); L1 resumes at it. */
		x->rip -= nested_store__len(n, &l2, e->mmio.gpa, e->mmio.len);
	if (e->kind == ENGINE_EV_IO) {
		/* KVM does not say which form: the bytes do (qualification
		 * bit 6, SDM 28.2.1 Table 28-5). */
		x->ev.io.imm = io_imm_form(n, &l2, x->rip);
		x->info.qualification = exit_qual__io(&x->ev);
	}
	x->info.reason = x->ev.reason;
	/* KVM ran L2 without CR4.VMXE (it refuses the bit); L2 cannot have
	 * changed it, so it is still what L1 entered L2 with. */
	if (v12->guest_cr4 & CPU_STATE_KVM__CR4_VMXE)
		l2.cr4 |= CPU_STATE_KVM__CR4_VMXE;
	l2.rip = x->rip;
	l2.preemption_timer = nested_timer__remaining(n);
	/* SDM 28.3.4: the activity state L2 was in (a halted L2 leaves it
	 * only by this exit). */
	l2.activity_state = n->l2_halted ? CPU_ACTIVITY_HLT : CPU_ACTIVITY_ACTIVE;
	n->l2_halted = false;
	if (vm_exit__save_guest(v12, &l2, &x->info, &n->m->mem, &l2_msrs) != VMX_ABORT_NONE) {
		machine__set_result(n->m, DISPATCH__CRASH_STATUS, STOP_SHUTDOWN,
				    "VMX abort while saving L2's state");
		return DISPATCH_CRASH;
	}
	nested_dr7__exit(n, v12);
	return nested_entry__to_l1(n, &l2) == NESTED_STOP ? DISPATCH_CRASH : DISPATCH_SWITCH;
}

enum dispatch_action nested_exit__l2(struct nested *n, struct vcpu *v, struct engine_event *e)
{
	struct nested_l2_exit x;
	struct exit_ctls c;
	enum exit_route route;

	memset(&x, 0, sizeof(x));
	if (nested_exit__to_event(n, v, e, &x))
		return dispatch__fail(n->m, v, e);
	nested_exit__ctls(vmx_cpu__vmcs12(&n->cpu), &c);
	route = exit_route__decide(&x.ev, &c, &x.facts, &n->m->mem);
	exit_counters__account(&n->stats->exits, x.ev.reason, route);
	if (route != EXIT_ROUTE_L1)
		return _absorb(n, v, e, &x);
	return _reflect(n, v, e, &x);
}

/* OUT forms (SDM Vol. 2B OUT): E6/E7 ib (port = the immediate) and EE/EF,
 * each possibly after an operand-size prefix 66.  The byte before RIP
 * tells which, the port number confirms the immediate form. */
unsigned nested_exit__out_len(struct nested *n, const struct cpu_state *l2, uint16_t port)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = nested_insn__paging(l2);
	uint64_t rip = l2->rip;
	struct paging_fault pf;
	uint8_t b[3];
	unsigned len;

	if (rip < 3 || guest_paging__read(&l2mem, &pm, rip - 3, b, 3, PAGING_FETCH, &pf))
		return 1;
	if ((b[1] == 0xe6 || b[1] == 0xe7) && b[2] == port)
		len = 2;
	else
		len = 1;
	return len + (b[3 - len - 1] == 0x66 ? 1 : 0);
}
