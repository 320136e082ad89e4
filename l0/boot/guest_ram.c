/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/guest_ram.c: ept-compose/guest_mem.h over the machine's RAM: the only
 * way the pure libraries read or write guest-physical memory.  RAM is one
 * range [0, ram_size); anything else is not RAM and fails untouched. */
#include <string.h>

#include "l0/machine.h"

static int in_ram(const struct machine *m, uint64_t gpa, size_t len)
{
	return gpa <= m->ram_size && len <= m->ram_size - gpa;
}

static int ram_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct machine *m = opaque;

	if (!in_ram(m, gpa, len))
		return -1;
	memcpy(buf, m->ram + gpa, len);
	return 0;
}

static int ram_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct machine *m = opaque;

	if (!in_ram(m, gpa, len))
		return -1;
	memcpy(m->ram + gpa, buf, len);
	return 0;
}

static uint64_t ram_extent(void *opaque, uint64_t gpa, uint64_t max)
{
	struct machine *m = opaque;
	uint64_t left;

	if (gpa >= m->ram_size)
		return 0;
	left = m->ram_size - gpa;
	return left < max ? left : max;
}

/* L1's RAM is one run from 0: everything above it is hole. */
static uint64_t hole_extent(void *opaque, uint64_t gpa, uint64_t max)
{
	struct machine *m = opaque;

	return gpa >= m->ram_size ? max : 0;
}

void guest_ram__init(struct machine *m)
{
	m->mem = (struct guest_mem){
		.opaque = m,
		.read = ram_read,
		.write = ram_write,
		.ram_extent = ram_extent,
		.hole_extent = hole_extent,
	};
}
