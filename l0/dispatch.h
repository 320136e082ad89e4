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

enum dispatch_action {
	DISPATCH_CONTINUE,	/* re-enter the same vcpu */
	DISPATCH_STOP,		/* m->result says why: debug exit, timeout, signal */
	DISPATCH_CRASH,		/* the guest died: m->result, plus a register dump */
	DISPATCH_SWITCH,	/* level switch: run m->next_vcpu from now on */
};

/* One engine event of v: counted, routed to its handler, traced. */
enum dispatch_action dispatch__event(struct machine *m, struct vcpu *v, struct engine_event *ev);

/* Single handlers, shared with the nested path (L2's passed-through I/O
 * reaches the same devices, counted in v's level). */
enum dispatch_action dispatch__io(struct machine *m, struct vcpu *v, struct engine_event *ev);
enum dispatch_action dispatch__mmio(struct machine *m, struct vcpu *v, struct engine_event *ev);
/* A kick: a stop request ends the run, anything else re-enters. */
enum dispatch_action dispatch__kick(struct machine *m);
/* An event L0 has no handler for: crash with its name. */
enum dispatch_action dispatch__fail(struct machine *m, struct vcpu *v,
				    const struct engine_event *ev);


#endif /* L0__DISPATCH_H */
