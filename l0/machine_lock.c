/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/machine_lock.c: a fair (ticket) lock whose waiters kick a holder
 * that keeps it past a slice (machine_lock.h). */
#include <errno.h>
#include <signal.h>
#include <time.h>

#include "l0/clock.h"
#include "l0/engine/engine.h"
#include "l0/machine_lock.h"

int machine_lock__init(struct machine_lock *l, unsigned nr_threads)
{
	pthread_condattr_t attr;
	int rc;

	*l = (struct machine_lock){ .shared = nr_threads > 1 };
	if (!l->shared)
		return 0;
	if (pthread_mutex_init(&l->mu, NULL))
		return -1;
	/* Slices are measured on the clock every other deadline uses. */
	rc = pthread_condattr_init(&attr) || pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) ||
	     pthread_cond_init(&l->turn, &attr);
	pthread_condattr_destroy(&attr);
	if (rc) {
		pthread_mutex_destroy(&l->mu);
		l->shared = false;
		return -1;
	}
	return 0;
}

void machine_lock__release(struct machine_lock *l)
{
	if (!l->shared)
		return;
	pthread_cond_destroy(&l->turn);
	pthread_mutex_destroy(&l->mu);
	l->shared = false;
}

void machine_lock__take(struct machine_lock *l)
{
	uint64_t mine;

	if (!l->shared)
		return;
	pthread_mutex_lock(&l->mu);
	mine = l->next_ticket++;
	while (l->serving != mine) {
		uint64_t until = clock__ns(CLOCK_MONOTONIC) + MACHINE_LOCK__SLICE_NS;
		struct timespec ts = { (time_t)(until / 1000000000ull), (long)(until % 1000000000ull) };

		/* A tcg holder runs guest code until something stops it: after
		 * a slice, the kick does (its handler kicks the vcpu the
		 * holder's thread runs; a kvm holder's next KVM_RUN returns at
		 * once, harmlessly). */
		if (pthread_cond_timedwait(&l->turn, &l->mu, &ts) == ETIMEDOUT &&
		    l->serving != mine && l->held) {
			pthread_kill(l->holder, ENGINE__KICK_SIGNAL);
			l->kicks++;
		}
	}
	l->holder = pthread_self();
	l->held = true;
	pthread_mutex_unlock(&l->mu);
}

void machine_lock__drop(struct machine_lock *l)
{
	if (!l->shared)
		return;
	pthread_mutex_lock(&l->mu);
	l->held = false;
	l->serving++;
	pthread_cond_broadcast(&l->turn);
	pthread_mutex_unlock(&l->mu);
}

void machine_lock__pass(struct machine_lock *l)
{
	bool waited;

	if (!l->shared)
		return;
	pthread_mutex_lock(&l->mu);
	waited = l->next_ticket != l->serving + 1;
	pthread_mutex_unlock(&l->mu);
	if (waited) {
		machine_lock__drop(l);
		machine_lock__take(l);
	}
}
