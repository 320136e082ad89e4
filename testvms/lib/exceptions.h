/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Catching exceptions instead of dying on them.
 *
 * Two mechanisms, both leaving the details in exception__last():
 * - single instructions: label the instruction and add an EX_ENTRY() row;
 *   the handler resumes at the fixup label (no setjmp cost, which matters
 *   at CPL0 where every instruction is emulated);
 * - whole functions: exception__catch(fn, arg) returns the vector the call
 *   raised, unwinding it with longjmp.
 * Functions here return NO_EXCEPTION (-1) when nothing was raised.
 */
#ifndef TESTVMS__EXCEPTIONS_H
#define TESTVMS__EXCEPTIONS_H

#include "testvms/lib/types.h"

#define NO_EXCEPTION	(-1)

struct exception_info {
	int vector;		/* NO_EXCEPTION if none since exception__clear() */
	u64 error_code;		/* 0 for vectors without one */
	u64 rip;		/* of the faulting instruction */
	u64 cr2;		/* #PF only */
};

/* One row of the .ex_table section: where it may fault, where to resume. */
#define EX_ENTRY(insn, fixup)						\
	".pushsection .ex_table, \"a\"\n\t.balign 8\n\t"		\
	".quad " insn ", " fixup "\n\t.popsection\n\t"

typedef u64 jmp_buf[8];
int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

/* A handler for an interrupt vector (32-255) or NMI (2), called with the
 * interrupted registers; it returns to the interrupted code.  NULL
 * removes it; a vector without one is reported and ends the image. */
struct ex_regs;
typedef void intr_handler_fn(struct ex_regs *regs);
void intr__set_handler(unsigned int vector, intr_handler_fn *fn);

void exception__clear(void);
const struct exception_info *exception__last(void);
int exception__catch(void (*fn)(void *), void *arg);

static inline int rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;

	exception__clear();
	asm volatile("1: rdmsr\n2:\n\t" EX_ENTRY("1b", "2b")
		     : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	*val = lo | ((u64)hi << 32);
	return exception__last()->vector;
}

static inline int wrmsr_safe(u32 msr, u64 val)
{
	exception__clear();
	asm volatile("1: wrmsr\n2:\n\t" EX_ENTRY("1b", "2b")
		     :: "c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
		     : "memory");
	return exception__last()->vector;
}

/* Write CR0; #GP for an invalid combination (SDM 2.5) or, in VMX
 * operation, a bit fixed by IA32_VMX_CR0_FIXED0/1 (SDM 24.8). */
static inline int write_cr0_safe(u64 val)
{
	exception__clear();
	asm volatile("1: mov %0, %%cr0\n2:\n\t" EX_ENTRY("1b", "2b")
		     :: "r"(val) : "memory");
	return exception__last()->vector;
}

/* Write CR4; #GP for reserved bits or, on this host, VMXE. */
static inline int write_cr4_safe(u64 val)
{
	exception__clear();
	asm volatile("1: mov %0, %%cr4\n2:\n\t" EX_ENTRY("1b", "2b")
		     :: "r"(val) : "memory");
	return exception__last()->vector;
}

#endif
