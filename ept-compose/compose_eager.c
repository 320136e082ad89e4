/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/compose_eager.c: compose all of EPT12 in one walk.
 *
 * A depth-first walk in L2 address order emits one run per leaf and per
 * stretch of L1 RAM under it, merging each run into the previous one when
 * they continue each other in L2 and L1 space with the same writability
 * (KVM memslots are few and slow to add, so fewer and larger is better).
 * Entries that are not present or misconfigured, and tables outside L1
 * RAM, are left unmapped: L2's access exits to L0, whose ept12__walk then
 * produces the violation or misconfiguration for L1.
 */
#include "ept-compose/compose.h"
#include "ept-compose/ept_bits.h"
#include "ept-compose/eptp.h"

struct builder {
	const struct ept12_cfg *cfg;
	struct ept_region_set *out;
	bool full;
};

static void emit_leaf(struct builder *b, uint64_t l2, uint64_t l1,
		      uint64_t size, bool writable)
{
	uint64_t from = l1, start, len;

	while (!b->full &&
	       guest_mem__next_ram(b->cfg->mem, from, l1 + size, &start, &len)) {
		struct ept_region r = {
			.l2_gpa = l2 + (start - l1),
			.l1_gpa = start,
			.len = len,
			.writable = writable,
		};

		b->full = !ept_regions__append(b->out, &r);
		from = start + len;
	}
}

static void walk_table(struct builder *b, uint64_t table, unsigned level,
		       uint64_t l2_base, unsigned perms)
{
	uint64_t entry[EPT_ENTRIES];
	struct ept_entry_info info;

	if (guest_mem__read(b->cfg->mem, table, entry, sizeof(entry)))
		return;
	for (unsigned i = 0; i < EPT_ENTRIES && !b->full; i++) {
		uint64_t l2 = l2_base + ((uint64_t)i << ept__level_shift(level));

		ept_entry__classify(b->cfg, entry[i], level, &info);
		switch (info.kind) {
		case EPT_ENTRY_NOT_PRESENT:
		case EPT_ENTRY_MISCONFIG:
			break;
		case EPT_ENTRY_TABLE:
			walk_table(b, info.addr, level - 1, l2, perms & info.perms);
			break;
		case EPT_ENTRY_LEAF:
			/* A memslot is always readable: an unreadable leaf
			 * (only possible with execute-only) stays unmapped. */
			if ((perms & info.perms) & EPT_R)
				emit_leaf(b, l2, info.addr, ept__level_size(level),
					  perms & info.perms & EPT_W);
			break;
		}
	}
}

enum ept_compose_status ept_compose__recompose(struct ept_compose *c,
					       struct ept_ops *ops)
{
	struct builder b = { c->cfg, &c->scratch, false };
	struct ept_region_set tmp;

	c->scratch.nr = 0;
	walk_table(&b, eptp__root(c->cfg, c->eptp), EPT_LEVELS, 0, EPT_RWX);
	if (ept_ops__room(ops) < ept_regions__diff_count(&c->installed, &c->scratch))
		return EPT_COMPOSE_NO_ROOM;
	ept_regions__diff(&c->installed, &c->scratch, ops);
	/* The new composition becomes the installed set; swap, don't copy. */
	tmp = c->installed;
	c->installed = c->scratch;
	c->scratch = tmp;
	return b.full ? EPT_COMPOSE_TRUNCATED : EPT_COMPOSE_OK;
}
