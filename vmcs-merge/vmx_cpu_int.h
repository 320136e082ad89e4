/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_cpu_int.h: checks shared by the VMX instruction files
 * that implement vmx_cpu.h (library-internal). */
#ifndef VMCS_MERGE__VMX_CPU_INT_H
#define VMCS_MERGE__VMX_CPU_INT_H

#include "vmcs-merge/vmx_cpu.h"

static inline struct vmx_result vmx_insn__ok(uint64_t value)
{
	return (struct vmx_result){ .outcome = VMX_SUCCEED, .value = value };
}

static inline struct vmx_result vmx_insn__fault(enum vmx_outcome o)
{
	return (struct vmx_result){ .outcome = o };
}

/* VMfail(ErrorNumber), SDM 31.2: VMfailValid, with the number stored in the
 * current VMCS, when there is one; VMfailInvalid otherwise. */
static inline struct vmx_result vmx_insn__fail(struct vmx_cpu *cpu, enum vmx_error e)
{
	if (cpu->current_vmcs == VMX_NO_VMCS)
		return vmx_insn__fault(VMX_FAIL_INVALID);
	cpu->cache.vmcs.vm_instruction_error = e;
	return (struct vmx_result){ .outcome = VMX_FAIL_VALID, .error = e };
}

/* The first two steps of every VMX instruction but VMXON (SDM 31.3):
 * #UD outside VMX operation, with CR0.PE = 0, RFLAGS.VM = 1 or in
 * compatibility mode; then #GP(0) at CPL > 0.  Returns 0 to go on. */
static inline int vmx_insn__privileged(const struct vmx_cpu *cpu,
				       const struct vmx_insn_ctx *ctx,
				       struct vmx_result *r)
{
	if (!cpu->in_vmx || ctx->mode == VMX_MODE_REAL ||
	    ctx->mode == VMX_MODE_V8086 || ctx->mode == VMX_MODE_COMPAT) {
		*r = vmx_insn__fault(VMX_UD);
		return -1;
	}
	if (ctx->cpl > 0) {
		*r = vmx_insn__fault(VMX_GP);
		return -1;
	}
	return 0;
}

/* A VMXON/VMCS pointer operand (SDM 31.3): 4-KiB aligned and within the
 * physical-address width. */
static inline int vmx_insn__ptr_ok(const struct vmx_caps *caps, uint64_t ptr)
{
	if (ptr & 0xfff)
		return 0;
	return caps->maxphyaddr >= 64 || (ptr >> caps->maxphyaddr) == 0;
}

/* Operands that are 64 bits in 64-bit mode and 32 bits elsewhere (VMREAD,
 * VMWRITE, INVEPT, INVVPID register operands). */
static inline uint64_t vmx_insn__opsize(const struct vmx_insn_ctx *ctx, uint64_t v)
{
	return ctx->mode == VMX_MODE_64 ? v : (uint32_t)v;
}

/* Write the cached current VMCS back to its region in L1 memory (vmx_vmptr.c).
 * A region L1 made not-RAM meanwhile is simply not written. */
void vmx_insn__flush(struct vmx_cpu *cpu, const struct guest_mem *mem);

#endif /* VMCS_MERGE__VMX_CPU_INT_H */
