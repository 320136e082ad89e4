/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMLAUNCH/VMRESUME with a way back (l2.h).
 *
 * u64 vmentry__asm(unsigned how, u64 host_rsp_field): saves the
 * callee-saved registers, writes HOST_RSP with the stack pointer as it is
 * then, and enters.  A VM exit loads RSP from HOST_RSP and RIP from
 * HOST_RIP = vmentry__host_rip, leaving every other GPR as the guest had
 * it (SDM 28.5.3): the guest's GPRs are stored in vmentry__guest, the
 * callee-saved registers popped, and 0 returned.  When VMLAUNCH/VMRESUME
 * fails (SDM 31.2) it falls through: its RFLAGS are returned (never 0,
 * bit 1 is always set).  A fault on the instruction resumes at the same
 * place through the exception table.
 *
 * Before the instruction the status flags are all set (raw.h), so that a
 * VMfail shows exactly which flags the processor set and cleared.
 */
#include "testvms/l1-vmxsuite/l2.h"

.macro ENTER insn, movss
	pushq $0x8d7			/* CF PF AF ZF SF OF, bit 1 */
	popfq
	.if \movss
	mov %ecx, %ss			/* blocks events for one instruction */
	.endif
9:	\insn
	.pushsection .ex_table, "a"
	.balign 8
	.quad 9b, vmentry_failed
	.popsection
	jmp vmentry_failed
.endm

	.text
	.globl vmentry__asm
	.type vmentry__asm, @function
vmentry__asm:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	vmwrite %rsp, %rsi
	jbe vmentry_failed		/* CF or ZF: the VMWRITE failed */
	mov %ss, %ecx
	cmp $ENTRY_RESUME, %edi
	je vmentry_resume
	cmp $ENTRY_MOV_SS, %edi
	je vmentry_movss_launch
	cmp $(ENTRY_MOV_SS | ENTRY_RESUME), %edi
	je vmentry_movss_resume
	ENTER vmlaunch, 0
vmentry_resume:
	ENTER vmresume, 0
vmentry_movss_launch:
	ENTER vmlaunch, 1
vmentry_movss_resume:
	ENTER vmresume, 1

vmentry_failed:
	pushfq
	pop %rax
	jmp vmentry_out

	.globl vmentry__host_rip
vmentry__host_rip:
	mov %rax, vmentry__guest + 0x00(%rip)
	mov %rcx, vmentry__guest + 0x08(%rip)
	mov %rdx, vmentry__guest + 0x10(%rip)
	mov %rbx, vmentry__guest + 0x18(%rip)
	mov %rbp, vmentry__guest + 0x20(%rip)
	mov %rsi, vmentry__guest + 0x28(%rip)
	mov %rdi, vmentry__guest + 0x30(%rip)
	mov %r8,  vmentry__guest + 0x38(%rip)
	mov %r9,  vmentry__guest + 0x40(%rip)
	mov %r10, vmentry__guest + 0x48(%rip)
	mov %r11, vmentry__guest + 0x50(%rip)
	mov %r12, vmentry__guest + 0x58(%rip)
	mov %r13, vmentry__guest + 0x60(%rip)
	mov %r14, vmentry__guest + 0x68(%rip)
	mov %r15, vmentry__guest + 0x70(%rip)
	xor %eax, %eax

vmentry_out:
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret
	.size vmentry__asm, . - vmentry__asm

	.bss
	.balign 8
	.globl vmentry__guest
vmentry__guest:
	.space 0x78

	.section .note.GNU-stack, "", @progbits
