/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/honour.h: what L1 asked of vmcs12 that L0 cannot deliver
 * on this host, so L0 can warn once (docs/vmx-coverage.md explains why).
 */
#ifndef EXIT_FORWARDER__HONOUR_H
#define EXIT_FORWARDER__HONOUR_H

#include <stdint.h>

#include "exit-forwarder/exit_ctls.h"

enum exit_wish {
#define X(name, reason, asked) EXIT_WISH_##name,
#include "exit-forwarder/honour.def"
#undef X
	EXIT_WISH_COUNT
};

#define EXIT_WISH_BIT(w) (1ull << (w))

/* Bitmask of EXIT_WISH_BIT()s: wishes L1 expressed in `c` whose exit reason
 * KVM absorbs or never produces here.  `seen_exceptions` are the vectors L0
 * can intercept itself (bit n for vector n); on a PVM host that is none. */
uint64_t honour__unmet(const struct exit_ctls *c, uint32_t seen_exceptions);

/* "CR0_MASK"; NULL when out of range. */
const char *honour__wish_name(enum exit_wish wish);
/* The basic exit reason the wish is about; ~0u when out of range. */
unsigned honour__wish_reason(enum exit_wish wish);

#endif /* EXIT_FORWARDER__HONOUR_H */
