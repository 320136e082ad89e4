/* l0/run.c: the run loop over "the current vcpu", and its supervision. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "l0/run.h"

#define ERROR_STATUS 125

/* The vcpu the thread is about to run; the kick handler runs on that
 * thread, so a thread-local needs no locking. */
static _Thread_local struct vcpu *volatile current_vcpu;

static void kick_handler(int sig)
{
	struct vcpu *v = current_vcpu;

	if (v)
		v->ops->kick(v);
}

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int run__block_signals(struct error *err)
{
	struct sigaction sa = { .sa_handler = kick_handler };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, RUN__KICK_SIGNAL);
	sigaddset(&set, RUN__DONE_SIGNAL);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return error__set(err, "cannot block signals");
	sigemptyset(&sa.sa_mask);
	if (sigaction(RUN__KICK_SIGNAL, &sa, NULL))
		return error__set(err, "sigaction: %s", strerror(errno));
	return 0;
}

/* When the thread last left guest code, and whether a level switch
 * happened since: the engines call the two functions below around the
 * part of their run that is guest code (KVM_RUN, uc_emu_start), so that
 * L0's own time is what lies between. */
static _Thread_local uint64_t last_wall, last_cpu;
static _Thread_local bool switched;

void run__guest_enter(struct vcpu *v)
{
	struct level_stats *st = v->stats;
	uint64_t wall = now_ns(CLOCK_MONOTONIC), cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);

	st->time.l0_ns += wall - last_wall;
	st->time.l0_cpu_ns += cpu - last_cpu;
	if (switched) {
		/* L0's CPU time from one level's exit to the other's entry. */
		v->m->stats.nested.switches++;
		v->m->stats.nested.switch_cpu_ns += cpu - last_cpu;
		switched = false;
	}
	last_wall = wall;
}

void run__guest_exit(struct vcpu *v)
{
	uint64_t wall = now_ns(CLOCK_MONOTONIC);

	v->stats->time.guest_ns += wall - last_wall;
	last_wall = wall;
	last_cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);
}

enum dispatch_action run__vcpu_loop(struct machine *m, struct vcpu *v)
{
	enum dispatch_action act = DISPATCH_CONTINUE;
	struct vcpu *cur = v;	/* the nested work switches this between levels */

	last_wall = now_ns(CLOCK_MONOTONIC);
	last_cpu = now_ns(CLOCK_THREAD_CPUTIME_ID);
	switched = false;
	while (act == DISPATCH_CONTINUE) {
		current_vcpu = cur;
		/* The engine runs the guest and dispatches what stops it. */
		act = cur->ops->run(cur);
		if (act == DISPATCH_SWITCH) {
			/* A level switch: L1's VMLAUNCH/VMRESUME, or L2's exit
			 * reflected to L1.  The new vcpu has its registers. */
			cur = m->next_vcpu;
			act = DISPATCH_CONTINUE;
			switched = true;
		}
	}
	cur->stats->time.l0_ns += now_ns(CLOCK_MONOTONIC) - last_wall;
	cur->stats->time.l0_cpu_ns += now_ns(CLOCK_THREAD_CPUTIME_ID) - last_cpu;
	current_vcpu = NULL;
	return act;
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
	sigaddset(&kick, RUN__KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
	t->act = run__vcpu_loop(t->m, t->v);
	pthread_kill(t->main, RUN__DONE_SIGNAL);
	return NULL;
}

/* Wait for the vCPU thread, a signal or the deadline; 0 when the thread
 * ended by itself. */
static void supervise(struct machine *m, uint64_t deadline)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, RUN__DONE_SIGNAL);
	for (;;) {
		struct timespec ts;
		int sig;

		if (deadline) {
			uint64_t now = now_ns(CLOCK_MONOTONIC);
			uint64_t left = deadline > now ? deadline - now : 0;

			ts.tv_sec = left / 1000000000ull;
			ts.tv_nsec = left % 1000000000ull;
			sig = sigtimedwait(&set, NULL, &ts);
		} else {
			sig = sigwaitinfo(&set, NULL);
		}
		if (sig == RUN__DONE_SIGNAL)
			return;
		if (sig == SIGINT || sig == SIGTERM) {
			machine__request_stop(m, STOP_SIGNAL, sig);
			return;
		}
		if (sig < 0 && errno == EAGAIN) {
			machine__request_stop(m, STOP_TIMEOUT, 0);
			return;
		}
	}
}

enum dispatch_action run__machine(struct machine *m, struct vcpu *v, uint64_t timeout_ns)
{
	struct vcpu_thread t = { .m = m, .v = v, .main = pthread_self() };
	uint64_t start = now_ns(CLOCK_MONOTONIC);
	pthread_t tid;
	int rc;

	rc = pthread_create(&tid, NULL, vcpu_thread, &t);
	if (rc) {
		machine__set_result(m, ERROR_STATUS, STOP_ERROR, "cannot start the vCPU thread: %s",
				    strerror(rc));
		return DISPATCH_STOP;
	}
	supervise(m, timeout_ns ? start + timeout_ns : 0);
	if (atomic_load(&m->stop_request) != STOP_NONE)
		pthread_kill(tid, RUN__KICK_SIGNAL);
	pthread_join(tid, NULL);
	m->result.wall_ns = now_ns(CLOCK_MONOTONIC) - start;
	return t.act;
}
