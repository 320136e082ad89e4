/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_counters.c: per-reason, per-route exit counts. */
#include "exit-forwarder/exit_counters.h"

static unsigned row(uint32_t reason)
{
	unsigned basic = reason & 0xffffu;

	return basic > EXIT_REASON_MAX ? EXIT_COUNTERS_OTHER : basic;
}

void exit_counters__account(struct exit_counters *ctr, uint32_t reason,
			    enum exit_route route)
{
	/* A route outside the enum is a caller bug; dropping it keeps the
	 * array in bounds without inventing a bucket. */
	if ((unsigned)route >= EXIT_ROUTE_COUNT)
		return;
	ctr->n[row(reason)][route]++;
}

uint64_t exit_counters__get(const struct exit_counters *ctr, uint32_t reason,
			    enum exit_route route)
{
	if ((unsigned)route >= EXIT_ROUTE_COUNT)
		return 0;
	return ctr->n[row(reason)][route];
}

uint64_t exit_counters__total(const struct exit_counters *ctr, enum exit_route route)
{
	uint64_t sum = 0;

	if ((unsigned)route >= EXIT_ROUTE_COUNT)
		return 0;
	for (unsigned r = 0; r <= EXIT_COUNTERS_OTHER; r++)
		sum += ctr->n[r][route];
	return sum;
}
