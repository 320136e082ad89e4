/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/decode.c: the VMX instruction decoder (l0/nested/vmx_decode.c,
 * capstone) over the bytes an emulation failure carries.  Findings beyond
 * the sanitizers': a decoded instruction longer than its bytes, or with
 * operands L0's use of them (l0/nested/nested_raw.c) does not expect: the
 * SDM's operand count and register operands (31.3), GPR numbers 0-15,
 * segments ES-GS, scale 1/2/4/8, address size 2/4/8.
 *
 * Input: byte 0 picks the mode (% 3: 16, 32, 64 bits), then up to 15
 * instruction bytes, as L0 fetches them. */
#include "tests/fuzz/fuzz.h"
#include "l0/nested/vmx_decode.h"

static struct vmx_decoder dec;

/* Operands each instruction has, by SDM 31.3: 0 none, 1 one (r/m), 2 two
 * of which [reg_at] is a register. */
static void check_operands(const struct vmx_insn *in)
{
	int n = 0, reg_at = -1;

	switch (in->op) {
	case VMX_OP_VMXON: case VMX_OP_VMCLEAR: case VMX_OP_VMPTRLD: case VMX_OP_VMPTRST:
		n = 1; break;
	case VMX_OP_VMREAD: n = 2; reg_at = 1; break;
	case VMX_OP_VMWRITE: case VMX_OP_INVEPT: case VMX_OP_INVVPID: n = 2; reg_at = 0; break;
	case VMX_OP_VMXOFF: case VMX_OP_VMLAUNCH: case VMX_OP_VMRESUME:
	case VMX_OP_VMFUNC: case VMX_OP_VMCALL: case VMX_OP_COUNT: break;
	}
	for (int i = 0; i < 2; i++) {
		const struct vmx_operand *o = &in->opnd[i];

		FUZZ_ASSERT((i < n) == (o->kind != VMX_OPND_NONE));
		FUZZ_ASSERT(i != reg_at || o->kind == VMX_OPND_REG);
		FUZZ_ASSERT(o->kind != VMX_OPND_REG || o->reg < 16);
		if (o->kind != VMX_OPND_MEM)
			continue;
		FUZZ_ASSERT(o->mem.base < 16 && o->mem.index < 16 && o->mem.seg <= CPU_SEG_GS);
		FUZZ_ASSERT(o->mem.scale == 1 || o->mem.scale == 2 || o->mem.scale == 4 ||
			    o->mem.scale == 8);
		FUZZ_ASSERT(o->mem.addr_size == 2 || o->mem.addr_size == 4 || o->mem.addr_size == 8);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int modes[3] = { 16, 32, 64 };
	struct vmx_insn insn;

	if (size < 1)
		return 0;
	size_t len = size - 1 < 15 ? size - 1 : 15;

	if (vmx_decode__bytes(&dec, data + 1, len, modes[data[0] % 3], &insn)) {
		FUZZ_ASSERT(insn.op == VMX_OP_NONE);
		return 0;
	}
	FUZZ_ASSERT(insn.op < VMX_OP_COUNT && insn.len >= 1 && insn.len <= len);
	check_operands(&insn);
	vmx_decode__instruction_info(&insn);
	vmx_decode__qualification(&insn);
	vmx_decode__op_name(insn.op);
	return 0;
}
