/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * faults.elf: raises #DE, #UD, #GP and #PF at CPL0, and #GP at CPL3, and
 * checks that each arrives with the right vector, error code, RIP and (for
 * #PF) CR2 (SDM 6.15 gives each exception's error code).  Exits 0 when all
 * pass.
 */
#include "testvms/lib/guest.h"

/* Page-fault error code bits, SDM 4.7. */
#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)

/* Just past the 4 GiB identity map of entry.S: never mapped. */
#define UNMAPPED_VA	0x100001000ul
#define BAD_MSR		0xdeadbeef
#define NONCANONICAL	0x8000000000000000ul

static void check(const char *what, int vector, int want_vector,
		  u64 want_error, u64 want_rip)
{
	const struct exception_info *e = exception__last();

	report(vector == want_vector && e->error_code == want_error &&
	       (!want_rip || e->rip == want_rip),
	       "%s: %s error code 0x%lx at 0x%lx", what,
	       vector == NO_EXCEPTION ? "none" : desc__vector_name(vector),
	       vector == NO_EXCEPTION ? 0 : e->error_code,
	       vector == NO_EXCEPTION ? 0 : e->rip);
}

static void test_divide(void)
{
	u64 at, lo = 1, hi = 0;

	exception__clear();
	asm volatile("lea 1f(%%rip), %0\n"
		     "1: divq %3\n2:\n\t" EX_ENTRY("1b", "2b")
		     : "=&r"(at), "+a"(lo), "+d"(hi) : "r"(0ul));
	check("divide by zero", exception__last()->vector, DE_VECTOR, 0, at);
}

static void test_ud2(void)
{
	u64 at;

	exception__clear();
	asm volatile("lea 1f(%%rip), %0\n"
		     "1: ud2\n2:\n\t" EX_ENTRY("1b", "2b") : "=&r"(at));
	check("ud2", exception__last()->vector, UD_VECTOR, 0, at);
}

static void test_noncanonical(void)
{
	u64 at, v = 0;

	exception__clear();
	asm volatile("lea 1f(%%rip), %0\n"
		     "1: mov (%2), %1\n2:\n\t" EX_ENTRY("1b", "2b")
		     : "=&r"(at), "+r"(v) : "r"(NONCANONICAL) : "memory");
	check("non-canonical load", exception__last()->vector, GP_VECTOR, 0, at);
}

static void test_msrs(void)
{
	u64 efer = 0;

	check("wrmsr to a bad MSR", wrmsr_safe(BAD_MSR, 0), GP_VECTOR, 0, 0);
	check("rdmsr of a bad MSR", rdmsr_safe(BAD_MSR, &efer), GP_VECTOR, 0, 0);
	check("rdmsr EFER", rdmsr_safe(MSR_EFER, &efer), NO_EXCEPTION, 0, 0);
	report(efer & EFER_LMA, "EFER.LMA set (EFER 0x%lx)", efer);
}

static void write_unmapped(void *arg)
{
	*(volatile u64 *)UNMAPPED_VA = (u64)arg;
}

static void read_unmapped(void *arg)
{
	*(u64 *)arg = *(volatile u64 *)UNMAPPED_VA;
}

static void no_fault(void *arg)
{
	*(u64 *)arg = 1;
}

static void test_page_faults(void)
{
	u64 sink = 0;
	int v;

	v = exception__catch(write_unmapped, (void *)42);
	check("write to a not-present page", v, PF_VECTOR, PFEC_WRITE, 0);
	report(exception__last()->cr2 == UNMAPPED_VA, "CR2 0x%lx after the write",
	       exception__last()->cr2);

	v = exception__catch(read_unmapped, &sink);
	check("read of a not-present page", v, PF_VECTOR, 0, 0);
	report(exception__last()->cr2 == UNMAPPED_VA, "CR2 0x%lx after the read",
	       exception__last()->cr2);

	v = exception__catch(no_fault, &sink);
	report(v == NO_EXCEPTION && sink == 1, "catch around a clean call");
}

static u64 user_add(u64 arg)
{
	return arg + 1;
}

static u64 user_hlt(u64 arg)
{
	hlt();
	return arg;
}

static void test_usermode(void)
{
	u64 ret = 0;
	int v;

	v = usermode__call(user_add, 41, &ret);
	report(v == NO_EXCEPTION && ret == 42, "CPL3 call returned %lu", ret);
	v = usermode__call(user_hlt, 0, NULL);
	check("hlt at CPL3", v, GP_VECTOR, 0, 0);
}

int main(int argc, char **argv)
{
	report_prefix_push("faults");
	test_divide();
	test_ud2();
	test_noncanonical();
	test_msrs();
	test_page_faults();
	test_usermode();
	report_prefix_pop();
	return report_summary();
}
