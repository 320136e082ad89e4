/* SPDX-License-Identifier: GPL-2.0-only */
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

#define INTERRUPTIBILITY_MOV_SS (1u << 1)	/* SDM 25.4.2, Table 25-3 */

/* SDM 31.3 "Operation" sections test these, in this order. */
void nested_insn__ctx(const struct nested *n, const struct cpu_state *c,
		      struct vmx_insn_ctx *ctx)
{
	if (!(c->cr0 & CR0_PE))
		ctx->mode = VMX_MODE_REAL;
	else if (c->rflags & RFLAGS_VM)
		ctx->mode = VMX_MODE_V8086;
	else if (!(c->efer & EFER_LMA))
		ctx->mode = VMX_MODE_PROTECTED;
	else
		ctx->mode = c->seg[CPU_SEG_CS].ar & CPU_AR_L ? VMX_MODE_64 : VMX_MODE_COMPAT;
	/* CPL is SS.DPL (SDM 5.5); CS.DPL can differ for conforming code. */
	ctx->cpl = (c->seg[CPU_SEG_SS].ar >> 5) & 3;
	ctx->cr0 = c->cr0;
	ctx->cr4 = c->cr4;
	ctx->mov_ss_blocking = !!(c->interruptibility & INTERRUPTIBILITY_MOV_SS);
}

static void after_success(struct nested *n, struct nested_op *op, uint64_t old_vmcs)
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
	nested_dr7__before(n, op);
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
		 * offer: #UD.  VMCALL outside VMX operation, in virtual-8086
		 * or compatibility mode is #UD, at CPL > 0 #GP(0); in root
		 * operation without the SMM dual-monitor treatment it fails
		 * with error 1 (SDM 31.3 VMCALL). */
		if (op->op == VMX_OP_VMCALL && cpu->in_vmx && ctx->mode != VMX_MODE_V8086 &&
		    ctx->mode != VMX_MODE_COMPAT && ctx->cpl > 0) {
			r = (struct vmx_result){ .outcome = VMX_GP };
		} else if (op->op == VMX_OP_VMCALL && cpu->in_vmx && ctx->mode != VMX_MODE_V8086 &&
			   ctx->mode != VMX_MODE_COMPAT) {
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
		after_success(n, op, old_vmcs);
	return NESTED_APPLY;
}
