/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/devices.c: sorted range tables for port I/O and MMIO. */
#include <string.h>

#include "l0/platform/devices.h"

#define PIO_SPACE_END 0x10000ull

static enum dev_status add_range(struct dev_table *t, uint64_t base, uint64_t len, uint64_t limit,
				 dev_handler_fn *fn, void *opaque, const char *name)
{
	unsigned i;

	if (!len)
		return DEV_ZERO_LENGTH;
	/* A range may end at the very top of the space: compare last bytes. */
	if (base + (len - 1) < base || (limit && base + (len - 1) >= limit))
		return DEV_OVERFLOW;
	if (t->nr == DEVICES__MAX)
		return DEV_FULL;
	/* Insert in order; the neighbours on both sides decide overlap. */
	for (i = 0; i < t->nr && t->r[i].base < base; i++)
		;
	if (i > 0 && t->r[i - 1].base + (t->r[i - 1].len - 1) >= base)
		return DEV_OVERLAP;
	if (i < t->nr && base + (len - 1) >= t->r[i].base)
		return DEV_OVERLAP;
	memmove(&t->r[i + 1], &t->r[i], (t->nr - i) * sizeof(t->r[0]));
	t->r[i] = (struct dev_range){ base, len, fn, opaque, name, t->nr };
	t->nr++;
	return DEV_OK;
}

enum dev_status devices__register_pio(struct devices *d, uint64_t base, uint64_t len,
				      dev_handler_fn *fn, void *opaque, const char *name)
{
	return add_range(&d->space[DEV_PIO], base, len, PIO_SPACE_END, fn, opaque, name);
}

enum dev_status devices__register_mmio(struct devices *d, uint64_t base, uint64_t len,
				       dev_handler_fn *fn, void *opaque, const char *name)
{
	return add_range(&d->space[DEV_MMIO], base, len, 0, fn, opaque, name);
}

const struct dev_range *devices__find(const struct devices *d, enum dev_space s, uint64_t addr)
{
	const struct dev_table *t = &d->space[s];
	unsigned lo = 0, hi = t->nr;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct dev_range *r = &t->r[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr - r->base >= r->len)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

const struct dev_range *devices__by_id(const struct devices *d, enum dev_space s, unsigned id)
{
	const struct dev_table *t = &d->space[s];
	unsigned i;

	for (i = 0; i < t->nr; i++)
		if (t->r[i].id == id)
			return &t->r[i];
	return NULL;
}

const char *devices__status_name(enum dev_status st)
{
	switch (st) {
	case DEV_OK:		return "ok";
	case DEV_ZERO_LENGTH:	return "zero length";
	case DEV_OVERFLOW:	return "range overflows its address space";
	case DEV_OVERLAP:	return "overlaps a registered range";
	case DEV_FULL:		return "device table full";
	}
	return "?";
}
