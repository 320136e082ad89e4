/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/cr_access.h: does an L2 control-register access exit to L1? */
#ifndef EXIT_FORWARDER__CR_ACCESS_H
#define EXIT_FORWARDER__CR_ACCESS_H

#include <stdbool.h>

#include "exit-forwarder/exit_ctls.h"
#include "exit-forwarder/exit_event.h"

/* True when the access in ev->cr exits under L1's CR masks, read shadows,
 * CR3-target values and CR3/CR8 exiting controls. */
bool cr_access__exits(const struct exit_ctls *c, const struct exit_event *ev);

#endif /* EXIT_FORWARDER__CR_ACCESS_H */
