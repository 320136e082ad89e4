/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/vmx_decode.c: capstone's view of a VMX instruction, in SDM terms. */
#include <capstone/capstone.h>
#include <string.h>

#include "l0/nested/vmx_decode.h"

static const char *const op_names[] = {
#define VMX_OP_NAME(name) #name,
	VMX_OPS(VMX_OP_NAME)
#undef VMX_OP_NAME
};

const char *vmx_decode__op_name(enum vmx_op op)
{
	return op < VMX_OP_COUNT ? op_names[op] : "NONE";
}

static enum vmx_op op_from_capstone(unsigned id)
{
	/* capstone names each instruction as VMX_OPS does. */
	switch (id) {
#define VMX_OP_CASE(name) case X86_INS_##name: return VMX_OP_##name;
	VMX_OPS(VMX_OP_CASE)
#undef VMX_OP_CASE
	default:
		return VMX_OP_NONE;
	}
}

/* capstone register (any width) -> GPR number 0..15, or -1. */
static int gpr_number(unsigned reg)
{
	static const unsigned gprs[16][3] = {
		{ X86_REG_RAX, X86_REG_EAX, X86_REG_AX },
		{ X86_REG_RCX, X86_REG_ECX, X86_REG_CX },
		{ X86_REG_RDX, X86_REG_EDX, X86_REG_DX },
		{ X86_REG_RBX, X86_REG_EBX, X86_REG_BX },
		{ X86_REG_RSP, X86_REG_ESP, X86_REG_SP },
		{ X86_REG_RBP, X86_REG_EBP, X86_REG_BP },
		{ X86_REG_RSI, X86_REG_ESI, X86_REG_SI },
		{ X86_REG_RDI, X86_REG_EDI, X86_REG_DI },
		{ X86_REG_R8,  X86_REG_R8D,  X86_REG_R8W },
		{ X86_REG_R9,  X86_REG_R9D,  X86_REG_R9W },
		{ X86_REG_R10, X86_REG_R10D, X86_REG_R10W },
		{ X86_REG_R11, X86_REG_R11D, X86_REG_R11W },
		{ X86_REG_R12, X86_REG_R12D, X86_REG_R12W },
		{ X86_REG_R13, X86_REG_R13D, X86_REG_R13W },
		{ X86_REG_R14, X86_REG_R14D, X86_REG_R14W },
		{ X86_REG_R15, X86_REG_R15D, X86_REG_R15W },
	};

	for (int i = 0; i < 16; i++)
		for (int w = 0; w < 3; w++)
			if (gprs[i][w] == reg)
				return i;
	return -1;
}

static int seg_number(unsigned reg)
{
	switch (reg) {
	case X86_REG_ES: return CPU_SEG_ES;
	case X86_REG_CS: return CPU_SEG_CS;
	case X86_REG_SS: return CPU_SEG_SS;
	case X86_REG_DS: return CPU_SEG_DS;
	case X86_REG_FS: return CPU_SEG_FS;
	case X86_REG_GS: return CPU_SEG_GS;
	default:         return -1;
	}
}

static int convert_operand(const cs_x86_op *in, uint8_t addr_size,
			   struct vmx_operand *out)
{
	out->size = in->size;
	if (in->type == X86_OP_REG) {
		int r = gpr_number(in->reg);
		if (r < 0)
			return -1;
		out->kind = VMX_OPND_REG;
		out->reg = (uint8_t)r;
		return 0;
	}
	if (in->type != X86_OP_MEM)
		return -1;
	out->kind = VMX_OPND_MEM;
	/* RIP-relative (64-bit mode, SDM vol. 2A 2.2.1.6): the displacement
	 * counts from the next instruction; no base register. */
	out->mem.rip_relative = in->mem.base == X86_REG_RIP || in->mem.base == X86_REG_EIP;
	out->mem.base = in->mem.base && !out->mem.rip_relative ?
			(int8_t)gpr_number(in->mem.base) : -1;
	out->mem.index = in->mem.index ? (int8_t)gpr_number(in->mem.index) : -1;
	out->mem.scale = (uint8_t)in->mem.scale;
	out->mem.disp = in->mem.disp;
	out->mem.addr_size = addr_size;
	if (in->mem.segment != X86_REG_INVALID)
		out->mem.seg = (uint8_t)seg_number(in->mem.segment);
	else	/* SDM Vol. 1 3.7.4: RSP/RBP-based addressing defaults to SS */
		out->mem.seg = (out->mem.base == 4 || out->mem.base == 5) ? CPU_SEG_SS : CPU_SEG_DS;
	return 0;
}

static cs_mode capstone_mode(int mode_bits)
{
	return mode_bits == 64 ? CS_MODE_64 : mode_bits == 32 ? CS_MODE_32 : CS_MODE_16;
}

int vmx_decode__open(struct vmx_decoder *d)
{
	csh handle;

	d->mode_bits = 0;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
		return -1;
	cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
	d->handle = handle;
	d->mode_bits = 64;
	return 0;
}

void vmx_decode__close(struct vmx_decoder *d)
{
	csh handle = d->handle;

	if (d->mode_bits)
		cs_close(&handle);
	d->mode_bits = 0;
}

int vmx_decode__bytes(struct vmx_decoder *d, const uint8_t *bytes, size_t len, int mode_bits,
		      struct vmx_insn *out)
{
	cs_insn *insn = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->op = VMX_OP_NONE;
	if (!d->mode_bits && vmx_decode__open(d))
		return -1;
	if (d->mode_bits != mode_bits) {
		cs_option(d->handle, CS_OPT_MODE, capstone_mode(mode_bits));
		d->mode_bits = mode_bits;
	}
	if (cs_disasm(d->handle, bytes, len, 0, 1, &insn) != 1)
		goto out;

	out->op = op_from_capstone(insn->id);
	out->len = (uint8_t)insn->size;
	const cs_x86 *x = &insn->detail->x86;
	if (out->op == VMX_OP_NONE || x->op_count > 2)
		goto out;
	for (int i = 0; i < x->op_count; i++)
		if (convert_operand(&x->operands[i], x->addr_size, &out->opnd[i]))
			goto out;
	ret = 0;
out:
	if (insn)
		cs_free(insn, 1);
	if (ret)
		out->op = VMX_OP_NONE;
	return ret;
}

static const struct vmx_operand *mem_operand(const struct vmx_insn *insn)
{
	for (int i = 0; i < 2; i++)
		if (insn->opnd[i].kind == VMX_OPND_MEM)
			return &insn->opnd[i];
	return NULL;
}

/* Bits common to every layout: scaling 1:0, address size 9:7, segment
 * 17:15, index 21:18 (+ invalid 22), base 26:23 (+ invalid 27). */
static uint32_t memory_info(const struct vmx_operand *m)
{
	uint32_t scale_log2 = m->mem.scale == 8 ? 3 : m->mem.scale == 4 ? 2 :
			      m->mem.scale == 2 ? 1 : 0;
	uint32_t asize = m->mem.addr_size == 8 ? 2 : m->mem.addr_size == 4 ? 1 : 0;
	uint32_t info = scale_log2 | asize << 7 | (uint32_t)m->mem.seg << 15;

	info |= m->mem.index >= 0 ? (uint32_t)m->mem.index << 18 : 1u << 22;
	info |= m->mem.base >= 0 ? (uint32_t)m->mem.base << 23 : 1u << 27;
	return info;
}

uint32_t vmx_decode__instruction_info(const struct vmx_insn *insn)
{
	const struct vmx_operand *m = mem_operand(insn);
	uint32_t info = 0;

	switch (insn->op) {
	case VMX_OP_VMREAD:
	case VMX_OP_VMWRITE: {
		/* Table 28-15: Reg1 6:3 = the r/m operand when a register,
		 * bit 10 = register form, Reg2 31:28 = the field register. */
		const struct vmx_operand *rm = &insn->opnd[insn->op == VMX_OP_VMREAD ? 0 : 1];
		const struct vmx_operand *field = &insn->opnd[insn->op == VMX_OP_VMREAD ? 1 : 0];
		if (rm->kind == VMX_OPND_REG)
			info = (uint32_t)rm->reg << 3 | 1u << 10;
		else
			info = memory_info(rm);
		return info | (uint32_t)field->reg << 28;
	}
	case VMX_OP_INVEPT:
	case VMX_OP_INVVPID:
		/* Table 28-13: memory operand as usual, Reg2 31:28 = type. */
		return (m ? memory_info(m) : 0) | (uint32_t)insn->opnd[0].reg << 28;
	case VMX_OP_VMXON:
	case VMX_OP_VMCLEAR:
	case VMX_OP_VMPTRLD:
	case VMX_OP_VMPTRST:
		return m ? memory_info(m) : 0;   /* Table 28-14 */
	case VMX_OP_VMXOFF:
	case VMX_OP_VMLAUNCH:
	case VMX_OP_VMRESUME:
	case VMX_OP_VMFUNC:
	case VMX_OP_VMCALL:
	case VMX_OP_COUNT:
		return 0;
	}
	return 0;
}

uint64_t vmx_decode__qualification(const struct vmx_insn *insn)
{
	const struct vmx_operand *m = mem_operand(insn);

	/* 28.2.1: for these instructions the qualification is the memory
	 * operand's displacement, sign-extended; 0 for register forms. */
	return m ? (uint64_t)m->mem.disp : 0;
}
