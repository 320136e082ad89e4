/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/machine_lock.c: the machine lock (l0/machine_lock.h):
 * mutual exclusion and turns between real threads, the no-op with one
 * vCPU, and the kick a waiter sends a holder that keeps the lock. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#include "l0/engine/engine.h"
#include "l0/machine_lock.h"
#include "tests/tap.h"

#define THREADS	4
#define ROUNDS	20000

static struct machine_lock lock;
static volatile uint64_t counter;	/* deliberately not atomic */
static _Atomic unsigned kicked;
static _Atomic bool holder_may_go;

static void *adder(void *arg)
{
	for (unsigned i = 0; i < ROUNDS; i++) {
		machine_lock__take(&lock);
		uint64_t c = counter;	/* a read-modify-write a race would break */
		counter = c + 1;
		if (i % 64 == 0)
			machine_lock__pass(&lock);
		machine_lock__drop(&lock);
	}
	return NULL;
}

static void on_kick(int sig)
{
	atomic_fetch_add(&kicked, 1);
	atomic_store(&holder_may_go, true);
}

/* Holds the lock until kicked, as a tcg vCPU runs guest code until its
 * kick: the waiter must send it. */
static void *stubborn_holder(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, ENGINE__KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	machine_lock__take(&lock);
	*(volatile bool *)arg = true;
	while (!atomic_load(&holder_may_go))
		;
	machine_lock__drop(&lock);
	return NULL;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_kick };
	pthread_t t[THREADS];
	volatile bool holding = false;
	sigset_t set;

	ok(!machine_lock__init(&lock, 1) && !lock.shared, "one vCPU: no lock");
	machine_lock__take(&lock);
	machine_lock__take(&lock);	/* a no-op: would deadlock if it were not */
	machine_lock__drop(&lock);
	is_u64(lock.next_ticket, 0, "one vCPU: take twice, no ticket, no wait");

	ok(!machine_lock__init(&lock, THREADS) && lock.shared, "four vCPUs: a lock");
	for (unsigned i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, adder, NULL);
	for (unsigned i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	is_u64(counter, (uint64_t)THREADS * ROUNDS, "%u threads x %u unlocked increments add up",
	       THREADS, ROUNDS);
	is_u64(lock.serving, lock.next_ticket, "every ticket served");

	/* The main thread keeps the kick blocked; the holder takes it. */
	sigemptyset(&set);
	sigaddset(&set, ENGINE__KICK_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigemptyset(&sa.sa_mask);
	sigaction(ENGINE__KICK_SIGNAL, &sa, NULL);
	pthread_create(&t[0], NULL, stubborn_holder, (void *)&holding);
	while (!holding)
		;
	machine_lock__take(&lock);	/* returns only once the kick let it go */
	machine_lock__drop(&lock);
	pthread_join(t[0], NULL);
	ok(atomic_load(&kicked) >= 1, "a waiter kicks a holder past its slice (%u kicks)",
	   atomic_load(&kicked));
	ok(lock.kicks >= atomic_load(&kicked), "the lock counts the kicks it sent (%llu)",
	   (unsigned long long)lock.kicks);
	machine_lock__release(&lock);
	return done_testing();
}
