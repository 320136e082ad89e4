/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/ept.c: the EPT12 walker and composer over L1 memory the input
 * writes, as L0 drives them (l0/nested/nested_ept.c): new EPTPs that passed
 * the entry check, L2 faults, INVEPT, invalidation.  Findings beyond the
 * sanitizers': an ops buffer of 2 * cap + 1 too small, an installed set
 * that is unsorted, overlapping, not in RAM or out of step with the ops,
 * a MAPPED fault that installs nothing at its address, a stopped walk
 * that changed something, and more than READ_BUDGET table reads in one
 * call.
 *
 * Input: a config record (a8: L1's MAXPHYADDR - 32, a16 bit 0: 1-GByte
 * pages, bit 1: lazy mode, bit 2: a stop request comes at the a32 % 8'th
 * poll, as L0's signals and --timeout do), then records, op % 7:
 *   0 L1 writes val at a32 (8-aligned)   1 new EPTP val
 *   2 L2 fault at val, access a8          3 INVEPT type a8, descriptor val
 *   4 invalidate                          5 flush
 *   6 L1 fills a16 % 512 + 1 entries from a32 with val, each the last plus
 *     0, 4K, 2M or 1G (a8 % 4), as L1s build tables in loops */
#define FUZZ_RAM_SIZE (1u << 20)
#include "tests/fuzz/fuzz_ram.h"
#include "ept-compose/compose.h"
#include "ept-compose/ept_bits.h"
#include "ept-compose/eptp.h"
#include "ept-compose/invept.h"

#define CAP 16		/* regions: small, so that truncation is common */
/* The design's bound (issue 10, defect 8; docs/ept.md, "Cost"): an eager
 * walk reads at most 1 + E + 4(N + 1) tables of RAM, E <= 3 per page of
 * L1 RAM (the tables that map nothing, read once), N the runs it maps, at
 * most one per 4 KiB of L2 mapped: CAP regions of at most all of RAM.
 * READ_BUDGET is that bound; the four-page fan-out without the memo reads
 * 512^3 tables. */
#define READ_BUDGET (1 + 3 * FUZZ_RAM_PAGES + 4 * (CAP * FUZZ_RAM_PAGES + 2))

static struct ept_region installed[CAP], scratch[CAP];
static uint64_t memo[EPT_COMPOSE_MEMO_WORDS(FUZZ_RAM_PAGES)];
static unsigned polls, stop_at;	/* stop_at 0: never */

static bool stop(void *opaque)
{
	return stop_at && ++polls >= stop_at;
}
static struct ept_op op_buf[2 * CAP + 1];
static const uint64_t stride[4] = { 0, 1ull << 12, 1ull << 21, 1ull << 30 };

static void check(struct ept_compose *c, const struct ept_ops *ops, size_t *slots)
{
	const struct ept_region_set *s = &c->installed;

	for (size_t i = 0; i < ops->nr; i++)
		*slots += ops->op[i].kind == EPT_OP_ADD ? 1 : -1;
	FUZZ_ASSERT(*slots == s->nr);
	for (size_t i = 0; i < s->nr; i++) {
		const struct ept_region *r = &s->r[i];

		FUZZ_ASSERT(r->len && !((r->l2_gpa | r->l1_gpa | r->len) & 4095));
		FUZZ_ASSERT(r->l1_gpa < FUZZ_RAM_SIZE && r->len <= FUZZ_RAM_SIZE - r->l1_gpa);
		FUZZ_ASSERT(!i || ept_region__l2_end(&s->r[i - 1]) <= r->l2_gpa);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ept12_cfg cfg = { .mem = &fuzz_mem };
	struct ept_compose c;
	struct ept12_walk walk;
	struct fuzz_rec r;
	size_t slots = 0;

	if (!fuzz_rec__next(&data, &size, &r))
		return 0;
	cfg.pa_bits = 32 + r.a8 % 21;
	cfg.page_1g = r.a16 & 1;
	ept_compose__init(&c, &cfg, r.a16 & 2 ? EPT_COMPOSE_LAZY : EPT_COMPOSE_EAGER, 0,
			  installed, scratch, CAP);
	ept_compose__set_limits(&c, &(struct ept_compose_limits){
		.empty = memo, .pages = FUZZ_RAM_PAGES, .stop = stop });
	stop_at = r.a16 & 4 ? r.a32 % 8 + 1 : 0;
	polls = 0;
	while (fuzz_rec__next(&data, &size, &r)) {
		struct ept_ops ops = { op_buf, 0, 2 * CAP + 1 };
		struct ept_access acc = { .type = r.a8 % 7 + 1, .linear_valid = r.a8 & 8,
					  .linear_xlat = r.a8 & 16, .nmi_unblocking = r.a8 & 32 };
		int st = EPT_COMPOSE_OK, fr, ir = EPT_INVEPT_DONE;

		fuzz_accesses = 0;
		fuzz_budget = READ_BUDGET;
		switch (r.op % 7) {
		case 0:
			fuzz_ram__write(NULL, (r.a32 % FUZZ_RAM_SIZE) & ~7u, &r.val, 8);
			break;
		case 1:	/* L0 composes only what passed the VM-entry checks */
			if (eptp__check(&cfg, r.val) == EPTP_OK)
				st = ept_compose__set_eptp(&c, r.val, &ops);
			break;
		case 2:
			if (!c.eptp)
				break;
			fr = ept_compose__fault(&c, r.val, &acc, &walk, &ops);
			FUZZ_ASSERT(fr != EPT_FAULT_NO_ROOM);
			FUZZ_ASSERT(fr != EPT_FAULT_MAPPED || ept_compose__lookup(&c, r.val));
			break;
		case 3:
			if (c.eptp)
				ir = ept_compose__invept(&c, r.a8, r.val, &ops);
			FUZZ_ASSERT(ir != EPT_INVEPT_NO_ROOM);
			FUZZ_ASSERT(ir != EPT_INVEPT_STOPPED || !ops.nr);
			break;
		case 4:
			if (c.eptp)
				st = ept_compose__invalidate(&c, &ops);
			break;
		case 5:
			st = ept_compose__flush(&c, &ops);
			break;
		case 6:
			for (unsigned i = 0; i <= r.a16 % 512u; i++, r.val += stride[r.a8 % 4])
				fuzz_ram__write(NULL, ((r.a32 % FUZZ_RAM_SIZE) & ~7u) + 8 * i, &r.val, 8);
			break;
		}
		FUZZ_ASSERT(st != EPT_COMPOSE_NO_ROOM);
		FUZZ_ASSERT(st != EPT_COMPOSE_STOPPED || !ops.nr);	/* nothing changed */
		fuzz_budget = 0;
		check(&c, &ops, &slots);
	}
	fuzz_ram__reset();
	return 0;
}
