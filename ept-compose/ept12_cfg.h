/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/ept12_cfg.h: what L0 tells the EPT12 code about L1's world.
 *
 * Every walk, check and composition takes this by pointer; nothing about L1 is
 * remembered anywhere else.  The capabilities here must match what L0
 * advertises in IA32_VMX_EPT_VPID_CAP, since L1 builds its tables from that.
 */
#ifndef EPT_COMPOSE__EPT12_CFG_H
#define EPT_COMPOSE__EPT12_CFG_H

#include <stdbool.h>

#include "ept-compose/ept_bits.h"
#include "ept-compose/guest_mem.h"

struct ept12_cfg {
	const struct guest_mem *mem;	/* L1 RAM: every EPT12 read goes here */
	unsigned pa_bits;		/* L1's physical-address width (MAXPHYADDR),
					 * 32..52 */
	bool page_1g;			/* EPT_VPID_CAP bit 17: 1-GByte pages */
};

/* The EPT part of IA32_VMX_EPT_VPID_CAP (SDM A.10) that the walker and
 * the composer implement, and so all L0 may advertise: 4-level walks, UC
 * and WB, 2-MByte and 1-GByte pages (page_1g turns the latter off). */
#define EPT12_CAP (EPT_CAP_WALK_4 | EPT_CAP_UC | EPT_CAP_WB | EPT_CAP_2M | EPT_CAP_1G)

/* Not configurable, because L0 cannot honour them (see docs/ept.md):
 * execute-only translations (EPT_VPID_CAP bit 0), accessed and dirty flags
 * (bit 21), mode-based execute control, EPT-violation #VE, 5-level EPT. */

#endif /* EPT_COMPOSE__EPT12_CFG_H */
