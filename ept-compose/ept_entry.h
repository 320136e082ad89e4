/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/ept_entry.h: what one EPT12 entry means at one level.
 *
 * The single place where the entry rules of SDM 29.3.2 and 29.3.3.1 live;
 * the walker and the eager composer both decide through it.
 */
#ifndef EPT_COMPOSE__EPT_ENTRY_H
#define EPT_COMPOSE__EPT_ENTRY_H

#include <stdint.h>

#include "ept-compose/ept12_cfg.h"

enum ept_misconfig {
	EPT_MISCONFIG_NONE = 0,
#define X(name, msg) EPT_MISCONFIG_##name,
#include "ept-compose/ept_misconfig.def"
#undef X
	EPT_MISCONFIG__COUNT
};

enum ept_entry_kind {
	EPT_ENTRY_NOT_PRESENT,	/* bits 2:0 clear: violation if walked */
	EPT_ENTRY_MISCONFIG,
	EPT_ENTRY_TABLE,	/* references the next level */
	EPT_ENTRY_LEAF,		/* maps a page of ept__level_size(level) */
};

struct ept_entry_info {
	enum ept_entry_kind kind;
	enum ept_misconfig why;	/* EPT_ENTRY_MISCONFIG only */
	uint64_t addr;		/* next table or page base (TABLE, LEAF) */
	unsigned perms;		/* bits 2:0 of the entry */
};

void ept_entry__classify(const struct ept12_cfg *cfg, uint64_t entry,
			 unsigned level, struct ept_entry_info *out);

const char *ept_misconfig__name(enum ept_misconfig m);
const char *ept_misconfig__message(enum ept_misconfig m);

#endif /* EPT_COMPOSE__EPT_ENTRY_H */
