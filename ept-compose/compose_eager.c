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
 *
 * L1 may point many entries at one table (issue 10's fan-out: four pages
 * whose every entry points at the next make 512^3 paths).  What a subtree
 * maps depends only on its table's contents and level, so a table that
 * mapped nothing is marked in the caller's memo and not read again in the same
 * walk.  (Without execute-only pages every entry that is not misconfigured
 * allows reads, so only the leaves' own RAM decides whether a subtree maps
 * anything.)  A table that maps something is read once per run it adds
 * or extends.  docs/ept.md ("Cost") gives the bound.
 */
#include <string.h>

#include "ept-compose/compose.h"
#include "ept-compose/ept_bits.h"
#include "ept-compose/eptp.h"

struct builder {
	const struct ept12_cfg *cfg;
	const struct ept_compose_limits *lim;
	struct ept_region_set *out;
	uint64_t tables;	/* tables read (or tried: outside RAM) */
	uint64_t runs;		/* runs appended or merged */
	bool full, stopped;
};

/* The memo bit of a table at @level (1..3); false when it has none. */
static bool memo_bit(const struct builder *b, uint64_t table, unsigned level,
		     uint64_t *word, uint64_t *mask)
{
	uint64_t page = table >> EPT_PAGE_SHIFT, bit;

	if (!b->lim->empty || level >= EPT_LEVELS || page >= b->lim->pages)
		return false;
	bit = (uint64_t)(level - 1) * b->lim->pages + page;
	*word = bit / 64;
	*mask = 1ULL << (bit % 64);
	return true;
}

/* Polled before every EPT_COMPOSE_POLL_TABLES-th table. */
static bool must_stop(struct builder *b)
{
	if (!b->stopped && b->lim->stop && b->tables % EPT_COMPOSE_POLL_TABLES == 0)
		b->stopped = b->lim->stop(b->lim->opaque);
	return b->stopped;
}

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
		b->runs += !b->full;
		from = start + len;
	}
}

static void walk_table(struct builder *b, uint64_t table, unsigned level,
		       uint64_t l2_base, unsigned perms)
{
	uint64_t entry[EPT_ENTRIES];
	struct ept_entry_info info;
	uint64_t runs = b->runs, word = 0, mask = 0;
	bool memo = memo_bit(b, table, level, &word, &mask);

	if ((memo && (b->lim->empty[word] & mask)) || must_stop(b))
		return;
	b->tables++;
	if (guest_mem__read(b->cfg->mem, table, entry, sizeof(entry)))
		goto out;
	for (unsigned i = 0; i < EPT_ENTRIES && !b->full && !b->stopped; i++) {
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
out:
	if (memo && b->runs == runs && !b->full && !b->stopped)
		b->lim->empty[word] |= mask;
}

enum ept_compose_status ept_compose__recompose(struct ept_compose *c,
					       struct ept_ops *ops)
{
	struct builder b = { .cfg = c->cfg, .lim = &c->limits, .out = &c->scratch };
	struct ept_region_set tmp;

	c->scratch.nr = 0;
	if (c->limits.empty)
		memset(c->limits.empty, 0,
		       EPT_COMPOSE_MEMO_WORDS(c->limits.pages) * sizeof(uint64_t));
	/* EPTP 0: L2 runs without EPT (L0 maps it), there is no EPT12. */
	if (c->eptp)
		walk_table(&b, eptp__root(c->cfg, c->eptp), EPT_LEVELS, 0, EPT_RWX);
	c->tables_read = b.tables;
	if (b.stopped)
		return EPT_COMPOSE_STOPPED;
	if (ept_ops__room(ops) < ept_regions__diff_count(&c->installed, &c->scratch))
		return EPT_COMPOSE_NO_ROOM;
	ept_regions__diff(&c->installed, &c->scratch, ops);
	/* The new composition becomes the installed set; swap, don't copy. */
	tmp = c->installed;
	c->installed = c->scratch;
	c->scratch = tmp;
	return b.full ? EPT_COMPOSE_TRUNCATED : EPT_COMPOSE_OK;
}
