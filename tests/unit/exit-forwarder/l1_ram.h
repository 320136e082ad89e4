/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/l1_ram.h: a plain buffer as L1 RAM behind
 * struct guest_mem, with the layout the exit-forwarder tests share.
 */
#ifndef TESTS__EXIT_FORWARDER__L1_RAM_H
#define TESTS__EXIT_FORWARDER__L1_RAM_H

#include <stdint.h>
#include <string.h>

#include "ept-compose/guest_mem.h"

#define L1_RAM_SIZE	0x4000u
#define IO_A_GPA	0x1000u
#define IO_B_GPA	0x2000u
#define MSR_GPA		0x3000u
#define OUTSIDE_GPA	0x100000u	/* not L1 RAM */

struct l1_ram {
	uint8_t bytes[L1_RAM_SIZE];
	unsigned reads;
};

static inline int l1_ram_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct l1_ram *ram = opaque;

	ram->reads++;
	if (gpa > L1_RAM_SIZE || len > L1_RAM_SIZE - gpa)
		return -1;
	memcpy(buf, ram->bytes + gpa, len);
	return 0;
}

static inline int l1_ram_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct l1_ram *ram = opaque;

	if (gpa > L1_RAM_SIZE || len > L1_RAM_SIZE - gpa)
		return -1;
	memcpy(ram->bytes + gpa, buf, len);
	return 0;
}

static inline struct guest_mem l1_ram__mem(struct l1_ram *ram)
{
	return (struct guest_mem){ .opaque = ram, .read = l1_ram_read,
				   .write = l1_ram_write };
}

/* Set bit `bit` of the bitmap at `gpa`, as L1 would. */
static inline void l1_ram__set_bit(struct l1_ram *ram, uint64_t gpa, unsigned bit)
{
	ram->bytes[gpa + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* I/O bitmap bit for a port: A below 0x8000, B from 0x8000. */
static inline void l1_ram__set_port(struct l1_ram *ram, unsigned port)
{
	l1_ram__set_bit(ram, port < 0x8000 ? IO_A_GPA : IO_B_GPA, port & 0x7fff);
}

/* MSR bitmap bit, SDM 25.6.9 quarters (the test computes them itself so
 * it does not share a mistake with the library). */
static inline void l1_ram__set_msr(struct l1_ram *ram, uint32_t msr, int write)
{
	unsigned quarter = (msr >= 0xc0000000u ? 0x400u : 0) + (write ? 0x800u : 0);

	l1_ram__set_bit(ram, MSR_GPA + quarter, msr & 0x1fff);
}

#endif /* TESTS__EXIT_FORWARDER__L1_RAM_H */
