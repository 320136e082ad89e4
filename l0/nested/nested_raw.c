/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_raw.c: the raw-instruction transport.  L1 executes a VMX
 * instruction and its engine will not run it: on tcg an invalid-opcode
 * hook, on this host's kvm an emulation failure (KVM_EXIT_INTERNAL_ERROR),
 * RIP at the instruction either way, with its bytes.  capstone decodes them
 * (vmx_decode.h); operands are read from L1's registers and, through L1's
 * page tables, its memory. */
#include "l0/nested/nested_int.h"

#define PF_VECTOR	14
#define UD_VECTOR	6
#define SS_VECTOR	12
#define GP_VECTOR	13

struct raw {
	struct nested *n;
	struct cpu_state c;
	struct vmx_insn insn;
	struct paging_fault pf;
	bool gp;		/* a non-canonical operand: #GP(0), #SS(0) through SS */
	bool ss;
	bool read_operand;	/* the instruction gets as far as its operand */
};

static uint64_t linear(struct raw *x, const struct vmx_operand *o)
{
	const struct cpu_state *c = &x->c;
	bool long64 = c->seg[CPU_SEG_CS].ar & CPU_AR_L;
	uint64_t la = (uint64_t)o->mem.disp;

	if (o->mem.rip_relative)
		la += c->rip + x->insn.len;
	if (o->mem.base >= 0)
		la += c->gpr[o->mem.base & 15];
	if (o->mem.index >= 0)
		la += c->gpr[o->mem.index & 15] * o->mem.scale;
	if (o->mem.addr_size == 4)
		la = (uint32_t)la;
	else if (o->mem.addr_size == 2)
		la = (uint16_t)la;
	/* SDM 3.4.4: in 64-bit mode only FS and GS have a base. */
	if (!long64 || o->mem.seg == CPU_SEG_FS || o->mem.seg == CPU_SEG_GS)
		la += c->seg[o->mem.seg % 6].base;
	if (!long64)
		return (uint32_t)la;
	/* SDM 3.3.7.1 and the VMX instructions' fault lists (31.3): a
	 * non-canonical address is #GP(0), #SS(0) through SS. */
	if ((uint64_t)((int64_t)(la << 16) >> 16) != la) {
		x->gp = true;
		x->ss = o->mem.seg == CPU_SEG_SS;
	}
	return la;
}

static int mem(struct raw *x, const struct vmx_operand *o, void *buf, size_t len, bool write)
{
	struct paging_mode pm = guest_paging__mode(&x->c);
	const struct guest_mem *gm = &x->n->m->mem;
	uint64_t la;

	if (!write && !x->read_operand)
		return 0;
	la = linear(x, o);
	if (x->gp)
		return -1;
	return write ? guest_paging__write(gm, &pm, la, buf, len, PAGING_WRITE, &x->pf)
		     : guest_paging__read(gm, &pm, la, buf, len, 0, &x->pf);
}

/* Whether the instruction gets as far as reading its memory operand: the
 * SDM's Operation sections (31.3) check VMX operation, CPL and, for VMREAD
 * and VMWRITE, a current VMCS first, and those outcomes come before any
 * fault of the operand. */
static bool reads_operand(const struct nested *n, const struct nested_op *op)
{
	if (op->ctx.cpl > 0 || (op->op != VMX_OP_VMXON && !n->cpu.in_vmx) ||
	    (op->op == VMX_OP_VMXON && n->cpu.in_vmx))
		return false;
	if (op->op == VMX_OP_VMREAD || op->op == VMX_OP_VMWRITE)
		return n->cpu.current_vmcs != VMX_NO_VMCS;
	return true;
}

/* Operands into the context (SDM 31.3 operand forms).  -1: a fault. */
static int operands(struct raw *x, struct nested_op *op)
{
	const uint64_t *r = x->c.gpr;
	const struct vmx_operand *o0 = &x->insn.opnd[0], *o1 = &x->insn.opnd[1];
	size_t opsize = x->c.seg[CPU_SEG_CS].ar & CPU_AR_L ? 8 : 4;

	switch (op->op) {
	case VMX_OP_VMXON: case VMX_OP_VMCLEAR: case VMX_OP_VMPTRLD:
		op->ctx.register_form = o0->kind != VMX_OPND_MEM;
		return op->ctx.register_form ? 0 : mem(x, o0, &op->ctx.mem[0], 8, false);
	case VMX_OP_VMPTRST:
		op->ctx.register_form = o0->kind != VMX_OPND_MEM;
		return 0;
	case VMX_OP_VMREAD:
		op->ctx.reg = r[o1->reg & 15];
		return 0;
	case VMX_OP_VMWRITE:
		op->ctx.reg = r[o0->reg & 15];
		if (o1->kind == VMX_OPND_REG) {
			op->ctx.src = r[o1->reg & 15];
			return 0;
		}
		return mem(x, o1, &op->ctx.src, opsize, false);
	case VMX_OP_INVEPT: case VMX_OP_INVVPID:
		op->ctx.reg = r[o0->reg & 15];
		op->ctx.register_form = o1->kind != VMX_OPND_MEM;
		return op->ctx.register_form ? 0 : mem(x, o1, op->ctx.mem, 16, false);
	case VMX_OP_VMLAUNCH: case VMX_OP_VMRESUME:
		for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
			op->gprs[i] = r[i];
		return 0;
	case VMX_OP_VMXOFF: case VMX_OP_VMFUNC: case VMX_OP_VMCALL: case VMX_OP_COUNT:
		return 0;
	}
	return 0;
}

/* The fault an operand access raised, instead of the instruction. */
static void operand_fault(struct raw *x)
{
	struct vcpu *l1 = x->n->l1;

	if (x->gp) {
		l1->ops->raise(l1, x->ss ? SS_VECTOR : GP_VECTOR, true, 0);
		return;
	}
	x->c.cr2 = x->pf.linear;
	nested__set_l1_state(x->n, &x->c);
	l1->ops->raise(l1, PF_VECTOR, true, x->pf.error_code);
}

/* VMREAD's and VMPTRST's destination (SDM 31.3). */
static int store(struct raw *x, const struct nested_op *op)
{
	const struct vmx_operand *dst = &x->insn.opnd[0];
	uint64_t val = op->result.value;
	size_t opsize = x->c.seg[CPU_SEG_CS].ar & CPU_AR_L ? 8 : 4;

	if (op->op == VMX_OP_VMPTRST)
		return mem(x, dst, &val, 8, true);
	if (dst->kind == VMX_OPND_REG) {
		/* A 32-bit destination zero-extends, as any 32-bit MOV. */
		x->c.gpr[dst->reg & 15] = opsize == 8 ? val : (uint32_t)val;
		return 0;
	}
	return mem(x, dst, &val, opsize, true);
}

static enum dispatch_action apply(struct raw *x, struct nested_op *op)
{
	struct vcpu *l1 = x->n->l1;

	switch (op->result.outcome) {
	case VMX_UD:
		l1->ops->raise(l1, UD_VECTOR, false, 0);
		return DISPATCH_CONTINUE;
	case VMX_GP:
		l1->ops->raise(l1, GP_VECTOR, true, 0);
		return DISPATCH_CONTINUE;
	case VMX_SUCCEED:
		if ((op->op == VMX_OP_VMREAD || op->op == VMX_OP_VMPTRST) && store(x, op)) {
			operand_fault(x);
			return DISPATCH_CONTINUE;
		}
		break;
	case VMX_FAIL_INVALID:
	case VMX_FAIL_VALID:
		break;
	}
	x->c.rflags = vmx_result__rflags(op->result, x->c.rflags);
	x->c.rip += x->insn.len;
	nested__set_l1_state(x->n, &x->c);
	return DISPATCH_CONTINUE;
}

int nested_raw__exit(struct nested *n, struct vcpu *v, const struct engine_event *ev,
		     enum dispatch_action *act)
{
	struct raw x = { .n = n };
	struct nested_op op = { .transport = STATS_TRANSPORT_RAW };
	const struct cpu_segment *cs;
	int bits;

	if (ev->insn.len <= 0)
		return -1;
	nested__l1_state(n, &x.c);
	cs = &x.c.seg[CPU_SEG_CS];
	bits = cs->ar & CPU_AR_L ? 64 : cs->ar & CPU_AR_DB ? 32 : 16;
	if (vmx_decode__bytes(&n->decoder, ev->insn.bytes, (size_t)ev->insn.len, bits, &x.insn))
		return -1;
	op.op = x.insn.op;
	nested_insn__ctx(n, &x.c, &op.ctx);
	x.read_operand = reads_operand(n, &op);
	if (operands(&x, &op)) {
		operand_fault(&x);
		*act = DISPATCH_CONTINUE;
		return 0;
	}
	switch (nested_insn__emulate(n, &op)) {
	case NESTED_ENTERED:
		*act = DISPATCH_SWITCH;
		return 0;
	case NESTED_HOST_LOADED:
	case NESTED_STOPPED:
		*act = DISPATCH_CONTINUE;
		return 0;
	case NESTED_STOP:
		*act = DISPATCH_CRASH;
		return 0;
	case NESTED_APPLY:
		break;
	}
	*act = apply(&x, &op);
	return 0;
}
