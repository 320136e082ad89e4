/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_counters.h: how many L2 exits went which way, per
 * basic reason.  The caller owns the struct (zero it to start); L0's
 * stats writer reads it.
 */
#ifndef EXIT_FORWARDER__EXIT_COUNTERS_H
#define EXIT_FORWARDER__EXIT_COUNTERS_H

#include <stdint.h>

#include "exit-forwarder/exit_reasons.h"
#include "exit-forwarder/route.h"

/* Row for basic reasons above the list (future CPUs, L0 bugs). */
#define EXIT_COUNTERS_OTHER (EXIT_REASON_MAX + 1)

struct exit_counters {
	uint64_t n[EXIT_COUNTERS_OTHER + 1][EXIT_ROUTE_COUNT];
};

/* Count one decision.  `reason` is the full exit reason; bit 31 (entry
 * failure) is ignored since the basic reason already says which check. */
void exit_counters__account(struct exit_counters *ctr, uint32_t reason,
			    enum exit_route route);

/* Count for one basic reason (above EXIT_REASON_MAX: the OTHER row). */
uint64_t exit_counters__get(const struct exit_counters *ctr, uint32_t reason,
			    enum exit_route route);

/* Sum over all reasons for one route. */
uint64_t exit_counters__total(const struct exit_counters *ctr, enum exit_route route);

#endif /* EXIT_FORWARDER__EXIT_COUNTERS_H */
