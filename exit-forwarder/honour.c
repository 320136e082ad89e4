/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/honour.c: the wishes of honour.def against the host
 * column of exit_reasons.def.
 */
#include <stdbool.h>
#include <stddef.h>

#include "exit-forwarder/exception_bitmap.h"
#include "exit-forwarder/exit_reasons.h"
#include "exit-forwarder/honour.h"

_Static_assert(EXIT_WISH_COUNT <= 64, "wishes must fit the uint64_t mask");

static const struct {
	const char *name;
	unsigned reason;
} wishes[EXIT_WISH_COUNT] = {
#define X(name, reason, asked) [EXIT_WISH_##name] = { #name, EXIT_REASON_##reason },
#include "exit-forwarder/honour.def"
#undef X
};

static bool host_cannot(unsigned reason)
{
	enum exit_reason_host h = exit_reason__host(reason);

	return h == HOST_ABSORBED || h == HOST_NEVER;
}

uint64_t honour__unmet(const struct exit_ctls *c, uint32_t seen)
{
	uint32_t proc2 = exit_ctls__proc2(c);
	uint64_t unmet = 0;

#define PIN(b)	 ((c->pin & (uint32_t)VMX_PIN_##b) != 0)
#define PROC(b)	 ((c->proc & (uint32_t)VMX_PROC_##b) != 0)
#define PROC2(b) ((proc2 & (uint32_t)VMX_PROC2_##b) != 0)
#define X(name, reason, asked)						\
	if ((asked) && host_cannot(EXIT_REASON_##reason))		\
		unmet |= EXIT_WISH_BIT(EXIT_WISH_##name);
#include "exit-forwarder/honour.def"
#undef X
#undef PROC2
#undef PROC
#undef PIN
	return unmet;
}

const char *honour__wish_name(enum exit_wish wish)
{
	return (unsigned)wish < EXIT_WISH_COUNT ? wishes[wish].name : NULL;
}

unsigned honour__wish_reason(enum exit_wish wish)
{
	return (unsigned)wish < EXIT_WISH_COUNT ? wishes[wish].reason : ~0u;
}
