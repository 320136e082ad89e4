/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/lapic.c: the local APIC model with no machine: priority
 * and PPR (SDM 10.8.3.1), EOI and the level EOI broadcast, ESR, the
 * divide configuration, destinations, the timer on a fake clock, x2APIC
 * by MSR and IA32_APIC_BASE's transitions, INIT's reset. */
#include "l0/platform/lapic.h"
#include "tests/tap.h"

static unsigned ipis, level_eois;
static uint32_t last_icr, last_dest;
static uint8_t last_eoi;
static uint64_t fake_tsc;

static void ipi(void *o, struct lapic *from, uint32_t icr, uint32_t dest)
{
	ipis++;
	last_icr = icr;
	last_dest = dest;
	/* Self: as the machine's router would do for a fixed one. */
	if (LAPIC__SHORTHAND(icr) == 1)
		lapic__accept(from, (uint8_t)LAPIC__VECTOR(icr), icr & LAPIC__TRIGGER_LEVEL);
}

static void level_eoi(void *o, uint8_t v)
{
	level_eois++;
	last_eoi = v;
}

static uint64_t tsc(void *o) { return fake_tsc; }
static uint64_t tsc_khz(void *o) { return 1000000; }	/* 1 GHz: 1 tick = 1 ns */

static const struct lapic_bus bus = { NULL, ipi, level_eoi, tsc, tsc_khz };

static void priorities(void)
{
	struct lapic l;

	lapic__reset(&l, 0, true, &bus);
	is_u64(lapic__pending(&l), (uint64_t)-1, "nothing pending at reset");
	lapic__accept(&l, 0x41, false);
	lapic__accept(&l, 0x61, true);
	is_u64(lapic__pending(&l), 0x61, "highest vector first");
	is_u64(lapic__ack(&l), 0x61, "INTA gives it");
	is_u64(lapic__ppr(&l), 0x60, "PPR: the in-service class");
	is_u64(lapic__pending(&l), (uint64_t)-1, "0x41 is below the in-service class");
	lapic__write(&l, LAPIC_EOI, 0, 0);
	is_u64(level_eois, 1, "EOI of a level vector is broadcast");
	is_u64(last_eoi, 0x61, "with its vector");
	is_u64(lapic__pending(&l), 0x41, "then 0x41");
	lapic__write(&l, LAPIC_TPR, 0x40, 0);
	is_u64(lapic__pending(&l), (uint64_t)-1, "TPR 0x40 holds back class 4");
	is_u64(lapic__ack(&l), 0xff, "INTA with nothing deliverable: the spurious vector");
	lapic__write(&l, LAPIC_TPR, 0, 0);
	lapic__ack(&l);
	lapic__write(&l, LAPIC_EOI, 0, 0);
	is_u64(level_eois, 1, "EOI of an edge vector is not broadcast");
	lapic__write(&l, LAPIC_SVR, 0xff, 0);
	is_u64(lapic__read(&l, LAPIC_LVT_TIMER, 0) & LAPIC__MASKED, LAPIC__MASKED,
	       "software disable masks the LVT");
	lapic__accept(&l, 0x50, false);
	is_u64(lapic__pending(&l), (uint64_t)-1, "and delivers nothing");
}

static void esr_and_icr(void)
{
	struct lapic l;

	lapic__reset(&l, 0, true, &bus);
	lapic__write(&l, LAPIC_ICR_HI, 0x03000000, 0);
	lapic__write(&l, LAPIC_ICR_LO, 0x4041, 0);
	is_u64(ipis, 1, "an ICR write sends");
	is_u64(last_dest, 3, "to ICR_HI's destination");
	is_u64(lapic__read(&l, LAPIC_ICR_LO, 0) & LAPIC__DELIVS, 0, "delivery status idle");
	lapic__write(&l, LAPIC_ICR_LO, (1u << 18) | 3, 0);
	lapic__write(&l, LAPIC_ESR, 0, 0);
	is_u64(lapic__read(&l, LAPIC_ESR, 0), LAPIC__ESR_SEND_VECTOR | LAPIC__ESR_RECV_VECTOR,
	       "self-IPI with vector 3: send and receive errors");
	lapic__write(&l, LAPIC_ESR, 0, 0);
	is_u64(lapic__read(&l, LAPIC_ESR, 0), 0, "cleared by the next write");
	lapic__read(&l, 0x40, 0);
	lapic__write(&l, LAPIC_ESR, 0, 0);
	is_u64(lapic__read(&l, LAPIC_ESR, 0), LAPIC__ESR_REGISTER, "reserved offset: illegal register");
}

static void divisors_and_match(void)
{
	static const struct { uint32_t dcr; unsigned div; } rows[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 },
		{ 0x8, 32 }, { 0x9, 64 }, { 0xa, 128 }, { 0xb, 1 },
	};
	struct lapic l;

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		is_u64(lapic__divisor(rows[i].dcr), rows[i].div, "DCR 0x%x divides by %u", rows[i].dcr,
		       rows[i].div);
	lapic__reset(&l, 5, false, &bus);
	ok(lapic__match(&l, 5, false) && lapic__match(&l, 0xff, false) && !lapic__match(&l, 4, false),
	   "physical: own ID and broadcast");
	lapic__write(&l, LAPIC_LDR, 0x20000000, 0);
	ok(lapic__match(&l, 0x30, true) && !lapic__match(&l, 0x10, true), "flat logical: LDR bits");
	lapic__write(&l, LAPIC_DFR, 0x0fffffff, 0);
	lapic__write(&l, LAPIC_LDR, 0x21000000, 0);
	ok(lapic__match(&l, 0x23, true) && !lapic__match(&l, 0x13, true), "cluster logical");
	ok(lapic__wrmsr(&l, LAPIC__MSR_APIC_BASE, l.base | LAPIC__BASE_EXTD, 0), "to x2APIC");
	ok(lapic__match(&l, 5, false) && lapic__match(&l, 0x20, true) && !lapic__match(&l, 0x10020, true),
	   "x2APIC: cluster in 31:16, bit in 15:0");
}

static void timer(void)
{
	struct lapic l;
	uint64_t next;

	lapic__reset(&l, 0, true, &bus);
	lapic__write(&l, LAPIC_TIMER_DCR, 0xb, 0);
	lapic__write(&l, LAPIC_LVT_TIMER, 0x30, 0);
	lapic__write(&l, LAPIC_TIMER_ICR, 1000, 100);
	is_u64(lapic__read(&l, LAPIC_TIMER_CCR, 600), 500, "one-shot: current count halfway");
	is_u64(lapic__timer_poll(&l, 600), 1100, "next deadline at the end");
	is_u64(lapic__pending(&l), (uint64_t)-1, "not fired early");
	is_u64(lapic__timer_poll(&l, 5000), 0, "fired: no further deadline");
	is_u64(lapic__ack(&l), 0x30, "its vector");
	lapic__write(&l, LAPIC_EOI, 0, 0);
	lapic__timer_poll(&l, 9000);
	is_u64(lapic__pending(&l), (uint64_t)-1, "one-shot: once");
	is_u64(lapic__read(&l, LAPIC_TIMER_CCR, 9000), 0, "current count 0 after");

	lapic__write(&l, LAPIC_LVT_TIMER, 0x30 | (1u << 17), 0);
	lapic__write(&l, LAPIC_TIMER_DCR, 0x0, 0);		/* divide by 2 */
	lapic__write(&l, LAPIC_TIMER_ICR, 500, 0);		/* period 1000 ns */
	next = lapic__timer_poll(&l, 3500);
	is_u64(next, 4000, "periodic: the next period's end");
	is_u64(l.timer_backlog, 2, "three periods due: one in IRR, two kept");
	for (unsigned i = 0; i < 3; i++) {
		lapic__ack(&l);
		lapic__write(&l, LAPIC_EOI, 0, 0);
	}
	is_u64(l.timer_backlog, 0, "each kept tick delivered in turn");
	is_u64(lapic__pending(&l), (uint64_t)-1, "and no more");

	lapic__write(&l, LAPIC_LVT_TIMER, 0x30 | (2u << 17), 0);
	fake_tsc = 1000;
	ok(lapic__wrmsr(&l, LAPIC__MSR_TSC_DEADLINE, 1500, 0), "TSC deadline armed");
	is_u64(lapic__timer_poll(&l, 20000), 20501, "deadline in 500 ns of host time");
	fake_tsc = 1600;
	lapic__timer_poll(&l, 20600);
	is_u64(lapic__pending(&l), 0x30, "fires at the deadline");
	uint64_t v = 1;
	ok(lapic__rdmsr(&l, LAPIC__MSR_TSC_DEADLINE, &v, 0) && v == 0, "and disarms");
}

static void x2apic(void)
{
	struct lapic l;
	uint64_t v = 0;

	lapic__reset(&l, 3, false, &bus);
	ok(!lapic__rdmsr(&l, 0x802, &v, 0), "x2APIC MSRs #GP in xAPIC mode");
	ok(!lapic__wrmsr(&l, LAPIC__MSR_APIC_BASE, LAPIC__BASE_DEFAULT | LAPIC__BASE_EXTD, 0),
	   "EXTD without EN: #GP");
	ok(lapic__wrmsr(&l, LAPIC__MSR_APIC_BASE, l.base | LAPIC__BASE_EXTD, 0), "EN|EXTD");
	ok(lapic__rdmsr(&l, 0x802, &v, 0) && v == 3, "ID by MSR: 32-bit");
	ok(lapic__rdmsr(&l, 0x80d, &v, 0) && v == 0x8, "LDR from the ID");
	ok(!lapic__wrmsr(&l, 0x802, 1, 0), "ID read-only: #GP");
	ok(!lapic__wrmsr(&l, 0x80b, 1, 0), "EOI non-zero: #GP");
	ok(!lapic__rdmsr(&l, 0x809, &v, 0), "APR absent in x2APIC: #GP");
	ipis = 0;
	ok(lapic__wrmsr(&l, 0x830, (7ull << 32) | 0x45, 0), "ICR by one MSR");
	ok(ipis == 1 && last_dest == 7, "its destination in bits 63:32");
	ok(lapic__wrmsr(&l, 0x83f, 0x46, 0) && lapic__pending(&l) == 0x46, "SELF IPI register");
	ok(!lapic__wrmsr(&l, LAPIC__MSR_APIC_BASE, l.base & ~LAPIC__BASE_EXTD, 0),
	   "x2APIC -> xAPIC: #GP");
	ok(lapic__wrmsr(&l, LAPIC__MSR_APIC_BASE, LAPIC__BASE_DEFAULT, 0), "x2APIC -> disabled");
	ok(!lapic__x2apic(&l) && lapic__extint(&l), "disabled: the 8259 drives INTR directly");
}

/* INIT (lapic__init_reset): power-up state, but the ID, IA32_APIC_BASE
 * and a SIPI already pending kept. */
static void init_reset(void)
{
	struct lapic l;

	lapic__reset(&l, 3, false, &bus);
	lapic__write(&l, LAPIC_TPR, 0x20, 0);
	lapic__write(&l, LAPIC_LVT_TIMER, 0x30, 0);
	lapic__write(&l, LAPIC_TIMER_ICR, 1000, 0);
	lapic__accept(&l, 0x40, false);
	l.sipi = 0x08;
	lapic__init_reset(&l);
	is_u64(lapic__read(&l, LAPIC_ID, 0), 3u << 24, "INIT keeps the APIC ID");
	ok((l.base & LAPIC__BASE_EN) && !(l.base & LAPIC__BASE_BSP), "INIT keeps IA32_APIC_BASE");
	is_u64(lapic__read(&l, LAPIC_SVR, 0), 0xff, "INIT: software-disabled, spurious vector 0xFF");
	is_u64(lapic__read(&l, LAPIC_LVT_TIMER, 0), LAPIC__MASKED, "INIT: the timer LVT masked");
	is_u64(lapic__read(&l, LAPIC_LVT_LINT0, 0), LAPIC__MASKED, "INIT: LINT0 masked");
	is_u64(lapic__read(&l, LAPIC_TPR, 0), 0, "INIT: TPR 0");
	is_u64(lapic__read(&l, LAPIC_TIMER_ICR, 0), 0, "INIT: the timer stopped");
	is_u64(lapic__pending(&l), (uint64_t)-1, "INIT: IRR cleared");
	is_u64((uint64_t)l.sipi, 0x08, "INIT keeps a SIPI already pending");
}

int main(void)
{
	priorities();
	init_reset();
	esr_and_icr();
	divisors_and_match();
	timer();
	x2apic();
	return done_testing();
}
