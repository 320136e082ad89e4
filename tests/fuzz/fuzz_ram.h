/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/fuzz_ram.h: L1 RAM for the fuzz harnesses, behind the same
 * bounds-checked guest_mem accessor L0 gives the pure libraries (with the
 * ram_extent and hole_extent callbacks, as l0/boot/guest_ram.c has).
 *
 * Two things the unit tests' tests/ram_buffer.h does not do: every input
 * must start from all-zero RAM, cheaply (only the pages written are
 * cleared afterwards), and the table reads of one library call can be counted
 * against a budget, so that work out of proportion to the input (EPT12
 * fan-out) is a finding like a crash: abort() past the budget. */
#ifndef TESTS__FUZZ__FUZZ_RAM_H
#define TESTS__FUZZ__FUZZ_RAM_H

#include <string.h>

#include "ept-compose/guest_mem.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_RAM_PAGES (FUZZ_RAM_SIZE / 4096)

static uint8_t fuzz_ram[FUZZ_RAM_SIZE];
static uint8_t fuzz_dirty[FUZZ_RAM_PAGES];	/* 1: page written this input */
static uint32_t fuzz_dirty_list[FUZZ_RAM_PAGES], fuzz_ndirty;
static uint64_t fuzz_accesses, fuzz_budget;	/* budget 0: none */

static void fuzz_ram__touch(uint64_t gpa, size_t len)
{
	for (uint64_t p = gpa / 4096; len && p <= (gpa + len - 1) / 4096; p++)
		if (!fuzz_dirty[p]) {
			fuzz_dirty[p] = 1;
			fuzz_dirty_list[fuzz_ndirty++] = (uint32_t)p;
		}
}

/* What the budget counts: reads of a whole 4 KiB table of RAM, as the
 * EPT12 composer reads them (entries, VMCS fields, reads outside RAM,
 * which fail at once, and the extent calls are cheap, and bounded by the
 * tables read). */
static void fuzz_ram__count(size_t len)
{
	if (len == 4096 && fuzz_budget && ++fuzz_accesses > fuzz_budget) {
		fprintf(stderr, "fuzz: over budget: more than %llu table reads of L1 RAM "
			"in one library call\n", (unsigned long long)fuzz_budget);
		abort();
	}
}

static int fuzz_ram__read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	if (gpa > FUZZ_RAM_SIZE || len > FUZZ_RAM_SIZE - gpa)
		return -1;
	fuzz_ram__count(len);
	memcpy(buf, fuzz_ram + gpa, len);
	return 0;
}

static int fuzz_ram__write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	if (gpa > FUZZ_RAM_SIZE || len > FUZZ_RAM_SIZE - gpa)
		return -1;
	fuzz_ram__touch(gpa, len);
	memcpy(fuzz_ram + gpa, buf, len);
	return 0;
}

static uint64_t fuzz_ram__extent(void *opaque, uint64_t gpa, uint64_t max)
{
	if (gpa >= FUZZ_RAM_SIZE)
		return 0;
	return FUZZ_RAM_SIZE - gpa < max ? FUZZ_RAM_SIZE - gpa : max;
}

/* RAM is one run from 0, as L0's (l0/boot/guest_ram.c): above it, hole. */
static uint64_t fuzz_ram__hole(void *opaque, uint64_t gpa, uint64_t max)
{
	return gpa >= FUZZ_RAM_SIZE ? max : 0;
}

static const struct guest_mem fuzz_mem = {
	.read = fuzz_ram__read, .write = fuzz_ram__write,
	.ram_extent = fuzz_ram__extent, .hole_extent = fuzz_ram__hole,
};

/* Back to all zeros, for the next input. */
static void fuzz_ram__reset(void)
{
	while (fuzz_ndirty) {
		uint32_t p = fuzz_dirty_list[--fuzz_ndirty];

		memset(fuzz_ram + (uint64_t)p * 4096, 0, 4096);
		fuzz_dirty[p] = 0;
	}
}

#endif /* TESTS__FUZZ__FUZZ_RAM_H */
