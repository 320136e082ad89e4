/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/run.c: the run loop over "the current vcpu", and its supervision. */
#include <errno.h>
#include <stdatomic.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "l0/platform/irq.h"
#include "l0/clock.h"
#include "l0/exit_status.h"
#include "l0/handle.h"
#include "l0/observe/guest_time.h"
#include "l0/run.h"

/* How often the main thread repeats a kick until the vCPU thread ends. */
#define REKICK_NS 10000000ull

/* The vcpu the thread is about to run; the kick handler runs on that
 * thread, so a thread-local needs no locking. */
static _Thread_local struct vcpu *volatile current_vcpu;

static void kick_handler(int sig)
{
	struct vcpu *v = current_vcpu;

	if (v)
		v->ops->kick(v);
}

/* The signals that stop the guest: each ends the run with 128+signo.
 * One that turtle inherited as ignored (nohup's SIGHUP, SIGINT and
 * SIGQUIT of a shell's background job) stays ignored, as in any program:
 * stop_set holds the others, fixed by run__block_signals before the vCPU
 * thread exists and only read after. */
static const int stop_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM };
static sigset_t stop_set;

bool run__stops_on(int sig)
{
	return sigismember(&stop_set, sig) == 1;
}

int run__block_signals(struct error *err)
{
	struct sigaction sa = { .sa_handler = kick_handler }, old;
	sigset_t set;

	sigemptyset(&stop_set);
	for (unsigned i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		if (!sigaction(stop_signals[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaddset(&stop_set, stop_signals[i]);
	set = stop_set;
	sigaddset(&set, ENGINE__KICK_SIGNAL);
	sigaddset(&set, RUN__DONE_SIGNAL);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return error__set(err, "cannot block signals");
	sigemptyset(&sa.sa_mask);
	if (sigaction(ENGINE__KICK_SIGNAL, &sa, NULL))
		return error__set(err, "sigaction: %s", strerror(errno));
	return 0;
}

/* The guest wrote to a serial whose reader is gone (`turtle run ... |
 * head -1`): the run ends as SIGPIPE would end it, stats and trace
 * written; with SIGPIPE ignored it is a failed write like any other. */
static bool serial_gone(struct machine *m)
{
	if (!run__stops_on(SIGPIPE))
		return false;
	run__stop_self(m, STOP_SIGNAL, SIGPIPE);
	return true;
}

enum dispatch_action run__vcpu_loop(struct machine *m, struct vcpu *v)
{
	enum dispatch_action act = DISPATCH_CONTINUE;
	struct vcpu *cur = v;	/* the nested work switches this between levels */

	m->serial_gone = serial_gone;
	m->dispatch = dispatch__event;

	guest_time__start();
	while (act == DISPATCH_CONTINUE) {
		current_vcpu = cur;
		/* A stop requested before the store above kicked no vcpu, or
		 * the one of the other level: it is seen here.  One requested
		 * after it kicks cur, whose engine keeps the kick until its
		 * next run.  (The handler runs on this thread: a signal fence
		 * keeps the store before the load.) */
		atomic_signal_fence(memory_order_seq_cst);
		if (atomic_load(&m->stop_request) != STOP_NONE) {
			act = handle__kick(m);
			if (act != DISPATCH_CONTINUE)
				break;
		}
		/* Interrupts and timers for L1 (L2's are the nested code's). */
		if (cur->level == 1)
			irq__before_run(m, cur);
		/* The engine runs the guest and dispatches what stops it. */
		act = cur->ops->run(cur);
		if (act == DISPATCH_SWITCH) {
			/* A level switch: L1's VMLAUNCH/VMRESUME, or L2's exit
			 * reflected to L1.  The new vcpu has its registers. */
			cur = m->next_vcpu;
			act = DISPATCH_CONTINUE;
			guest_time__switched();
		}
	}
	guest_time__end(cur->stats);
	current_vcpu = NULL;
	return act;
}

void run__stop_self(struct machine *m, enum stop_reason reason, int signo)
{
	struct vcpu *v = current_vcpu;

	machine__request_stop(m, reason, signo);
	if (v)
		v->ops->kick(v);
}

struct vcpu_thread {
	struct machine *m;
	struct vcpu *v;
	pthread_t main;
	enum dispatch_action act;
};

static void *vcpu_thread(void *arg)
{
	struct vcpu_thread *t = arg;
	sigset_t kick;

	sigemptyset(&kick);
	sigaddset(&kick, ENGINE__KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
	t->act = run__vcpu_loop(t->m, t->v);
	pthread_kill(t->main, RUN__DONE_SIGNAL);
	return NULL;
}

/* Wait for the vCPU thread, a stop signal or the deadline.  True when the
 * thread ended by itself; else the stop is in m->stop_request (first
 * request wins) and the caller kicks. */
static bool supervise(struct machine *m, uint64_t deadline)
{
	sigset_t set = stop_set;

	sigaddset(&set, RUN__DONE_SIGNAL);
	for (;;) {
		struct timespec ts;
		int sig;

		if (deadline) {
			uint64_t now = clock__ns(CLOCK_MONOTONIC);
			uint64_t left = deadline > now ? deadline - now : 0;

			ts.tv_sec = left / 1000000000ull;
			ts.tv_nsec = left % 1000000000ull;
			sig = sigtimedwait(&set, NULL, &ts);
		} else {
			sig = sigwaitinfo(&set, NULL);
		}
		if (sig == RUN__DONE_SIGNAL)
			return true;
		if (sig > 0 && run__stops_on(sig)) {
			machine__request_stop(m, STOP_SIGNAL, sig);
			return false;
		}
		if (sig < 0 && errno == EAGAIN) {
			machine__request_stop(m, STOP_TIMEOUT, 0);
			return false;
		}
	}
}

/* Kick the vCPU thread until it ends.  The loop sees a stop requested
 * before it picked its vcpu; the repetition covers a kick an engine takes
 * and drops inside one run (a window between its own check and the guest
 * entry), so a stop never depends on one signal landing well. */
static void stop_vcpu_thread(pthread_t tid)
{
	struct timespec ts = { 0, REKICK_NS };
	sigset_t done;

	sigemptyset(&done);
	sigaddset(&done, RUN__DONE_SIGNAL);
	do
		pthread_kill(tid, ENGINE__KICK_SIGNAL);
	while (sigtimedwait(&done, NULL, &ts) != RUN__DONE_SIGNAL);
}

enum dispatch_action run__machine(struct machine *m, struct vcpu *v, uint64_t timeout_ns)
{
	struct vcpu_thread t = { .m = m, .v = v, .main = pthread_self() };
	uint64_t start = clock__ns(CLOCK_MONOTONIC);
	pthread_t tid;
	int rc;

	rc = pthread_create(&tid, NULL, vcpu_thread, &t);
	if (rc) {
		machine__set_result(m, TURTLE_STATUS_ERROR, STOP_ERROR, "cannot start the vCPU thread: %s",
				    strerror(rc));
		return DISPATCH_STOP;
	}
	if (!supervise(m, timeout_ns ? start + timeout_ns : 0))
		stop_vcpu_thread(tid);
	pthread_join(tid, NULL);
	m->result.wall_ns = clock__ns(CLOCK_MONOTONIC) - start;
	return t.act;
}
