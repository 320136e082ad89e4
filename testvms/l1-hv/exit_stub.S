/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exit_stub: l1-hv's HOST_RIP.  A VM exit loads RSP from HOST_RSP (the top
 * of the exit stack) and leaves every other GPR as L2 had it (SDM 28.5.3:
 * the exit loads host RIP, RSP and RFLAGS only).  The stub stores them as
 * a struct vmx_gprs (l1-shim/vmx_ops.h) on the exit stack and hands it to
 * exits__handle(), which resumes L2 with vmx_enter() and so never comes
 * back: each exit starts again at the top of the stack.
 */
	.text
	.globl exit_stub
	.type exit_stub, @function
exit_stub:
	sub $0x80, %rsp			/* 16 slots; HOST_RSP is 16-aligned */
	mov %rax, 0x00(%rsp)
	mov %rcx, 0x08(%rsp)
	mov %rdx, 0x10(%rsp)
	mov %rbx, 0x18(%rsp)
	movq $0, 0x20(%rsp)		/* RSP: L2's is in GUEST_RSP */
	mov %rbp, 0x28(%rsp)
	mov %rsi, 0x30(%rsp)
	mov %rdi, 0x38(%rsp)
	mov %r8, 0x40(%rsp)
	mov %r9, 0x48(%rsp)
	mov %r10, 0x50(%rsp)
	mov %r11, 0x58(%rsp)
	mov %r12, 0x60(%rsp)
	mov %r13, 0x68(%rsp)
	mov %r14, 0x70(%rsp)
	mov %r15, 0x78(%rsp)
	mov %rsp, %rdi			/* DF = 0: exits clear RFLAGS */
	call exits__handle
	ud2				/* exits__handle does not return */
	.size exit_stub, . - exit_stub
	.section .note.GNU-stack, "", @progbits
