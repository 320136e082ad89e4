/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-vmxsuite: the VMX instructions, raw, one inline function each.
 *
 * Every wrapper first sets all six status flags (CF, PF, AF, ZF, SF, OF),
 * so that the flags afterwards tell VMsucceed (all clear), VMfailInvalid
 * (CF only) and VMfailValid (ZF only) apart exactly as SDM 31.2 defines
 * them, and labels the instruction with EX_ENTRY so that a fault (#UD,
 * #GP, #SS, #PF) comes back as a vector instead of ending the run.
 *
 * The flags are set with PUSHFQ/POPFQ around the instruction, so no
 * operand may be RSP-relative: memory operands are always passed as a
 * pointer in a register.  The same wrappers run at CPL3 (usermode.h),
 * where a fault unwinds the whole user call instead of resuming.
 */
#ifndef L1_VMXSUITE__RAW_H
#define L1_VMXSUITE__RAW_H

#include "testvms/lib/exceptions.h"
#include "testvms/lib/types.h"

/* RFLAGS bits of SDM 31.2: CF, PF, AF, ZF, SF, OF; bit 1 is always 1. */
#define RFLAGS_CF		(1ul << 0)
#define RFLAGS_PF		(1ul << 2)
#define RFLAGS_AF		(1ul << 4)
#define RFLAGS_ZF		(1ul << 6)
#define RFLAGS_SF		(1ul << 7)
#define RFLAGS_OF		(1ul << 11)
#define RFLAGS_STATUS		(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | \
				 RFLAGS_SF | RFLAGS_OF)
#define RFLAGS_PRESET_STR	"0x8d7"	/* RFLAGS_STATUS | bit 1 */

/* What one instruction did: a vector (or NO_EXCEPTION) and RFLAGS. */
struct raw_result {
	int vector;
	u64 error_code;
	u64 rflags;
};

#define RAW_PRE		"pushq $" RFLAGS_PRESET_STR "\n\tpopfq\n1:\t"
#define RAW_POST	"\n2:\tpushfq\n\tpopq %[fl]\n\t" EX_ENTRY("1b", "2b")

static inline struct raw_result raw__result(u64 rflags)
{
	const struct exception_info *e = exception__last();

	return (struct raw_result){ e->vector, e->error_code, rflags };
}

/* A result from a *_safe() accessor or usermode__call(): the vector it
 * returned, with the error code exception__last() kept. */
static inline struct raw_result raw__vector(int vector)
{
	return (struct raw_result){ vector, exception__last()->error_code, 0 };
}

/* Instructions whose only operand is a 64-bit pointer in memory. */
#define RAW_M64(name, insn)						\
static inline struct raw_result raw_##name(const u64 *operand)		\
{									\
	u64 fl;								\
									\
	exception__clear();						\
	asm volatile(RAW_PRE insn " (%[p])" RAW_POST			\
		     : [fl] "=r"(fl) : [p] "r"(operand) : "cc", "memory"); \
	return raw__result(fl);						\
}
RAW_M64(vmxon, "vmxon")
RAW_M64(vmclear, "vmclear")
RAW_M64(vmptrld, "vmptrld")
#undef RAW_M64

/* VMPTRST stores the current-VMCS pointer (SDM 31.3). */
static inline struct raw_result raw_vmptrst(u64 *operand)
{
	u64 fl;

	exception__clear();
	asm volatile(RAW_PRE "vmptrst (%[p])" RAW_POST
		     : [fl] "=r"(fl) : [p] "r"(operand) : "cc", "memory");
	return raw__result(fl);
}

/* Instructions without operands (VMFUNC takes EAX = 0, ECX = 0). */
#define RAW_NONE(name, insn)						\
static inline struct raw_result raw_##name(void)			\
{									\
	u64 fl;								\
									\
	exception__clear();						\
	asm volatile(RAW_PRE insn RAW_POST				\
		     : [fl] "=r"(fl) : "a"(0), "c"(0) : "cc", "memory");	\
	return raw__result(fl);						\
}
RAW_NONE(vmlaunch, "vmlaunch")
RAW_NONE(vmresume, "vmresume")
RAW_NONE(vmxoff, "vmxoff")
RAW_NONE(vmcall, "vmcall")
RAW_NONE(vmfunc, "vmfunc")
#undef RAW_NONE

/* Register forms: VMREAD r64, r64 and VMWRITE r64, r64.  *value keeps
 * its old contents when the instruction fails or faults. */
static inline struct raw_result raw_vmread(u64 field, u64 *value)
{
	u64 fl, v = *value;

	exception__clear();
	asm volatile(RAW_PRE "vmread %[f], %[v]" RAW_POST
		     : [fl] "=&r"(fl), [v] "+r"(v) : [f] "r"(field)
		     : "cc", "memory");
	*value = v;
	return raw__result(fl);
}

static inline struct raw_result raw_vmwrite(u64 field, u64 value)
{
	u64 fl;

	exception__clear();
	asm volatile(RAW_PRE "vmwrite %[v], %[f]" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"(field), [v] "r"(value)
		     : "cc", "memory");
	return raw__result(fl);
}

/* Memory forms: VMREAD m64, r64 and VMWRITE r64, m64 (base register). */
static inline struct raw_result raw_vmread_mem(u64 field, u64 *dst)
{
	u64 fl;

	exception__clear();
	asm volatile(RAW_PRE "vmread %[f], (%[p])" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"(field), [p] "r"(dst)
		     : "cc", "memory");
	return raw__result(fl);
}

static inline struct raw_result raw_vmwrite_mem(u64 field, const u64 *src)
{
	u64 fl;

	exception__clear();
	asm volatile(RAW_PRE "vmwrite (%[p]), %[f]" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"(field), [p] "r"(src)
		     : "cc", "memory");
	return raw__result(fl);
}

/* INVEPT and INVVPID: a type in a 64-bit register, a 128-bit descriptor
 * in memory (SDM 31.3). */
struct inv_desc {
	u64 lo, hi;
};

#define RAW_INV(name)							\
static inline struct raw_result raw_##name(u64 type, const struct inv_desc *d) \
{									\
	u64 fl;								\
									\
	exception__clear();						\
	asm volatile(RAW_PRE #name " (%[d]), %[t]" RAW_POST		\
		     : [fl] "=r"(fl) : [t] "r"(type), [d] "r"(d)	\
		     : "cc", "memory");					\
	return raw__result(fl);						\
}
RAW_INV(invept)
RAW_INV(invvpid)
#undef RAW_INV

#endif /* L1_VMXSUITE__RAW_H */
