/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/run.h: running a machine: the vCPU threads' loop and the main
 * thread's watch over them (signals, --timeout).
 *
 * Each level-1 vCPU has a host thread (--smp N: N threads); they take
 * turns in L0's code (l0/machine_lock.h).  The first loop to end ends the
 * run: it kicks the others, which end without a result of their own.
 *
 * The main thread blocks the stop signals (SIGHUP, SIGINT, SIGQUIT, SIGPIPE,
 * SIGTERM, those not inherited as ignored) and waits for them, for the timeout or for the vCPU thread to
 * finish.  To stop the guest it records a reason and sends ENGINE__KICK_SIGNAL
 * to the vCPU thread, whose handler kicks the current vcpu (the kvm engine
 * sets immediate_exit: KVM_RUN then returns EINTR, at once if the thread was
 * outside it, host-facts.md).  The loop also reads the request before each
 * run, so a stop that comes before the thread has a vcpu is not lost, and
 * the main thread repeats the kick every 10 ms until the threads end.
 */
#ifndef L0__RUN_H
#define L0__RUN_H

#include <signal.h>

#include "l0/dispatch.h"
#include "l0/machine.h"
#include "l0/engine/kvm/vcpu.h"

#define RUN__DONE_SIGNAL SIGUSR2

/* Block what the main thread waits for; call before creating any thread
 * (before it, a stop signal ends turtle as it ends any program).  A stop
 * signal inherited as ignored is left ignored. */
int run__block_signals(struct error *err);
/* Whether sig stops the guest (set by run__block_signals). */
bool run__stops_on(int sig);
/* Run the n level-1 vcpus, each on a host thread of its own, until the
 * guest exits, dies or is stopped; returns the final dispatch action of
 * the thread that ended the run, m->result says the rest. */
enum dispatch_action run__machine(struct machine *m, struct vcpu *cpus, unsigned n,
				  uint64_t timeout_ns);
/* On the vCPU thread (a device that finds its output gone): request a
 * stop and kick the vcpu being run, if any. */
void run__stop_self(struct machine *m, enum stop_reason reason, int signo);
/* The loop itself, on the calling thread (the vCPU thread). */
enum dispatch_action run__vcpu_loop(struct machine *m, struct vcpu *v);

#endif /* L0__RUN_H */
