/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/compose.c: the composition context, lazy faults, flushes.
 * The eager walk is in compose_eager.c.
 */
#include "ept-compose/compose.h"
#include "ept-compose/ept_bits.h"

void ept_compose__init(struct ept_compose *c, const struct ept12_cfg *cfg,
		       enum ept_compose_mode mode, uint64_t eptp,
		       struct ept_region *installed, struct ept_region *scratch,
		       size_t cap)
{
	c->cfg = cfg;
	c->limits = (struct ept_compose_limits){ 0 };
	c->tables_read = 0;
	c->mode = mode;
	c->eptp = eptp;
	c->installed = (struct ept_region_set){ installed, 0, cap };
	c->scratch = (struct ept_region_set){ scratch, 0, scratch ? cap : 0 };
}

void ept_compose__set_limits(struct ept_compose *c, const struct ept_compose_limits *l)
{
	c->limits = *l;
}

const struct ept_region *ept_compose__lookup(const struct ept_compose *c,
					     uint64_t l2_gpa)
{
	size_t i = ept_regions__find(&c->installed, l2_gpa);

	return i < c->installed.nr ? &c->installed.r[i] : NULL;
}

enum ept_compose_status ept_compose__flush(struct ept_compose *c,
					   struct ept_ops *ops)
{
	if (ept_ops__room(ops) < c->installed.nr)
		return EPT_COMPOSE_NO_ROOM;
	ept_regions__remove(&c->installed, 0, c->installed.nr, ops);
	return EPT_COMPOSE_OK;
}

enum ept_compose_status ept_compose__invalidate(struct ept_compose *c,
						struct ept_ops *ops)
{
	if (c->mode == EPT_COMPOSE_EAGER)
		return ept_compose__recompose(c, ops);
	return ept_compose__flush(c, ops);
}

enum ept_compose_status ept_compose__set_eptp(struct ept_compose *c,
					      uint64_t eptp, struct ept_ops *ops)
{
	uint64_t old = c->eptp;
	enum ept_compose_status st;

	c->eptp = eptp;
	st = ept_compose__invalidate(c, ops);
	if (st == EPT_COMPOSE_NO_ROOM || st == EPT_COMPOSE_STOPPED)
		c->eptp = old;
	return st;
}

/* The L2 region one leaf allows around the fault: the leaf, cut to the
 * stretch of L1 RAM that holds the faulting address.  False if that
 * address is not RAM. */
static bool leaf_region(const struct ept12_cfg *cfg,
			const struct ept12_walk *w, struct ept_region *r)
{
	uint64_t end = w->l1_page + w->page_size, from = w->l1_page;
	uint64_t start, len;

	while (guest_mem__next_ram(cfg->mem, from, end, &start, &len)) {
		if (w->l1_gpa >= start && w->l1_gpa - start < len) {
			r->l1_gpa = start;
			r->l2_gpa = w->l2_page + (start - w->l1_page);
			r->len = len;
			r->writable = w->perms & EPT_W;
			return true;
		}
		from = start + len;
	}
	return false;
}

enum ept_fault_result ept_compose__fault(struct ept_compose *c, uint64_t l2_gpa,
					 const struct ept_access *acc,
					 struct ept12_walk *walk,
					 struct ept_ops *ops)
{
	struct ept_region r;
	size_t first, n;
	bool full;

	if (ept12__walk(c->cfg, c->eptp, l2_gpa, acc, walk) != EPT12_OK)
		return EPT_FAULT_REFLECT;
	if (!leaf_region(c->cfg, walk, &r))
		return EPT_FAULT_NOT_RAM;
	/* Whatever overlaps is stale (L1 changed EPT12, e.g. made a page
	 * writable, and the new translation is what SDM 29.4.3.1 wants used
	 * after a violation): replace it. */
	n = ept_regions__overlap(&c->installed, r.l2_gpa, r.len, &first);
	/* When full, start over rather than pick a victim: a bound on memory
	 * matters more than the refaults, as with KVM's zap-all on MMU
	 * pressure. */
	full = c->installed.nr - n == c->installed.cap;
	if (full) {
		first = 0;
		n = c->installed.nr;
	}
	if (ept_ops__room(ops) < n + 1)
		return EPT_FAULT_NO_ROOM;
	ept_regions__remove(&c->installed, first, n, ops);
	ept_regions__insert(&c->installed, &r);
	ops->op[ops->nr].kind = EPT_OP_ADD;
	ops->op[ops->nr].region = r;
	ops->nr++;
	return EPT_FAULT_MAPPED;
}
