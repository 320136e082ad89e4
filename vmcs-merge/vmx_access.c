/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_access.c: VMREAD and VMWRITE on the cached current vmcs12
 * (SDM 31.3, VMREAD and VMWRITE pseudo-code).
 *
 * Operand size is 64 bits in 64-bit mode and 32 bits elsewhere.  In 64-bit
 * mode an encoding with bits 63:32 set names no field (error 12).  A field
 * narrower than the operand is zero-extended on VMREAD and truncated on
 * VMWRITE; a field wider than a 32-bit operand loses its high bits on VMREAD
 * and has them cleared on VMWRITE.  The high access (encoding | 1) of a
 * 64-bit field reads or writes bits 63:32 only.
 */
#include "vmcs-merge/vmx_cpu_int.h"

struct vmx_result vmx__vmread(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx)
{
	uint64_t encoding = vmx_insn__opsize(ctx, ctx->reg);
	struct vmx_result r;
	uint64_t value;

	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	if (cpu->current_vmcs == VMX_NO_VMCS)
		return vmx_insn__fault(VMX_FAIL_INVALID);
	if (vmcs12__read(&cpu->cache.vmcs, encoding, &value))
		return vmx_insn__fail(cpu, VMX_ERR_UNSUPPORTED_COMPONENT);
	return vmx_insn__ok(vmx_insn__opsize(ctx, value));
}

struct vmx_result vmx__vmwrite(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx)
{
	uint64_t encoding = vmx_insn__opsize(ctx, ctx->reg);
	const struct vmcs_field_info *f;
	struct vmx_result r;

	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	if (cpu->current_vmcs == VMX_NO_VMCS)
		return vmx_insn__fault(VMX_FAIL_INVALID);
	f = vmcs_field__find(encoding, NULL);
	if (!f)
		return vmx_insn__fail(cpu, VMX_ERR_UNSUPPORTED_COMPONENT);
	if (f->read_only && !caps->vmwrite_any_field)
		return vmx_insn__fail(cpu, VMX_ERR_VMWRITE_READ_ONLY);
	vmcs12__write(&cpu->cache.vmcs, encoding, vmx_insn__opsize(ctx, ctx->src));
	return vmx_insn__ok(0);
}
