/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/fanout.c: issue 10's defect 8.  EPT12 tables that
 * point at each other many times over must cost the eager composition what
 * they map, not the number of paths through them: tables read are counted
 * (the fixture counts guest_mem reads; a cap on them turns a walk that
 * would take minutes into a count) and held to the bound of docs/ept.md.
 * Also the stop poll: a stopped composition changes nothing. */
#include "ept-compose/compose.h"
#include "ept-compose/invept.h"
#include "ept_fixture.h"
#include "tests/tap.h"

#define CAP		64
#define READS_MAX	100000	/* far above any bound below */
#define RW		(EPT_R | EPT_W)
#define FX_PAGES	((FX_HIGH + 8 * MiB) / EPT_PAGE_SIZE)	/* all fixture RAM */

static struct ept_region inst[CAP], scr[CAP];
static struct ept_op opbuf[2 * CAP + 1];
static uint64_t memo[EPT_COMPOSE_MEMO_WORDS(FX_PAGES)];

static struct ept_ops fresh_ops(void)
{
	return (struct ept_ops){ opbuf, 0, 2 * CAP + 1 };
}

/* An eager context over @f, with the memo unless @bare. */
static void eager(struct fx *f, struct ept_compose *c, bool bare)
{
	struct ept_compose_limits l = { memo, FX_PAGES, NULL, NULL };

	ept_compose__init(c, &f->cfg, EPT_COMPOSE_EAGER, f->eptp, inst, scr, CAP);
	if (!bare)
		ept_compose__set_limits(c, &l);
	f->reads = 0;
	f->reads_max = READS_MAX;
}

/* Every entry of @table points at @next (a table, RWX). */
static void fan(struct fx *f, uint64_t table, uint64_t next)
{
	for (unsigned i = 0; i < EPT_ENTRIES; i++)
		fx_poke(f, table + 8 * i, next | EPT_RWX);
}

/* PML4 -> one PDPT -> one PD, every entry: 512^2 paths to the PD,
 * returned (its entries are the caller's). */
static uint64_t one_pd(struct fx *f)
{
	uint64_t pdpt = fx_table(f), pd = fx_table(f);

	fan(f, f->root, pdpt);
	fan(f, pdpt, pd);
	return pd;
}

/* The four pages: the PD's every entry to one PT (empty, or with
 * whatever the caller puts in it).  Returns the PT. */
static uint64_t four_pages(struct fx *f)
{
	uint64_t pt = fx_table(f);

	fan(f, one_pd(f), pt);
	return pt;
}

static void empty_fanout(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();

	fx_init(&f, true);
	four_pages(&f);
	eager(&f, &c, true);
	ept_compose__recompose(&c, &ops);
	ok(f.reads > READS_MAX, "without the memo: the fan-out reads past %u tables "
	   "(512^3 paths; %u read before the cap)", READS_MAX, f.reads);

	eager(&f, &c, false);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "with it: composes");
	is_u64(f.reads, 4, "  reading each of the 4 tables once");
	is_u64(c.tables_read, 4, "  and says so");
	is_u64(c.installed.nr, 0, "  mapping nothing");
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "again (INVEPT): same");
	is_u64(f.reads, 8, "  4 more reads: the memo is per walk");
	fx_fini(&f);
}

/* A PT that maps one page: every path is a new run, so each PT read adds a
 * region and the region cap ends the walk. */
static void mapping_fanout(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();
	uint64_t pt;

	fx_init(&f, true);
	pt = four_pages(&f);
	fx_poke(&f, pt, 0x400000 | RW | FX_WB);
	eager(&f, &c, false);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_TRUNCATED,
	       "one page per PT, 512^3 PTs: truncated at the cap");
	is_u64(c.installed.nr, CAP, "  %u regions", CAP);
	is_u64(f.reads, 3 + CAP + 1, "  3 upper tables, then one PT read per region and "
	       "the one that found no room");
	fx_fini(&f);
}

/* 512 distinct empty PTs under one PD, that PD under every PDPTE: each
 * distinct table once. */
static void distinct_empty_tables(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();
	uint64_t pd;

	fx_init(&f, true);
	pd = one_pd(&f);
	for (unsigned i = 0; i < EPT_ENTRIES; i++)
		fx_poke(&f, pd + 8 * i, fx_table(&f) | EPT_RWX);
	eager(&f, &c, false);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "512 distinct empty PTs");
	is_u64(f.reads, 3 + 512, "  each read once, the PD once");
	fx_fini(&f);
}

/* Every PDE points at a PT in the RAM hole: the failed read is remembered
 * like an empty table. */
static void tables_outside_ram(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();

	fx_init(&f, true);
	fan(&f, one_pd(&f), FX_HOLE);
	eager(&f, &c, false);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "PTs in the RAM hole");
	is_u64(f.reads, 4, "  tried once");
	is_u64(c.installed.nr, 0, "  nothing mapped");
	fx_fini(&f);
}

/* PML4E 0 points at the PML4 itself: as PDPT, PD and PT it is read once at
 * each level, and its entry 0 as a PTE maps L2 page 0 to the PML4's page
 * (memory type 0, UC: a valid leaf). */
static void self_reference(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();

	fx_init(&f, true);
	fx_poke(&f, f.root, f.root | EPT_RWX);
	eager(&f, &c, false);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "PML4E 0 -> PML4");
	is_u64(f.reads, 4, "  the PML4 read at each of 4 levels");
	ok(c.installed.nr == 1 && c.installed.r[0].l2_gpa == 0 &&
	   c.installed.r[0].l1_gpa == f.root && c.installed.r[0].len == EPT_PAGE_SIZE &&
	   c.installed.r[0].writable, "  L2 page 0 is the PML4's page, writable");
	fx_fini(&f);
}

/* A PDPT of 511 1 GiB leaves on L1 addresses beyond RAM (1..511 GiB): each
 * leaf's hole is crossed in one step, not a page at a time (262,144 calls
 * per leaf).  One page of EPT12 must not buy L0 that much. */
static void leaves_beyond_ram(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();
	uint64_t pdpt;

	fx_init(&f, true);
	pdpt = fx_entry(&f, 0, 3) & ~(EPT_PAGE_SIZE - 1);
	for (unsigned i = 1; i < EPT_ENTRIES; i++)
		fx_poke(&f, pdpt + 8 * i, (uint64_t)i * GiB | RW | FX_WB | EPT_PAGE_BIT);
	eager(&f, &c, false);
	f.extent_calls = 0;
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "511 1 GiB leaves beyond RAM");
	is_u64(c.installed.nr, 0, "  map nothing");
	is_u64(f.extent_calls, 2 * 511, "  one ram_extent and one hole_extent call each");
	fx_fini(&f);
}

struct poll {
	unsigned calls, stop_at;
};

static bool poll_stop(void *opaque)
{
	struct poll *p = opaque;

	return ++p->calls >= p->stop_at;
}

/* A stop request during the walk: polled every EPT_COMPOSE_POLL_TABLES
 * tables, the walk ends and nothing changes. */
static void stop_poll(void)
{
	struct fx f;
	struct ept_compose c;
	struct ept_ops ops = fresh_ops();
	struct poll p = { 0, 0 };
	struct ept_compose_limits l = { memo, FX_PAGES, poll_stop, &p };
	uint64_t pd;

	fx_init(&f, true);
	fx_map(&f, 0, 0x400000, 1, RW);		/* installed before the stop */
	pd = fx_entry(&f, 1 * GiB, 2) & ~(EPT_PAGE_SIZE - 1);
	for (unsigned i = 0; i < 300; i++)	/* 300 distinct empty PTs */
		fx_poke(&f, pd + 8 * i, fx_table(&f) | EPT_RWX);
	eager(&f, &c, false);
	p.stop_at = ~0u;
	ept_compose__set_limits(&c, &l);
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_OK, "a walk");
	is_u64(c.tables_read, 305, "  of 305 tables (PML4, PDPT, 2 PDs, 301 PTs)");
	is_u64(p.calls, (305 + EPT_COMPOSE_POLL_TABLES - 1) / EPT_COMPOSE_POLL_TABLES,
	       "  polls once per %u tables", EPT_COMPOSE_POLL_TABLES);
	is_u64(c.installed.nr, 1, "  one region");

	fx_map(&f, 2 * MiB, 0x600000, 1, RW);
	p = (struct poll){ 0, 3 };
	ops = fresh_ops();
	is_u64(ept_compose__recompose(&c, &ops), EPT_COMPOSE_STOPPED, "stop at the third poll");
	is_u64(c.tables_read, 2 * EPT_COMPOSE_POLL_TABLES, "  after %u tables",
	       2 * EPT_COMPOSE_POLL_TABLES);
	is_u64(ops.nr, 0, "  no memslot operation");
	ok(c.installed.nr == 1 && c.installed.r[0].l2_gpa == 0, "  the installed set unchanged");

	p = (struct poll){ 0, 1 };
	is_u64(ept_compose__set_eptp(&c, fx_table(&f) | FX_EPTP_FLAGS, &ops), EPT_COMPOSE_STOPPED,
	       "a new EPTP, stopped at once");
	is_u64(c.eptp, f.eptp, "  keeps the old EPTP, as the regions it installed");

	/* INVEPT recomposes an eager context: stopped, it is not done (it
	 * said EPT_INVEPT_DONE with no operations, as if nothing had changed). */
	p = (struct poll){ 0, 1 };
	ops = fresh_ops();
	is_u64(ept_compose__invept(&c, EPT_INVEPT_GLOBAL, 0, &ops), EPT_INVEPT_STOPPED,
	       "INVEPT, stopped at once: EPT_INVEPT_STOPPED");
	is_u64(ops.nr, 0, "  no memslot operation");
	fx_fini(&f);
}

int main(void)
{
	empty_fanout();
	mapping_fanout();
	distinct_empty_tables();
	tables_outside_ram();
	self_reference();
	leaves_beyond_ram();
	stop_poll();
	return done_testing();
}
