/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/ioapic.h: the I/O APIC (Intel 82093AA data sheet): 24 pins,
 * IOREGSEL at +0x00 and IOWIN at +0x10 of IOAPIC__BASE; registers ID (0),
 * version (1: 0x11, 24 entries), arbitration (2), and the redirection
 * table at 0x10 + 2 * pin (low dword, then the destination in the high
 * one).  Edge and level pins; a level pin's Remote IRR is set when the
 * interrupt is delivered and cleared by the local APIC's EOI of its
 * vector (broadcast EOI: version 0x11 has no EOI register).
 */
#ifndef L0__PLATFORM__IOAPIC_H
#define L0__PLATFORM__IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define IOAPIC__BASE		0xfec00000ull
#define IOAPIC__MMIO_SIZE	0x20ull
#define IOAPIC__PINS		24
#define IOAPIC__VERSION		0x11
#define IOAPIC__ID		0	/* after the vCPUs' APIC IDs: see platform.c */

/* Redirection entry fields (82093AA section 3.2.4). */
#define IOAPIC__RTE_DELIVS	(1ull << 12)
#define IOAPIC__RTE_REMOTE_IRR	(1ull << 14)
#define IOAPIC__RTE_LEVEL	(1ull << 15)
#define IOAPIC__RTE_MASKED	(1ull << 16)

/* Where a redirection entry sends its interrupt: the machine routes it
 * like an IPI (fixed, lowest priority, NMI, INIT, ExtINT). */
struct ioapic_bus {
	void *opaque;
	void (*deliver)(void *opaque, uint32_t icr, uint32_t dest);
};

struct ioapic {
	uint8_t id;
	uint8_t sel;
	uint32_t lines;			/* pin levels */
	uint64_t rte[IOAPIC__PINS];
	const struct ioapic_bus *bus;
};

void ioapic__reset(struct ioapic *io, uint8_t id, const struct ioapic_bus *bus);
void ioapic__set_pin(struct ioapic *io, unsigned pin, bool high);
/* Whether an edge on pin would be taken now (unmasked); a level pin with
 * Remote IRR set is still busy. */
bool ioapic__busy(const struct ioapic *io, unsigned pin);
bool ioapic__masked(const struct ioapic *io, unsigned pin);
/* The local APIC's EOI of a level-triggered vector. */
void ioapic__eoi(struct ioapic *io, uint8_t vector);
/* MMIO at an offset, 32-bit. */
uint32_t ioapic__read(struct ioapic *io, unsigned offset);
void ioapic__write(struct ioapic *io, unsigned offset, uint32_t v);

#endif /* L0__PLATFORM__IOAPIC_H */
