/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-shim/vmx_enter.S: VM entry with every guest GPR loaded (vmx_ops.h,
 * vmx_enter).  Hardware loads only RSP, RIP and RFLAGS from the VMCS on
 * VM entry (SDM 27.3.2.3); the other GPRs are whatever they hold at the
 * instruction, so they are loaded here, last thing before it.
 *
 * raw: vmx__enter_asm(const struct vmx_gprs *gprs [RDI], u64 launch [RSI])
 * pv:  vmx__enter_asm(const struct vmx_gprs *gprs [RDI], u64 call [RSI],
 *                     u64 port [RDX])
 * (pv takes the call number and port from C: turtle_hypercall.h is C only.)
 * Does not return on success.  On VMfail returns, callee-saved registers
 * intact:
 *   raw: RAX = RFLAGS after the failed VMLAUNCH/VMRESUME
 *   pv:  RAX = hypercall status, RDX = RBX of the reply (error number)
 */
/* struct vmx_gprs offsets: SDM register numbering times 8. */
#define G_RAX	0x00
#define G_RCX	0x08
#define G_RDX	0x10
#define G_RBX	0x18
#define G_RBP	0x28
#define G_RSI	0x30
#define G_RDI	0x38
#define G_R8	0x40
#define G_R9	0x48
#define G_R10	0x50
#define G_R11	0x58
#define G_R12	0x60
#define G_R13	0x68
#define G_R14	0x70
#define G_R15	0x78

	.text
	.globl vmx__enter_asm
	.type vmx__enter_asm, @function
vmx__enter_asm:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15

#ifndef L1_SHIM_PV
	/* MOVs leave RFLAGS alone, so ZF still tells launch from resume
	 * after the loads. */
	test %rsi, %rsi
	mov G_RCX(%rdi), %rcx
	mov G_RDX(%rdi), %rdx
	mov G_RBX(%rdi), %rbx
	mov G_RBP(%rdi), %rbp
	mov G_RSI(%rdi), %rsi
	mov G_R8(%rdi), %r8
	mov G_R9(%rdi), %r9
	mov G_R10(%rdi), %r10
	mov G_R11(%rdi), %r11
	mov G_R12(%rdi), %r12
	mov G_R13(%rdi), %r13
	mov G_R14(%rdi), %r14
	mov G_R15(%rdi), %r15
	mov G_RAX(%rdi), %rax
	mov G_RDI(%rdi), %rdi
	jz 1f
	vmlaunch
	jmp 2f
1:	vmresume
2:	pushfq
	pop %rax
#else
	/* The transport needs RAX/RBX/RDX at the OUT, so L2's GPRs travel in
	 * memory: RBX = gpa of the block (identity map, vmx_ops.h). */
	mov %rdi, %rbx
	mov %esi, %eax
	outl %eax, %dx
	mov %rbx, %rdx
#endif

	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size vmx__enter_asm, . - vmx__enter_asm
	.section .note.GNU-stack, "", @progbits
