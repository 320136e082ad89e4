/* SPDX-License-Identifier: GPL-2.0-only */
/* usermode__enter(fn, arg, rsp, rflags): IRETQ to CPL3 (SDM 6.14.3). */
#include "testvms/lib/desc.h"

	.text
	.globl usermode__enter
usermode__enter:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rax, %rsi
	pushq $(USER_DS | 3)
	pushq %rdx
	pushq %rcx
	pushq $(USER_CS | 3)
	lea usermode_trampoline(%rip), %rax
	pushq %rax
	iretq

/* At CPL3: RDI = arg, RSI = fn; the result comes back in RAX. */
usermode_trampoline:
	call *%rsi
	int3
	.globl usermode__return_point
usermode__return_point:
	ud2

	.section .note.GNU-stack, "", @progbits
