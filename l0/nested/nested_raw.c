/* l0/nested/nested_raw.c: the raw-instruction transport.  A VMX instruction at
 * CPL0 makes this host's KVM give up emulating it: KVM_EXIT_INTERNAL_ERROR,
 * suberror KVM_INTERNAL_ERROR_EMULATION, RIP still at the instruction.
 * capstone decodes its bytes (vmx_decode.h); operands are read from L1's
 * registers and, through L1's page tables, its memory. */
#include "l0/nested/nested_int.h"

#define PF_VECTOR	14
#define UD_VECTOR	6
#define GP_VECTOR	13

struct raw {
	struct nested *n;
	struct kvm_run *run;
	struct vmx_insn insn;
	struct paging_fault pf;
};

static uint64_t _linear(struct raw *x, const struct vmx_operand *o)
{
	struct kvm_regs *r = &x->run->s.regs.regs;
	const struct kvm_sregs *s = &x->run->s.regs.sregs;
	const struct kvm_segment *segs[] = { &s->es, &s->cs, &s->ss, &s->ds, &s->fs, &s->gs };
	uint64_t la = (uint64_t)o->mem.disp;

	if (o->mem.base >= 0)
		la += *cpu_state_kvm__gpr(r, (unsigned)o->mem.base);
	if (o->mem.index >= 0)
		la += *cpu_state_kvm__gpr(r, (unsigned)o->mem.index) * o->mem.scale;
	if (o->mem.addr_size == 4)
		la = (uint32_t)la;
	else if (o->mem.addr_size == 2)
		la = (uint16_t)la;
	/* SDM 3.4.4: in 64-bit mode only FS and GS have a base. */
	if (!s->cs.l || o->mem.seg == SEG_FS || o->mem.seg == SEG_GS)
		la += segs[o->mem.seg % 6]->base;
	return s->cs.l ? la : (uint32_t)la;
}

static int _mem(struct raw *x, const struct vmx_operand *o, void *buf, size_t len, bool write)
{
	struct paging_mode pm = nested_insn__paging(&x->run->s.regs);
	const struct guest_mem *mem = &x->n->m->mem;
	uint64_t la = _linear(x, o);

	return write ? guest_paging__write(mem, &pm, la, buf, len, PAGING_WRITE, &x->pf)
		     : guest_paging__read(mem, &pm, la, buf, len, 0, &x->pf);
}

/* Operands into the context (SDM 31.3 operand forms).  -1: #PF pending. */
static int _operands(struct raw *x, struct nested_op *op)
{
	struct kvm_regs *r = &x->run->s.regs.regs;
	const struct vmx_operand *o0 = &x->insn.opnd[0], *o1 = &x->insn.opnd[1];
	size_t opsize = x->run->s.regs.sregs.cs.l ? 8 : 4;

	switch (op->op) {
	case VMX_OP_VMXON: case VMX_OP_VMCLEAR: case VMX_OP_VMPTRLD:
		op->ctx.register_form = o0->kind != VMX_OPND_MEM;
		return op->ctx.register_form ? 0 : _mem(x, o0, &op->ctx.mem[0], 8, false);
	case VMX_OP_VMPTRST:
		op->ctx.register_form = o0->kind != VMX_OPND_MEM;
		return 0;
	case VMX_OP_VMREAD:
		op->ctx.reg = *cpu_state_kvm__gpr(r, o1->reg);
		return 0;
	case VMX_OP_VMWRITE:
		op->ctx.reg = *cpu_state_kvm__gpr(r, o0->reg);
		if (o1->kind == VMX_OPND_REG) {
			op->ctx.src = *cpu_state_kvm__gpr(r, o1->reg);
			return 0;
		}
		return _mem(x, o1, &op->ctx.src, opsize, false);
	case VMX_OP_INVEPT: case VMX_OP_INVVPID:
		op->ctx.reg = *cpu_state_kvm__gpr(r, o0->reg);
		op->ctx.register_form = o1->kind != VMX_OPND_MEM;
		return op->ctx.register_form ? 0 : _mem(x, o1, op->ctx.mem, 16, false);
	case VMX_OP_VMLAUNCH: case VMX_OP_VMRESUME:
		for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
			op->gprs[i] = *cpu_state_kvm__gpr(r, i);
		return 0;
	case VMX_OP_VMXOFF: case VMX_OP_VMFUNC: case VMX_OP_VMCALL: case VMX_OP_COUNT:
		return 0;
	}
	return 0;
}

static void _page_fault(struct raw *x)
{
	x->run->s.regs.sregs.cr2 = x->pf.linear;
	x->run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
	nested_insn__inject(x->run, PF_VECTOR, true, x->pf.error_code);
}

/* VMREAD's and VMPTRST's destination (SDM 31.3). */
static int _store(struct raw *x, const struct nested_op *op)
{
	struct kvm_regs *r = &x->run->s.regs.regs;
	const struct vmx_operand *dst = &x->insn.opnd[0];
	uint64_t val = op->result.value;
	size_t opsize = x->run->s.regs.sregs.cs.l ? 8 : 4;

	if (op->op == VMX_OP_VMPTRST)
		return _mem(x, dst, &val, 8, true);
	if (dst->kind == VMX_OPND_REG) {
		*cpu_state_kvm__gpr(r, dst->reg) = opsize == 8 ? val : (uint32_t)val;
		return 0;
	}
	return _mem(x, dst, &val, opsize, true);
}

static enum dispatch_action _apply(struct raw *x, struct nested_op *op)
{
	struct kvm_regs *r = &x->run->s.regs.regs;

	switch (op->result.outcome) {
	case VMX_UD:
		nested_insn__inject(x->run, UD_VECTOR, false, 0);
		return DISPATCH_CONTINUE;
	case VMX_GP:
		nested_insn__inject(x->run, GP_VECTOR, true, 0);
		return DISPATCH_CONTINUE;
	case VMX_SUCCEED:
		if ((op->op == VMX_OP_VMREAD || op->op == VMX_OP_VMPTRST) && _store(x, op)) {
			_page_fault(x);
			return DISPATCH_CONTINUE;
		}
		break;
	case VMX_FAIL_INVALID:
	case VMX_FAIL_VALID:
		break;
	}
	r->rflags = vmx_result__rflags(op->result, r->rflags);
	r->rip += x->insn.len;
	x->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	return DISPATCH_CONTINUE;
}

/* The layout, printed from a raw-VMX L1 on this host (kernel 6.18):
 *   ndata 8  data[0] = 0x1  data[1] = 0x31722434c70ff30f  data[2] = ...
 * i.e. data[0] = flags (bit 0: bytes valid), then at the byte &data[1] the
 * count of bytes KVM fetched (one byte, 15 here: not the instruction's
 * length), then the bytes from RIP (f3 0f c7 34 24 = vmxon (%rsp)), and
 * more debug words after them: the uapi's struct emulation_failure. */
int nested_raw__bytes(const struct kvm_run *run, const uint8_t **bytes)
{
	const uint8_t *p = (const uint8_t *)&run->internal.data[1];
	unsigned n;

	if (run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION || run->internal.ndata < 3 ||
	    !(run->internal.data[0] & 1))
		return -1;
	n = p[0] > 15 ? 15 : p[0];
	*bytes = p + 1;
	return (int)n;
}

int nested_raw__exit(struct nested *n, struct vcpu *v, struct kvm_run *run,
		     enum dispatch_action *act)
{
	struct raw x = { .n = n, .run = run };
	struct nested_op op = { .transport = STATS_TRANSPORT_RAW };
	const struct kvm_sregs *s = &run->s.regs.sregs;
	int bits = s->cs.l ? 64 : s->cs.db ? 32 : 16;
	const uint8_t *bytes;
	int len = nested_raw__bytes(run, &bytes);

	if (len <= 0 || vmx_decode__bytes(bytes, (size_t)len, bits, &x.insn))
		return -1;
	op.op = x.insn.op;
	nested_insn__ctx(n, &run->s.regs, &op.ctx);
	if (_operands(&x, &op)) {
		_page_fault(&x);
		*act = DISPATCH_CONTINUE;
		return 0;
	}
	switch (nested_insn__emulate(n, &op)) {
	case NESTED_ENTERED:
		*act = DISPATCH_SWITCH;
		return 0;
	case NESTED_HOST_LOADED:
		*act = DISPATCH_CONTINUE;
		return 0;
	case NESTED_STOP:
		*act = DISPATCH_CRASH;
		return 0;
	case NESTED_APPLY:
		break;
	}
	*act = _apply(&x, &op);
	return 0;
}
