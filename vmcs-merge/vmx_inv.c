/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_inv.c: INVEPT and INVVPID (SDM 31.3).  Only the checks
 * live here; on success L0 invalidates what the type and descriptor name
 * (ept-compose for INVEPT). */
#include "vmcs-merge/vmx_cpu_int.h"

#define INVVPID_INDIVIDUAL_ADDR 0
#define INVVPID_SINGLE_CONTEXT  1
#define INVVPID_ALL_CONTEXT     2
#define INVVPID_SINGLE_NONGLOBAL 3

#define INVEPT_SINGLE_CONTEXT   1

/* 48-bit linear addresses: L0 does not offer 5-level paging to L1. */
static int canonical(uint64_t la)
{
	return (uint64_t)((int64_t)(la << 16) >> 16) == la;
}

struct vmx_result vmx__invept(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			      const struct vmx_insn_ctx *ctx)
{
	uint64_t type = vmx_insn__opsize(ctx, ctx->reg);
	uint64_t cap = 0;
	struct vmx_result r;

	if (ctx->register_form)
		return vmx_insn__fault(VMX_UD);
	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	(void)vmx_caps__read_msr(caps, MSR_IA32_VMX_EPT_VPID_CAP, &cap);
	if (type < 1 || type > 2 || !(cap & EPT_CAP_INVEPT_TYPE(type)))
		return vmx_insn__fail(cpu, VMX_ERR_INVALID_INVEPT_INVVPID);
	/* Single-context: the EPTP must be one VM entry would accept. */
	if (type == INVEPT_SINGLE_CONTEXT && !vmx_caps__eptp_valid(caps, ctx->mem[0]))
		return vmx_insn__fail(cpu, VMX_ERR_INVALID_INVEPT_INVVPID);
	return vmx_insn__ok(0);
}

struct vmx_result vmx__invvpid(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx)
{
	uint64_t type = vmx_insn__opsize(ctx, ctx->reg);
	uint64_t vpid = ctx->mem[0] & 0xffff;
	uint64_t cap = 0;
	struct vmx_result r;

	if (ctx->register_form)
		return vmx_insn__fault(VMX_UD);
	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	(void)vmx_caps__read_msr(caps, MSR_IA32_VMX_EPT_VPID_CAP, &cap);
	if (type > 3 || !(cap & VPID_CAP_INVVPID_TYPE(type)))
		return vmx_insn__fail(cpu, VMX_ERR_INVALID_INVEPT_INVVPID);
	/* Descriptor bits 63:16 are reserved. */
	if (ctx->mem[0] >> 16)
		return vmx_insn__fail(cpu, VMX_ERR_INVALID_INVEPT_INVVPID);
	switch (type) {
	case INVVPID_INDIVIDUAL_ADDR:
		if (vpid == 0 || !canonical(ctx->mem[1]))
			return vmx_insn__fail(cpu, VMX_ERR_INVALID_INVEPT_INVVPID);
		break;
	case INVVPID_SINGLE_CONTEXT:
	case INVVPID_SINGLE_NONGLOBAL:
		if (vpid == 0)
			return vmx_insn__fail(cpu, VMX_ERR_INVALID_INVEPT_INVVPID);
		break;
	case INVVPID_ALL_CONTEXT:
		break;
	}
	return vmx_insn__ok(0);
}
