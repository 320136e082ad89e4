/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/compose.c: EPT12 composed into L2 regions: eager
 * merging and its breaks, RAM holes, lazy faults, lazy and eager agreeing
 * on random tables, diffs, the bound on regions, and full ops buffers. */
#include "ept-compose/compose.h"
#include "ept_fixture.h"
#include "slots.h"
#include "tests/tap.h"

#define CAP	4096
#define LAZY_CAP	16384	/* one region per mapped page fits */
#define RW	(EPT_R | EPT_W)
#define RO	EPT_R

static struct ept_region inst[CAP], scr[CAP], inst2[LAZY_CAP];
static struct ept_op opbuf[2 * CAP + 1];
static struct slots slots;
static const struct ept_access RD = { EPT_ACCESS_READ, false, false, false };

static struct ept_ops fresh_ops(void)
{
	return (struct ept_ops){ opbuf, 0, 2 * CAP + 1 };
}

static void eager(struct fx *f, struct ept_compose *c)
{
	memset(&slots, 0, sizeof(slots));
	ept_compose__init(c, &f->cfg, EPT_COMPOSE_EAGER, f->eptp, inst, scr, CAP);
}

static void is_region(const struct ept_compose *c, size_t i, uint64_t l2,
		      uint64_t l1, uint64_t len, bool w, const char *what)
{
	const struct ept_region *r = &c->installed.r[i];

	if (!ok(i < c->installed.nr && r->l2_gpa == l2 && r->l1_gpa == l1 &&
		r->len == len && r->writable == w, "%s: region %zu", what, i) &&
	    i < c->installed.nr)
		diag("  got {l2 %#llx, l1 %#llx, len %#llx, %s}",
		     (unsigned long long)r->l2_gpa, (unsigned long long)r->l1_gpa,
		     (unsigned long long)r->len, r->writable ? "rw" : "ro");
}

static void merges(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();

	fx_init(&f, true);
	for (int i = 0; i < 16; i++)
		fx_map(&f, 0x100000 + i * 0x1000, 0x400000 + i * 0x1000, 1, RW);
	eager(&f, &c);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "16 pages compose");
	is_u64(c.installed.nr, 1, "  into one region");
	is_region(&c, 0, 0x100000, 0x400000, 0x10000, true, "  16 contiguous RW pages");
	is_u64(ops.nr, 1, "  one ADD");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c), "  slots match the context");

	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "recompose, no change");
	is_u64(ops.nr, 0, "  no operations");

	fx_map(&f, 0x105000, 0x405000, 1, RO);		/* permission break */
	fx_map(&f, 0x10a000, 0x500000, 1, RW);		/* l1 discontinuity */
	ept_compose__recompose(&c, &ops);
	is_u64(c.installed.nr, 5, "RO page and moved page: 5 regions");
	is_region(&c, 0, 0x100000, 0x400000, 0x5000, true, "  before RO");
	is_region(&c, 1, 0x105000, 0x405000, 0x1000, false, "  RO page");
	is_region(&c, 2, 0x106000, 0x406000, 0x4000, true, "  between");
	is_region(&c, 3, 0x10a000, 0x500000, 0x1000, true, "  moved page");
	is_region(&c, 4, 0x10b000, 0x40b000, 0x5000, true, "  after");
	is_u64(ops.nr, 6, "  diff: 1 remove + 5 adds");
	ok(ops.op[0].kind == EPT_OP_REMOVE && ops.op[1].kind == EPT_OP_ADD,
	   "  removes come first");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c), "  slots match the context");

	/* A 4K page, then a 2M leaf continuing it in both spaces: one run. */
	fx_map(&f, 0x3ff000, 0x5ff000, 1, RW);
	fx_map(&f, 0x400000, 0x600000, 2, RW);
	ept_compose__recompose(&c, &ops);
	is_u64(c.installed.nr, 6, "4K + 2M continuing it");
	is_region(&c, 5, 0x3ff000, 0x5ff000, 0x201000, true, "  merged across sizes");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c), "  slots match the context");
	fx_fini(&f);
}

/* RAM holes cut regions; non-RAM targets, bad entries and tables outside
 * RAM are left out.  Probing page by page gives the same answer. */
static void holes(void)
{
	for (int with_extent = 1; with_extent >= 0; with_extent--) {
		struct fx f;
		struct ept_compose c;
		struct ept_ops ops = fresh_ops();
		const char *how = with_extent ? "extent callback" : "probing";

		fx_init(&f, with_extent);
		fx_map(&f, GiB, 0, 3, RW);			/* 1G over the hole */
		fx_map(&f, 0x1000, FX_HOLE + 0x1000, 1, RW);	/* device page */
		fx_map(&f, 0x2000, 0x402000, 1, RW | (7ULL << EPT_MEMTYPE_SHIFT));
		fx_map(&f, 0x600000, 0x400000, 1, RW);
		fx_poke(&f, fx_entry(&f, 0x600000, 2), FX_HOLE | EPT_RWX);
		eager(&f, &c);
		ept_compose__recompose(&c, &ops);
		is_u64(c.installed.nr, 2, "%s: two regions", how);
		is_region(&c, 0, GiB, 0, FX_HOLE, true, "  1G leaf, low RAM");
		is_region(&c, 1, GiB + FX_HIGH, FX_HIGH, 8 * MiB, true, "  1G leaf, high RAM");
		ok(!ept_compose__lookup(&c, 0x1000), "  device page not mapped");
		ok(!ept_compose__lookup(&c, 0x2000), "  misconfigured page not mapped");
		ok(!ept_compose__lookup(&c, 0x600000), "  table in hole not followed");
		fx_fini(&f);
	}
}

static void lazy(void)
{
	const struct ept_access wr = { EPT_ACCESS_WRITE, true, true, false };
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();
	struct ept12_walk w;

	fx_init(&f, true);
	fx_map(&f, 0x200000, 0x600000, 2, RW);
	fx_map(&f, 0x5000, 0x405000, 1, RO);
	fx_map(&f, 0x6000, 0x406000, 1, RO);
	fx_map(&f, GiB, 0, 3, RW);
	fx_map(&f, 0x7000, FX_HOLE + 0x2000, 1, RW);
	memset(&slots, 0, sizeof(slots));
	ept_compose__init(&c, &f.cfg, EPT_COMPOSE_LAZY, f.eptp, inst, NULL, CAP);

	is_u64(ept_compose__fault(&c, 0x312345, &RD, &w, &ops), EPT_FAULT_MAPPED,
	       "fault in a 2M leaf: mapped");
	is_region(&c, 0, 0x200000, 0x600000, 2 * MiB, true, "  the whole 2M page");
	is_u64(ept_compose__fault(&c, 0x5010, &RD, &w, &ops), EPT_FAULT_MAPPED,
	       "fault in a 4K leaf: mapped");
	is_region(&c, 0, 0x5000, 0x405000, 0x1000, false, "  one RO page, not its neighbour");
	is_u64(ept_compose__fault(&c, GiB + FX_HIGH + 0x1234, &RD, &w, &ops),
	       EPT_FAULT_MAPPED, "fault in a 1G leaf, high RAM: mapped");
	is_region(&c, 2, GiB + FX_HIGH, FX_HIGH, 8 * MiB, true, "  the RAM run under the leaf");
	is_u64(ept_compose__fault(&c, GiB + FX_HOLE + 0x5000, &RD, &w, &ops),
	       EPT_FAULT_NOT_RAM, "fault in the 1G leaf over the hole: not RAM");
	is_u64(w.l1_gpa, FX_HOLE + 0x5000, "  reports the L1 address");
	is_u64(ept_compose__fault(&c, 0x7000, &RD, &w, &ops), EPT_FAULT_NOT_RAM,
	       "4K leaf to a device page: not RAM");
	is_u64(ept_compose__fault(&c, 0x5000, &wr, &w, &ops), EPT_FAULT_REFLECT,
	       "write to the RO page: reflect");
	is_u64(w.qual, 0x2 | (RO << 3) | 0x180, "  violation qual");
	is_u64(ept_compose__fault(&c, 0x9000, &RD, &w, &ops), EPT_FAULT_REFLECT,
	       "unmapped page: reflect");
	is_u64(ops.nr, 3, "three ADDs so far");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c), "  slots match the context");

	/* L1 makes the page writable without INVEPT; the write exit refaults
	 * and replaces the stale RO region. */
	fx_map(&f, 0x5000, 0x405000, 1, RW);
	is_u64(ept_compose__fault(&c, 0x5000, &wr, &w, &ops), EPT_FAULT_MAPPED,
	       "write after L1 upgraded the page: mapped");
	is_u64(ops.nr, 2, "  remove the RO region, add the RW one");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c) && ept_compose__lookup(&c, 0x5000)->writable,
	   "  slots match, page writable");
	fx_fini(&f);
}

/* A deterministic pseudo-random EPT12 over L2 [0, 64M): per 2M chunk
 * nothing, a 2M leaf, or 512 4K pages that are absent, RO or RW and that
 * continue their neighbour or jump somewhere (sometimes into the hole). */
static uint64_t rng(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static bool in_ram(uint64_t l1)
{
	return l1 < FX_HOLE || (l1 >= FX_HIGH && l1 < FX_HIGH + 8 * MiB);
}

/* Returns how many 4 KiB pages of L2 the tables map to L1 RAM: what the
 * composition must give, counted here from the tables alone. */
static unsigned random_tables(struct fx *f, uint64_t seed)
{
	uint64_t l1 = 0x400000;
	unsigned ram_pages = 0;

	for (uint64_t chunk = 0; chunk < 32; chunk++) {
		uint64_t l2 = chunk * 2 * MiB, kind = rng(&seed) % 4;

		if (kind == 0)
			continue;
		if (kind == 1) {
			uint64_t to = (rng(&seed) % 20) * 2 * MiB;

			fx_map(f, l2, to, 2, rng(&seed) % 2 ? RW : RO);
			ram_pages += in_ram(to) ? 512 : 0;
			continue;
		}
		for (int i = 0; i < 512; i++) {
			uint64_t r = rng(&seed) % 16;

			if (r == 0)
				continue;
			if (r == 1)
				l1 = (rng(&seed) % (20 * 512)) * 4096;
			fx_map(f, l2 + i * 4096, l1, 1, r < 12 ? RW : RO);
			ram_pages += in_ram(l1);
			l1 = (l1 + 4096) % (40 * MiB);
		}
	}
	return ram_pages;
}

static void lazy_matches_eager(uint64_t seed)
{
	static struct ept_op big[CAP * 4];
	struct ept_ops ops = { big, 0, CAP * 4 };
	struct fx f;
	struct ept_compose e, l;
	struct ept12_walk w;
	unsigned mismatches = 0, mapped = 0, faults = 0, ram_pages;

	fx_init(&f, true);
	ram_pages = random_tables(&f, seed);
	eager(&f, &e);
	is_u64(ept_compose__recompose(&e, &ops), EPT_COMPOSE_OK, "seed %llu: eager",
	       (unsigned long long)seed);
	ops.nr = 0;
	ept_compose__init(&l, &f.cfg, EPT_COMPOSE_LAZY, f.eptp, inst2, NULL, LAZY_CAP);
	for (uint64_t l2 = 0; l2 < 64 * MiB; l2 += 4096) {
		const struct ept_region *re = ept_compose__lookup(&e, l2);
		const struct ept_region *rl = ept_compose__lookup(&l, l2);

		if (!rl) {
			faults++;
			ept_compose__fault(&l, l2, &RD, &w, &ops);
			ops.nr = 0;
			rl = ept_compose__lookup(&l, l2);
		}
		mapped += !!re;
		if (!re != !rl || (re && (re->l1_gpa + (l2 - re->l2_gpa) !=
					  rl->l1_gpa + (l2 - rl->l2_gpa) ||
					  re->writable != rl->writable)))
			mismatches++;
	}
	is_u64(mismatches, 0, "  lazy and eager agree on all 16384 pages");
	is_u64(mapped, ram_pages, "  every page the tables map to RAM is mapped, no other (%u of 16384)",
	       ram_pages);
	ok(e.installed.nr < l.installed.nr, "  eager needs fewer regions (%zu < %zu)",
	   e.installed.nr, l.installed.nr);
	is_u64(faults, l.installed.nr + (16384 - mapped),
	       "  one fault per lazy region and per unmapped page");
	fx_fini(&f);
}

static void bounded(void)
{
	struct region_small { struct ept_region r[4]; } a, b;
	struct ept_op few[9];
	struct ept_ops ops = { few, 0, 9 };
	struct fx f;
	struct ept_compose c;
	struct ept12_walk w;

	fx_init(&f, true);
	for (int i = 0; i < 6; i++)
		fx_map(&f, i * 0x10000, 0x400000 + i * 0x1000, 1, RW);
	ept_compose__init(&c, &f.cfg, EPT_COMPOSE_EAGER, f.eptp, a.r, b.r, 4);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_TRUNCATED,
	       "6 regions, room for 4: truncated");
	is_u64(c.installed.nr, 4, "  the 4 lowest installed");
	is_region(&c, 3, 0x30000, 0x403000, 0x1000, true, "  the 4th");
	ops.nr = 0;
	is_u64(ept_compose__fault(&c, 0x50000, &RD, &w, &ops), EPT_FAULT_MAPPED,
	       "fault beyond: mapped lazily");
	is_u64(ops.nr, 5, "  full: 4 removes, then the add");
	is_u64(c.installed.nr, 1, "  one region left");

	ops = (struct ept_ops){ few, 0, 0 };
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_NO_ROOM,
	       "no room for ops: recompose refuses");
	is_u64(c.installed.nr, 1, "  nothing changed");
	is_u64(ept_compose__fault(&c, 0x40000, &RD, &w, &ops), EPT_FAULT_NO_ROOM,
	       "  fault refuses too");
	is_u64(ept_compose__flush(&c, &ops), EPT_COMPOSE_NO_ROOM, "  so does flush");
	is_u64(c.installed.nr, 1, "  still one region");
	fx_fini(&f);
}

int main(void)
{
	merges();
	holes();
	lazy();
	lazy_matches_eager(1);
	lazy_matches_eager(42);
	lazy_matches_eager(2024);
	bounded();
	return done_testing();
}
