/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/invept.c: INVEPT (SDM 31, INVEPT, "Operation").
 *
 * On hardware INVEPT flushes cached translations; here the cache is the set
 * of L2 memslots, so invalidating means deleting them (lazy) or making them
 * match EPT12 again (eager).  Without INVEPT, L0 keeps serving stale
 * translations, as hardware may (SDM 29.4.3.1).
 */
#include "ept-compose/eptp.h"
#include "ept-compose/invept.h"

/* SDM 29.4.3.1: single-context INVEPT names mappings by EPTRTA, which is
 * EPTP bits 51:12; memory type and walk length do not matter. */
#define EPTRTA_MASK	0x000ffffffffff000ULL

enum ept_invept_result ept_invept__check(const struct ept12_cfg *cfg,
					 uint64_t type, uint64_t desc_eptp)
{
	switch (type) {
	case EPT_INVEPT_SINGLE:
		/* "IF VM entry with the enable EPT control set to 1 would
		 * fail due to the EPTP value THEN VMfail". */
		if (eptp__check(cfg, desc_eptp) != EPTP_OK)
			return EPT_INVEPT_BAD_EPTP;
		return EPT_INVEPT_DONE;
	case EPT_INVEPT_GLOBAL:
		return EPT_INVEPT_DONE;
	default:
		return EPT_INVEPT_BAD_TYPE;
	}
}

enum ept_invept_result ept_compose__invept(struct ept_compose *c,
					   uint64_t type, uint64_t desc_eptp,
					   struct ept_ops *ops)
{
	enum ept_invept_result r = ept_invept__check(c->cfg, type, desc_eptp);

	if (r != EPT_INVEPT_DONE)
		return r;
	if (type == EPT_INVEPT_SINGLE &&
	    (desc_eptp & EPTRTA_MASK) != (c->eptp & EPTRTA_MASK))
		return EPT_INVEPT_UNAFFECTED;
	switch (ept_compose__invalidate(c, ops)) {
	case EPT_COMPOSE_NO_ROOM:
		return EPT_INVEPT_NO_ROOM;
	case EPT_COMPOSE_STOPPED:
		return EPT_INVEPT_STOPPED;
	case EPT_COMPOSE_OK:
	case EPT_COMPOSE_TRUNCATED:
		break;
	}
	return EPT_INVEPT_DONE;
}
