/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/ept_entry.c: classify one EPT12 paging-structure entry.
 * Formats: SDM 29.3.2 Tables 29-1..29-6.  Misconfigurations: SDM 29.3.3.1.
 */
#include <stdbool.h>
#include <stddef.h>

#include "ept-compose/ept_bits.h"
#include "ept-compose/ept_entry.h"

static const char *const names[EPT_MISCONFIG__COUNT] = {
	[EPT_MISCONFIG_NONE] = "NONE",
#define X(n, m) [EPT_MISCONFIG_##n] = #n,
#include "ept-compose/ept_misconfig.def"
#undef X
};

static const char *const messages[EPT_MISCONFIG__COUNT] = {
	[EPT_MISCONFIG_NONE] = "entry is well formed",
#define X(n, m) [EPT_MISCONFIG_##n] = m,
#include "ept-compose/ept_misconfig.def"
#undef X
};

const char *ept_misconfig__name(enum ept_misconfig m)
{
	return (unsigned)m < EPT_MISCONFIG__COUNT ? names[m] : NULL;
}

const char *ept_misconfig__message(enum ept_misconfig m)
{
	return (unsigned)m < EPT_MISCONFIG__COUNT ? messages[m] : NULL;
}

/* SDM 29.3.3.1: 010b and 110b are always misconfigured; 100b is too unless
 * execute-only is advertised, and L0 cannot advertise it (docs/ept.md). */
static enum ept_misconfig perms_check(unsigned perms)
{
	switch (perms) {
	case EPT_W:
		return EPT_MISCONFIG_WRITE_ONLY;
	case EPT_W | EPT_X:
		return EPT_MISCONFIG_WRITE_EXEC;
	case EPT_X:
		return EPT_MISCONFIG_EXEC_ONLY;
	default:
		return EPT_MISCONFIG_NONE;
	}
}

static bool is_leaf(uint64_t entry, unsigned level)
{
	if (level == EPT_LEVEL_PT)
		return true;
	/* Bit 7 of a PML4E is reserved, not a page-size bit. */
	if (level == EPT_LEVEL_PML4)
		return false;
	return entry & EPT_PAGE_BIT;
}

/* Reserved bits below bit 12 and inside the address field, per level. */
static uint64_t low_reserved(unsigned level, bool leaf)
{
	if (level == EPT_LEVEL_PML4)
		return EPT_PML4E_RSVD;
	if (!leaf)
		return EPT_NONLEAF_RSVD;
	if (level == EPT_LEVEL_PDPT)
		return EPT_1G_RSVD;
	if (level == EPT_LEVEL_PD)
		return EPT_2M_RSVD;
	return 0;
}

/* Memory types 2, 3 and 7 are reserved in leaves (SDM 29.3.3.1). */
static bool memtype_reserved(uint64_t entry)
{
	unsigned mt = (entry & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT;

	return mt == 2 || mt == 3 || mt == 7;
}

static enum ept_misconfig misconfig(const struct ept12_cfg *cfg,
				    uint64_t entry, unsigned level, bool leaf)
{
	enum ept_misconfig m = perms_check(entry & EPT_RWX);

	if (m != EPT_MISCONFIG_NONE)
		return m;
	/* Without 1-GByte page support, PDPTE bit 7 is a reserved bit. */
	if (leaf && level == EPT_LEVEL_PDPT && !cfg->page_1g)
		return EPT_MISCONFIG_PAGE_1G;
	if (entry & low_reserved(level, leaf))
		return EPT_MISCONFIG_RESERVED;
	if (entry & ept__above_pa_mask(cfg->pa_bits))
		return EPT_MISCONFIG_ABOVE_PA;
	if (leaf && memtype_reserved(entry))
		return EPT_MISCONFIG_MEMTYPE;
	return EPT_MISCONFIG_NONE;
}

void ept_entry__classify(const struct ept12_cfg *cfg, uint64_t entry,
			 unsigned level, struct ept_entry_info *out)
{
	bool leaf = is_leaf(entry, level);
	uint64_t addr_mask = ept__addr_mask(cfg->pa_bits);

	out->perms = entry & EPT_RWX;
	out->why = EPT_MISCONFIG_NONE;
	out->addr = 0;
	/* SDM 29.3.2: bits 2:0 clear means not present; nothing else counts. */
	if (!out->perms) {
		out->kind = EPT_ENTRY_NOT_PRESENT;
		return;
	}
	out->why = misconfig(cfg, entry, level, leaf);
	if (out->why != EPT_MISCONFIG_NONE) {
		out->kind = EPT_ENTRY_MISCONFIG;
		return;
	}
	out->kind = leaf ? EPT_ENTRY_LEAF : EPT_ENTRY_TABLE;
	/* Large-page address bits below the page size are reserved and were
	 * checked above, so masking with the page size only drops zeros. */
	out->addr = entry & addr_mask & ~(ept__level_size(leaf ? level : 1) - 1);
}
