/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/ept12_walk.c: the EPT12 walker (SDM 29.3.2, 29.3.3). */
#include <string.h>

#include "ept-compose/ept_bits.h"
#include "ept-compose/ept12_walk.h"
#include "ept-compose/eptp.h"

/* SDM 28.2.1 Table 28-7.  Bit 8 is only defined when bit 7 is set; bits 6
 * and 9-11 stay 0 because L0 advertises neither mode-based execute control
 * nor advanced VM-exit information for EPT violations. */
uint64_t ept12__violation_qual(const struct ept_access *acc, unsigned perms)
{
	uint64_t q = acc->type & EPT_QUAL_ACCESS_MASK;

	q |= (uint64_t)(perms & EPT_RWX) << EPT_QUAL_PERMS_SHIFT;
	if (acc->linear_valid) {
		q |= EPT_QUAL_LINEAR_VALID;
		if (acc->linear_xlat)
			q |= EPT_QUAL_LINEAR_XLAT;
	}
	if (acc->nmi_unblocking)
		q |= EPT_QUAL_NMI_UNBLOCK;
	return q;
}

/* SDM 29.3.3.2: a read needs bit 0, a write bit 1, a fetch bit 2, in every
 * entry walked; the access type bits line up with the permission bits. */
static bool allowed(unsigned type, unsigned perms)
{
	return (type & EPT_RWX & ~perms) == 0;
}

static enum ept12_status violation(struct ept12_walk *out,
				   const struct ept_access *acc)
{
	out->status = EPT12_VIOLATION;
	out->qual = ept12__violation_qual(acc, out->perms);
	return out->status;
}

static enum ept12_status misconfig(struct ept12_walk *out,
				   enum ept_misconfig why)
{
	out->status = EPT12_MISCONFIG;
	out->why = why;
	return out->status;
}

enum ept12_status ept12__walk(const struct ept12_cfg *cfg, uint64_t eptp,
			      uint64_t l2_gpa, const struct ept_access *acc,
			      struct ept12_walk *out)
{
	uint64_t table = eptp__root(cfg, eptp);
	struct ept_entry_info info;
	unsigned level;

	memset(out, 0, sizeof(*out));
	out->perms = EPT_RWX;
	for (level = EPT_LEVELS; level >= 1; level--) {
		uint64_t at = table + 8ULL * ept__index(l2_gpa, level);

		out->level = level;
		/* Hardware reads all-ones from non-RAM; an all-ones entry is
		 * misconfigured at every level (reserved bits, or memory type
		 * 7 in a PTE), so this is what L1 would see on metal. */
		if (guest_mem__read(cfg->mem, at, &out->entry, sizeof(out->entry)))
			return misconfig(out, EPT_MISCONFIG_TABLE_NOT_RAM);
		ept_entry__classify(cfg, out->entry, level, &info);
		switch (info.kind) {
		case EPT_ENTRY_NOT_PRESENT:
			out->perms = 0;
			return violation(out, acc);
		case EPT_ENTRY_MISCONFIG:
			return misconfig(out, info.why);
		case EPT_ENTRY_TABLE:
			out->perms &= info.perms;
			table = info.addr;
			continue;
		case EPT_ENTRY_LEAF:
			out->perms &= info.perms;
			out->page_size = ept__level_size(level);
			out->l1_page = info.addr;
			out->l2_page = l2_gpa & ~(out->page_size - 1);
			out->l1_gpa = info.addr | (l2_gpa & (out->page_size - 1));
			if (!allowed(acc->type, out->perms))
				return violation(out, acc);
			out->status = EPT12_OK;
			return out->status;
		}
	}
	/* Not reached: level 1 entries are always leaves or faults. */
	return misconfig(out, EPT_MISCONFIG_RESERVED);
}
