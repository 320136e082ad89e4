/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_vmptr.c: VMCLEAR, VMPTRLD, VMPTRST (SDM 31.3), which move
 * vmcs12 images between L1 memory and the cache in struct vmx_cpu. */
#include <stddef.h>

#include "vmcs-merge/vmx_cpu_int.h"

void vmx_insn__flush(struct vmx_cpu *cpu, const struct guest_mem *mem)
{
	(void)guest_mem__write(mem, cpu->current_vmcs, &cpu->cache,
			       sizeof(cpu->cache));
}

struct vmx_result vmx__vmclear(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx, const struct guest_mem *mem)
{
	const uint32_t clear = VMCS12_CLEAR;
	uint64_t ptr = ctx->mem[0];
	struct vmx_result r;

	if (ctx->register_form)
		return vmx_insn__fault(VMX_UD);
	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	if (!vmx_insn__ptr_ok(caps, ptr))
		return vmx_insn__fail(cpu, VMX_ERR_VMCLEAR_INVALID_ADDR);
	if (ptr == cpu->vmxon_ptr)
		return vmx_insn__fail(cpu, VMX_ERR_VMCLEAR_VMXON_PTR);
	if (ptr == cpu->current_vmcs) {
		cpu->cache.launch_state = VMCS12_CLEAR;
		vmx_insn__flush(cpu, mem);
		cpu->current_vmcs = VMX_NO_VMCS;
	} else {
		/* Only the launch state lives outside the cache; a pointer
		 * outside RAM has nothing to clear. */
		(void)guest_mem__write(mem, ptr + offsetof(struct vmcs12_region, launch_state),
				       &clear, sizeof(clear));
	}
	return vmx_insn__ok(0);
}

struct vmx_result vmx__vmptrld(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx, const struct guest_mem *mem)
{
	struct vmcs12_region region;
	uint64_t ptr = ctx->mem[0];
	struct vmx_result r;

	if (ctx->register_form)
		return vmx_insn__fault(VMX_UD);
	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	if (!vmx_insn__ptr_ok(caps, ptr))
		return vmx_insn__fail(cpu, VMX_ERR_VMPTRLD_INVALID_ADDR);
	if (ptr == cpu->vmxon_ptr)
		return vmx_insn__fail(cpu, VMX_ERR_VMPTRLD_VMXON_PTR);
	if (ptr == cpu->current_vmcs)
		return vmx_insn__ok(0);
	/* Bit 31 (shadow VMCS) set is a mismatch too: L0 offers no VMCS
	 * shadowing.  Memory that is not RAM reads as all ones on hardware. */
	if (guest_mem__read(mem, ptr, &region, sizeof(region)) ||
	    region.revision_id != (caps->revision_id & 0x7fffffffu))
		return vmx_insn__fail(cpu, VMX_ERR_VMPTRLD_BAD_REVISION);
	if (cpu->current_vmcs != VMX_NO_VMCS)
		vmx_insn__flush(cpu, mem);
	cpu->cache = region;
	cpu->current_vmcs = ptr;
	return vmx_insn__ok(0);
}

struct vmx_result vmx__vmptrst(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx)
{
	struct vmx_result r;

	if (ctx->register_form)
		return vmx_insn__fault(VMX_UD);
	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	return vmx_insn__ok(cpu->current_vmcs);
}
