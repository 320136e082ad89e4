/* SPDX-License-Identifier: GPL-2.0-only */
/* Decoding of VMX instructions from raw bytes, and the instruction
 * information L0 reports for them (SDM 28.2.5). */
#include "l0/nested/vmx_decode.h"
#include "tests/tap.h"

static struct vmx_decoder dec;	/* opened at the first decode */

struct row {
	const char *text;
	uint8_t bytes[8];
	uint8_t len;
	int mode;
	enum vmx_op op;
	uint32_t info;          /* expected instruction-information field */
	uint64_t qual;
};

static const struct row rows[] = {
	/* vmxon [rax]: scale 0, asize 64 (2<<7), seg DS (3<<15), no index, base 0 */
	{ "vmxon [rax]", { 0xf3, 0x0f, 0xc7, 0x30 }, 4, 64, VMX_OP_VMXON,
	  2u << 7 | 3u << 15 | 1u << 22 | 0u << 23, 0 },
	/* vmread rax, rcx: register form, Reg1 = rax, Reg2 = rcx */
	{ "vmread rax, rcx", { 0x0f, 0x78, 0xc8 }, 3, 64, VMX_OP_VMREAD,
	  0u << 3 | 1u << 10 | 1u << 28, 0 },
	/* vmwrite rax, [rsp+8]: memory form, SS default for RSP base, Reg2 = rax */
	{ "vmwrite rax, [rsp+8]", { 0x0f, 0x79, 0x44, 0x24, 0x08 }, 5, 64, VMX_OP_VMWRITE,
	  2u << 7 | 2u << 15 | 1u << 22 | 4u << 23 | 0u << 28, 8 },
	{ "vmlaunch", { 0x0f, 0x01, 0xc2 }, 3, 64, VMX_OP_VMLAUNCH, 0, 0 },
	{ "vmresume", { 0x0f, 0x01, 0xc3 }, 3, 64, VMX_OP_VMRESUME, 0, 0 },
	{ "vmxoff", { 0x0f, 0x01, 0xc4 }, 3, 64, VMX_OP_VMXOFF, 0, 0 },
	/* invept rcx, [rdx]: Reg2 = rcx (type), base rdx */
	{ "invept rcx, [rdx]", { 0x66, 0x0f, 0x38, 0x80, 0x0a }, 5, 64, VMX_OP_INVEPT,
	  2u << 7 | 3u << 15 | 1u << 22 | 2u << 23 | 1u << 28, 0 },
	{ "invvpid rcx, [rdx]", { 0x66, 0x0f, 0x38, 0x81, 0x0a }, 5, 64, VMX_OP_INVVPID,
	  2u << 7 | 3u << 15 | 1u << 22 | 2u << 23 | 1u << 28, 0 },
	/* vmptrst [rbp+0x10]: SS default for RBP base */
	{ "vmptrst [rbp+0x10]", { 0x0f, 0xc7, 0x7d, 0x10 }, 4, 64, VMX_OP_VMPTRST,
	  2u << 7 | 2u << 15 | 1u << 22 | 5u << 23, 0x10 },
	/* vmclear [rsp]: needs a SIB byte */
	{ "vmclear [rsp]", { 0x66, 0x0f, 0xc7, 0x34, 0x24 }, 5, 64, VMX_OP_VMCLEAR,
	  2u << 7 | 2u << 15 | 1u << 22 | 4u << 23, 0 },
	/* vmptrld [rsi + rbx*8 - 8] */
	{ "vmptrld [rsi+rbx*8-8]", { 0x0f, 0xc7, 0x74, 0xde, 0xf8 }, 5, 64, VMX_OP_VMPTRLD,
	  3u | 2u << 7 | 3u << 15 | 3u << 18 | 6u << 23, (uint64_t)-8 },
	/* 32-bit address size in 64-bit mode */
	{ "vmptrld [eax]", { 0x67, 0x0f, 0xc7, 0x30 }, 4, 64, VMX_OP_VMPTRLD,
	  1u << 7 | 3u << 15 | 1u << 22, 0 },
	/* fs override, r9 base (REX.B) */
	{ "vmptrld fs:[r9]", { 0x64, 0x41, 0x0f, 0xc7, 0x31 }, 5, 64, VMX_OP_VMPTRLD,
	  2u << 7 | 4u << 15 | 1u << 22 | 9u << 23, 0 },
	{ "vmcall", { 0x0f, 0x01, 0xc1 }, 3, 64, VMX_OP_VMCALL, 0, 0 },
	{ "vmfunc", { 0x0f, 0x01, 0xd4 }, 3, 64, VMX_OP_VMFUNC, 0, 0 },
	/* 32-bit mode: vmread [ebx], eax */
	{ "vmread [ebx], eax (32-bit)", { 0x0f, 0x78, 0x03 }, 3, 32, VMX_OP_VMREAD,
	  1u << 7 | 3u << 15 | 1u << 22 | 3u << 23 | 0u << 28, 0 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct vmx_insn insn;
		int rc = vmx_decode__bytes(&dec, r->bytes, r->len, r->mode, &insn);

		ok(rc == 0 && insn.op == r->op, "%s decodes as %s", r->text,
		   vmx_decode__op_name(r->op));
		is_u64(insn.len, r->len, "%s: length", r->text);
		is_u64(vmx_decode__instruction_info(&insn), r->info,
		       "%s: instruction information", r->text);
		is_u64(vmx_decode__qualification(&insn), r->qual,
		       "%s: qualification (displacement)", r->text);
	}

	struct vmx_insn insn;
	static const uint8_t nop[] = { 0x90 }, truncated[] = { 0x0f, 0x01 },
			     mov_cr4[] = { 0x0f, 0x22, 0xe0 };
	ok(vmx_decode__bytes(&dec, nop, 1, 64, &insn) < 0 && insn.op == VMX_OP_NONE,
	   "nop is not a VMX instruction");
	ok(vmx_decode__bytes(&dec, truncated, 2, 64, &insn) < 0, "truncated bytes are refused");
	ok(vmx_decode__bytes(&dec, mov_cr4, 3, 64, &insn) < 0, "mov cr4 is not a VMX instruction");
	is_str(vmx_decode__op_name(VMX_OP_INVVPID), "INVVPID", "names come from the list");
	vmx_decode__close(&dec);
	return done_testing();
}
