/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/devices.h: the port-I/O and MMIO registration table.
 *
 * One sorted range table per address space.  Registration rejects zero
 * length, wrap-around and overlap; lookup is a binary search.  Handlers see
 * the offset into their range only, so a device can be moved by changing its
 * registration.  The table is shared by all levels: L2's passed-through I/O
 * reaches the same devices as L1's.
 */
#ifndef L0__DEVICES_H
#define L0__DEVICES_H

#include <stdbool.h>
#include <stdint.h>

#define DEVICES__MAX 32

enum dev_space { DEV_PIO, DEV_MMIO };

enum dev_status {
	DEV_OK,
	DEV_ZERO_LENGTH,
	DEV_OVERFLOW,		/* base + len wraps, or leaves the 64K port space */
	DEV_OVERLAP,
	DEV_FULL,
};

/* data holds size bytes, little-endian: filled by the handler on a read. */
typedef void dev_handler_fn(void *opaque, uint64_t offset, uint8_t *data, unsigned size,
			    bool write);

struct dev_range {
	uint64_t base, len;
	dev_handler_fn *fn;
	void *opaque;
	const char *name;
	unsigned id;		/* registration order within its space: stable for stats */
};

struct dev_table {
	struct dev_range r[DEVICES__MAX];
	unsigned nr;
};

struct devices {
	struct dev_table space[2];	/* indexed by enum dev_space */
};

enum dev_status devices__register_pio(struct devices *d, uint64_t base, uint64_t len,
				      dev_handler_fn *fn, void *opaque, const char *name);
enum dev_status devices__register_mmio(struct devices *d, uint64_t base, uint64_t len,
				       dev_handler_fn *fn, void *opaque, const char *name);
/* The range holding addr, or NULL when unclaimed. */
const struct dev_range *devices__find(const struct devices *d, enum dev_space s, uint64_t addr);
/* Range by registration id (for naming stats), or NULL. */
const struct dev_range *devices__by_id(const struct devices *d, enum dev_space s, unsigned id);
const char *devices__status_name(enum dev_status st);

#endif /* L0__DEVICES_H */
