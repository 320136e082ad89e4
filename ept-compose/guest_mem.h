/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/guest_mem.h: how the pure libraries reach guest-physical memory.
 *
 * The libraries never hold a host pointer to guest RAM.  They go through this
 * accessor, which L0 backs with L1's memslots and the unit tests back with a
 * plain buffer.  Every access is bounds-checked by the implementation: an
 * access that is not entirely inside guest RAM fails and touches nothing.
 * Shared by ept-compose, vmcs-merge and exit-forwarder (header only).
 */
#ifndef EPT_COMPOSE__GUEST_MEM_H
#define EPT_COMPOSE__GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	void *opaque;
	/* Return 0, or -1 when [gpa, gpa+len) is not all RAM. */
	int (*read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	int (*write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
	/* Optional (may be NULL): how many bytes from gpa on, at most max, are
	 * contiguous RAM; 0 when gpa is not RAM.  Lets ept-compose size
	 * memslots without probing page by page. */
	uint64_t (*ram_extent)(void *opaque, uint64_t gpa, uint64_t max);
	/* Optional (may be NULL): how many bytes from gpa on, at most max, are
	 * not RAM; 0 when gpa is RAM.  Lets guest_mem__next_ram cross a hole
	 * in one step: an EPT12 leaf may point at a GiB of nothing, and
	 * without it the hole costs a call per page. */
	uint64_t (*hole_extent)(void *opaque, uint64_t gpa, uint64_t max);
};

static inline int guest_mem__read(const struct guest_mem *m, uint64_t gpa,
				  void *buf, size_t len)
{
	return m->read(m->opaque, gpa, buf, len);
}

static inline int guest_mem__write(const struct guest_mem *m, uint64_t gpa,
				   const void *buf, size_t len)
{
	return m->write(m->opaque, gpa, buf, len);
}

/* RAM is assumed to come in whole 4 KiB pages, as memslots do; without the
 * ram_extent callback, a one-byte read per page tells RAM from a hole. */
static inline uint64_t guest_mem__ram_extent(const struct guest_mem *m,
					     uint64_t gpa, uint64_t max)
{
	uint64_t len = 0, step;
	uint8_t probe;

	if (m->ram_extent)
		return m->ram_extent(m->opaque, gpa, max);
	while (len < max && !m->read(m->opaque, gpa + len, &probe, 1)) {
		step = 4096 - ((gpa + len) & 4095);
		len += step < max - len ? step : max - len;
	}
	return len;
}

/* The first RAM run inside [from, end): 1 and its bounds, or 0 if none.
 * Holes are crossed by hole_extent where there is one, else a page at a
 * time. */
static inline int guest_mem__next_ram(const struct guest_mem *m, uint64_t from,
				      uint64_t end, uint64_t *start, uint64_t *len)
{
	uint64_t hole;

	while (from < end) {
		*len = guest_mem__ram_extent(m, from, end - from);
		if (*len) {
			*start = from;
			return 1;
		}
		hole = m->hole_extent ? m->hole_extent(m->opaque, from, end - from) : 0;
		from = hole ? from + hole : (from | 4095) + 1;
	}
	return 0;
}

#endif /* EPT_COMPOSE__GUEST_MEM_H */
