/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/eptp.h: validation of the EPT pointer L1 puts in vmcs12. */
#ifndef EPT_COMPOSE__EPTP_H
#define EPT_COMPOSE__EPTP_H

#include <stdint.h>

#include "ept-compose/ept12_cfg.h"

enum eptp_check {
	EPTP_OK = 0,
#define EPTP_CHECK(name, entry_check, cond) EPTP_BAD_##name,
#include "ept-compose/eptp_checks.def"
#undef EPTP_CHECK
	EPTP__COUNT
};

/* First failing rule of eptp_checks.def for @eptp, or EPTP_OK, against
 * the capability MSR IA32_VMX_EPT_VPID_CAP and the physical-address width.
 * The VM-entry checks (failure: VMfailValid, invalid control field) give
 * the vmcs12's capability values; INVEPT (failure: VMfail "invalid operand
 * to INVEPT/INVVPID") the ones L0 advertises. */
enum eptp_check eptp__check_cap(uint64_t ept_vpid_cap, unsigned pa_bits, uint64_t eptp);
/* The same against EPT12_CAP, what the walker and composer implement. */
enum eptp_check eptp__check(const struct ept12_cfg *cfg, uint64_t eptp);

/* "MEMTYPE" etc., and what must hold; NULL for out-of-range values. */
const char *eptp__name(enum eptp_check r);
const char *eptp__message(enum eptp_check r);

/* Guest-physical address of the PML4 table (bits N-1:12). */
uint64_t eptp__root(const struct ept12_cfg *cfg, uint64_t eptp);

#endif /* EPT_COMPOSE__EPTP_H */
