/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * irqstress.elf N [PERIOD_US]: a loop of N rounds of arithmetic, stores across 64
 * pages and port I/O (pc-testdev's scratch register) ends in a checksum;
 * it must be the same run undisturbed (interrupts off, no timer), run
 * while L0 stops and resumes the vCPU every PERIOD_US (default 100:
 * 10,000 times a second; the APIC timer periodic but masked: every tick
 * is a kick that delivers nothing), and run while each of those ticks is
 * an interrupt.  A stop that lost or
 * repeated an instruction would change the sum.
 */
#include "testvms/lib/apic.h"
#include "testvms/lib/guest.h"

#define PAGES		64
#define WORDS		(PAGES * 4096 / 8)
#define SCRATCH_PORT	0xe0
#define V_TIMER		0x30
#define MIN_TICKS	100u

static u64 buf[WORDS] __attribute__((aligned(4096)));
static volatile unsigned ticks;

static void tick(struct ex_regs *regs)
{
	ticks++;
	apic_eoi();
}

static u64 work(unsigned long n)
{
	u64 h = 0x9e3779b97f4a7c15ul, sum = 0;
	unsigned long i;

	for (i = 0; i < WORDS; i++)
		buf[i] = i;
	for (i = 0; i < n; i++) {
		h ^= h << 13;
		h ^= h >> 7;
		h ^= h << 17;
		buf[(h >> 20) % WORDS] += h + i;
		if (!(i & 63)) {
			outl((u32)h, SCRATCH_PORT);
			h += inl(SCRATCH_PORT) ^ i;
		}
	}
	for (i = 0; i < WORDS; i++)
		sum = sum * 31 + buf[i];
	return sum ^ h;
}

int main(int argc, char **argv)
{
	unsigned long n, period_us = 100;
	u64 quiet, kicked, interrupted;

	if (!args__ulong(argc, argv, 1, 0, &n) ||
	    (argc > 2 && !args__ulong(argc, argv, 2, 1, &period_us)))
		return report_summary();
	intr__set_handler(V_TIMER, tick);
	cli();
	quiet = work(n);

	apic_write(APIC_TDCR, 0xb);		/* 1 ns per count */
	apic_write(APIC_LVT_TIMER, APIC_MASKED | APIC_TIMER_PERIODIC | V_TIMER);
	apic_write(APIC_TMICT, (u32)(period_us * 1000));
	sti();
	kicked = work(n);
	cli();

	apic_write(APIC_LVT_TIMER, APIC_TIMER_PERIODIC | V_TIMER);
	sti();
	interrupted = work(n);
	cli();
	apic_write(APIC_TMICT, 0);

	printf("irqstress: %lu rounds, period %lu us, checksum %lx, %u ticks\n", n, period_us,
	       quiet, ticks);
	report(kicked == quiet, "same checksum with kicks only (%lx)", kicked);
	report(interrupted == quiet, "same checksum with timer interrupts (%lx)", interrupted);
	report(ticks >= MIN_TICKS, "at least %u interrupts came (%u)", MIN_TICKS, ticks);
	return report_summary();
}
