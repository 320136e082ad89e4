/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/handle.h: the handlers shared by the router and L2's exits (L2's
 * passed-through I/O reaches the same devices, counted in v's level). */
#ifndef L0__HANDLE_H
#define L0__HANDLE_H

#include "l0/engine/engine.h"
#include "l0/engine/kvm/vcpu.h"
#include "l0/exit_status.h"
#include "l0/machine.h"

enum dispatch_action handle__io(struct machine *m, struct vcpu *v, struct engine_event *ev);
enum dispatch_action handle__mmio(struct machine *m, struct vcpu *v, struct engine_event *ev);
/* A kick: a stop request ends the run, anything else re-enters. */
enum dispatch_action handle__kick(struct machine *m);
/* An event L0 has no handler for: crash with its name. */
enum dispatch_action handle__fail(struct machine *m, struct vcpu *v,
				  const struct engine_event *ev);
/* KVM gave up on an instruction: the guest dies, named with its bytes. */
enum dispatch_action handle__insn_failure(struct machine *m, struct vcpu *v,
					  const struct engine_event *ev);
/* " 0f 01 c1": an instruction event's bytes, for messages. */
void handle__insn_bytes(const struct engine_event *ev, char *out, size_t size);

#endif /* L0__HANDLE_H */
