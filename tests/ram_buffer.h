/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/ram_buffer.h: a plain buffer standing in for guest RAM, behind the
 * bounds-checked guest_mem accessor the pure code reads it through (unit
 * tests only; one per test binary). */
#ifndef TESTS__RAM_BUFFER_H
#define TESTS__RAM_BUFFER_H

#include <stdint.h>
#include <string.h>

#include "ept-compose/guest_mem.h"

#define RAM_SIZE (4u << 20)
static uint8_t *ram;	/* the test allocates RAM_SIZE bytes */

static int ram_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	if (gpa > RAM_SIZE || len > RAM_SIZE - gpa)
		return -1;
	memcpy(buf, ram + gpa, len);
	return 0;
}

static int ram_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	if (gpa > RAM_SIZE || len > RAM_SIZE - gpa)
		return -1;
	memcpy(ram + gpa, buf, len);
	return 0;
}

static const struct guest_mem mem = { .read = ram_read, .write = ram_write };

static inline void put64(uint64_t gpa, uint64_t v) { memcpy(ram + gpa, &v, 8); }
static inline void put32(uint64_t gpa, uint32_t v) { memcpy(ram + gpa, &v, 4); }

#endif /* TESTS__RAM_BUFFER_H */
