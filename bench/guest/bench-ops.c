/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench-ops.elf NAME N [NAME N ...]: the benchmark workloads of
 * bench/workloads.def, each timed with the guest's own TSC.  Built with
 * testvms/lib, so it boots single level (Multiboot) and as an L2 (the L2
 * entry), under Turtle and under Bochs.  Each phase prints the begin and
 * end lines of bench/guest/phase.h.
 */
#include "bench/guest/phase.h"
#include "testvms/lib/guest.h"

#define PORT_INTERCEPTED	0x80	/* l1-hv sets it in its I/O bitmap */
#define PORT_PASSTHROUGH	0x81	/* l1-hv clears it */
#define MSR_VALUE_MASK		0xfffful
#define PAGES_PER_MIB		256
#define MEM_SECOND_PASSES	16	/* a second touch is cheap: time several */
#define MEM_PATTERN		0x6b6b00006b6b0000ul
#define MIX_MULTIPLIER		0xbf58476d1ce4e5b9ul
#define MIX_SEED		0x2545f4914f6cdd1dul

static bool outs(const char *phase, u16 port, unsigned long n)
{
	unsigned long i;
	u64 t0;

	phase__begin(phase);
	t0 = rdtsc();
	for (i = 0; i < n; i++)
		outb(i, port);
	phase__end(phase, n, t0, 0);
	return true;
}

static bool run_pio80(unsigned long n)
{
	return outs("pio80", PORT_INTERCEPTED, n);
}

static bool run_pio81(unsigned long n)
{
	return outs("pio81", PORT_PASSTHROUGH, n);
}

/* HLT with IF = 0: only an L1 with HLT exiting brings the guest back. */
static bool run_hlt(unsigned long n)
{
	unsigned long i;
	u64 t0;

	phase__begin("hlt");
	cli();
	t0 = rdtsc();
	for (i = 0; i < n; i++)
		hlt();
	phase__end("hlt", n, t0, 0);
	return true;
}

static bool run_msr(unsigned long n)
{
	unsigned long i, wrong = 0;
	u64 t0;

	phase__begin("msr");
	t0 = rdtsc();
	for (i = 0; i < n; i++) {
		wrmsr(MSR_IA32_SYSENTER_CS, i & MSR_VALUE_MASK);
		wrong += rdmsr(MSR_IA32_SYSENTER_CS) != (i & MSR_VALUE_MASK);
	}
	phase__end("msr", n, t0, wrong);
	return wrong == 0;
}

/* One write per page, at CPL3 (native on this host, where CPL0 code is
 * emulated and would hide the cost of the fault behind the loop's). */
struct touch {
	volatile u64 *base;
	u64 pages, passes;
};

static u64 touch_pages(u64 arg)
{
	const struct touch *t = (const struct touch *)arg;
	u64 i, pass, step = PAGE_SIZE / sizeof(u64);

	for (pass = 0; pass < t->passes; pass++)
		for (i = 0; i < t->pages; i++)
			t->base[i * step] = (u64)&t->base[i * step] ^ MEM_PATTERN;
	return 0;
}

static u64 count_wrong(const struct touch *t)
{
	u64 i, step = PAGE_SIZE / sizeof(u64), wrong = 0;

	for (i = 0; i < t->pages; i++)
		wrong += t->base[i * step] != ((u64)&t->base[i * step] ^ MEM_PATTERN);
	return wrong;
}

static bool touch_timed(const char *phase, struct touch *t, u64 passes)
{
	u64 t0, ret;
	int v;

	t->passes = passes;
	phase__begin(phase);
	t0 = rdtsc();
	v = usermode__call(touch_pages, (u64)t, &ret);
	phase__end(phase, t->pages * passes, t0, v == NO_EXCEPTION ? 0 : (u64)v);
	return v == NO_EXCEPTION;
}

static bool run_mem(unsigned long mib)
{
	struct touch t = { .pages = mib * PAGES_PER_MIB };
	bool ok;

	t.base = alloc__pages(t.pages);
	if (!t.base)
		return false;
	ok = touch_timed("mem_first", &t, 1);
	ok &= touch_timed("mem_second", &t, MEM_SECOND_PASSES);
	return ok && count_wrong(&t) == 0;
}

static u64 mix(u64 n)
{
	u64 x = MIX_SEED, i;

	for (i = 0; i < n; i++) {
		x += i;
		x *= MIX_MULTIPLIER;
		x ^= x >> 31;
	}
	return x;
}

static bool run_compute(unsigned long n)
{
	u64 t0, sum = 0;
	int v;

	phase__begin("compute");
	t0 = rdtsc();
	v = usermode__call(mix, n, &sum);
	phase__end("compute", n, t0, sum);
	return v == NO_EXCEPTION;
}

static const struct workload {
	const char *name;
	bool (*run)(unsigned long n);
} workloads[] = {
#define X(name, phases, op, levels, route, turtle_n, bochs_n, bochs_l2_n, smoke_n, what) { #name, run_##name },
#include "bench/workloads.def"
#undef X
};

static const struct workload *find(const char *name)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(workloads); i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct workload *w;
	unsigned long n;
	int i;

	report_prefix_push("bench");
	for (i = 1; i < argc; i += 2) {
		w = find(argv[i]);
		if (!w) {
			report(false, "unknown workload '%s'", argv[i]);
			break;
		}
		if (!args__ulong(argc, argv, i + 1, 0, &n))
			break;
		report(w->run(n), "%s", w->name);
	}
	return report_summary();
}
