/* l0/dispatch.h: what L0 does about one KVM exit.
 *
 * Separate from the run loop: it takes the kvm_run the exit left behind
 * (registers in run->s.regs) and issues no ioctl, so unit tests feed it
 * synthetic exits without /dev/kvm.  It counts the exit in the vcpu's level
 * stats, traces it, and returns what the loop should do next.
 */
#ifndef L0__DISPATCH_H
#define L0__DISPATCH_H

#include <linux/kvm.h>

#include "l0/machine.h"
#include "l0/engine/kvm/vcpu.h"

enum dispatch_action {
	DISPATCH_CONTINUE,	/* re-enter the same vcpu */
	DISPATCH_STOP,		/* m->result says why: debug exit, timeout, signal */
	DISPATCH_CRASH,		/* the guest died: m->result, plus a register dump */
	DISPATCH_SWITCH,	/* level switch: run m->next_vcpu from now on */
};

enum dispatch_action dispatch__exit(struct machine *m, struct vcpu *v, struct kvm_run *run);

/* Single handlers, shared with the nested path (L2's passed-through I/O
 * reaches the same devices, counted in v's level). */
enum dispatch_action dispatch__io(struct machine *m, struct vcpu *v, struct kvm_run *run);
enum dispatch_action dispatch__mmio(struct machine *m, struct vcpu *v, struct kvm_run *run);
/* EINTR: a stop request ends the run, anything else re-enters. */
enum dispatch_action dispatch__intr(struct machine *m, struct vcpu *v, struct kvm_run *run);
/* An exit L0 has no handler for: crash with its name. */
enum dispatch_action dispatch__unhandled(struct machine *m, struct kvm_run *run);

/* The exit status of a guest that died without exiting. */
#define DISPATCH__CRASH_STATUS 123

#endif /* L0__DISPATCH_H */
