/* SPDX-License-Identifier: GPL-2.0-only */
/* The PM timer, the PIT and the 8259 pair (pc_timers.h). */
#include "testvms/lib/pc_timers.h"
#include "testvms/lib/processor.h"

u32 pm_timer(void)
{
	return inl(PM_TIMER_PORT) & 0xffffff;
}

u64 pm_timer_us_since(u32 start)
{
	u32 ticks = (pm_timer() - start) & 0xffffff;

	return (u64)ticks * 1000000ul / PM_TIMER_HZ;
}

void pm_span_start(struct pm_span *s)
{
	s->last = pm_timer();
	s->ticks = 0;
}

u64 pm_span_us(struct pm_span *s)
{
	u32 now = pm_timer();

	s->ticks += (now - s->last) & 0xffffff;
	s->last = now;
	return s->ticks * 1000000ul / PM_TIMER_HZ;
}

void pm_timer_wait_us(u64 us)
{
	struct pm_span s;

	pm_span_start(&s);
	while (pm_span_us(&s) < us)
		;
}

void pit_periodic(u16 count)
{
	outb(0x34, 0x43);		/* channel 0, LSB then MSB, mode 2 */
	outb(count & 0xff, 0x40);
	outb(count >> 8, 0x40);
}

void pit_stop(void)
{
	outb(0x30, 0x43);		/* a control word alone: no count, no counting */
}

void pic_init(u8 base, u8 base2)
{
	outb(0x11, 0x20);		/* ICW1: cascade, ICW4 follows */
	outb(base, 0x21);		/* ICW2 */
	outb(0x04, 0x21);		/* ICW3: slave on IRQ 2 */
	outb(0x01, 0x21);		/* ICW4: 8086 mode */
	outb(0x11, 0xa0);
	outb(base2, 0xa1);
	outb(0x02, 0xa1);
	outb(0x01, 0xa1);
	pic_mask(0xffff);
}

void pic_mask(u16 mask)
{
	outb(mask & 0xff, 0x21);
	outb(mask >> 8, 0xa1);
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(0x20, 0xa0);
	outb(0x20, 0x20);
}
