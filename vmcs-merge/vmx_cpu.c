/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_cpu.c: VMX operation itself: VMXON, VMXOFF, and the checks
 * VMLAUNCH/VMRESUME make before VM entry (SDM 31.3). */
#include "vmcs-merge/vmx_cpu_int.h"

void vmx_cpu__init(struct vmx_cpu *cpu)
{
	*cpu = (struct vmx_cpu){
		.vmxon_ptr = VMX_NO_VMCS,
		.current_vmcs = VMX_NO_VMCS,
	};
}

struct vmcs12 *vmx_cpu__vmcs12(struct vmx_cpu *cpu)
{
	return cpu->current_vmcs == VMX_NO_VMCS ? NULL : &cpu->cache.vmcs;
}

enum vmx_outcome vmx_cpu__set_cr4_vmxe(struct vmx_cpu *cpu, int vmxe)
{
	/* CR4.VMXE is fixed to 1 in VMX operation (SDM 24.8, A.8). */
	if (!vmxe && cpu->in_vmx)
		return VMX_GP;
	cpu->cr4_vmxe = !!vmxe;
	return VMX_SUCCEED;
}

void vmx_cpu__set_launched(struct vmx_cpu *cpu)
{
	if (cpu->current_vmcs != VMX_NO_VMCS)
		cpu->cache.launch_state = VMCS12_LAUNCHED;
}

#define CR4_VMXE (1ull << 13)

/* SDM 31.3 VMXON, outside VMX operation: privilege, CR0/CR4 fixed bits and
 * IA32_FEATURE_CONTROL (#GP), then the VMXON region (VMfailInvalid). */
static struct vmx_result enter(struct vmx_cpu *cpu, const struct vmx_caps *caps,
				const struct vmx_insn_ctx *ctx,
				const struct guest_mem *mem)
{
	uint64_t ptr = ctx->mem[0];
	uint32_t rev;

	if (ctx->cpl > 0 ||
	    !vmx_caps__cr0_ok(caps, ctx->cr0) ||
	    !vmx_caps__cr4_ok(caps, ctx->cr4 | CR4_VMXE) ||
	    !(caps->feature_control & FEATURE_CONTROL_LOCKED) ||
	    !(caps->feature_control & FEATURE_CONTROL_VMX_OUTSIDE))
		return vmx_insn__fault(VMX_GP);
	if (!vmx_insn__ptr_ok(caps, ptr))
		return vmx_insn__fault(VMX_FAIL_INVALID);
	/* A region outside RAM reads as all ones on hardware: bit 31 set. */
	if (guest_mem__read(mem, ptr, &rev, sizeof(rev)) ||
	    rev != (caps->revision_id & 0x7fffffffu))
		return vmx_insn__fault(VMX_FAIL_INVALID);
	cpu->in_vmx = 1;
	cpu->vmxon_ptr = ptr;
	cpu->current_vmcs = VMX_NO_VMCS;
	return vmx_insn__ok(0);
}

struct vmx_result vmx__vmxon(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			     const struct vmx_insn_ctx *ctx, const struct guest_mem *mem)
{
	if (ctx->register_form || ctx->mode == VMX_MODE_REAL ||
	    !cpu->cr4_vmxe || ctx->mode == VMX_MODE_V8086 ||
	    ctx->mode == VMX_MODE_COMPAT)
		return vmx_insn__fault(VMX_UD);
	if (!cpu->in_vmx)
		return enter(cpu, caps, ctx, mem);
	if (ctx->cpl > 0)
		return vmx_insn__fault(VMX_GP);
	return vmx_insn__fail(cpu, VMX_ERR_VMXON_IN_ROOT);
}

struct vmx_result vmx__vmxoff(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx,
			      const struct guest_mem *mem)
{
	struct vmx_result r;

	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	/* No dual-monitor treatment of SMM is ever active, so error 23 cannot
	 * happen.  The SDM leaves the current VMCS's data undefined; writing it
	 * back keeps L1's memory coherent for a later VMXON (as KVM does). */
	if (cpu->current_vmcs != VMX_NO_VMCS)
		vmx_insn__flush(cpu, mem);
	cpu->in_vmx = 0;
	cpu->vmxon_ptr = VMX_NO_VMCS;
	cpu->current_vmcs = VMX_NO_VMCS;
	return vmx_insn__ok(0);
}

struct vmx_result vmx__vmlaunch(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx,
				int resume)
{
	struct vmx_result r;

	if (vmx_insn__privileged(cpu, ctx, &r))
		return r;
	if (cpu->current_vmcs == VMX_NO_VMCS)
		return vmx_insn__fault(VMX_FAIL_INVALID);
	if (ctx->mov_ss_blocking)
		return vmx_insn__fail(cpu, VMX_ERR_ENTRY_MOV_SS_BLOCKING);
	if (!resume && cpu->cache.launch_state != VMCS12_CLEAR)
		return vmx_insn__fail(cpu, VMX_ERR_VMLAUNCH_NONCLEAR);
	if (resume && cpu->cache.launch_state != VMCS12_LAUNCHED)
		return vmx_insn__fail(cpu, VMX_ERR_VMRESUME_NONLAUNCHED);
	return vmx_insn__ok(0);
}
