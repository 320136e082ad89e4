/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/exception_bitmap.c: the exception bitmap and
 * the #PF error-code mask/match rule, SDM 26.2 and 25.6.3.
 */
#include "tests/tap.h"

#include "exit-forwarder/exception_bitmap.h"

#define PF (1u << 14)
#define UD (1u << 6)
#define EC_P 0x1u
#define EC_W 0x2u
#define EC_U 0x4u

static const struct exc_row {
	const char *name;
	uint32_t bitmap, mask, match;
	unsigned vector;
	uint32_t ec;
	int want;
} rows[] = {
	{ "empty bitmap: #UD runs",		0,	0, 0, 6, 0, 0 },
	{ "bit 6: #UD exits",			UD,	0, 0, 6, 0, 1 },
	{ "bit 6: #GP runs",			UD,	0, 0, 13, 0, 0 },
	{ "bit 0: #DE exits",			1u,	0, 0, 0, 0, 1 },
	{ "bit 31 set: vector 31 exits",	1u << 31, 0, 0, 31, 0, 1 },
	{ "vector 32 is no exception: exits",	0,	0, 0, 32, 0, 1 },
	/* #PF: matching error code follows bit 14, mismatching inverts it. */
	{ "PF=1 mask=0 match=0: every #PF exits",	PF, 0, 0, 14, EC_W | EC_P, 1 },
	{ "PF=0 mask=0 match=0: no #PF exits",		0, 0, 0, 14, EC_W | EC_P, 0 },
	{ "PF=1 mask=P match=P, present: exits",	PF, EC_P, EC_P, 14, EC_P, 1 },
	{ "PF=1 mask=P match=P, not present: runs",	PF, EC_P, EC_P, 14, 0, 0 },
	{ "PF=0 mask=P match=P, present: runs",		0, EC_P, EC_P, 14, EC_P, 0 },
	{ "PF=0 mask=P match=P, not present: exits",	0, EC_P, EC_P, 14, 0, 1 },
	{ "PF=1 mask=0 match=~0: never matches, runs",	PF, 0, ~0u, 14, EC_P, 0 },
	{ "PF=0 mask=0 match=1: never matches, exits",	0, 0, 1, 14, 0, 1 },
	{ "PF=1 mask=W|U match=W, kernel write: exits",	PF, EC_W | EC_U, EC_W, 14, EC_W | EC_P, 1 },
	{ "PF=1 mask=W|U match=W, user write: runs",	PF, EC_W | EC_U, EC_W, 14, EC_W | EC_U | EC_P, 0 },
	{ "mask/match do not affect #GP",		UD, 0, ~0u, 13, 0, 0 },
};

static const struct eff_row {
	const char *name;
	uint32_t bitmap, mask, match, want;
} eff_rows[] = {
	{ "PF=1 mask=0 match=0: all #PF",		PF, 0, 0, PF },
	{ "PF=1 mask=0 match=~0: no #PF can exit",	PF, 0, ~0u, 0 },
	{ "PF=1 match outside mask: no #PF",		PF, EC_P, EC_P | EC_W, 0 },
	{ "PF=1 mask=P match=P: some #PF",		PF, EC_P, EC_P, PF },
	{ "PF=0 mask=0 match=0: no #PF",		0, 0, 0, 0 },
	{ "PF=0 mask=P match=0: some #PF",		0, EC_P, 0, PF },
	{ "PF=0 mask=0 match=1: all #PF",		0, 0, 1, PF },
	{ "other bits pass through",			UD | 1u, 0, 0, UD | 1u },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct exc_row *r = &rows[i];
		struct exit_ctls c = { .exception_bitmap = r->bitmap,
				       .pf_ec_mask = r->mask, .pf_ec_match = r->match };

		is_u64(exception_bitmap__exits(&c, r->vector, r->ec), r->want,
		       "%s", r->name);
	}
	for (size_t i = 0; i < sizeof(eff_rows) / sizeof(eff_rows[0]); i++) {
		const struct eff_row *r = &eff_rows[i];
		struct exit_ctls c = { .exception_bitmap = r->bitmap,
				       .pf_ec_mask = r->mask, .pf_ec_match = r->match };

		is_u64(exception_bitmap__effective(&c), r->want, "effective: %s", r->name);
	}
	return done_testing();
}
