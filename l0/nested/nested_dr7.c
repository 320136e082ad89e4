/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_dr7.c: L2's DR7, saved into vmcs12 when L1 looks.
 *
 * A VM exit with "save debug controls" stores DR7 in the guest-state area
 * (SDM 28.3.1).  L2 runs on KVM, which keeps L2's MOV to DR7 to itself,
 * so the value is KVM's, and reading it costs an ioctl (~2 us here): too
 * much for every exit, for a field L1 seldom reads.  So an exit leaves
 * vmcs12's DR7 as L0 last gave it to L2 and marks it unsaved; L0 reads
 * KVM's the first time L1 can see the field (VMREAD or VMWRITE of it, the
 * VMCS leaving L0's cache for L1's memory, a dump); the enlightened page
 * does not carry it (TURTLE_EVMCS_FIELD_TRAPS in turtle_hypercall.h).
 * A VM entry that finds it still unsaved has nothing to load: the value
 * L1 would load is the one L2's vCPU has (the entry leaves it alone).
 */
#include "l0/nested/nested_int.h"

void nested_dr7__exit(struct nested *n, const struct vmcs12 *v)
{
	n->dr7_unsaved = !!(v->exit_controls & VMX_EXIT_SAVE_DEBUG_CONTROLS);
}

void nested_dr7__save(struct nested *n)
{
	struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);

	if (!n->dr7_unsaved)
		return;
	n->dr7_unsaved = false;
	if (v && n->l2_created)
		v->guest_dr7 = n->l2.ops->dr7(&n->l2);
}

/* The operations after which L1 can see vmcs12's guest DR7. */
static bool shows_dr7(const struct nested_op *op)
{
	if (op->op == VMX_OP_VMREAD || op->op == VMX_OP_VMWRITE)
		return op->ctx.reg == VMCS_GUEST_DR7;
	return op->op == VMX_OP_VMCLEAR || op->op == VMX_OP_VMPTRLD || op->op == VMX_OP_VMXOFF;
}

void nested_dr7__before(struct nested *n, const struct nested_op *op)
{
	if (shows_dr7(op))
		nested_dr7__save(n);
}
