/* l0/nested/nested_insn.c: the one emulation path of L1's VMX operations.
 *
 * Both transports (hypercall port, raw instruction) decode their operands
 * into struct nested_op; everything after that is here: the SDM's checks
 * and effects come from vmcs-merge (SDM 31.3), L0 adds what only it knows
 * (the enlightened page, EPT02, the L2 vcpu).
 */
#include "l0/nested/nested_int.h"

#define CR0_PE		(1ull << 0)
#define EFER_LMA	(1ull << 10)
#define RFLAGS_VM	(1ull << 17)

struct paging_mode nested_insn__paging(const struct kvm_sync_regs *s)
{
	return (struct paging_mode){ s->sregs.cr0, s->sregs.cr3, s->sregs.cr4, s->sregs.efer };
}

/* SDM 31.3 "Operation" sections test these, in this order. */
void nested_insn__ctx(const struct nested *n, const struct kvm_sync_regs *s,
		      struct vmx_insn_ctx *ctx)
{
	const struct kvm_sregs *sr = &s->sregs;

	if (!(sr->cr0 & CR0_PE))
		ctx->mode = VMX_MODE_REAL;
	else if (s->regs.rflags & RFLAGS_VM)
		ctx->mode = VMX_MODE_V8086;
	else if (!(sr->efer & EFER_LMA))
		ctx->mode = VMX_MODE_PROTECTED;
	else
		ctx->mode = sr->cs.l ? VMX_MODE_64 : VMX_MODE_COMPAT;
	/* CPL is SS.DPL (SDM 5.5); CS.DPL can differ for conforming code. */
	ctx->cpl = sr->ss.dpl;
	ctx->cr0 = sr->cr0;
	ctx->cr4 = sr->cr4;
	ctx->mov_ss_blocking = !!(s->events.interrupt.shadow & KVM_X86_SHADOW_INT_MOV_SS);
}

void nested_insn__inject(struct kvm_run *run, unsigned vector, bool has_error, uint32_t error)
{
	struct kvm_vcpu_events *ev = &run->s.regs.events;

	ev->exception.injected = 1;
	ev->exception.pending = 0;
	ev->exception.nr = (uint8_t)vector;
	ev->exception.has_error_code = has_error;
	ev->exception.error_code = error;
	run->kvm_dirty_regs |= KVM_SYNC_X86_EVENTS;
}

static void _after_success(struct nested *n, struct nested_op *op, uint64_t old_vmcs)
{
	struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);

	switch (op->op) {
	case VMX_OP_VMPTRLD:
		/* The page now mirrors the loaded VMCS (turtle_hypercall.h). */
		if (old_vmcs != n->cpu.current_vmcs)
			nested_evmcs__push_all(n);
		break;
	case VMX_OP_VMCLEAR:
		if (n->cpu.current_vmcs == VMX_NO_VMCS)
			nested_evmcs__push_all(n);
		break;
	case VMX_OP_INVEPT:
		/* SDM 29.4.3.1: whatever EPT12 gave, EPT02 may no longer. */
		if (n->l2_created && v)
			nested_ept__invalidate(n);
		break;
	case VMX_OP_VMXON: case VMX_OP_VMXOFF: case VMX_OP_VMPTRST: case VMX_OP_VMREAD:
	case VMX_OP_VMWRITE: case VMX_OP_VMLAUNCH: case VMX_OP_VMRESUME: case VMX_OP_INVVPID:
	case VMX_OP_VMFUNC: case VMX_OP_VMCALL: case VMX_OP_COUNT:
		break;
	}
}

enum nested_done nested_insn__emulate(struct nested *n, struct nested_op *op)
{
	struct vmx_cpu *cpu = &n->cpu;
	const struct vmx_caps *caps = &n->caps;
	const struct vmx_insn_ctx *ctx = &op->ctx;
	const struct guest_mem *mem = &n->m->mem;
	uint64_t old_vmcs = cpu->current_vmcs;
	struct vmx_result r;

	n->stats->l1_traps[op->transport][op->op]++;
	if (n->stats->entries)
		n->stats->l1_traps_since_entry++;
	/* L1's plain stores to the page come first: the instruction may read
	 * (VMRESUME) or write back (VMCLEAR, VMPTRLD) the VMCS. */
	nested_evmcs__pull(n);
	switch (op->op) {
	case VMX_OP_VMXON:	r = vmx__vmxon(cpu, caps, ctx, mem); break;
	case VMX_OP_VMXOFF:	r = vmx__vmxoff(cpu, ctx, mem); break;
	case VMX_OP_VMCLEAR:	r = vmx__vmclear(cpu, caps, ctx, mem); break;
	case VMX_OP_VMPTRLD:	r = vmx__vmptrld(cpu, caps, ctx, mem); break;
	case VMX_OP_VMPTRST:	r = vmx__vmptrst(cpu, ctx); break;
	case VMX_OP_VMREAD:	r = vmx__vmread(cpu, ctx); break;
	case VMX_OP_VMWRITE:	r = vmx__vmwrite(cpu, caps, ctx); break;
	case VMX_OP_INVEPT:	r = vmx__invept(cpu, caps, ctx); break;
	case VMX_OP_INVVPID:	r = vmx__invvpid(cpu, caps, ctx); break;
	case VMX_OP_VMLAUNCH:
	case VMX_OP_VMRESUME:
		r = vmx__vmlaunch(cpu, ctx, op->op == VMX_OP_VMRESUME);
		op->result = r;
		if (r.outcome != VMX_SUCCEED)
			return NESTED_APPLY;
		return nested_entry__enter(n, op);
	case VMX_OP_VMFUNC:
	case VMX_OP_VMCALL:
	case VMX_OP_COUNT:
	default:
		/* VMFUNC needs "enable VM functions", which L0 does not
		 * offer: #UD.  VMCALL outside VMX operation is #UD; in root
		 * operation without the SMM dual-monitor treatment it fails
		 * with error 1 (SDM 31.3 VMCALL). */
		if (op->op == VMX_OP_VMCALL && cpu->in_vmx) {
			r = (struct vmx_result){ .outcome = cpu->current_vmcs == VMX_NO_VMCS ?
						 VMX_FAIL_INVALID : VMX_FAIL_VALID,
						 .error = VMX_ERR_VMCALL_IN_ROOT };
			if (r.outcome == VMX_FAIL_VALID)
				cpu->cache.vmcs.vm_instruction_error = r.error;
		} else {
			r = (struct vmx_result){ .outcome = VMX_UD };
		}
		break;
	}
	op->result = r;
	if (r.outcome == VMX_SUCCEED)
		_after_success(n, op, old_vmcs);
	return NESTED_APPLY;
}
