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
#define BP_VECTOR	3
#define UD_VECTOR	6
#define DF_VECTOR	8
#define TS_VECTOR	10
#define NP_VECTOR	11
#define SS_VECTOR	12
#define GP_VECTOR	13
#define PF_VECTOR	14
#define AC_VECTOR	17
#define NR_EXCEPTIONS	32

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

void desc__setup(void);
void desc__set_rsp0(u64 rsp0);
const char *desc__vector_name(unsigned int vector);
#endif

#endif
