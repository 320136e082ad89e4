/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/regions.h: L2 memory regions (future KVM memslots) and the
 * add/remove operations that turn one set of them into another.
 *
 * A region maps [l2_gpa, l2_gpa+len) onto L1 RAM at l1_gpa, read-only or
 * writable.  A set is a caller-provided array, sorted by l2_gpa, with no
 * two regions overlapping in L2 space; its capacity bounds its memory.
 */
#ifndef EPT_COMPOSE__REGIONS_H
#define EPT_COMPOSE__REGIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ept_region {
	uint64_t l2_gpa;
	uint64_t l1_gpa;
	uint64_t len;
	bool writable;
};

struct ept_region_set {
	struct ept_region *r;
	size_t nr, cap;
};

enum ept_op_kind {
	EPT_OP_REMOVE,		/* delete the memslot for this region */
	EPT_OP_ADD,		/* create a memslot for this region */
};

struct ept_op {
	enum ept_op_kind kind;
	struct ept_region region;
};

/* Where operations are appended; the caller applies them in order (removes
 * always come before the adds that may overlap them) and resets nr. */
struct ept_ops {
	struct ept_op *op;
	size_t nr, cap;
};

static inline uint64_t ept_region__l2_end(const struct ept_region *r)
{
	return r->l2_gpa + r->len;
}

/* Append @r after the last region, extending it instead when @r continues it
 * in both L2 and L1 space with the same writability.  @r must not start
 * below the end of the last region.  False when the set is full. */
bool ept_regions__append(struct ept_region_set *s, const struct ept_region *r);

/* Index of the region containing @l2_gpa, or s->nr. */
size_t ept_regions__find(const struct ept_region_set *s, uint64_t l2_gpa);

/* Regions overlapping [l2_gpa, l2_gpa+len): first index and count. */
size_t ept_regions__overlap(const struct ept_region_set *s, uint64_t l2_gpa,
			    uint64_t len, size_t *first);

/* Insert @r (overlapping nothing) in order; false when full. */
bool ept_regions__insert(struct ept_region_set *s, const struct ept_region *r);

/* Remove @n regions from index @first, recording a REMOVE for each. */
void ept_regions__remove(struct ept_region_set *s, size_t first, size_t n,
			 struct ept_ops *ops);

/* Operations needed to turn @from into @to: regions in both are kept. */
size_t ept_regions__diff_count(const struct ept_region_set *from,
			       const struct ept_region_set *to);
/* Record them (removes first); the caller checked the room. */
void ept_regions__diff(const struct ept_region_set *from,
		       const struct ept_region_set *to, struct ept_ops *ops);

static inline size_t ept_ops__room(const struct ept_ops *ops)
{
	return ops->cap - ops->nr;
}

#endif /* EPT_COMPOSE__REGIONS_H */
