/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/invept.c: INVEPT operands (SDM 31, INVEPT) and
 * what single-context and global invalidation drop in lazy and eager
 * contexts; switching the vmcs12 EPTP. */
#include "ept-compose/invept.h"
#include "ept_fixture.h"
#include "slots.h"
#include "tests/tap.h"

#define CAP	64
#define RW	(EPT_R | EPT_W)

static struct ept_region inst[CAP], scr[CAP];
static struct ept_op opbuf[2 * CAP + 1];
static struct slots slots;
static const struct ept_access RD = { EPT_ACCESS_READ, false, false, false };

static void operands(void)
{
	static const struct {
		uint64_t type, eptp;
		enum ept_invept_result want;
		const char *what;
	} rows[] = {
		{ 0, 0x1000 | FX_EPTP_FLAGS, EPT_INVEPT_BAD_TYPE, "type 0 (individual address)" },
		{ 3, 0x1000 | FX_EPTP_FLAGS, EPT_INVEPT_BAD_TYPE, "type 3" },
		{ 1ULL << 32 | 1, 0x1000 | FX_EPTP_FLAGS, EPT_INVEPT_BAD_TYPE, "type 2^32+1" },
		{ 1, 0x1000 | FX_EPTP_FLAGS, EPT_INVEPT_DONE, "single, valid EPTP" },
		{ 1, 0x1000 | (3 << 3), EPT_INVEPT_DONE, "single, UC EPTP" },
		{ 1, 0x1000 | (3 << 3) | 7, EPT_INVEPT_BAD_EPTP, "single, memtype 7" },
		{ 1, 0x1000 | EPT_MT_WB, EPT_INVEPT_BAD_EPTP, "single, walk length 1" },
		{ 1, (1ULL << 45) | FX_EPTP_FLAGS, EPT_INVEPT_BAD_EPTP, "single, above width" },
		{ 2, ~0ULL, EPT_INVEPT_DONE, "global ignores the descriptor" },
	};
	struct ept12_cfg cfg = { NULL, 39, true };

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		is_u64(ept_invept__check(&cfg, rows[i].type, rows[i].eptp),
		       rows[i].want, "invept %s", rows[i].what);
}

static void lazy(void)
{
	struct ept_ops ops = { opbuf, 0, 2 * CAP + 1 };
	struct fx f;
	struct ept_compose c;
	struct ept12_walk w;

	fx_init(&f, true);
	for (int i = 0; i < 3; i++)
		fx_map(&f, i * 0x10000, 0x400000 + i * 0x10000, 1, RW);
	memset(&slots, 0, sizeof(slots));
	ept_compose__init(&c, &f.cfg, EPT_COMPOSE_LAZY, f.eptp, inst, NULL, CAP);
	for (int i = 0; i < 3; i++)
		ept_compose__fault(&c, i * 0x10000, &RD, &w, &ops);
	slots_apply(&slots, &ops);
	is_u64(c.installed.nr, 3, "lazy: 3 regions faulted in");

	is_u64(ept_compose__invept(&c, 1, (f.root + 0x1000) | FX_EPTP_FLAGS, &ops),
	       EPT_INVEPT_UNAFFECTED, "single-context, another EPT12: unaffected");
	is_u64(ops.nr, 0, "  no operations");
	is_u64(ept_compose__invept(&c, 1, f.root | (3 << 3), &ops), EPT_INVEPT_DONE,
	       "single-context, same root with UC memtype: done");
	is_u64(ops.nr, 3, "  3 removes");
	slots_apply(&slots, &ops);
	ok(c.installed.nr == 0 && slots_match(&slots, &c), "  nothing installed");
	is_u64(ept_compose__fault(&c, 0x10000, &RD, &w, &ops), EPT_FAULT_MAPPED,
	       "  L2 refaults");
	slots_apply(&slots, &ops);

	ops.cap = 0;
	is_u64(ept_compose__invept(&c, 2, 0, &ops), EPT_INVEPT_NO_ROOM,
	       "global, no room for ops: refused");
	is_u64(c.installed.nr, 1, "  nothing changed");
	ops.cap = 2 * CAP + 1;
	is_u64(ept_compose__invept(&c, 2, 0, &ops), EPT_INVEPT_DONE, "global: done");
	slots_apply(&slots, &ops);
	ok(c.installed.nr == 0 && slots_match(&slots, &c), "  nothing installed");
	fx_fini(&f);
}

static void eager(void)
{
	struct ept_ops ops = { opbuf, 0, 2 * CAP + 1 };
	struct fx f;
	struct ept_compose c;

	fx_init(&f, true);
	for (int i = 0; i < 8; i++)
		fx_map(&f, 0x100000 + i * 0x1000, 0x400000 + i * 0x1000, 1, RW);
	fx_map(&f, 0x800000, 0x800000, 2, RW);
	memset(&slots, 0, sizeof(slots));
	ept_compose__init(&c, &f.cfg, EPT_COMPOSE_EAGER, f.eptp, inst, scr, CAP);
	ept_compose__recompose(&c, &ops);
	slots_apply(&slots, &ops);
	is_u64(c.installed.nr, 2, "eager: 2 regions");

	/* L1 unmaps one page.  Until INVEPT the stale region may be used,
	 * as hardware may use a cached translation (SDM 29.4.3.1). */
	fx_poke(&f, fx_entry(&f, 0x103000, 1), 0);
	ok(ept_compose__lookup(&c, 0x103000), "  stale page still mapped before INVEPT");
	is_u64(ept_compose__invept(&c, 1, f.eptp, &ops), EPT_INVEPT_DONE,
	       "single-context INVEPT: done");
	is_u64(ops.nr, 3, "  1 remove + 2 adds; the 2M region is untouched");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c), "  slots match");
	ok(!ept_compose__lookup(&c, 0x103000), "  unmapped page gone");
	ok(ept_compose__lookup(&c, 0x800000) && ept_compose__lookup(&c, 0x104000),
	   "  the rest still mapped");
	is_u64(ept_compose__invept(&c, 2, 0, &ops), EPT_INVEPT_DONE, "global, no change");
	is_u64(ops.nr, 0, "  no operations");
	fx_fini(&f);
}

/* L1 points vmcs12 at another EPT12: eager keeps the regions both share,
 * lazy drops everything. */
static void new_eptp(void)
{
	struct ept_ops ops = { opbuf, 0, 2 * CAP + 1 };
	struct fx f;
	struct ept_compose c;
	struct ept12_walk w;
	uint64_t root_a, root_b;

	fx_init(&f, true);
	root_a = f.root;
	fx_map(&f, 0x200000, 0x200000, 2, RW);
	fx_map(&f, 0x400000, 0x400000, 2, RW);
	root_b = f.root = fx_table(&f);
	fx_map(&f, 0x200000, 0x200000, 2, RW);		/* shared */
	fx_map(&f, 0x400000, 0x600000, 2, RW);		/* differs */
	fx_map(&f, 0x800000, 0x800000, 2, RW);		/* new */

	memset(&slots, 0, sizeof(slots));
	ept_compose__init(&c, &f.cfg, EPT_COMPOSE_EAGER, root_a | FX_EPTP_FLAGS,
			  inst, scr, CAP);
	ept_compose__recompose(&c, &ops);
	slots_apply(&slots, &ops);
	is_u64(c.installed.nr, 1, "EPT12 A: one merged 4M region");
	is_u64(ept_compose__set_eptp(&c, root_b | FX_EPTP_FLAGS, &ops), EPT_COMPOSE_OK,
	       "switch to EPT12 B (eager)");
	is_u64(ops.nr, 4, "  remove the 4M run, add 3 regions of B");
	slots_apply(&slots, &ops);
	ok(slots_match(&slots, &c), "  slots match");
	is_u64(ept_compose__lookup(&c, 0x400000)->l1_gpa, 0x600000, "  B's translation");

	ops.cap = 0;
	is_u64(ept_compose__set_eptp(&c, root_a | FX_EPTP_FLAGS, &ops),
	       EPT_COMPOSE_NO_ROOM, "switch without room: refused");
	is_u64(c.eptp, root_b | FX_EPTP_FLAGS, "  EPTP unchanged");
	ops.cap = 2 * CAP + 1;

	ept_compose__init(&c, &f.cfg, EPT_COMPOSE_LAZY, root_a | FX_EPTP_FLAGS,
			  inst, NULL, CAP);
	memset(&slots, 0, sizeof(slots));
	ept_compose__fault(&c, 0x200000, &RD, &w, &ops);
	ept_compose__fault(&c, 0x400000, &RD, &w, &ops);
	slots_apply(&slots, &ops);
	ept_compose__set_eptp(&c, root_b | FX_EPTP_FLAGS, &ops);
	is_u64(ops.nr, 2, "switch (lazy): both regions removed");
	slots_apply(&slots, &ops);
	ept_compose__fault(&c, 0x400000, &RD, &w, &ops);
	is_u64(ept_compose__lookup(&c, 0x400000)->l1_gpa, 0x600000,
	       "  refault uses B");
	fx_fini(&f);
}

int main(void)
{
	operands();
	lazy();
	eager();
	new_eptp();
	return done_testing();
}
