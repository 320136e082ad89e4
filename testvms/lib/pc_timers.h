/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PC's legacy timers and interrupt controller for the platform tests:
 * the ACPI PM timer (3.579545 MHz, 24 bits, port 0x608), the 8254 PIT
 * (1.193182 MHz) and the 8259 pair.
 */
#ifndef TESTVMS__PC_TIMERS_H
#define TESTVMS__PC_TIMERS_H

#include "testvms/lib/types.h"

#define PM_TIMER_PORT	0x608
#define PM_TIMER_HZ	3579545ul
#define PIT_HZ		1193182ul

u32 pm_timer(void);
/* Microseconds on the PM timer since a reading (wraps after ~4.7 s). */
u64 pm_timer_us_since(u32 start);
/* PM time from a start across the 24-bit wrap, for as long as it is read
 * at least every 4.6 s. */
struct pm_span {
	u32 last;
	u64 ticks;
};
void pm_span_start(struct pm_span *s);
u64 pm_span_us(struct pm_span *s);
/* Busy-wait (interrupts as they are) for us microseconds of PM time. */
void pm_timer_wait_us(u64 us);

/* Channel 0 in mode 2 (rate generator) with count n; pit_stop writes a
 * control word and no count, which stops it (8254: a new control word
 * ends the count in progress). */
void pit_periodic(u16 count);
void pit_stop(void);

/* ICW1-ICW4: master vectors base..base+7, slave base2..; all masked. */
void pic_init(u8 base, u8 base2);
/* OCW1: a 16-bit mask, bit n for IRQ n (1: masked). */
void pic_mask(u16 mask);
/* Non-specific EOI to the master (and the slave for irq >= 8). */
void pic_eoi(unsigned int irq);

#endif
