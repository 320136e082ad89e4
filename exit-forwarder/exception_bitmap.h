/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exception_bitmap.h: does an L2 exception exit to L1? */
#ifndef EXIT_FORWARDER__EXCEPTION_BITMAP_H
#define EXIT_FORWARDER__EXCEPTION_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "exit-forwarder/exit_ctls.h"

#define EXIT_VECTOR_PF 14

/* True when exception `vector` (with `error_code`, used for #PF only)
 * exits under L1's exception bitmap and page-fault mask/match. */
bool exception_bitmap__exits(const struct exit_ctls *c, unsigned vector,
			     uint32_t error_code);

/* The vectors for which at least one exception would exit: the bitmap,
 * with bit 14 replaced by whether some #PF error code can exit. */
uint32_t exception_bitmap__effective(const struct exit_ctls *c);

#endif /* EXIT_FORWARDER__EXCEPTION_BITMAP_H */
