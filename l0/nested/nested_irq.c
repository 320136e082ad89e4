/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_irq.c: L1's interrupts while L2 runs, and the
 * interrupt window L1 asks L2's exits for.
 *
 * L1's local APIC, its timers and the I/O APIC are L0's (l0/platform/irq.h)
 * and keep counting while L2 runs on KVM; a host timer kicks L2's run at
 * L1's next deadline.  At every entry into L2 (VM entry, or after an exit
 * L0 absorbed) and at every kick, L0 decides, in the SDM's terms:
 * - an NMI for L1: with "NMI exiting", a VM exit, reason 0, with the NMI
 *   in the exit interruption information (SDM 26.2); without, delivered to
 *   L2 through its IDT;
 * - an external interrupt for L1: with "external-interrupt exiting", a VM
 *   exit, reason 1, whatever L2's RFLAGS.IF (SDM 26.2); with "acknowledge
 *   interrupt on exit" the interrupt is acknowledged and its vector is in
 *   the exit interruption information (SDM 28.2.2), else it stays pending
 *   for L1.  Without the control it goes to L2 through L2's IDT once L2
 *   can take it (SDM 26.3's rules: RFLAGS.IF, no STI or MOV-SS blocking);
 * - "interrupt-window exiting": a VM exit, reason 7, as soon as L2 can take
 *   an interrupt (SDM 27.7.5).
 * An exit due now ends L2's run at once (its engine's kick); the kick event
 * names it (nested_irq__exit).  L1 is vCPU 0 (one vCPU for L1 when it
 * runs a hypervisor on L0's VT-x).
 */
#include "l0/nested/nested_int.h"
#include "l0/platform/irq.h"

#define NMI_VECTOR	2

enum owed { OWED_NONE, OWED_NMI, OWED_EXTINT, OWED_WINDOW };

static const struct vmcs12 *v12(struct nested *n)
{
	return vmx_cpu__vmcs12(&n->cpu);
}

static enum owed owed_exit(struct nested *n)
{
	const struct vmcs12 *v = v12(n);

	if (!v)
		return OWED_NONE;
	if ((v->pin_based_controls & VMX_PIN_NMI_EXITING) && irq__nmi_pending(n->m, n->l1->id))
		return OWED_NMI;
	if ((v->pin_based_controls & VMX_PIN_EXTINT_EXITING) &&
	    irq__pending_vector(n->m, n->l1->id) != IRQ__NONE)
		return OWED_EXTINT;
	if ((v->proc_based_controls & VMX_PROC_INTR_WINDOW_EXITING) && n->l2.ops->irq_ready(&n->l2))
		return OWED_WINDOW;
	return OWED_NONE;
}

/* What L1 did not ask to see goes to L2 itself. */
static void deliver_to_l2(struct nested *n)
{
	const struct vmcs12 *v = v12(n);
	struct vcpu *l2 = &n->l2;
	bool want_window = v && (v->proc_based_controls & VMX_PROC_INTR_WINDOW_EXITING);

	if (v && !(v->pin_based_controls & VMX_PIN_NMI_EXITING) &&
	    irq__nmi_pending(n->m, n->l1->id)) {
		irq__nmi_taken(n->m, n->l1->id);
		l2->ops->inject(l2, ENGINE_INJECT_NMI, NMI_VECTOR);
	} else if (v && !(v->pin_based_controls & VMX_PIN_EXTINT_EXITING) &&
		   irq__pending_vector(n->m, n->l1->id) != IRQ__NONE) {
		if (l2->ops->irq_ready(l2)) {
			l2->ops->inject(l2, ENGINE_INJECT_EXTINT, (uint8_t)irq__ack(n->m, n->l1->id));
		} else {
			want_window = true;
		}
	}
	l2->ops->irq_window(l2, want_window);
}

void nested_irq__before_run(struct nested *n, bool vectoring)
{
	irq__tick(n->m, n->l1->id);
	/* An entry that injects an event delivers it first (SDM 27.6); what
	 * is owed then is found at L2's next exit.  A halted L2 waits in its
	 * kick event (nested_halt.c). */
	if (vectoring || n->l2_halted)
		return;
	if (owed_exit(n) != OWED_NONE) {
		n->l2.ops->kick(&n->l2);
		return;
	}
	deliver_to_l2(n);
}

bool nested_irq__exit(struct nested *n, struct nested_l2_exit *x)
{
	const struct vmcs12 *v = v12(n);

	irq__tick(n->m, n->l1->id);
	switch (owed_exit(n)) {
	case OWED_NMI:
		irq__nmi_taken(n->m, n->l1->id);
		x->ev.reason = EXIT_REASON_EXCEPTION_NMI;
		x->ev.intr.type = EXIT_INTR_NMI;
		x->ev.intr.vector = NMI_VECTOR;
		x->info.intr_info = CPU_EVENT_VALID | CPU_EVENT_NMI << 8 | NMI_VECTOR;
		return true;
	case OWED_EXTINT:
		x->ev.reason = EXIT_REASON_EXTERNAL_INTERRUPT;
		if (v->exit_controls & VMX_EXIT_ACK_INTR_ON_EXIT)
			x->info.intr_info = CPU_EVENT_VALID | CPU_EVENT_EXTERNAL << 8 |
					    (uint8_t)irq__ack(n->m, n->l1->id);
		return true;
	case OWED_WINDOW:
		x->ev.reason = EXIT_REASON_INTERRUPT_WINDOW;
		return true;
	case OWED_NONE:
		break;
	}
	return false;
}

bool nested_irq__can_wake(struct nested *n, uint64_t *next_ns)
{
	const struct vmcs12 *v = v12(n);
	struct cpu_state l2;

	*next_ns = irq__tick(n->m, n->l1->id);
	if (irq__nmi_pending(n->m, n->l1->id))
		return true;
	if (irq__pending_vector(n->m, n->l1->id) == IRQ__NONE)
		return false;
	/* An external interrupt ends the HLT state if it exits to L1, or if
	 * L2 takes it (RFLAGS.IF = 1). */
	if (v && (v->pin_based_controls & VMX_PIN_EXTINT_EXITING))
		return true;
	n->l2.ops->get_state(&n->l2, &l2);
	return (l2.rflags & (1u << 9)) != 0;
}
