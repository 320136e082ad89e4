/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpl0.elf NAME N [NAME N ...]: the loops of bench/cpl0.def, at CPL0, as an
 * L1 hypervisor runs its own code.  Single level only: under Turtle with
 * `--engine kvm` or `--engine tcg`, and under Bochs.  Each loop is written
 * in assembly so that an iteration is a known number of instructions
 * (INSNS_PER_ITER); a phase's ops are the instructions it executed, so its
 * time per op is the time per instruction.  Phase lines: phase.h.
 */
#include "bench/guest/phase.h"
#include "testvms/lib/guest.h"

#define INSNS_PER_ITER	7
#define MEM_BYTES	(1ul << 20)	/* a power of two: the loop wraps by AND */
#define MEM_STRIDE	64
#define MIX_MULTIPLIER	0xbf58476d1ce4e5b9ul
#define MIX_SEED	0x2545f4914f6cdd1dul

/* 7 instructions per iteration, registers only. */
static u64 loop_compute(u64 n)
{
	u64 x = MIX_SEED, t;

	if (!n)
		return x;
	asm volatile("1:\n\t"
		     "add %[i], %[x]\n\t"
		     "imul %[m], %[x]\n\t"
		     "mov %[x], %[t]\n\t"
		     "shr $31, %[t]\n\t"
		     "xor %[t], %[x]\n\t"
		     "dec %[i]\n\t"
		     "jnz 1b"
		     : [x] "+r"(x), [i] "+r"(n), [t] "=&r"(t)
		     : [m] "r"(MIX_MULTIPLIER)
		     : "cc");
	return x;
}

/* 7 instructions per iteration: a load and a store of one cache line of
 * buf, MEM_STRIDE apart, wrapping over MEM_BYTES (256 pages). */
static u64 *buf;

static u64 loop_mem(u64 n)
{
	u64 off = 0, sum = 0, t;

	if (!n)
		return sum;
	asm volatile("1:\n\t"
		     "mov (%[b],%[o]), %[t]\n\t"
		     "add %[t], %[s]\n\t"
		     "mov %[s], (%[b],%[o])\n\t"
		     "add %[stride], %[o]\n\t"
		     "and %[mask], %[o]\n\t"
		     "dec %[i]\n\t"
		     "jnz 1b"
		     : [o] "+r"(off), [s] "+r"(sum), [i] "+r"(n), [t] "=&r"(t)
		     : [b] "r"(buf), [stride] "i"(MEM_STRIDE), [mask] "r"(MEM_BYTES - 1)
		     : "cc", "memory");
	return sum;
}

static const struct loop {
	const char *name, *phase;
	u64 (*run)(u64 n);
} loops[] = {
#define X(name, phase, kvm_n, tcg_n, bochs_n, smoke_n, what) { #name, phase, loop_##name },
#include "bench/cpl0.def"
#undef X
};

static const struct loop *find(const char *name)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(loops); i++)
		if (!strcmp(loops[i].name, name))
			return &loops[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct loop *l;
	unsigned long n;
	u64 t0, check;
	int i;

	report_prefix_push("bench");
	buf = alloc__pages(MEM_BYTES / PAGE_SIZE);
	if (!buf) {
		report(false, "no room for the %lu-byte buffer", MEM_BYTES);
		return report_summary();
	}
	for (i = 1; i < argc; i += 2) {
		l = find(argv[i]);
		if (!l) {
			report(false, "unknown loop '%s'", argv[i]);
			break;
		}
		if (!args__ulong(argc, argv, i + 1, 0, &n))
			break;
		phase__begin(l->phase);
		t0 = rdtsc();
		check = l->run(n);
		phase__end(l->phase, n * INSNS_PER_ITER, t0, check);
		report(true, "%s", l->name);
	}
	return report_summary();
}
