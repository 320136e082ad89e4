/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/exit_counters.c: per-reason, per-route counts. */
#include "tests/tap.h"

#include "exit-forwarder/exit_counters.h"

static const struct {
	uint32_t reason;
	enum exit_route route;
	unsigned times;
} feed[] = {
	{ EXIT_REASON_IO_INSTRUCTION,	EXIT_ROUTE_L1,		5 },
	{ EXIT_REASON_IO_INSTRUCTION,	EXIT_ROUTE_L0,		2 },
	{ EXIT_REASON_IO_INSTRUCTION,	EXIT_ROUTE_L0_FOR_L1,	3 },
	{ EXIT_REASON_HLT,		EXIT_ROUTE_L1,		1 },
	{ EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_GUEST_STATE, EXIT_ROUTE_L1, 4 },
	{ EXIT_REASON_WRMSRLIST,	EXIT_ROUTE_L1,		1 },
	{ 200,				EXIT_ROUTE_L1,		7 },
	{ 0xffff,			EXIT_ROUTE_L0_FOR_L1,	1 },
	{ EXIT_REASON_HLT,		EXIT_ROUTE_COUNT,	9 },	/* dropped */
};

static const struct {
	const char *name;
	uint32_t reason;
	enum exit_route route;
	uint64_t want;
} checks[] = {
	{ "I/O reflected",			EXIT_REASON_IO_INSTRUCTION, EXIT_ROUTE_L1, 5 },
	{ "I/O absorbed for L0",		EXIT_REASON_IO_INSTRUCTION, EXIT_ROUTE_L0, 2 },
	{ "I/O absorbed for L1",		EXIT_REASON_IO_INSTRUCTION, EXIT_ROUTE_L0_FOR_L1, 3 },
	{ "HLT reflected",			EXIT_REASON_HLT, EXIT_ROUTE_L1, 1 },
	{ "HLT absorbed: none, bad route dropped", EXIT_REASON_HLT, EXIT_ROUTE_L0, 0 },
	{ "entry failure counted by basic reason", EXIT_REASON_INVALID_GUEST_STATE, EXIT_ROUTE_L1, 4 },
	{ "last listed reason has its own row",	EXIT_REASON_WRMSRLIST, EXIT_ROUTE_L1, 1 },
	{ "reasons above the list share OTHER",	EXIT_COUNTERS_OTHER, EXIT_ROUTE_L1, 7 },
	{ "0xffff in OTHER too",		0xffff, EXIT_ROUTE_L0_FOR_L1, 1 },
	{ "bad route reads 0",			EXIT_REASON_HLT, EXIT_ROUTE_COUNT, 0 },
};

int main(void)
{
	static struct exit_counters ctr;

	for (size_t i = 0; i < sizeof(feed) / sizeof(feed[0]); i++)
		for (unsigned k = 0; k < feed[i].times; k++)
			exit_counters__account(&ctr, feed[i].reason, feed[i].route);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		is_u64(exit_counters__get(&ctr, checks[i].reason, checks[i].route),
		       checks[i].want, "%s", checks[i].name);
	is_u64(exit_counters__total(&ctr, EXIT_ROUTE_L1), 5 + 1 + 4 + 1 + 7, "total reflected");
	is_u64(exit_counters__total(&ctr, EXIT_ROUTE_L0), 2, "total absorbed for L0");
	is_u64(exit_counters__total(&ctr, EXIT_ROUTE_L0_FOR_L1), 3 + 1, "total absorbed for L1");
	return done_testing();
}
