/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_cpu.h: L1's virtual CPU as the VMX instructions see it, and
 * the instructions themselves (SDM 31.3), as pure functions of a context.
 *
 * L0 decodes the instruction, fetches its memory operand and fills struct
 * vmx_insn_ctx; the functions here apply every check of the SDM pseudo-code
 * in order and return what L1 must observe.  L0 then writes the VMREAD /
 * VMPTRST result, sets RFLAGS (vmx_result__rflags) and advances RIP, or
 * injects the fault.  VMX non-root operation is never seen here: L1 does not
 * run while L2 does.
 */
#ifndef VMCS_MERGE__VMX_CPU_H
#define VMCS_MERGE__VMX_CPU_H

#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_caps.h"
#include "vmcs-merge/vmx_result.h"

#define VMX_NO_VMCS (~0ull)	/* current-VMCS pointer when there is none */

struct vmx_cpu {
	int in_vmx;		/* in VMX (root) operation */
	int cr4_vmxe;		/* virtual CR4.VMXE: KVM refuses the real one */
	uint64_t vmxon_ptr;	/* VMX_NO_VMCS outside VMX operation */
	uint64_t current_vmcs;	/* VMX_NO_VMCS when no VMCS is current */
	/* Cache of the current VMCS region (meaningful while current_vmcs is
	 * valid); written back to L1 memory by VMCLEAR, VMPTRLD of another
	 * VMCS and VMXOFF. */
	struct vmcs12_region cache;
};

/* Operating mode of L1 when it executed the instruction. */
enum vmx_cpu_mode {
	VMX_MODE_REAL,		/* CR0.PE = 0 */
	VMX_MODE_V8086,		/* RFLAGS.VM = 1 */
	VMX_MODE_PROTECTED,	/* 16- or 32-bit protected mode, EFER.LMA = 0 */
	VMX_MODE_COMPAT,	/* EFER.LMA = 1, CS.L = 0 */
	VMX_MODE_64,		/* EFER.LMA = 1, CS.L = 1 */
};

struct vmx_insn_ctx {
	enum vmx_cpu_mode mode;
	unsigned cpl;
	uint64_t cr0;
	uint64_t cr4;		/* as KVM holds it; VMXE comes from struct vmx_cpu */
	int mov_ss_blocking;	/* interruptibility: blocking by MOV SS */
	int register_form;	/* ModRM names a register where memory is required */
	uint64_t reg;		/* VMREAD/VMWRITE encoding, INVEPT/INVVPID type */
	uint64_t src;		/* VMWRITE source (register or memory) */
	uint64_t mem[2];	/* memory operand fetched by L0: m64 pointer,
				 * or the m128 INVEPT/INVVPID descriptor */
};

void vmx_cpu__init(struct vmx_cpu *cpu);
/* The current vmcs12, or NULL when there is none. */
struct vmcs12 *vmx_cpu__vmcs12(struct vmx_cpu *cpu);
/* MOV to CR4 changing VMXE: #GP when clearing it in VMX operation
 * (SDM 24.7), else VMX_SUCCEED and the virtual bit follows. */
enum vmx_outcome vmx_cpu__set_cr4_vmxe(struct vmx_cpu *cpu, int vmxe);
/* After a VM entry by VMLAUNCH succeeded (SDM 27.1 / 27.8). */
void vmx_cpu__set_launched(struct vmx_cpu *cpu);

/* The instructions.  @mem holds L1's memory (VMCS and VMXON regions). */
struct vmx_result vmx__vmxon(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			     const struct vmx_insn_ctx *ctx, const struct guest_mem *mem);
struct vmx_result vmx__vmxoff(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx,
			      const struct guest_mem *mem);
struct vmx_result vmx__vmclear(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx, const struct guest_mem *mem);
struct vmx_result vmx__vmptrld(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx, const struct guest_mem *mem);
struct vmx_result vmx__vmptrst(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx);
/* Checks before VM entry; VMX_SUCCEED means "go on with the VM-entry checks". */
struct vmx_result vmx__vmlaunch(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx,
				int resume);
struct vmx_result vmx__vmread(struct vmx_cpu *cpu, const struct vmx_insn_ctx *ctx);
struct vmx_result vmx__vmwrite(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx);
/* On success L0 invalidates what the type (ctx->reg) and descriptor
 * (ctx->mem) name. */
struct vmx_result vmx__invept(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			      const struct vmx_insn_ctx *ctx);
struct vmx_result vmx__invvpid(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			       const struct vmx_insn_ctx *ctx);

#endif /* VMCS_MERGE__VMX_CPU_H */
