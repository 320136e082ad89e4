/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/eptp.c: EPTP validation (SDM 25.6.11, checked at VM entry per
 * SDM 26.2.1.1).  One predicate per row of eptp_checks.def; the table of
 * names is generated from the same list.
 */
#include <stdbool.h>
#include <stddef.h>

#include "ept-compose/ept_bits.h"
#include "ept-compose/eptp.h"

struct eptp_row {
	const char *name, *sdm, *msg;
};

static const struct eptp_row rows[EPTP__COUNT] = {
	[EPTP_OK] = { "OK", "25.6.11", "EPTP is valid" },
#define X(n, s, m) [EPTP_BAD_##n] = { #n, s, m },
#include "ept-compose/eptp_checks.def"
#undef X
};

/* L0 advertises UC and WB (EPT_VPID_CAP bits 8 and 14) only. */
static bool bad_MEMTYPE(const struct ept12_cfg *cfg, uint64_t eptp)
{
	uint64_t mt = eptp & EPTP_MEMTYPE_MASK;

	return mt != EPT_MT_UC && mt != EPT_MT_WB;
}

/* Only 4-level walks are advertised (EPT_VPID_CAP bit 6, not bit 7). */
static bool bad_WALK_LENGTH(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return ((eptp & EPTP_WALK_MASK) >> EPTP_WALK_SHIFT) != EPT_LEVELS - 1;
}

/* EPT_VPID_CAP bit 21 is 0: L0 would have to set A/D bits in EPT12. */
static bool bad_AD_FLAGS(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return eptp & EPTP_AD;
}

static bool bad_RESERVED_LOW(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return eptp & EPTP_RSVD_LOW;
}

/* Bits 63:52 are reserved in the EPTP too, unlike in entries. */
static bool bad_ABOVE_PA(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return eptp >> cfg->pa_bits;
}

enum eptp_check eptp__check(const struct ept12_cfg *cfg, uint64_t eptp)
{
#define X(n, s, m) if (bad_##n(cfg, eptp)) return EPTP_BAD_##n;
#include "ept-compose/eptp_checks.def"
#undef X
	return EPTP_OK;
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

const char *eptp__sdm(enum eptp_check r)
{
	return row(r) ? row(r)->sdm : NULL;
}

uint64_t eptp__root(const struct ept12_cfg *cfg, uint64_t eptp)
{
	return eptp & ept__addr_mask(cfg->pa_bits);
}
