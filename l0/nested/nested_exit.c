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
static unsigned _cancel_pending(struct vcpu *v, struct kvm_run *run)
{
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
	run->s.regs.regs = saved;
	return len <= 15 ? len : 0;
}

static void _io_event(struct kvm_run *run, struct nested_l2_exit *x)
{
	x->ev.reason = EXIT_REASON_IO_INSTRUCTION;
	x->ev.io.port = run->io.port;
	x->ev.io.size = run->io.size;
	x->ev.io.in = run->io.direction == KVM_EXIT_IO_IN;
	/* KVM does not say INS/OUTS; a count above one can only be REP. */
	x->ev.io.string = x->ev.io.rep = run->io.count > 1;
	x->pending = x->ev.io.in || x->ev.io.string;
	x->info.qualification = exit_qual__io(&x->ev);
	x->info.instruction_info = exit_qual__io_instr_info(&x->ev);
}

static void _mmio_event(struct nested *n, struct kvm_run *run, struct nested_l2_exit *x)
{
	unsigned access = run->mmio.is_write ? EPT_ACCESS_WRITE : EPT_ACCESS_READ;

	x->ept = nested_ept__fault(n, run->mmio.phys_addr, access, &x->walk);
	x->ev.reason = x->walk.status == EPT12_MISCONFIG ? EXIT_REASON_EPT_MISCONFIG
							  : EXIT_REASON_EPT_VIOLATION;
	x->ev.ept.gpa = run->mmio.phys_addr;
	x->facts.ept_fixable = x->ept == EPT_FAULT_MAPPED || x->ept == EPT_FAULT_NOT_RAM;
	x->info.qualification = x->walk.status == EPT12_VIOLATION ? x->walk.qual : 0;
	x->info.guest_physical_address = run->mmio.phys_addr;
	x->pending = !run->mmio.is_write;
}

/* EINTR: L0's kick.  L2 at CPL0 spinning on VMCALL is the one VMX exit
 * that only a look at its code can reveal (host-facts.md); an expired
 * preemption timer is the other thing a kick can mean. */
static void _kick_event(struct nested *n, struct kvm_run *run, struct nested_l2_exit *x)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = nested_insn__paging(&run->s.regs);
	struct paging_fault pf;
	uint8_t b[3];

	run->immediate_exit = 0;
	if (nested_timer__preemption_due(n)) {
		x->ev.reason = EXIT_REASON_PREEMPTION_TIMER;
		return;
	}
	if (!guest_paging__read(&l2mem, &pm, run->s.regs.regs.rip, b, 3, PAGING_FETCH, &pf) &&
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

static int _insn_event(struct kvm_run *run, struct nested_l2_exit *x)
{
	struct vmx_insn insn;
	const uint8_t *bytes;
	int bits = run->s.regs.sregs.cs.l ? 64 : run->s.regs.sregs.cs.db ? 32 : 16;
	int len = nested_raw__bytes(run, &bytes);

	if (len <= 0 || vmx_decode__bytes(bytes, (size_t)len, bits, &insn))
		return -1;
	x->ev.reason = vmx_op_reason[insn.op];
	x->info.instruction_len = insn.len;
	x->info.instruction_info = vmx_decode__instruction_info(&insn);
	x->info.qualification = vmx_decode__qualification(&insn);
	return 0;
}

int nested_exit__to_event(struct nested *n, struct kvm_run *run, struct nested_l2_exit *x)
{
	x->rip = run->s.regs.regs.rip;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		_io_event(run, x);
		return 0;
	case KVM_EXIT_MMIO:
		_mmio_event(n, run, x);
		return 0;
	case KVM_EXIT_HLT:
		/* KVM has retired the HLT: RIP is past its one byte. */
		x->ev.reason = EXIT_REASON_HLT;
		x->info.instruction_len = 1;
		x->rip -= 1;
		return 0;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		x->ev.reason = run->exit_reason == KVM_EXIT_X86_RDMSR ? EXIT_REASON_RDMSR
								      : EXIT_REASON_WRMSR;
		x->ev.msr.index = run->msr.index;
		x->ev.msr.write = run->exit_reason == KVM_EXIT_X86_WRMSR;
		x->pending = true;
		return 0;
	case KVM_EXIT_SHUTDOWN:
		x->ev.reason = EXIT_REASON_TRIPLE_FAULT;
		return 0;
	case KVM_EXIT_INTR:
		_kick_event(n, run, x);
		return 0;
	case KVM_EXIT_INTERNAL_ERROR:
		return _insn_event(run, x);
	default:
		return -1;
	}
}

/* L0 handles the exit and L2 goes on, as the CPU would have without
 * exiting (or as L0's own business requires). */
static enum dispatch_action _absorb(struct nested *n, struct vcpu *v, struct kvm_run *run,
				    struct nested_l2_exit *x)
{
	struct msr_access msrs = cpu_state_kvm__msr_access(v);
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	uint64_t val;

	switch (exit_event__basic(&x->ev)) {
	case EXIT_REASON_IO_INSTRUCTION:
		return dispatch__io(n->m, v, run);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		if (x->ept == EPT_FAULT_NOT_RAM) {
			run->mmio.phys_addr = x->walk.l1_gpa;
			return dispatch__mmio(n->m, v, run);
		}
		if (x->ept != EPT_FAULT_MAPPED)
			break;
		/* KVM completes this access with kvm_run's data: give it the
		 * memory the new memslot shows. */
		if (run->mmio.is_write)
			guest_mem__write(&l2mem, run->mmio.phys_addr, run->mmio.data, run->mmio.len);
		else if (guest_mem__read(&l2mem, run->mmio.phys_addr, run->mmio.data, run->mmio.len))
			memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
		return DISPATCH_CONTINUE;
	case EXIT_REASON_RDMSR:
		/* KVM_GET_MSRS is not filtered: the MSR as KVM models it. */
		run->msr.error = msrs.read(msrs.opaque, run->msr.index, &val) ? 1 : 0;
		run->msr.data = val;
		return DISPATCH_CONTINUE;
	case EXIT_REASON_WRMSR:
		run->msr.error = msrs.write(msrs.opaque, run->msr.index, run->msr.data) ? 1 : 0;
		return DISPATCH_CONTINUE;
	case EXIT_REASON_HLT:
		machine__set_result(n->m, DISPATCH__CRASH_STATUS, STOP_SHUTDOWN,
				    "L2 halted and L1 does not intercept HLT: no wake-up source");
		return DISPATCH_CRASH;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		return dispatch__intr(n->m, v, run);
	default:
		return DISPATCH_CONTINUE;
	}
	machine__set_result(n->m, DISPATCH__CRASH_STATUS, STOP_ERROR,
			    "L2 access to gpa 0x%llx: EPT02 has no room",
			    (unsigned long long)run->mmio.phys_addr);
	return DISPATCH_CRASH;
}

static enum dispatch_action _reflect(struct nested *n, struct vcpu *v, struct kvm_run *run,
				     struct nested_l2_exit *x)
{
	struct vmcs12 *v12 = vmx_cpu__vmcs12(&n->cpu);
	struct msr_access l2_msrs = cpu_state_kvm__msr_access(v);
	struct cpu_state l2;
	unsigned len;

	/* The window opens with the KVM_RUN of L2 that exited (counted). */
	n->stats->window_start = stats__ioctls_total(&n->m->stats) - 1;
	n->stats->in_window = 1;
	if (x->pending) {
		len = _cancel_pending(v, run);
		if (!x->info.instruction_len)
			x->info.instruction_len = len;
	} else if (run->exit_reason == KVM_EXIT_IO) {
		/* KVM retired the OUT before exiting (RIP is past it): its
		 * length is what `out dx` or `out imm8` takes. */
		x->info.instruction_len = nested_exit__out_len(n, run);
		x->rip -= x->info.instruction_len;
	}
	x->info.reason = x->ev.reason;
	/* KVM ran L2 without CR4.VMXE (it refuses the bit); L2 cannot have
	 * changed it, so it is still what L1 entered L2 with. */
	cpu_state_kvm__from_kvm(&run->s.regs, !!(v12->guest_cr4 & CPU_STATE_KVM__CR4_VMXE), &l2);
	l2.rip = x->rip;
	l2.preemption_timer = nested_timer__remaining(n);
	if (vm_exit__save_guest(v12, &l2, &x->info, &n->m->mem, &l2_msrs) != VMX_ABORT_NONE) {
		machine__set_result(n->m, DISPATCH__CRASH_STATUS, STOP_SHUTDOWN,
				    "VMX abort while saving L2's state");
		return DISPATCH_CRASH;
	}
	return nested_entry__to_l1(n, &l2) == NESTED_STOP ? DISPATCH_CRASH : DISPATCH_SWITCH;
}

enum dispatch_action nested_exit__l2(struct nested *n, struct vcpu *v, struct kvm_run *run)
{
	struct nested_l2_exit x;
	struct exit_ctls c;
	enum exit_route route;

	memset(&x, 0, sizeof(x));
	if (nested_exit__to_event(n, run, &x))
		return dispatch__unhandled(n->m, run);
	nested_exit__ctls(vmx_cpu__vmcs12(&n->cpu), &c);
	route = exit_route__decide(&x.ev, &c, &x.facts, &n->m->mem);
	exit_counters__account(&n->stats->exits, x.ev.reason, route);
	if (route != EXIT_ROUTE_L1)
		return _absorb(n, v, run, &x);
	return _reflect(n, v, run, &x);
}

/* OUT forms (SDM Vol. 2B OUT): E6/E7 ib (port = the immediate) and EE/EF,
 * each possibly after an operand-size prefix 66.  The byte before RIP
 * tells which, the port number confirms the immediate form. */
unsigned nested_exit__out_len(struct nested *n, const struct kvm_run *run)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = nested_insn__paging(&run->s.regs);
	uint64_t rip = run->s.regs.regs.rip;
	struct paging_fault pf;
	uint8_t b[3];
	unsigned len;

	if (rip < 3 || guest_paging__read(&l2mem, &pm, rip - 3, b, 3, PAGING_FETCH, &pf))
		return 1;
	if ((b[1] == 0xe6 || b[1] == 0xe7) && b[2] == run->io.port)
		len = 2;
	else
		len = 1;
	return len + (b[3 - len - 1] == 0x66 ? 1 : 0);
}
