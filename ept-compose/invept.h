/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/invept.h: L1's INVEPT applied to a composition (SDM 31,
 * INVEPT; what it invalidates: SDM 29.4.3.1).
 */
#ifndef EPT_COMPOSE__INVEPT_H
#define EPT_COMPOSE__INVEPT_H

#include <stdint.h>

#include "ept-compose/compose.h"

/* The register operand; L0 advertises both (EPT_VPID_CAP bits 25, 26). */
enum ept_invept_type {
	EPT_INVEPT_SINGLE = 1,
	EPT_INVEPT_GLOBAL = 2,
};

enum ept_invept_result {
	EPT_INVEPT_DONE,	/* VMsucceed; ops say what to change */
	EPT_INVEPT_UNAFFECTED,	/* VMsucceed; another EPTP, nothing to do */
	EPT_INVEPT_BAD_TYPE,	/* VMfail(invalid operand to INVEPT/INVVPID) */
	EPT_INVEPT_BAD_EPTP,	/* same VMfail: single-context EPTP fails
				 * the VM-entry EPTP checks */
	EPT_INVEPT_NO_ROOM,	/* ops buffer too small: nothing changed */
	EPT_INVEPT_STOPPED,	/* the eager walk was stopped (limits' stop
				 * callback): nothing changed, L1's INVEPT is
				 * not done */
};

/* Check the operands of INVEPT (@type, and @desc_eptp, bits 63:0 of the
 * descriptor) without touching any context: L0 calls this once, then
 * ept_compose__invept for each context it keeps. */
enum ept_invept_result ept_invept__check(const struct ept12_cfg *cfg,
					 uint64_t type, uint64_t desc_eptp);

/* Apply INVEPT to @c: regions derived from its EPT12 are invalidated when
 * the type is global or the descriptor names its EPT12 root (EPTP bits
 * 51:12).  Lazy contexts drop them, eager ones recompose. */
enum ept_invept_result ept_compose__invept(struct ept_compose *c,
					   uint64_t type, uint64_t desc_eptp,
					   struct ept_ops *ops);

#endif /* EPT_COMPOSE__INVEPT_H */
