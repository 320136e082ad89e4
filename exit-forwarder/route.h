/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/route.h: reflect or absorb one L2 exit.
 *
 * Order of questions (docs/routing.md):
 *   1. does L0 want it for itself?       -> EXIT_ROUTE_L0        (absorb)
 *   2. would L1's vmcs12 make it exit?   -> EXIT_ROUTE_L1        (reflect)
 *   3. otherwise L0 does what the CPU would have done for L2
 *      without exiting                   -> EXIT_ROUTE_L0_FOR_L1 (absorb)
 * Both predicates are pure: they read vmcs12 controls, L1's bitmaps
 * through guest_mem, and L0's facts, and change nothing.
 */
#ifndef EXIT_FORWARDER__ROUTE_H
#define EXIT_FORWARDER__ROUTE_H

#include <stdbool.h>

#include "ept-compose/guest_mem.h"
#include "exit-forwarder/exit_ctls.h"
#include "exit-forwarder/exit_event.h"

/* X(NAME, "stats name") */
#define EXIT_ROUTES(X)					\
	X(L0,		"absorbed")			\
	X(L1,		"reflected")			\
	X(L0_FOR_L1,	"absorbed_for_l1")

enum exit_route {
#define X(name, str) EXIT_ROUTE_##name,
	EXIT_ROUTES(X)
#undef X
	EXIT_ROUTE_COUNT
};

/* L0's own interest: its kicks, its interrupt windows, lazy EPT faults,
 * ports it owns.  Never true for a VM-entry failure. */
bool exit_route__l0_wants_exit(const struct exit_event *ev,
			       const struct exit_l0_facts *facts);

/* Would this exit happen on hardware running L2 under L1's vmcs12?
 * Unconditional exits and reasons this library does not know: true. */
bool exit_route__l1_wants_exit(const struct exit_event *ev,
			       const struct exit_ctls *c,
			       const struct guest_mem *l1_mem);

/* The two predicates in order. */
enum exit_route exit_route__decide(const struct exit_event *ev,
				   const struct exit_ctls *c,
				   const struct exit_l0_facts *facts,
				   const struct guest_mem *l1_mem);

/* "absorbed", "reflected", "absorbed_for_l1"; NULL when out of range. */
const char *exit_route__name(enum exit_route route);

#endif /* EXIT_FORWARDER__ROUTE_H */
