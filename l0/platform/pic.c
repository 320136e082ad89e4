/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pic.c: the 8259A pair (see pic.h). */
#include <string.h>

#include "l0/platform/pic.h"

#define ICW1_IC4	0x01
#define ICW1_SNGL	0x02
#define ICW1_INIT	0x10
#define ICW4_AEOI	0x02
#define OCW3_SELECT	0x08
#define OCW3_POLL	0x04
#define OCW3_RR		0x02
#define OCW3_RIS	0x01

void pic__reset(struct pic *p)
{
	memset(p, 0, sizeof(*p));
	p->chip[0].lowest = p->chip[1].lowest = 7;
}

/* The highest-priority IRQ of a bit set, given the rotation; -1 if none. */
static int highest(const struct pic_chip *c, uint8_t bits)
{
	for (unsigned i = 1; i <= 8; i++) {
		unsigned irq = (c->lowest + i) & 7;

		if (bits & (1u << irq))
			return (int)irq;
	}
	return -1;
}

/* Priority of irq: 0 highest (the one after `lowest`). */
static unsigned prio(const struct pic_chip *c, int irq)
{
	return ((unsigned)irq - c->lowest - 1) & 7;
}

/* The IRQ this chip would present, or -1 (fully nested: above every
 * in-service one). */
static int chip_pending(const struct pic_chip *c)
{
	int irq = highest(c, c->irr & ~c->imr);
	int in = highest(c, c->isr);

	if (irq < 0)
		return -1;
	if (in >= 0 && prio(c, in) <= prio(c, irq))
		return -1;
	return irq;
}

static void chip_set(struct pic_chip *c, unsigned irq, bool high)
{
	uint8_t bit = (uint8_t)(1u << irq);

	if (c->elcr & bit) {
		if (high)
			c->irr |= bit;
		else
			c->irr &= (uint8_t)~bit;
	} else if (high && !(c->lines & bit)) {
		c->irr |= bit;
	}
	c->lines = high ? c->lines | bit : c->lines & (uint8_t)~bit;
}

/* The slave's INT output is the master's IRQ 2 input. */
static void cascade(struct pic *p)
{
	chip_set(&p->chip[0], PIC__CASCADE_IRQ, chip_pending(&p->chip[1]) >= 0);
}

void pic__set_irq(struct pic *p, unsigned irq, bool high)
{
	if (irq >= 16)
		return;
	chip_set(&p->chip[irq >> 3], irq & 7, high);
	cascade(p);
}

bool pic__intr(const struct pic *p)
{
	return chip_pending(&p->chip[0]) >= 0;
}

bool pic__irr(const struct pic *p, unsigned irq)
{
	return irq < 16 && (p->chip[irq >> 3].irr & (1u << (irq & 7)));
}

/* INTA on one chip: the IRQ taken, or 7 (spurious) when none. */
static unsigned chip_ack(struct pic_chip *c)
{
	int irq = chip_pending(c);
	uint8_t bit;

	if (irq < 0)
		return 7;
	bit = (uint8_t)(1u << irq);
	if (!(c->elcr & bit))
		c->irr &= (uint8_t)~bit;
	if (c->auto_eoi) {
		if (c->rotate_auto_eoi)
			c->lowest = (uint8_t)irq;
	} else {
		c->isr |= bit;
	}
	return (unsigned)irq;
}

uint8_t pic__ack(struct pic *p)
{
	unsigned irq = chip_ack(&p->chip[0]);
	uint8_t v;

	if (irq == PIC__CASCADE_IRQ && !p->chip[0].single)
		v = (uint8_t)(p->chip[1].base + chip_ack(&p->chip[1]));
	else
		v = (uint8_t)(p->chip[0].base + irq);
	cascade(p);
	return v;
}

/* OCW2 (SDM-free: 8259A data sheet, "Operation Command Words"). */
static void ocw2(struct pic_chip *c, uint8_t v)
{
	unsigned cmd = v >> 5;
	int irq = cmd & 2 ? (int)(v & 7) : highest(c, c->isr);	/* specific or not */

	switch (cmd) {
	case 0:	c->rotate_auto_eoi = false; return;	/* clear rotate in AEOI */
	case 4:	c->rotate_auto_eoi = true; return;	/* set rotate in AEOI */
	case 6:	c->lowest = v & 7; return;		/* set priority */
	case 2:	return;					/* no operation */
	default: break;				/* 1, 3, 5, 7: EOI, maybe rotating */
	}
	if (irq < 0)
		return;
	c->isr &= (uint8_t)~(1u << irq);
	if (cmd == 5 || cmd == 7)
		c->lowest = (uint8_t)irq;
}

static void chip_write(struct pic_chip *c, unsigned offset, uint8_t v)
{
	if (offset == 0) {
		if (v & ICW1_INIT) {
			uint8_t elcr = c->elcr, lines = c->lines;

			*c = (struct pic_chip){ .lowest = 7, .elcr = elcr, .lines = lines };
			c->icw4 = v & ICW1_IC4;
			c->single = v & ICW1_SNGL;
			c->init_step = 1;
		} else if (v & OCW3_SELECT) {
			if (v & OCW3_RR)
				c->read_isr = v & OCW3_RIS;
			c->poll = v & OCW3_POLL;
		} else {
			ocw2(c, v);
		}
		return;
	}
	switch (c->init_step) {
	case 1:
		c->base = v & 0xf8;
		c->init_step = !c->single ? 2 : c->icw4 ? 3 : 0;
		break;
	case 2:
		c->init_step = c->icw4 ? 3 : 0;	/* ICW3: the PC's wiring is fixed */
		break;
	case 3:
		c->auto_eoi = v & ICW4_AEOI;
		c->init_step = 0;
		break;
	default:
		c->imr = v;
		break;
	}
}

void pic__write(struct pic *p, unsigned chip, unsigned offset, uint8_t v)
{
	chip_write(&p->chip[chip & 1], offset & 1, v);
	cascade(p);
}

uint8_t pic__read(struct pic *p, unsigned chip, unsigned offset)
{
	struct pic_chip *c = &p->chip[chip & 1];

	if (offset & 1)
		return c->imr;
	if (c->poll) {
		/* Poll: the read is the acknowledge (bit 7: an interrupt). */
		int irq = chip_pending(c);

		c->poll = false;
		if (irq < 0)
			return 0;
		chip_ack(c);
		cascade(p);
		return (uint8_t)(0x80 | irq);
	}
	return c->read_isr ? c->isr : c->irr;
}
