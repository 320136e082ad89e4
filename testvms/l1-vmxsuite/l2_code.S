/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The suite's L2: 64-bit code run on the suite's own page tables, GDT and
 * IDT (vmcs_l2.c).  Every instruction that must cause a VM exit has a
 * label; the host checks the exit reason, qualification, instruction
 * length and guest RIP of each, then advances GUEST_RIP by the length and
 * resumes (exits.c).  No state is kept across exits: a VM exit does not
 * save GPRs (SDM 28.5.3), so each instruction sets up what it uses.
 */
#include "testvms/l1-vmxsuite/l2.h"

	.text
	.globl l2_code, l2_at_vmcall, l2_at_cpuid, l2_at_hlt
	.globl l2_at_out_imm, l2_at_out_dx, l2_at_done
l2_code:
l2_at_vmcall:
	vmcall				/* exit 18, 3 bytes */
	xor %eax, %eax
	xor %ecx, %ecx
l2_at_cpuid:
	cpuid				/* exit 10, 2 bytes */
l2_at_hlt:
	hlt				/* exit 12 (HLT exiting), 1 byte */
	outb %al, $L2_PORT_PASS		/* clear in bitmap A: no exit */
l2_at_out_imm:
	outb %al, $L2_PORT_TRAPPED	/* exit 30, 2 bytes */
	mov $L2_PORT_SPLIT, %edx
l2_at_out_dx:
	outw %ax, %dx			/* exit 30 through bitmap B, 2 bytes */
l2_at_done:
	vmcall				/* the last exit, as often as entered */
	jmp l2_at_done

	.section .note.GNU-stack, "", @progbits
