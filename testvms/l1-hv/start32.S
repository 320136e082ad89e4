/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-hv's ELF entry, ahead of the library's _start32: keeps the multiboot
 * information pointer (EBX, Multiboot 0.6.96 section 3.2), which the
 * library reads for the command line and memory size but does not keep,
 * and which l1-hv needs for its modules.  .data, not .bss: the library
 * clears .bss after this runs.
 */
	.section .text, "ax"
	.code32
	.globl l1hv_start32
l1hv_start32:
	mov %ebx, l1hv_multiboot_info
	jmp _start32

	.section .data
	.balign 8
	.globl l1hv_multiboot_info
l1hv_multiboot_info:
	.quad 0
	.section .note.GNU-stack, "", @progbits
