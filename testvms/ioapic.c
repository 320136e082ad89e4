/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioapic.elf: the 8254's channel 0 on ISA IRQ 0 delivered through the I/O
 * APIC (pin 2, the MADT's override) and through the 8259 pair, counted at
 * the programmed rate against the ACPI PM timer; the I/O APIC's registers;
 * edge and level pins driven through pc-testdev's lines (Remote IRR, EOI
 * re-delivery); the 8259's IRR and ISR by OCW3.
 */
#include "testvms/lib/apic.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/pc_timers.h"

#define V_PIT_IOAPIC	0x31
#define V_LEVEL		0x32
#define V_EDGE		0x33
#define PIC_BASE	0x20
#define PIT_COUNT	5966		/* ~200 Hz (see apic.c's periodic timer) */
#define SPAN_US		200000
#define LEVEL_PIN	10
#define EDGE_PIN	11
#define TESTDEV_IRQ	0x2000
#define RTE_MASKED	(1u << 16)
#define RTE_LEVEL	(1u << 15)
#define RTE_REMOTE_IRR	(1u << 14)

static volatile unsigned count[256];
static volatile bool keep_level, remote_irr_seen, pic_isr_seen;

/* An interrupt a device raises comes a few instructions later, not at
 * the next one (the tcg engine takes it at the next translated block). */
static void settle(void)
{
	for (unsigned i = 0; i < 100; i++)
		asm volatile("pause");
}

static void ioapic_tick(struct ex_regs *regs)
{
	count[regs->vector]++;
	apic_eoi();
}

static void pic_tick(struct ex_regs *regs)
{
	count[regs->vector]++;
	outb(0x0b, 0x20);		/* OCW3: read ISR */
	pic_isr_seen = inb(0x20) & 1;
	outb(0x0a, 0x20);		/* back to IRR */
	pic_eoi(0);
}

static void level_irq(struct ex_regs *regs)
{
	count[regs->vector]++;
	remote_irr_seen = ioapic_read(0x10 + 2 * LEVEL_PIN) & RTE_REMOTE_IRR;
	if (!keep_level || count[regs->vector] > 1)
		outb(0, TESTDEV_IRQ + LEVEL_PIN);
	apic_eoi();
}

/* The PIT over a span of PM time, counted in count[vector]: no tick
 * before its time (exact), and every tick of the span comes, however late
 * the host ran the guest (L0 keeps them: docs/platform.md). */
static void check_pit(unsigned vector)
{
	struct pm_span s;
	unsigned got, due;
	u64 us;

	count[vector] = 0;
	pm_span_start(&s);
	pit_periodic(PIT_COUNT);
	sti();
	while (pm_span_us(&s) < SPAN_US)
		;
	cli();
	us = pm_span_us(&s);
	got = count[vector];
	/* +1 us: the PM timer's rounding. */
	due = (unsigned)((us + 1) * PIT_HZ / (1000000ul * PIT_COUNT));
	report(got <= due, "none early: %u by %lu us at %u PIT counts a tick", got, us, PIT_COUNT);
	sti();
	while (count[vector] < due && pm_span_us(&s) < 10000000)
		;
	cli();
	pit_stop();
	report(count[vector] >= due, "every tick of the span came (%u of %u)", count[vector], due);
}

/* The PIT's period in microseconds. */
static u64 period_us(void)
{
	return (u64)PIT_COUNT * 1000000ul / PIT_HZ;
}

static void test_registers(void)
{
	u32 ver = ioapic_read(1);

	report_prefix_push("registers");
	report((ioapic_read(0) >> 24) == 1, "ID 1, after the local APIC's");
	report((ver & 0xff) == 0x11 && ((ver >> 16) & 0xff) == 23, "version 0x11, 24 pins (0x%x)", ver);
	report(ioapic_read(0x10 + 2 * 5) & RTE_MASKED, "pins masked at reset");
	ioapic_route(5, RTE_MASKED | RTE_LEVEL | 0x77, 0x12);
	report((ioapic_read(0x10 + 10) & 0x1ffff) == (RTE_MASKED | RTE_LEVEL | 0x77) &&
	       ioapic_read(0x11 + 10) == 0x12000000, "a redirection entry reads back");
	ioapic_route(5, RTE_MASKED, 0);
	report_prefix_pop();
}

static void test_pit_ioapic(void)
{
	report_prefix_push("PIT via I/O APIC pin 2");
	pic_init(PIC_BASE, PIC_BASE + 8);	/* all masked */
	ioapic_route(2, V_PIT_IOAPIC, 0);	/* fixed, physical, edge, to APIC 0 */
	check_pit(V_PIT_IOAPIC);
	ioapic_route(2, RTE_MASKED | V_PIT_IOAPIC, 0);
	report_prefix_pop();
}

static void test_pit_pic(void)
{
	u8 irr;

	report_prefix_push("PIT via 8259");
	pic_mask(0xfffe);			/* IRQ 0 only */
	/* The 8259 latched IRQ 0 while masked (its IRR ignores IMR): take
	 * that stale request first. */
	sti();
	settle();
	cli();
	check_pit(PIC_BASE);
	report(pic_isr_seen, "IRQ 0 in service in its handler (OCW3)");
	/* With IF clear the request waits in IRR. */
	count[PIC_BASE] = 0;
	pit_periodic(PIT_COUNT);
	pm_timer_wait_us(3 * period_us());
	outb(0x0a, 0x20);
	irr = inb(0x20);
	report((irr & 1) && count[PIC_BASE] == 0, "pending in IRR while IF = 0 (0x%x)", irr);
	sti();
	asm volatile("nop");
	cli();
	report(count[PIC_BASE] >= 1, "taken after STI");
	/* L0 keeps ticks a guest was not ready for (docs/platform.md). */
	sti();
	pm_timer_wait_us(period_us() / 2);
	cli();
	pit_stop();
	report(count[PIC_BASE] >= 3, "the three ticks of the IF = 0 span all came (%u)", count[PIC_BASE]);
	pic_mask(0xffff);
	pm_timer_wait_us(3 * period_us());
	sti();
	pm_timer_wait_us(2 * period_us());
	cli();
	report_prefix_pop();
}

static void test_lines(void)
{
	report_prefix_push("testdev lines");
	ioapic_route(LEVEL_PIN, RTE_LEVEL | V_LEVEL, 0);
	ioapic_route(EDGE_PIN, V_EDGE, 0);
	count[V_LEVEL] = count[V_EDGE] = 0;
	sti();
	outb(1, TESTDEV_IRQ + LEVEL_PIN);
	settle();
	report(count[V_LEVEL] == 1, "level pin: one interrupt when its handler lowers the line");
	report(remote_irr_seen, "Remote IRR set while it is in service");
	report(!(ioapic_read(0x10 + 2 * LEVEL_PIN) & RTE_REMOTE_IRR), "and clear after the EOI");
	count[V_LEVEL] = 0;
	keep_level = true;
	outb(1, TESTDEV_IRQ + LEVEL_PIN);
	settle();
	report(count[V_LEVEL] == 2, "a line still high at EOI delivers again (%u)", count[V_LEVEL]);
	outb(1, TESTDEV_IRQ + EDGE_PIN);
	settle();
	outb(1, TESTDEV_IRQ + EDGE_PIN);
	settle();
	report(count[V_EDGE] == 1, "edge pin: one interrupt for a line held high");
	outb(0, TESTDEV_IRQ + EDGE_PIN);
	outb(1, TESTDEV_IRQ + EDGE_PIN);
	settle();
	outb(0, TESTDEV_IRQ + EDGE_PIN);
	report(count[V_EDGE] == 2, "another after a new rising edge");
	cli();
	report_prefix_pop();
}

int main(int argc, char **argv)
{
	intr__set_handler(V_PIT_IOAPIC, ioapic_tick);
	intr__set_handler(PIC_BASE, pic_tick);
	intr__set_handler(V_LEVEL, level_irq);
	intr__set_handler(V_EDGE, ioapic_tick);
	test_registers();
	test_pit_ioapic();
	test_pit_pic();
	test_lines();
	return report_summary();
}
