/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/eptp.h: validation of the EPT pointer L1 puts in vmcs12. */
#ifndef EPT_COMPOSE__EPTP_H
#define EPT_COMPOSE__EPTP_H

#include <stdint.h>

#include "ept-compose/ept12_cfg.h"

enum eptp_check {
	EPTP_OK = 0,
#define X(name, sdm, msg) EPTP_BAD_##name,
#include "ept-compose/eptp_checks.def"
#undef X
	EPTP__COUNT
};

/* First failing check for @eptp, or EPTP_OK.  Used by the VM-entry checks
 * (failure: VM-entry failure, invalid control field) and by INVEPT
 * (failure: VMfail "invalid operand to INVEPT/INVVPID"). */
enum eptp_check eptp__check(const struct ept12_cfg *cfg, uint64_t eptp);

/* "MEMTYPE" etc., and a one-line explanation; NULL for out-of-range values. */
const char *eptp__name(enum eptp_check r);
const char *eptp__message(enum eptp_check r);
const char *eptp__sdm(enum eptp_check r);

/* Guest-physical address of the PML4 table (bits N-1:12). */
uint64_t eptp__root(const struct ept12_cfg *cfg, uint64_t eptp);

#endif /* EPT_COMPOSE__EPTP_H */
