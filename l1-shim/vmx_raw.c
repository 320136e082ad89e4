/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/vmx_raw.c: the raw and native flavours, one VMX instruction each
 * (SDM 31.3).
 *
 * The outcome is in RFLAGS (SDM 31.2): CF = 1 VMfailInvalid, ZF = 1
 * VMfailValid with the error number in the VM-instruction error field,
 * read back with VMREAD.  The "=@cc" flag outputs take CF and ZF straight
 * from the instruction.
 *
 * The two flavours differ only in where memory operands are:
 *   raw     wherever GCC puts an "m" operand (a displacement from RSP),
 *           which L0's kvm engine decodes; it refuses RIP-relative
 *           operands (l0/nested/vmx_decode.c).
 *   native  (-DL1_SHIM_NATIVE) fixed forms which, between them, use every
 *           part of a memory operand that a VM exit on a VMX instruction
 *           reports (instruction information, SDM 28.2.5; displacement in
 *           the exit qualification, 28.2.1), so that whoever emulates
 *           these instructions for l1-hv must decode them all:
 *             VMXON, VMCLEAR, VMPTRLD   the pointer pushed: (%rsp), base
 *                                       RSP, segment SS by default
 *             VMPTRST                   a global: sym(%rip), RIP-relative
 *                                       (qualification = displacement +
 *                                       the next instruction's RIP)
 *             VMREAD of the VM-instruction error, after a VMfailValid:
 *                                       memory form, -8(base,index,8) with
 *                                       index 1: base + index * scale +
 *                                       displacement
 *             VMREAD, VMWRITE otherwise register forms
 */
#ifndef L1_SHIM_PV

#include "l1-shim/vmx_ops.h"

#include "vmcs-merge/vmcs12.h"

/* vmx_enter.S: returns RFLAGS after a failed VMLAUNCH/VMRESUME. */
uint64_t vmx__enter_asm(const struct vmx_gprs *gprs, uint64_t launch);

#ifdef L1_SHIM_NATIVE
/* No red zone in guest code (-mno-red-zone), so a push inside the asm
 * overwrites nothing; LEA restores RSP and keeps the instruction's flags. */
#define PTR_ASM(insn)	"push %[pa]\n\t" insn " (%%rsp)\n\tlea 8(%%rsp), %%rsp"
#define PTR_IN		"r"
static uint64_t vmptrst_slot;	/* VMPTRST's destination */
#else
#define PTR_ASM(insn)	insn " %[pa]"
#define PTR_IN		"m"
#endif

#define RFLAGS_CF (1ull << 0)
#define RFLAGS_ZF (1ull << 6)

const char *vmx_flavour(void)
{
#ifdef L1_SHIM_NATIVE
	return "native";
#else
	return "raw";
#endif
}

/* The VM-instruction error field (SDM 31.4), 0 if it cannot be read. */
static uint32_t error(void)
{
	const uint64_t field = VMCS_VM_INSTRUCTION_ERROR;
	uint64_t error = 0;
	bool cf, zf;

#ifdef L1_SHIM_NATIVE
	asm volatile("vmread %[f], -8(%[base],%[index],8)"
		     : "=@ccc"(cf), "=@ccz"(zf)
		     : [f] "r"(field), [base] "r"(&error), [index] "r"(1ul)
		     : "memory");
#else
	asm volatile("vmread %[f], %[v]"
		     : [v] "=r"(error), "=@ccc"(cf), "=@ccz"(zf)
		     : [f] "r"(field));
#endif
	return (cf || zf) ? 0 : (uint32_t)error;
}

static struct vmx_result outcome(bool cf, bool zf)
{
	if (cf)
		return (struct vmx_result){ VMX_FAIL_INVALID, 0 };
	if (zf)
		return (struct vmx_result){ VMX_FAIL_VALID, error() };
	return (struct vmx_result){ VMX_SUCCEED, 0 };
}

struct vmx_result vmxon(uint64_t region_pa)
{
	bool cf, zf;

	asm volatile(PTR_ASM("vmxon") : "=@ccc"(cf), "=@ccz"(zf)
		     : [pa] PTR_IN(region_pa) : "memory");
	return outcome(cf, zf);
}

struct vmx_result vmxoff(void)
{
	bool cf, zf;

	asm volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) :: "memory");
	return outcome(cf, zf);
}

struct vmx_result vmclear(uint64_t vmcs_pa)
{
	bool cf, zf;

	asm volatile(PTR_ASM("vmclear") : "=@ccc"(cf), "=@ccz"(zf)
		     : [pa] PTR_IN(vmcs_pa) : "memory");
	return outcome(cf, zf);
}

struct vmx_result vmptrld(uint64_t vmcs_pa)
{
	bool cf, zf;

	asm volatile(PTR_ASM("vmptrld") : "=@ccc"(cf), "=@ccz"(zf)
		     : [pa] PTR_IN(vmcs_pa) : "memory");
	return outcome(cf, zf);
}

struct vmx_result vmptrst(uint64_t *vmcs_pa)
{
	bool cf, zf;

#ifdef L1_SHIM_NATIVE
	asm volatile("vmptrst %c[slot](%%rip)" : "=@ccc"(cf), "=@ccz"(zf)
		     : [slot] "i"(&vmptrst_slot) : "memory");
	*vmcs_pa = vmptrst_slot;
#else
	asm volatile("vmptrst %[pa]" : [pa] "=m"(*vmcs_pa), "=@ccc"(cf), "=@ccz"(zf)
		     :: "memory");
#endif
	return outcome(cf, zf);
}

struct vmx_result vmread(uint64_t field, uint64_t *value)
{
	uint64_t v = 0;
	bool cf, zf;

	asm volatile("vmread %[f], %[v]" : [v] "=r"(v), "=@ccc"(cf), "=@ccz"(zf)
		     : [f] "r"(field));
	if (!cf && !zf)
		*value = v;
	return outcome(cf, zf);
}

struct vmx_result vmwrite(uint64_t field, uint64_t value)
{
	bool cf, zf;

	asm volatile("vmwrite %[v], %[f]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [f] "r"(field), [v] "r"(value) : "memory");
	return outcome(cf, zf);
}

struct vmx_result vmlaunch(void)
{
	bool cf, zf;

	asm volatile("vmlaunch" : "=@ccc"(cf), "=@ccz"(zf) :: "memory");
	return outcome(cf, zf);
}

struct vmx_result vmresume(void)
{
	bool cf, zf;

	asm volatile("vmresume" : "=@ccc"(cf), "=@ccz"(zf) :: "memory");
	return outcome(cf, zf);
}

/* INVEPT descriptor: EPTP, then 64 reserved bits (SDM 31.3 INVEPT). */
struct vmx_result invept(enum vmx_invept_type type, uint64_t eptp)
{
	struct { uint64_t eptp, reserved; } desc = { eptp, 0 };
	bool cf, zf;

	asm volatile("invept %[d], %[t]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [d] "m"(desc), [t] "r"((uint64_t)type) : "memory");
	return outcome(cf, zf);
}

/* INVVPID descriptor: VPID in bits 15:0, bits 63:16 reserved, then the
 * linear address (SDM 31.3 INVVPID). */
struct vmx_result invvpid(enum vmx_invvpid_type type, uint16_t vpid, uint64_t la)
{
	struct { uint64_t vpid, la; } desc = { vpid, la };
	bool cf, zf;

	asm volatile("invvpid %[d], %[t]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [d] "m"(desc), [t] "r"((uint64_t)type) : "memory");
	return outcome(cf, zf);
}

struct vmx_result vmx_enter(const struct vmx_gprs *gprs, bool launch)
{
	uint64_t rflags = vmx__enter_asm(gprs, launch);

	return outcome(rflags & RFLAGS_CF, rflags & RFLAGS_ZF);
}

#endif /* !L1_SHIM_PV */
