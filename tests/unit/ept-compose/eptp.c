/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/eptp.c: EPTP validation, one row per input
 * (SDM 25.6.11, 27.2.1.1). */
#include "ept-compose/ept_bits.h"
#include "ept-compose/eptp.h"
#include "tests/tap.h"

#define GOOD	(0x123000ULL | EPT_MT_WB | (3ULL << EPTP_WALK_SHIFT))

struct row {
	const char *what;
	unsigned pa_bits;
	uint64_t eptp;
	enum eptp_check want;
};

static const struct row rows[] = {
	{ "WB, 4 levels",		39, GOOD, EPTP_OK },
	{ "UC, 4 levels",		39, (GOOD & ~7ULL) | EPT_MT_UC, EPTP_OK },
	{ "memtype 1 (WC)",		39, (GOOD & ~7ULL) | 1, EPTP_BAD_MEMTYPE },
	{ "memtype 2",			39, (GOOD & ~7ULL) | 2, EPTP_BAD_MEMTYPE },
	{ "memtype 3",			39, (GOOD & ~7ULL) | 3, EPTP_BAD_MEMTYPE },
	{ "memtype 4 (WT)",		39, (GOOD & ~7ULL) | 4, EPTP_BAD_MEMTYPE },
	{ "memtype 5 (WP)",		39, (GOOD & ~7ULL) | 5, EPTP_BAD_MEMTYPE },
	{ "memtype 7",			39, (GOOD & ~7ULL) | 7, EPTP_BAD_MEMTYPE },
	{ "walk length 1",		39, (GOOD & ~EPTP_WALK_MASK), EPTP_BAD_WALK_LENGTH },
	{ "walk length 3",		39, (GOOD & ~EPTP_WALK_MASK) | (2 << 3), EPTP_BAD_WALK_LENGTH },
	{ "walk length 5",		39, (GOOD & ~EPTP_WALK_MASK) | (4 << 3), EPTP_BAD_WALK_LENGTH },
	{ "walk length 8",		39, (GOOD & ~EPTP_WALK_MASK) | (7 << 3), EPTP_BAD_WALK_LENGTH },
	{ "A/D enabled",		39, GOOD | EPTP_AD, EPTP_BAD_AD_FLAGS },
	{ "bit 7 (shadow stack)",	39, GOOD | (1ULL << 7), EPTP_BAD_RESERVED_LOW },
	{ "bit 8",			39, GOOD | (1ULL << 8), EPTP_BAD_RESERVED_LOW },
	{ "bit 11",			39, GOOD | (1ULL << 11), EPTP_BAD_RESERVED_LOW },
	{ "top address bit, 39",	39, GOOD | (1ULL << 38), EPTP_OK },
	{ "bit 39, width 39",		39, GOOD | (1ULL << 39), EPTP_BAD_ABOVE_PA },
	{ "bit 39, width 46",		46, GOOD | (1ULL << 39), EPTP_OK },
	{ "bit 46, width 46",		46, GOOD | (1ULL << 46), EPTP_BAD_ABOVE_PA },
	{ "bit 51, width 46",		46, GOOD | (1ULL << 51), EPTP_BAD_ABOVE_PA },
	{ "bit 52 (reserved in EPTP)",	52, GOOD | (1ULL << 52), EPTP_BAD_ABOVE_PA },
	{ "bit 63",			46, GOOD | (1ULL << 63), EPTP_BAD_ABOVE_PA },
	/* Several faults: the first in eptp_checks.def order is reported. */
	{ "memtype 7 and A/D",		39, GOOD | 7 | EPTP_AD, EPTP_BAD_MEMTYPE },
	{ "A/D and bit 9",		39, GOOD | EPTP_AD | (1ULL << 9), EPTP_BAD_AD_FLAGS },
};

int main(void)
{
	struct ept12_cfg cfg = { NULL, 39, true };

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cfg.pa_bits = rows[i].pa_bits;
		is_str(eptp__name(eptp__check(&cfg, rows[i].eptp)),
		       eptp__name(rows[i].want), "eptp: %s", rows[i].what);
	}

	cfg.pa_bits = 39;
	is_u64(eptp__root(&cfg, GOOD | (1ULL << 38) | (1ULL << 45)),
	       0x123000ULL | (1ULL << 38), "root keeps bits 38:12 only");

	/* Every check has a distinct name, a message and an SDM section. */
	for (int r = 0; r < EPTP__COUNT; r++) {
		ok(eptp__name(r) && eptp__message(r),
		   "check %d (%s) is described", r, eptp__name(r));
		for (int s = 0; s < r; s++)
			if (!strcmp(eptp__name(r), eptp__name(s)))
				ok(0, "names %d and %d collide", r, s);
	}
	ok(!eptp__name(EPTP__COUNT) && !eptp__name(-1), "out of range: NULL");
	is_str(eptp__message(EPTP_BAD_WALK_LENGTH),
	       "EPTP bits 5:3 must be the page-walk length minus 1 that IA32_VMX_EPT_VPID_CAP supports",
	       "message comes from the list");

	/* Against another capability MSR: the rules read it. */
	is_str(eptp__name(eptp__check_cap(EPT_CAP_WALK_4 | EPT_CAP_UC, 39, GOOD)), "MEMTYPE",
	       "cap without WB: WB refused");
	is_str(eptp__name(eptp__check_cap(EPT_CAP_WALK_5 | EPT_CAP_WB, 39, GOOD)), "WALK_LENGTH",
	       "cap with 5-level walks only: 4 levels refused");
	is_str(eptp__name(eptp__check_cap(EPT_CAP_WALK_5 | EPT_CAP_WB, 39,
					  (GOOD & ~EPTP_WALK_MASK) | (4 << 3))), "OK",
	       "cap with 5-level walks: 5 levels taken");
	is_str(eptp__name(eptp__check_cap(EPT12_CAP | EPT_CAP_AD, 39, GOOD | EPTP_AD)), "OK",
	       "cap with A/D flags: bit 6 taken");
	is_str(eptp__name(eptp__check_cap(EPT12_CAP, 64, GOOD | (1ULL << 63))), "OK",
	       "physical-address width 64: no bit above it");
	return done_testing();
}
