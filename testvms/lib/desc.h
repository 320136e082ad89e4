/* SPDX-License-Identifier: GPL-2.0-only */
/* GDT, IDT and TSS of the test guests. */
#ifndef TESTVMS__DESC_H
#define TESTVMS__DESC_H

/* Selectors; boot_gdt in entry.S uses the same two kernel ones. */
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_DS		0x18
#define USER_CS		0x20
#define TSS_SEL		0x28

#define DE_VECTOR	0
#define DB_VECTOR	1
#define NMI_VECTOR	2
#define BP_VECTOR	3
#define OF_VECTOR	4
#define BR_VECTOR	5
#define UD_VECTOR	6
#define NM_VECTOR	7
#define DF_VECTOR	8
#define TS_VECTOR	10
#define NP_VECTOR	11
#define SS_VECTOR	12
#define GP_VECTOR	13
#define PF_VECTOR	14
#define MF_VECTOR	16
#define AC_VECTOR	17
#define MC_VECTOR	18
#define XM_VECTOR	19
#define NR_EXCEPTIONS	32
#define NR_VECTORS	256

/* 64-bit IDT gate types (SDM 3.5, Table 3-2). */
#define GATE_TYPE_INTR	0xe	/* clears RFLAGS.IF on delivery (SDM 6.12.1.3) */
#define GATE_TYPE_TRAP	0xf	/* leaves RFLAGS.IF as it was */

#ifndef __ASSEMBLER__
#include "testvms/lib/types.h"

/*
 * What the exception stubs (exceptions.S) save, lowest address first; the
 * tail is the frame the CPU pushes (SDM 6.14.2).
 */
struct ex_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss;
};

/* A 64-bit IDT gate (SDM 6.14.1). */
struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
};

void desc__setup(void);
void desc__set_rsp0(u64 rsp0);
/* TSS.IST[n], n = 1..7 (SDM 6.14.5); other n are ignored. */
void desc__set_ist(unsigned int n, u64 rsp);
/*
 * Fills *g for a gate to handler in KERNEL_CS: type GATE_TYPE_*, DPL 0-3,
 * IST index 0-7 (0: no stack switch unless the CPL changes), present or
 * not.  For images that install their own IDT (vectors.c).
 */
void desc__gate(struct idt_gate *g, u64 handler, unsigned int type,
		unsigned int dpl, unsigned int ist, bool present);
const char *desc__vector_name(unsigned int vector);
#endif

#endif
