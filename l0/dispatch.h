/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/dispatch.h: what L0 does about one engine event (the router).
 *
 * Separate from the engines and the run loop: it takes a neutral event
 * (l0/engine/engine.h) and issues no ioctl, so unit tests feed it synthetic
 * events without /dev/kvm.  It counts the event in the vcpu's level stats,
 * traces it, and returns what the engine and the loop should do next.
 */
#ifndef L0__DISPATCH_H
#define L0__DISPATCH_H

#include "l0/engine/engine.h"
#include "l0/exit_status.h"
#include "l0/machine.h"
#include "l0/engine/kvm/vcpu.h"

/* One engine event of v: counted, routed to its handler, traced. */
enum dispatch_action dispatch__event(struct machine *m, struct vcpu *v, struct engine_event *ev);

#endif /* L0__DISPATCH_H */
