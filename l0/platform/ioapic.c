/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/ioapic.c: the I/O APIC (see ioapic.h). */
#include "l0/platform/ioapic.h"

#define REG_ID		0x00
#define REG_VER		0x01
#define REG_ARB		0x02
#define REG_RTE		0x10
#define RTE_WRITABLE	0x1afffull	/* vector, mode, dest mode, polarity, trigger, mask */

void ioapic__reset(struct ioapic *io, uint8_t id, const struct ioapic_bus *bus)
{
	*io = (struct ioapic){ .id = id, .bus = bus };
	for (unsigned i = 0; i < IOAPIC__PINS; i++)
		io->rte[i] = IOAPIC__RTE_MASKED;
}

static void deliver(struct ioapic *io, unsigned pin)
{
	uint64_t rte = io->rte[pin];
	/* RTE bits 15:0 are laid out as the ICR's low word, save polarity. */
	uint32_t icr = (uint32_t)(rte & 0x8fffu);

	if (rte & IOAPIC__RTE_LEVEL)
		io->rte[pin] |= IOAPIC__RTE_REMOTE_IRR;
	if (io->bus && io->bus->deliver)
		io->bus->deliver(io->bus->opaque, icr, (uint32_t)(rte >> 56));
}

/* A level pin asserted, unmasked and not awaiting EOI goes out. */
static void level_check(struct ioapic *io, unsigned pin)
{
	uint64_t rte = io->rte[pin];

	if ((rte & IOAPIC__RTE_LEVEL) && (io->lines & (1u << pin)) &&
	    !(rte & (IOAPIC__RTE_MASKED | IOAPIC__RTE_REMOTE_IRR)))
		deliver(io, pin);
}

void ioapic__set_pin(struct ioapic *io, unsigned pin, bool high)
{
	bool was;

	if (pin >= IOAPIC__PINS)
		return;
	was = io->lines & (1u << pin);
	io->lines = high ? io->lines | (1u << pin) : io->lines & ~(1u << pin);
	if (io->rte[pin] & IOAPIC__RTE_LEVEL)
		level_check(io, pin);
	else if (high && !was && !(io->rte[pin] & IOAPIC__RTE_MASKED))
		deliver(io, pin);
}

bool ioapic__masked(const struct ioapic *io, unsigned pin)
{
	return pin >= IOAPIC__PINS || (io->rte[pin] & IOAPIC__RTE_MASKED);
}

bool ioapic__busy(const struct ioapic *io, unsigned pin)
{
	return pin < IOAPIC__PINS && (io->rte[pin] & IOAPIC__RTE_REMOTE_IRR);
}

void ioapic__eoi(struct ioapic *io, uint8_t vector)
{
	for (unsigned pin = 0; pin < IOAPIC__PINS; pin++) {
		if ((io->rte[pin] & 0xff) != vector || !(io->rte[pin] & IOAPIC__RTE_REMOTE_IRR))
			continue;
		io->rte[pin] &= ~IOAPIC__RTE_REMOTE_IRR;
		level_check(io, pin);
	}
}

static uint32_t read_reg(const struct ioapic *io, unsigned r)
{
	switch (r) {
	case REG_ID:
	case REG_ARB:
		return (uint32_t)io->id << 24;
	case REG_VER:
		return IOAPIC__VERSION | (IOAPIC__PINS - 1) << 16;
	default:
		if (r >= REG_RTE && r < REG_RTE + 2 * IOAPIC__PINS) {
			uint64_t rte = io->rte[(r - REG_RTE) / 2];

			return (r & 1) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
		}
		return 0;
	}
}

static void write_reg(struct ioapic *io, unsigned r, uint32_t v)
{
	unsigned pin;
	uint64_t *rte;

	if (r == REG_ID) {
		io->id = (v >> 24) & 0xf;
		return;
	}
	if (r < REG_RTE || r >= REG_RTE + 2 * IOAPIC__PINS)
		return;		/* version, arbitration: read-only */
	pin = (r - REG_RTE) / 2;
	rte = &io->rte[pin];
	if (r & 1)
		*rte = (*rte & 0xffffffffull) | ((uint64_t)(v & 0xff000000u) << 32);
	else
		*rte = (*rte & ~RTE_WRITABLE) | (v & RTE_WRITABLE);
	if (!(*rte & IOAPIC__RTE_LEVEL))
		*rte &= ~IOAPIC__RTE_REMOTE_IRR;
	level_check(io, pin);
}

uint32_t ioapic__read(struct ioapic *io, unsigned offset)
{
	if (offset == 0x00)
		return io->sel;
	if (offset == 0x10)
		return read_reg(io, io->sel);
	return 0;
}

void ioapic__write(struct ioapic *io, unsigned offset, uint32_t v)
{
	if (offset == 0x00)
		io->sel = (uint8_t)v;
	else if (offset == 0x10)
		write_reg(io, io->sel, v);
}
