/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pic.h: the 8259A pair (Intel 8259A data sheet; the PC/AT
 * wiring: master at 0x20/0x21, slave at 0xA0/0xA1 cascaded on master
 * IRQ 2, edge/level control (ELCR) at 0x4D0/0x4D1).
 *
 * Implemented: ICW1-ICW4 (single or cascade, auto-EOI), OCW1 masks, OCW2
 * non-specific/specific EOI and the rotations, OCW3 IRR/ISR read and poll
 * mode, edge and level inputs.  Not: special mask mode, special fully
 * nested mode, buffered mode (no effect on a PC).
 */
#ifndef L0__PLATFORM__PIC_H
#define L0__PLATFORM__PIC_H

#include <stdbool.h>
#include <stdint.h>

#define PIC__MASTER	0x20
#define PIC__SLAVE	0xa0
#define PIC__ELCR	0x4d0
#define PIC__CASCADE_IRQ 2

struct pic_chip {
	uint8_t irr, isr, imr;
	uint8_t lines;		/* input levels now */
	uint8_t elcr;		/* 1: level-triggered */
	uint8_t base;		/* ICW2 vector base */
	uint8_t lowest;		/* priority rotation: the lowest-priority IRQ */
	uint8_t init_step;	/* 0 ready; 1-3 expecting ICW2-ICW4 */
	bool icw4, single, auto_eoi, read_isr, poll, rotate_auto_eoi;
};

struct pic {
	struct pic_chip chip[2];	/* master, slave */
};

void pic__reset(struct pic *p);
/* Input irq 0-15 at level `high`. */
void pic__set_irq(struct pic *p, unsigned irq, bool high);
/* Whether INTR is asserted; the vector an INTA would give. */
bool pic__intr(const struct pic *p);
/* INTA: the vector, IRR -> ISR (spurious IRQ 7/15 if nothing pending). */
uint8_t pic__ack(struct pic *p);
/* Whether IRQ irq's IRR bit is set (the previous edge not yet taken). */
bool pic__irr(const struct pic *p, unsigned irq);
/* offset 0/1 of a chip; chip 0 master, 1 slave. */
void pic__write(struct pic *p, unsigned chip, unsigned offset, uint8_t v);
uint8_t pic__read(struct pic *p, unsigned chip, unsigned offset);

#endif /* L0__PLATFORM__PIC_H */
