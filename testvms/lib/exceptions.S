/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception entry stubs.  Each pushes a dummy error code where the CPU
 * pushes none (SDM 6.13, Table 6-1 lists which vectors have one) and its
 * vector, so exception__handle() sees one struct ex_regs layout.
 */
#include "testvms/lib/desc.h"

.macro STUB vec
stub_\vec:
	.if \vec != 8 && \vec != 10 && \vec != 11 && \vec != 12 && \vec != 13 && \vec != 14 && \vec != 17 && \vec != 21 && \vec != 29 && \vec != 30
	pushq $0
	.endif
	pushq $\vec
	jmp exception_common
.endm

	.text
	.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \vec
	.endr
	/* Interrupt vectors 32-255: no error code; vector v's stub is
	 * interrupt__stubs + (v - 32) * 16. */
	.balign 16
	.globl interrupt__stubs
interrupt__stubs:
	.set vec, 32
	.rept NR_VECTORS - NR_EXCEPTIONS
	.balign 16
	pushq $0
	pushq $vec
	jmp exception_common
	.set vec, vec + 1
	.endr

exception_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	call exception__handle
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp
	iretq

.macro STUB_ADDR vec
	.quad stub_\vec
.endm
	.section .rodata
	.balign 8
	.globl exception__stubs
exception__stubs:
	.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB_ADDR \vec
	.endr

	.section .note.GNU-stack, "", @progbits
