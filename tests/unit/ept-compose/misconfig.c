/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/misconfig.c: every EPT misconfiguration kind at
 * every level, and the ignored bits that must not cause one
 * (SDM 29.3.2 entry formats, SDM 29.3.3.1). */
#include "ept-compose/ept12_walk.h"
#include "ept_fixture.h"
#include "tests/tap.h"

#define PA_BITS	39
#define BIT(n)	(1ULL << (n))
#define END	0xff

/* An entry shape: where it sits and the bits the SDM reserves in it. */
struct shape {
	const char *name;
	unsigned level;
	bool leaf;
	unsigned reserved[6];	/* bit numbers, END-terminated */
	unsigned ignored[9];	/* bits that must change nothing */
};

static const struct shape shapes[] = {
	{ "PML4E",     4, false, { 3, 4, 5, 6, 7, END }, { 8, 9, 10, 11, 52, 62, 63, END } },
	{ "PDPTE",     3, false, { 3, 4, 5, 6, END },    { 8, 9, 10, 11, 52, 62, 63, END } },
	{ "PDE",       2, false, { 3, 4, 5, 6, END },    { 8, 9, 10, 11, 52, 62, 63, END } },
	{ "1G PDPTE",  3, true,  { 12, 20, 29, END },    { 6, 8, 9, 10, 11, 52, 62, 63, END } },
	{ "2M PDE",    2, true,  { 12, 16, 20, END },    { 6, 8, 9, 10, 11, 52, 62, 63, END } },
	{ "PTE",       1, true,  { END },                { 6, 7, 8, 9, 10, 11, 52, 63, END } },
};

struct probe {
	struct fx f;
	uint64_t l2, at, good;
	unsigned n;
};

/* A fresh, valid path for one shape; remembers the entry to tamper with. */
static void prepare(struct probe *p, const struct shape *s)
{
	p->l2 = 0x8000000000ULL * ++p->n;	/* own PML4 slot per probe */
	if (s->leaf)
		fx_map(&p->f, p->l2, s->level == 3 ? 0 : 0x400000, s->level, EPT_RWX);
	else
		fx_map(&p->f, p->l2, 0x400000, 1, EPT_RWX);
	p->at = fx_entry(&p->f, p->l2, s->level);
	p->good = fx_get(&p->f, p->at);
}

/* Walk with @entry in place; check status and, for misconfigs, the kind. */
static void expect(struct probe *p, const struct shape *s, uint64_t entry,
		   const char *want, const char *what)
{
	const struct ept_access rd = { EPT_ACCESS_READ, false, false, false };
	struct ept12_walk w;

	fx_poke(&p->f, p->at, entry);
	ept12__walk(&p->f.cfg, p->f.eptp, p->l2 + 0x10, &rd, &w);
	if (!want) {
		is_u64(w.status, EPT12_OK, "%s, %s: no misconfig", s->name, what);
	} else {
		is_str(w.status == EPT12_MISCONFIG ? ept_misconfig__name(w.why) : "-",
		       want, "%s, %s: %s", s->name, what, want);
		if (w.status == EPT12_MISCONFIG)
			is_u64(w.level, s->level, "  at level %u", s->level);
	}
	fx_poke(&p->f, p->at, p->good);
}

static void one_shape(struct probe *p, const struct shape *s)
{
	static const struct { unsigned rwx; const char *want; } perms[] = {
		{ 2, "WRITE_ONLY" }, { 6, "WRITE_EXEC" }, { 4, "EXEC_ONLY" },
		{ 1, NULL }, { 3, NULL }, { 5, NULL }, { 7, NULL },
	};
	uint64_t mt = ~EPT_MEMTYPE_MASK;
	char what[64];

	prepare(p, s);
	expect(p, s, p->good, NULL, "as built");
	for (size_t i = 0; i < sizeof(perms) / sizeof(perms[0]); i++) {
		snprintf(what, sizeof(what), "bits 2:0 = %u", perms[i].rwx);
		expect(p, s, (p->good & ~EPT_RWX) | perms[i].rwx, perms[i].want, what);
	}
	for (size_t i = 0; s->reserved[i] != END; i++) {
		snprintf(what, sizeof(what), "reserved bit %u", s->reserved[i]);
		expect(p, s, p->good | BIT(s->reserved[i]), "RESERVED", what);
	}
	for (size_t i = 0; s->ignored[i] != END; i++) {
		snprintf(what, sizeof(what), "ignored bit %u", s->ignored[i]);
		expect(p, s, p->good | BIT(s->ignored[i]), NULL, what);
	}
	expect(p, s, p->good | BIT(PA_BITS), "ABOVE_PA", "bit N (39)");
	expect(p, s, p->good | BIT(51), "ABOVE_PA", "bit 51");
	if (!s->leaf)
		return;
	for (unsigned t = 0; t < 8; t++) {
		bool bad = t == 2 || t == 3 || t == 7;

		snprintf(what, sizeof(what), "memory type %u", t);
		expect(p, s, (p->good & mt) | ((uint64_t)t << EPT_MEMTYPE_SHIFT),
		       bad ? "MEMTYPE" : NULL, what);
	}
}

/* SDM 29.3.3: a violation needs the absence of a misconfiguration, so a
 * misconfigured leaf under a read-only path is a misconfig, not a
 * violation, even for a write. */
static void misconfig_beats_violation(struct probe *p)
{
	const struct ept_access wr = { EPT_ACCESS_WRITE, false, false, false };
	struct ept12_walk w;
	uint64_t pml4e;

	fx_map(&p->f, 0, 0x400000, 1, EPT_RWX | (7ULL << EPT_MEMTYPE_SHIFT));
	pml4e = fx_entry(&p->f, 0, 4);
	fx_poke(&p->f, pml4e, (fx_get(&p->f, pml4e) & ~EPT_RWX) | EPT_R);
	is_u64(ept12__walk(&p->f.cfg, p->f.eptp, 0, &wr, &w), EPT12_MISCONFIG,
	       "write through R-only PML4E to a memtype-7 PTE: misconfig");
}

int main(void)
{
	struct probe p = { .n = 0 };

	fx_init(&p.f, true);
	p.f.cfg.pa_bits = PA_BITS;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		one_shape(&p, &shapes[i]);
	misconfig_beats_violation(&p);
	for (int m = 0; m < EPT_MISCONFIG__COUNT; m++)
		ok(ept_misconfig__name(m) && ept_misconfig__message(m),
		   "misconfig %d (%s) is described", m, ept_misconfig__name(m));
	ok(!ept_misconfig__name(EPT_MISCONFIG__COUNT), "out of range: NULL");
	fx_fini(&p.f);
	return done_testing();
}
