/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/run.c: the run loop over "the current vcpu", and its supervision. */
#include <errno.h>
#include <stdatomic.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "l0/cpu_start.h"
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

/* The first thread whose loop ends ends the run: it keeps the result it
 * recorded, and the other vCPU threads are kicked so that they see
 * run_over.  Under the machine lock. */
static void end_run(struct machine *m, struct vcpu *cur, enum dispatch_action act)
{
	struct platform *p = &m->platform;

	if (atomic_exchange(&m->run_over, true))
		return;
	m->last_vcpu = cur;
	m->last_action = act;
	for (unsigned i = 0; i < p->nr_cpus; i++)
		if (p->cpu[i].has_thread && !pthread_equal(p->cpu[i].thread, pthread_self()))
			pthread_kill(p->cpu[i].thread, ENGINE__KICK_SIGNAL);
}

enum dispatch_action run__vcpu_loop(struct machine *m, struct vcpu *v)
{
	enum dispatch_action act = DISPATCH_CONTINUE;
	struct vcpu *cur = v;	/* the nested work switches this between levels */

	machine_lock__take(&m->lock);
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
		if (atomic_load(&m->run_over)) {
			act = DISPATCH_STOP;	/* another vCPU ended the run */
			break;
		}
		if (atomic_load(&m->stop_request) != STOP_NONE) {
			act = handle__kick(m);
			if (act != DISPATCH_CONTINUE)
				break;
		}
		/* INIT, SIPI, interrupts and timers for L1 (L2's are the
		 * nested code's). */
		if (cur->level == 1) {
			enum cpu_start start = cpu_start__before_run(m, cur);

			if (start == CPU_START_DEAD) {
				act = DISPATCH_CRASH;
				break;
			}
			if (start == CPU_START_WAITED)
				continue;
			irq__before_run(m, cur);
		}
		machine_lock__pass(&m->lock);
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
	end_run(m, cur, act);
	machine_lock__drop(&m->lock);
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
	pthread_t main, tid;
	bool started;
	_Atomic bool done;
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
	atomic_store(&t->done, true);
	pthread_kill(t->main, RUN__DONE_SIGNAL);
	return NULL;
}

/* Wait for a vCPU thread to end, a stop signal or the deadline.  True
 * when a thread ended by itself (and so ended the run); else the stop is
 * in m->stop_request (first request wins) and the caller kicks. */
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

/* Kick the vCPU threads until all have ended.  A loop sees a stop
 * requested before it picked its vcpu, and the first thread to end kicks
 * the others; the repetition covers a kick an engine takes and drops
 * inside one run (a window between its own check and the guest entry), so
 * a stop never depends on one signal landing well. */
static void stop_vcpu_threads(struct vcpu_thread *t, unsigned n)
{
	struct timespec ts = { 0, REKICK_NS };
	sigset_t done;

	sigemptyset(&done);
	sigaddset(&done, RUN__DONE_SIGNAL);
	for (;;) {
		unsigned running = 0;

		for (unsigned i = 0; i < n; i++)
			if (t[i].started && !atomic_load(&t[i].done)) {
				pthread_kill(t[i].tid, ENGINE__KICK_SIGNAL);
				running++;
			}
		if (!running)
			return;
		sigtimedwait(&done, NULL, &ts);
	}
}

enum dispatch_action run__machine(struct machine *m, struct vcpu *cpus, unsigned n,
				  uint64_t timeout_ns)
{
	struct vcpu_thread t[PLATFORM__MAX_CPUS] = { 0 };
	uint64_t start = clock__ns(CLOCK_MONOTONIC);
	int rc = 0;

	/* Every thread is known to the APIC bus before any runs: the BSP's
	 * first IPI may come at once. */
	machine_lock__take(&m->lock);
	for (unsigned i = 0; i < n && !rc; i++) {
		t[i] = (struct vcpu_thread){ .m = m, .v = &cpus[i], .main = pthread_self() };
		rc = pthread_create(&t[i].tid, NULL, vcpu_thread, &t[i]);
		if (!rc) {
			t[i].started = true;
			irq__set_thread(m, i, t[i].tid);
		}
	}
	if (rc) {
		machine__set_result(m, TURTLE_STATUS_ERROR, STOP_ERROR, "cannot start a vCPU thread: %s",
				    strerror(rc));
		atomic_store(&m->run_over, true);
	}
	machine_lock__drop(&m->lock);
	if (!rc)
		supervise(m, timeout_ns ? start + timeout_ns : 0);
	stop_vcpu_threads(t, n);
	for (unsigned i = 0; i < n; i++)
		if (t[i].started)
			pthread_join(t[i].tid, NULL);
	m->result.wall_ns = clock__ns(CLOCK_MONOTONIC) - start;
	return rc ? DISPATCH_STOP : m->last_action;
}
