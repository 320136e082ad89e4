/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_hc.c: the hypercall transport (l1-shim/turtle_hypercall.h):
 * a 32-bit OUT to TURTLE_HC_PORT from L1, EAX = call, RBX/RCX/RSI the
 * arguments, all read from the exit's sync regs; RAX = status and RBX =
 * result go back the same way, with RFLAGS.CF/ZF set as the instruction
 * would (SDM 31.2), so both transports share L1's error paths. */
#include <inttypes.h>

#include "l0/nested/nested_int.h"
#include "l1-shim/turtle_hypercall.h"

/* KVM has completed the OUT when it exits (RIP is past it, host-facts.md
 * measurement in docs/vmx-coverage.md); a fault belongs to the OUT itself,
 * `outl %eax, %dx`, one byte. */
#define HC_OUT_LEN 1

/* The OUT faults instead of completing: RIP back at it. */
static void fault(struct nested *n, struct cpu_state *c, unsigned vector, bool has_error)
{
	c->rip -= HC_OUT_LEN;
	nested__set_l1_state(n, c);
	n->l1->ops->raise(n->l1, vector, has_error, 0);
}

/* L2's GPRs for VMLAUNCH/VMRESUME: the block at RBX (struct vmx_gprs), or
 * L1's own registers at the OUT when RBX = 0, as on hardware. */
static int entry_gprs(struct nested *n, const struct cpu_state *c, uint64_t *gprs)
{
	if (c->gpr[CPU_RBX])
		return guest_mem__read(&n->m->mem, c->gpr[CPU_RBX], gprs,
				       CPU_GPR_COUNT * sizeof(*gprs));
	for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
		gprs[i] = c->gpr[i];
	return 0;
}

static enum dispatch_action vmx_call(struct nested *n, struct cpu_state *c, enum vmx_op vop)
{
	uint64_t *r = c->gpr;
	struct nested_op op = { .op = vop, .transport = STATS_TRANSPORT_HYPERCALL };
	struct vmx_result res;

	nested_insn__ctx(n, c, &op.ctx);
	op.ctx.reg = r[CPU_RBX];
	op.ctx.src = r[CPU_RCX];
	op.ctx.mem[0] = vop == VMX_OP_INVEPT || vop == VMX_OP_INVVPID ? r[CPU_RCX] : r[CPU_RBX];
	op.ctx.mem[1] = vop == VMX_OP_INVVPID ? r[CPU_RSI] : 0;
	if ((vop == VMX_OP_VMLAUNCH || vop == VMX_OP_VMRESUME) && entry_gprs(n, c, op.gprs)) {
		r[CPU_RAX] = TURTLE_HC_BAD_ARGUMENT;
		nested__set_l1_state(n, c);
		return DISPATCH_CONTINUE;
	}
	switch (nested_insn__emulate(n, &op)) {
	case NESTED_ENTERED:
		return DISPATCH_SWITCH;
	case NESTED_HOST_LOADED:
	case NESTED_STOPPED:
		return DISPATCH_CONTINUE;
	case NESTED_STOP:
		return DISPATCH_CRASH;
	case NESTED_APPLY:
		break;
	}
	res = op.result;
	switch (res.outcome) {
	case VMX_UD:
		fault(n, c, 6, false);
		return DISPATCH_CONTINUE;
	case VMX_GP:
		fault(n, c, 13, true);
		return DISPATCH_CONTINUE;
	case VMX_SUCCEED:
		r[CPU_RAX] = TURTLE_HC_SUCCESS;
		if (vop == VMX_OP_VMREAD || vop == VMX_OP_VMPTRST)
			r[CPU_RBX] = res.value;
		break;
	case VMX_FAIL_INVALID:
		r[CPU_RAX] = TURTLE_HC_FAIL_INVALID;
		break;
	case VMX_FAIL_VALID:
		r[CPU_RAX] = TURTLE_HC_FAIL_VALID;
		r[CPU_RBX] = res.error;
		break;
	}
	c->rflags = vmx_result__rflags(res, c->rflags);
	nested__set_l1_state(n, c);
	return DISPATCH_CONTINUE;
}

/* L0's own calls (kind L0 in TURTLE_HC_CALLS), one handler each: RAX is
 * TURTLE_HC_SUCCESS on entry.  0, or -1 when the call faulted (fault()
 * has given L1 its state). */
typedef int l0_call_fn(struct nested *n, struct cpu_state *c);

static int call_VERSION(struct nested *n, struct cpu_state *c)
{
	c->gpr[CPU_RBX] = TURTLE_HC_ABI_VERSION | (uint64_t)TURTLE_HC_FEATURE_EVMCS << 32;
	return 0;
}

/* MOV to CR4 of VMXE, which KVM refuses: L0 keeps the bit. */
static int call_ENABLE_VMX(struct nested *n, struct cpu_state *c)
{
	bool on = c->gpr[CPU_RBX] != 0;

	if (vmx_cpu__set_cr4_vmxe(&n->cpu, on) != VMX_SUCCEED) {
		fault(n, c, 13, true);
		return -1;
	}
	if (on)
		c->cr4 |= CPU_STATE_KVM__CR4_VMXE;
	else
		c->cr4 &= ~CPU_STATE_KVM__CR4_VMXE;
	return 0;
}

static int call_EVMCS_ENABLE(struct nested *n, struct cpu_state *c)
{
	nested_evmcs__pull(n);
	nested_dr7__save(n);
	if (nested_evmcs__enable(n, c->gpr[CPU_RBX]))
		c->gpr[CPU_RAX] = TURTLE_HC_BAD_ARGUMENT;
	return 0;
}

static int call_VMCS_DUMP(struct nested *n, struct cpu_state *c)
{
	nested_evmcs__pull(n);
	nested_dr7__save(n);
	if (vmx_cpu__vmcs12(&n->cpu))
		nested_dump__vmcs12(vmx_cpu__vmcs12(&n->cpu), stderr);
	else
		fprintf(stderr, "turtle: VMCS_DUMP: no current VMCS\n");
	return 0;
}

/* The dispatch table, generated from TURTLE_HC_CALLS: a VMX call is the
 * VMX operation of its name, an L0 call its handler. */
static const struct hc_route {
	enum vmx_op op;		/* VMX_OP_NONE for L0's own calls */
	l0_call_fn *l0_call;
} hc_routes[TURTLE_HC_COUNT] = {
#define HC_ROUTE_VMX(name) { VMX_OP_##name, NULL }
#define HC_ROUTE_L0(name) { VMX_OP_NONE, call_##name }
#define HC_ROUTE(num, name, kind, args, result) [num] = HC_ROUTE_##kind(name),
	TURTLE_HC_CALLS(HC_ROUTE)
#undef HC_ROUTE
#undef HC_ROUTE_L0
#undef HC_ROUTE_VMX
};

enum dispatch_action nested_hc__exit(struct nested *n, struct vcpu *v, struct engine_event *ev)
{
	struct cpu_state c;
	uint64_t *r = c.gpr;
	const struct hc_route *route;
	uint32_t call;

	nested__l1_state(n, &c);
	call = (uint32_t)r[CPU_RAX];
	if (!ev->io.write || ev->io.size != 4 || ev->io.count != 1) {
		r[CPU_RAX] = TURTLE_HC_BAD_ARGUMENT;
		nested__set_l1_state(n, &c);
		return DISPATCH_CONTINUE;
	}
	route = call < TURTLE_HC_COUNT ? &hc_routes[call] : NULL;
	if (route && route->op != VMX_OP_NONE)
		return vmx_call(n, &c, route->op);
	n->stats->hypercalls_other++;
	r[CPU_RAX] = route ? TURTLE_HC_SUCCESS : TURTLE_HC_UNKNOWN_CALL;
	if (!route || route->l0_call(n, &c) == 0)
		nested__set_l1_state(n, &c);
	return DISPATCH_CONTINUE;
}
