/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/machine_lock.h: one vCPU thread at a time in L0.
 *
 * With --smp N every level-1 vCPU has a host thread (l0/run.c).  The
 * devices, the stats, the trace and the nested state are L0's and are
 * touched by whichever thread handles an event, so a thread holds the
 * machine lock whenever it runs L0 code.  It drops it only where it
 * waits: inside KVM_RUN (kvm vCPUs run in parallel, natively, with the
 * hardware's atomics), in HLT, in wait-for-SIPI and in L2's HLT.
 *
 * The tcg engine dispatches from inside the translator's run, so a tcg
 * vCPU holds the lock while it runs guest code: tcg vCPUs take turns, as
 * QEMU's single-threaded TCG does.  This keeps the guest's LOCK-prefixed
 * instructions atomic and its memory ordering sequential, which
 * libunicorn's translator does not do between two instances running at
 * once.  Turns are fair (tickets), and a thread that has waited a slice
 * kicks the holder, whose run then ends at its next translated block.
 *
 * With one vCPU there is no lock at all: every call returns at once.
 */
#ifndef L0__MACHINE_LOCK_H
#define L0__MACHINE_LOCK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* How long a waiter lets the holder run before it kicks it. */
#define MACHINE_LOCK__SLICE_NS 1000000ull

struct machine_lock {
	bool shared;			/* more than one vCPU thread */
	pthread_mutex_t mu;
	pthread_cond_t turn;
	uint64_t next_ticket, serving;
	pthread_t holder;
	bool held;
	uint64_t kicks;			/* holders kicked for a waiter */
};

/* nr_threads vCPU threads will share it; 0 on success. */
int machine_lock__init(struct machine_lock *l, unsigned nr_threads);
void machine_lock__release(struct machine_lock *l);
/* Wait for this thread's turn. */
void machine_lock__take(struct machine_lock *l);
void machine_lock__drop(struct machine_lock *l);
/* Let a waiting thread have its turn first, if there is one. */
void machine_lock__pass(struct machine_lock *l);

#endif /* L0__MACHINE_LOCK_H */
