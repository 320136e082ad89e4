/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_exit.c: an exit of L2's vcpu.  What KVM reported becomes a
 * VMX exit event (exit-forwarder/exit_event.h), the router decides with
 * vmcs12's controls and L0's facts, and L0 either absorbs it and re-runs
 * L2, or reflects it: exit information and L2's state into vmcs12
 * (SDM 28.2-28.4), host state into L1 (SDM 28.5), the loop switches. */
#include <string.h>

#include "exit-forwarder/exit_qual.h"
#include "exit-forwarder/route.h"
#include "l0/handle.h"
#include "l0/nested/nested_int.h"

/* IN/OUT with an immediate port (E4-E7) rather than DX (EC-EF), from the
 * instruction's bytes at rip, prefixes skipped. */
static bool io_imm_form(struct nested *n, const struct cpu_state *l2, uint64_t rip)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = guest_paging__mode(l2);
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

static void io_event(struct engine_event *e, struct nested_l2_exit *x)
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

/* An L2 access to @gpa that found no memslot: EPT12 decides. */
static void ept_event(struct nested *n, uint64_t gpa, const struct ept_access *acc,
		      struct nested_l2_exit *x)
{
	x->ept = nested_ept__fault(n, gpa, acc, &x->walk);
	x->ev.reason = x->walk.status == EPT12_MISCONFIG ? EXIT_REASON_EPT_MISCONFIG
							  : EXIT_REASON_EPT_VIOLATION;
	x->ev.ept.gpa = gpa;
	x->facts.ept_fixable = x->ept == EPT_FAULT_MAPPED || x->ept == EPT_FAULT_NOT_RAM;
	x->info.qualification = x->walk.status == EPT12_VIOLATION ? x->walk.qual : 0;
	x->info.guest_physical_address = gpa;
}

static void mmio_event(struct nested *n, struct engine_event *e, struct nested_l2_exit *x)
{
	struct ept_access acc = { .type = e->mmio.write ? EPT_ACCESS_WRITE : EPT_ACCESS_READ };

	ept_event(n, e->mmio.gpa, &acc, x);
	x->pending = !e->mmio.write;
}

/* A fetch or page walk KVM stopped at without its gpa (nested_unreached.c):
 * L0 knows the linear address too, RIP (SDM 28.2.1: bit 7). */
static bool unreached_event(struct nested *n, const struct cpu_state *l2,
			    struct nested_l2_exit *x)
{
	struct ept_access acc;
	uint64_t gpa;

	if (!nested_unreached__find(n, l2, &gpa, &acc))
		return false;
	ept_event(n, gpa, &acc, x);
	x->info.guest_linear_address = l2->rip;
	return true;
}

/* A shutdown while KVM delivered the event L1 injected at this entry
 * (nothing of L2 has run since): L1's exit is that delivery's EPT exit,
 * with the event in the IDT-vectoring information (SDM 28.2.4), a
 * software event's length in the instruction-length field (28.2.5), and
 * RIP where it was injected.  L2's vcpu is renewed at the next entry. */
static bool delivery_event(struct nested *n, const struct cpu_state *l2,
			   struct nested_l2_exit *x)
{
	const struct cpu_event *ev = &n->event_in_flight;
	struct ept_access acc;
	uint64_t gpa;

	if (!(ev->info & CPU_EVENT_VALID) || !nested_unreached__delivery(n, l2, ev, &gpa, &acc))
		return false;
	ept_event(n, gpa, &acc, x);
	x->info.idt_vectoring_info = ev->info;
	x->info.idt_vectoring_error_code = ev->error_code;
	if (cpu_event__software(ev->info)) {
		x->info.instruction_len = ev->instruction_len;
		x->rip -= ev->instruction_len;	/* entered past it: cpu_state_kvm.c */
	}
	n->l2_dead = true;
	return true;
}

/* EINTR: L0's kick.  L2 at CPL0 spinning on VMCALL is the one VMX exit
 * that only a look at its code can reveal (host-facts.md); an expired
 * preemption timer is the other thing a kick can mean. */
static void kick_event(struct nested *n, const struct cpu_state *l2, struct nested_l2_exit *x)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = guest_paging__mode(l2);
	struct paging_fault pf;
	uint8_t b[3];
	enum nested_halt_end halt = n->l2_halted ? nested_halt__wait(n) : NESTED_HALT_EVENT;

	if (nested_timer__preemption_due(n)) {
		x->ev.reason = EXIT_REASON_PREEMPTION_TIMER;
		return;
	}
	if (nested_irq__exit(n, x))
		return;
	if (n->l2_halted && halt == NESTED_HALT_EVENT)
		n->l2_halted = false;	/* L2 takes the event: nested_irq__before_run */
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

static int insn_event(struct nested *n, const struct cpu_state *l2, struct engine_event *e,
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
		io_event(e, x);
		return 0;
	case ENGINE_EV_MMIO:
		mmio_event(n, e, x);
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
		if (unreached_event(n, &l2, x)) {
			n->l2_dead = true;
			return 0;
		}
		if (delivery_event(n, &l2, x))
			return 0;
		x->ev.reason = EXIT_REASON_TRIPLE_FAULT;
		return 0;
	case ENGINE_EV_KICK:
		kick_event(n, &l2, x);
		return 0;
	case ENGINE_EV_INSN:
		if (e->insn.len <= 0 && unreached_event(n, &l2, x))
			return 0;
		return insn_event(n, &l2, e, x);
	case ENGINE_EV_IRQ_WINDOW:
		/* L1's interrupt-window exiting, or the window L0 waited for
		 * to give L2 an interrupt of L1's (nested_irq.c). */
		if (!nested_irq__exit(n, x)) {
			x->ev.reason = EXIT_REASON_EXTERNAL_INTERRUPT;
			x->facts.own_kick = true;
		}
		return 0;
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
static enum dispatch_action absorb(struct nested *n, struct vcpu *v, struct engine_event *e,
				    struct nested_l2_exit *x)
{
	struct msr_access msrs = v->ops->msrs(v);
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	uint64_t val;

	switch (exit_event__basic(&x->ev)) {
	case EXIT_REASON_IO_INSTRUCTION:
		return handle__io(n->m, v, e);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		if (e->kind != ENGINE_EV_MMIO) {
			/* A fetch: the new memslot is all it needs, KVM
			 * holds no access to complete.  A page walk KVM
			 * made a shutdown of does not run again on this
			 * host (measured): L0 says so rather than reflect a
			 * triple fault.  Walks L1 is told about are mapped
			 * before L2 runs again (nested_entry.c). */
			if (x->ept == EPT_FAULT_MAPPED && e->kind != ENGINE_EV_SHUTDOWN)
				return DISPATCH_CONTINUE;
			if (x->ept == EPT_FAULT_MAPPED) {
				machine__set_result(n->m, TURTLE_STATUS_CRASH, STOP_ERROR,
						    "L2 page walk at gpa 0x%llx: EPT12 maps it, but KVM "
						    "cannot resume L2 after the shutdown it made of the walk",
						    (unsigned long long)x->ev.ept.gpa);
				return DISPATCH_CRASH;
			}
			if (x->ept == EPT_FAULT_NOT_RAM) {
				machine__set_result(n->m, TURTLE_STATUS_CRASH, STOP_ERROR,
						    "L2 fetch or page walk at gpa 0x%llx, which EPT12 "
						    "maps to L1 gpa 0x%llx, not RAM",
						    (unsigned long long)x->ev.ept.gpa,
						    (unsigned long long)x->walk.l1_gpa);
				return DISPATCH_CRASH;
			}
			break;
		}
		if (x->ept == EPT_FAULT_NOT_RAM) {
			struct engine_event l1_access = *e;

			l1_access.mmio.gpa = x->walk.l1_gpa;
			return handle__mmio(n->m, v, &l1_access);
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
		if (n->l2_halted && !machine__stopping(n->m)) {
			machine__set_result(n->m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
					    "L2 halted (HLT activity state, or a HLT L1 does not "
					    "intercept) and nothing can wake it: no VMX-preemption "
					    "timer, and no interrupt reaches L2 yet");
			return DISPATCH_CRASH;
		}
		return handle__kick(n->m);
	default:
		return DISPATCH_CONTINUE;
	}
	machine__set_result(n->m, TURTLE_STATUS_CRASH, STOP_ERROR,
			    "L2 access to gpa 0x%llx: EPT02 has no room",
			    (unsigned long long)e->mmio.gpa);
	return DISPATCH_CRASH;
}

static enum dispatch_action reflect(struct nested *n, struct vcpu *v, struct engine_event *e,
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
		len = v->ops->cancel_pending(v);
		if (!x->info.instruction_len)
			x->info.instruction_len = len;
	}
	v->ops->get_state(v, &l2);
	if (!x->pending && e->kind == ENGINE_EV_IO) {
		/* KVM retired the OUT before exiting (RIP is past it): its
		 * length is what `out dx` or `out imm8` takes. */
		x->info.instruction_len = nested_exit__out_len(n, &l2, e->io.port, e->io.size);
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
	/* SDM 29.4.3.1: the exit drops what translated its gpa; L0 walks it
	 * again before L2 next runs (nested_entry.c), since a fetch or page
	 * walk through it would not come back to L0 as an exit on this host. */
	if (x->ev.reason == EXIT_REASON_EPT_VIOLATION || x->ev.reason == EXIT_REASON_EPT_MISCONFIG) {
		n->ept_refault = true;
		n->ept_refault_gpa = x->ev.ept.gpa;
	}
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
		machine__set_result(n->m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
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
	int rc;

	memset(&x, 0, sizeof(x));
	rc = nested_exit__to_event(n, v, e, &x);
	n->event_in_flight.info = 0;	/* delivered, or reported by this exit */
	if (rc)
		return handle__fail(n->m, v, e);
	exit_ctls__from_vmcs12(vmx_cpu__vmcs12(&n->cpu), &c);
	route = exit_route__decide(&x.ev, &c, &x.facts, &n->m->mem);
	exit_counters__account(&n->stats->exits, x.ev.reason, route);
	if (route != EXIT_ROUTE_L1) {
		enum dispatch_action act = absorb(n, v, e, &x);

		if (act == DISPATCH_CONTINUE)
			nested_irq__before_run(n, false);
		return act;
	}
	return reflect(n, v, e, &x);
}

/* OUT forms (SDM Vol. 2B OUT): E6/E7 ib (port = the immediate) and EE/EF
 * (port = DX); E7/EF move 2 or 4 bytes, the size that is not the mode's
 * default taking an operand-size prefix 66.  KVM retired the OUT (RIP is
 * past it), so its bytes are read backwards, and a form counts only where
 * its port and size are the exit's: the bytes of the instruction before
 * (`mov al, 0x66` ends in 66, `mov al, 0xe6` in E6) are not the OUT's.
 * Where both forms fit (`out 0xee, al` with DX = 0xee), the immediate one
 * is taken. */
unsigned nested_exit__out_len(struct nested *n, const struct cpu_state *l2, uint16_t port,
			      unsigned size)
{
	struct guest_mem l2mem = nested_ept__l2_mem(n);
	struct paging_mode pm = guest_paging__mode(l2);
	const struct cpu_segment *cs = &l2->seg[CPU_SEG_CS];
	unsigned def_size = cs->ar & (CPU_AR_L | CPU_AR_DB) ? 4 : 2;
	uint8_t imm_op = size == 1 ? 0xe6 : 0xe7, dx_op = size == 1 ? 0xee : 0xef;
	uint64_t rip = l2->rip;
	struct paging_fault pf;
	uint8_t b[3];		/* b[2] is the byte before RIP */
	unsigned len;

	if (rip < 3 || guest_paging__read(&l2mem, &pm, rip - 3, b, 3, PAGING_FETCH, &pf))
		return 1;
	if (b[1] == imm_op && b[2] == port)
		len = 2;
	else if (b[2] == dx_op && (uint16_t)l2->gpr[CPU_RDX] == port)
		len = 1;
	else
		return 1;
	if (size > 1 && size != def_size && b[3 - len - 1] == 0x66)
		len++;
	return len;
}
