/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/eptp.c: EPTP validation (SDM 25.6.11, checked at VM entry per
 * SDM 27.2.1.1).  One predicate per row of eptp_checks.def; the table of
 * names is generated from the same list.
 */
#include <stdbool.h>
#include <stddef.h>

#include "ept-compose/ept_bits.h"
#include "ept-compose/eptp.h"

struct eptp_row {
	const char *name, *msg;
};

static const struct eptp_row rows[EPTP__COUNT] = {
	[EPTP_OK] = { "OK", "EPTP is valid" },
#define EPTP_CHECK(n, entry_check, m) [EPTP_BAD_##n] = { #n, m },
#include "ept-compose/eptp_checks.def"
#undef EPTP_CHECK
};

static bool bad_MEMTYPE(uint64_t cap, unsigned pa_bits, uint64_t eptp)
{
	uint64_t mt = eptp & EPTP_MEMTYPE_MASK;

	return !((mt == EPT_MT_UC && (cap & EPT_CAP_UC)) || (mt == EPT_MT_WB && (cap & EPT_CAP_WB)));
}

/* Walk length 4 (value 3) needs cap bit 6, 5 (value 4) bit 7. */
static bool bad_WALK_LENGTH(uint64_t cap, unsigned pa_bits, uint64_t eptp)
{
	uint64_t walk = (eptp & EPTP_WALK_MASK) >> EPTP_WALK_SHIFT;

	return !((walk == 3 && (cap & EPT_CAP_WALK_4)) || (walk == 4 && (cap & EPT_CAP_WALK_5)));
}

static bool bad_AD_FLAGS(uint64_t cap, unsigned pa_bits, uint64_t eptp)
{
	return (eptp & EPTP_AD) && !(cap & EPT_CAP_AD);
}

static bool bad_RESERVED_LOW(uint64_t cap, unsigned pa_bits, uint64_t eptp)
{
	return eptp & EPTP_RSVD_LOW;
}

/* Bits 63:52 are reserved in the EPTP too, unlike in entries. */
static bool bad_ABOVE_PA(uint64_t cap, unsigned pa_bits, uint64_t eptp)
{
	return pa_bits < 64 && eptp >> pa_bits;
}

enum eptp_check eptp__check_cap(uint64_t ept_vpid_cap, unsigned pa_bits, uint64_t eptp)
{
#define EPTP_CHECK(n, entry_check, m) \
	if (bad_##n(ept_vpid_cap, pa_bits, eptp)) \
		return EPTP_BAD_##n;
#include "ept-compose/eptp_checks.def"
#undef EPTP_CHECK
	return EPTP_OK;
}

enum eptp_check eptp__check(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return eptp__check_cap(EPT12_CAP, cfg->pa_bits, eptp);
}

static const struct eptp_row *row(enum eptp_check r)
{
	return (unsigned)r < EPTP__COUNT ? &rows[r] : NULL;
}

const char *eptp__name(enum eptp_check r)
{
	return row(r) ? row(r)->name : NULL;
}

const char *eptp__message(enum eptp_check r)
{
	return row(r) ? row(r)->msg : NULL;
}

uint64_t eptp__root(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return eptp & ept__addr_mask(cfg->pa_bits);
}
