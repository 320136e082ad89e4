/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two entry points of every test image (conventions in boot.h) and the
 * static page tables both of them use.
 *
 * Code before setup__start() runs in KVM's instruction emulator on this
 * host (host-facts.md), so it is kept to a few dozen instructions: the page
 * tables are built by the assembler, not at run time.
 */
#include "testvms/lib/boot.h"
#include "testvms/lib/desc.h"

#define PTE_P	0x001
#define PTE_W	0x002
#define PTE_U	0x004
#define PTE_PS	0x080
/* User bit everywhere so that usermode.c can run any function at CPL3. */
#define PTE_TABLE	(PTE_P | PTE_W | PTE_U)
#define PTE_2M		(PTE_P | PTE_W | PTE_U | PTE_PS)
#define MAPPED_GIB	4

	.section .text.boot, "ax"
	.code32
	.balign 8
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)
	.long 0
	/* struct tl2e_header, TL2E_OFFSET bytes after the multiboot header */
	.long TL2E_MAGIC
	.long 0
	.quad entry64

/*
 * Multiboot entry: EAX = boot magic, EBX = multiboot_info.  Long mode per
 * SDM 10.8.5 (Vol. 3, "Initializing IA-32e Mode"): CR4.PAE, CR3,
 * EFER.LME, then CR0.PG, then a far jump to a 64-bit code segment.
 */
	.globl _start32
_start32:
	mov %eax, %edi
	mov %ebx, %esi
	mov $pml4, %eax
	mov %eax, %cr3
	mov $0x20, %eax			/* CR4.PAE */
	mov %eax, %cr4
	mov $0xC0000080, %ecx		/* IA32_EFER */
	rdmsr
	or $0x100, %eax			/* LME */
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax		/* PG | PE */
	mov %eax, %cr0
	lgdt boot_gdt_desc
	ljmp $KERNEL_CS, $start64_multiboot

	.code64
start64_multiboot:
	/* Upper register halves are undefined after the mode switch. */
	mov %edi, %edi
	mov %esi, %esi
	mov $BOOT_MULTIBOOT, %edx
	jmp common64

/*
 * L2 entry: 64-bit mode, L1's identity map, RDI = command line or 0.
 * Take over with our own map; drop SMEP/SMAP, which an L1 may leave on and
 * which would fault on our all-user mappings.
 */
entry64:
	mov %rdi, %rsi
	xor %edi, %edi
	/* First: with SMEP on, our user-accessible code could not run. */
	mov %cr4, %rax
	test $0x300000, %eax		/* SMEP | SMAP */
	jz 1f
	and $~0x300000, %rax
	mov %rax, %cr4
1:	mov $pml4, %eax
	mov %rax, %cr3
	mov $BOOT_L2, %edx

/* EDI = boot magic (or 0), RSI = info or command line, EDX = boot kind. */
common64:
	mov $stack_top, %esp
	mov %rdi, %r12
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	shr $3, %ecx
	xor %eax, %eax
	rep stosq
	mov %r12, %rdi
	call setup__start
2:	hlt
	jmp 2b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* KERNEL_CS: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* KERNEL_DS: flat data */
boot_gdt_end:
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

/* Identity map of the first MAPPED_GIB GiB with 2 MiB pages (SDM 4.5). */
	.section .data.pagetables, "aw"
	.balign 4096
	.globl pml4
pml4:
	.quad pdpt + PTE_TABLE
	.fill 511, 8, 0
pdpt:
	.set i, 0
	.rept MAPPED_GIB
	.quad pd + i * 4096 + PTE_TABLE
	.set i, i + 1
	.endr
	.fill 512 - MAPPED_GIB, 8, 0
pd:
	.set i, 0
	.rept 512 * MAPPED_GIB
	.quad (i << 21) + PTE_2M
	.set i, i + 1
	.endr

	.section .noinit, "aw", @nobits
	.balign 16
	.space 16384
	.globl stack_top
stack_top:

	.section .note.GNU-stack, "", @progbits
