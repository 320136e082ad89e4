/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/walk.c: EPT12 translation with 4K, 2M and 1G
 * leaves, every permission combination against every access type, the
 * AND of permissions across levels, and walks that leave L1 RAM
 * (SDM 29.3.2, 29.3.3.2). */
#include "ept-compose/ept12_walk.h"
#include "ept_fixture.h"
#include "tests/tap.h"

static const struct ept_access RD = { EPT_ACCESS_READ, false, false, false };

static void leaf_sizes(void)
{
	static const struct {
		unsigned level;
		uint64_t l2, l1, size;
	} rows[] = {
		{ 1, 0x7000,		0x400000,	4096 },
		{ 2, 0x40000000,	0x600000,	2 * MiB },
		{ 3, 0x80000000,	0,		GiB },
		{ 1, 0x7ffffffff000,	FX_HIGH + 0x5000, 4096 },	/* top of 48 bits */
	};
	struct fx f;
	struct ept12_walk w;

	fx_init(&f, true);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t off = rows[i].size - 8 - 0x10 * i;	/* deep in the page */

		fx_map(&f, rows[i].l2, rows[i].l1, rows[i].level, EPT_RWX);
		f.reads = 0;
		is_u64(ept12__walk(&f.cfg, f.eptp, rows[i].l2 + off, &RD, &w),
		       EPT12_OK, "leaf level %u: translates", rows[i].level);
		is_u64(w.l1_gpa, rows[i].l1 + off, "  l1 gpa = leaf + offset");
		is_u64(w.page_size, rows[i].size, "  page size");
		is_u64(w.l1_page, rows[i].l1, "  l1 page base");
		is_u64(w.l2_page, rows[i].l2, "  l2 page base");
		is_u64(w.level, rows[i].level, "  leaf level");
		is_u64(f.reads, 5 - rows[i].level, "  one guest_mem read per level");
	}
	/* Without 1G support, the same PDPTE is misconfigured. */
	f.cfg.page_1g = false;
	is_u64(ept12__walk(&f.cfg, f.eptp, 0x80000000, &RD, &w), EPT12_MISCONFIG,
	       "1G leaf without 1G support: misconfig");
	is_str(ept_misconfig__name(w.why), "PAGE_1G", "  why: PAGE_1G");
	fx_fini(&f);
}

/* Every leaf permission value that is not a misconfiguration (000, 001,
 * 011, 101, 111) against every access type (read, write, fetch, RMW). */
static void permissions(void)
{
	static const unsigned leaf[] = { 0, 1, 3, 5, 7 };
	static const unsigned access[] = { 1, 2, 4, 3 };
	struct fx f;
	struct ept12_walk w;

	fx_init(&f, true);
	for (size_t p = 0; p < 5; p++) {
		for (size_t a = 0; a < 4; a++) {
			struct ept_access acc = { access[a], false, false, false };
			bool allow = (access[a] & ~leaf[p]) == 0 && leaf[p];
			uint64_t l2 = 0x10000 * (p + 1);

			fx_map(&f, l2, 0x400000, 1, leaf[p]);
			ept12__walk(&f.cfg, f.eptp, l2 + 0x10, &acc, &w);
			is_u64(w.status, allow ? EPT12_OK : EPT12_VIOLATION,
			       "leaf %u%u%u access %u: %s", leaf[p] >> 2 & 1,
			       leaf[p] >> 1 & 1, leaf[p] & 1, access[a],
			       allow ? "allowed" : "violation");
			if (!allow)
				is_u64(w.qual, access[a] | leaf[p] << 3,
				       "  qual: access bits and leaf perms");
		}
	}
	fx_fini(&f);
}

/* Bits 5:3 of the qualification are the AND over all levels walked. */
static void perms_and_levels(void)
{
	const struct ept_access wr = { EPT_ACCESS_WRITE, false, false, false };
	const struct ept_access fe = { EPT_ACCESS_FETCH, false, false, false };
	struct fx f;
	struct ept12_walk w;
	uint64_t pdpte;

	fx_init(&f, true);
	fx_map(&f, 0x200000, 0x400000, 1, EPT_RWX);
	pdpte = fx_entry(&f, 0x200000, 3);
	fx_poke(&f, pdpte, (fx_get(&f, pdpte) & ~EPT_RWX) | EPT_R | EPT_X);
	is_u64(ept12__walk(&f.cfg, f.eptp, 0x200000, &wr, &w), EPT12_VIOLATION,
	       "RX PDPTE over RWX PTE: write is a violation");
	is_u64(w.perms, EPT_R | EPT_X, "  effective perms R-X");
	is_u64(w.qual, 2 | (5 << 3), "  qual 0x2a");
	is_u64(ept12__walk(&f.cfg, f.eptp, 0x200000, &fe, &w), EPT12_OK,
	       "  fetch allowed");

	fx_poke(&f, fx_entry(&f, 0x200000, 4),
		(fx_get(&f, fx_entry(&f, 0x200000, 4)) & ~EPT_RWX) | EPT_R | EPT_W);
	is_u64(ept12__walk(&f.cfg, f.eptp, 0x200000, &fe, &w), EPT12_VIOLATION,
	       "RW PML4E, RX PDPTE: fetch is a violation");
	is_u64(w.perms, EPT_R, "  effective perms R--");
	is_u64(w.level, 1, "  found at the leaf");
	fx_fini(&f);
}

/* Not present at each level: violation with bits 5:3 clear. */
static void not_present(void)
{
	struct fx f;
	struct ept12_walk w;

	fx_init(&f, true);
	for (unsigned level = 4; level >= 1; level--) {
		uint64_t l2 = 0x40000000ULL * level + 0x5000;

		fx_map(&f, l2, 0x400000, 1, EPT_RWX);
		fx_poke(&f, fx_entry(&f, l2, level), 0);
		is_u64(ept12__walk(&f.cfg, f.eptp, l2 + 0x123, &RD, &w),
		       EPT12_VIOLATION, "level %u not present: violation", level);
		is_u64(w.level, level, "  at level %u", level);
		is_u64(w.qual, EPT_ACCESS_READ, "  qual: read, no permissions");
		fx_poke(&f, f.root + 8 * ept__index(l2, 4), 0);
	}
	/* Bits 62:3 of a not-present entry are ignored (SDM 29.3.2). */
	fx_map(&f, 0x9000, 0x400000, 1, 0);
	fx_poke(&f, fx_entry(&f, 0x9000, 1), 0xfff0ULL | (0x3ULL << 50));
	is_u64(ept12__walk(&f.cfg, f.eptp, 0x9000, &RD, &w), EPT12_VIOLATION,
	       "junk in a not-present entry: still a violation");
	fx_fini(&f);
}

/* Exit-qualification bits the caller supplies (SDM 28.2.1 Table 28-7). */
static void qualification(void)
{
	static const struct {
		struct ept_access acc;
		uint64_t want;
	} rows[] = {
		{ { EPT_ACCESS_WRITE, false, false, false }, 0x2 | 0x8 },
		{ { EPT_ACCESS_WRITE, true, false, false },  0x2 | 0x8 | 0x80 },
		{ { EPT_ACCESS_WRITE, true, true, false },   0x2 | 0x8 | 0x180 },
		{ { EPT_ACCESS_WRITE, false, true, false },  0x2 | 0x8 },
		{ { EPT_ACCESS_WRITE, true, true, true },    0x2 | 0x8 | 0x1180 },
		{ { EPT_ACCESS_FETCH | EPT_ACCESS_WRITE, false, false, true },
		  0x6 | 0x8 | 0x1000 },
	};
	struct fx f;
	struct ept12_walk w;

	fx_init(&f, true);
	fx_map(&f, 0x3000, 0x400000, 1, EPT_R);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ept12__walk(&f.cfg, f.eptp, 0x3000, &rows[i].acc, &w);
		is_u64(w.qual, rows[i].want, "qual row %zu", i);
		is_u64(ept12__violation_qual(&rows[i].acc, EPT_R), rows[i].want,
		       "  same from ept12__violation_qual");
	}
	fx_fini(&f);
}

/* Table pointers that leave L1 RAM are misconfigurations (the hardware
 * would read all-ones); leaves that do translate. */
static void outside_ram(void)
{
	struct fx f;
	struct ept12_walk w;

	fx_init(&f, true);
	for (unsigned level = 4; level >= 2; level--) {
		uint64_t l2 = 0x40000000ULL * level;
		uint64_t at;

		fx_map(&f, l2, 0x400000, 1, EPT_RWX);
		at = fx_entry(&f, l2, level);
		fx_poke(&f, at, (FX_HOLE + 0x3000) | EPT_RWX);
		f.reads = 0;
		is_u64(ept12__walk(&f.cfg, f.eptp, l2, &RD, &w), EPT12_MISCONFIG,
		       "level %u points into the hole: misconfig", level);
		is_str(ept_misconfig__name(w.why), "TABLE_NOT_RAM", "  why");
		is_u64(w.level, level - 1, "  reported at level %u", level - 1);
		is_u64(f.reads, 6 - level, "  the failed read was asked, not done");
		fx_poke(&f, at, (256 * GiB) | EPT_RWX);
		is_u64(ept12__walk(&f.cfg, f.eptp, l2, &RD, &w), EPT12_MISCONFIG,
		       "  beyond all RAM: misconfig too");
		fx_poke(&f, f.root + 8 * ept__index(l2, 4), 0);
	}
	is_u64(ept12__walk(&f.cfg, FX_HOLE | FX_EPTP_FLAGS, 0, &RD, &w),
	       EPT12_MISCONFIG, "EPTP root in the hole: misconfig at level 4");
	is_u64(w.level, 4, "  level 4");

	fx_map(&f, 0x5000, FX_HOLE + 0x7000, 1, EPT_R | EPT_W);
	is_u64(ept12__walk(&f.cfg, f.eptp, 0x5008, &RD, &w), EPT12_OK,
	       "leaf into the hole: translates");
	is_u64(w.l1_gpa, FX_HOLE + 0x7008, "  to the L1 device address");
	fx_fini(&f);
}

int main(void)
{
	leaf_sizes();
	permissions();
	perms_and_levels();
	not_present();
	qualification();
	outside_ram();
	return done_testing();
}
