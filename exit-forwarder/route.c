/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/route.c: L0's own interest in an L2 exit, and the
 * decision that puts the two predicates in order (see route.h).
 */
#include <stddef.h>

#include "exit-forwarder/route.h"

static const char *const route_names[EXIT_ROUTE_COUNT] = {
#define X(name, str) [EXIT_ROUTE_##name] = str,
	EXIT_ROUTES(X)
#undef X
};

const char *exit_route__name(enum exit_route route)
{
	return (unsigned)route < EXIT_ROUTE_COUNT ? route_names[route] : NULL;
}

/* Which fact of L0's claims each reason: the l0 column of exit_reasons.def. */
enum l0_interest { L0_NONE, L0_PORT_OWNED, L0_OWN_INTR_WINDOW, L0_EPT_FIXABLE };

static enum l0_interest l0_interest(unsigned basic_reason)
{
	switch (basic_reason) {
#define X(num, name, host, l0) case num: return L0_##l0;
#include "exit-forwarder/exit_reasons.def"
#undef X
	}
	return L0_NONE;	/* a reason L0 does not know is not L0's */
}

bool exit_route__l0_wants_exit(const struct exit_event *ev,
			       const struct exit_l0_facts *facts)
{
	/* A failed VM entry of vmcs12 is always L1's to handle (SDM 27.8). */
	if (exit_event__entry_failure(ev))
		return false;
	/* L0's timer or kick: whichever reason it surfaced as. */
	if (facts->own_kick)
		return true;
	switch (l0_interest(exit_event__basic(ev))) {
	case L0_PORT_OWNED:
		return facts->port_owned;
	case L0_OWN_INTR_WINDOW:
		return facts->own_intr_window;
	case L0_EPT_FIXABLE:
		return facts->ept_fixable;
	case L0_NONE:
		break;
	}
	return false;
}

enum exit_route exit_route__decide(const struct exit_event *ev,
				   const struct exit_ctls *c,
				   const struct exit_l0_facts *facts,
				   const struct guest_mem *l1_mem)
{
	if (exit_route__l0_wants_exit(ev, facts))
		return EXIT_ROUTE_L0;
	if (exit_route__l1_wants_exit(ev, c, l1_mem))
		return EXIT_ROUTE_L1;
	return EXIT_ROUTE_L0_FOR_L1;
}
