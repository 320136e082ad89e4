/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/irq.c: the machine's interrupt wiring (irq.h): lines to the
 * 8259 pair and the I/O APIC, the APIC bus between local APICs, timers on
 * the host clock, delivery into the engines, HLT. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

#include "l0/engine/kvm/vcpu.h"
#include "l0/machine.h"
#include "l0/observe/guest_time.h"
#include "l0/platform/irq.h"

#define RFLAGS_IF	(1ull << 9)
#define NMI_VECTOR	2
#define TSC_CALIBRATE_NS 10000000ull

static _Thread_local unsigned this_cpu;
static _Thread_local struct vcpu *this_vcpu;	/* the level-1 vcpu of this thread */

uint64_t irq__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

unsigned irq__this_cpu(void)
{
	return this_cpu;
}

static struct machine *machine_of(void *opaque)
{
	return opaque;
}

/* ISA IRQ 0 is I/O APIC pin 2 (the MADT says so); the others map 1:1. */
static unsigned ioapic_pin(unsigned line)
{
	return line == 0 ? 2 : line;
}

static void deliver_to(struct machine *m, unsigned cpu, uint32_t icr)
{
	struct lapic *l = &m->platform.lapic[cpu];
	uint8_t vec = (uint8_t)LAPIC__VECTOR(icr);

	switch (LAPIC__DM(icr)) {
	case LAPIC__DM_FIXED:
	case LAPIC__DM_LOWEST:
		lapic__accept(l, vec, icr & LAPIC__TRIGGER_LEVEL);
		break;
	case LAPIC__DM_NMI:
		l->nmi = true;
		break;
	case LAPIC__DM_INIT:
		/* INIT level de-assert (SDM 11.6.1) is a no-op on this APIC. */
		if ((icr & LAPIC__TRIGGER_LEVEL) && !(icr & LAPIC__LEVEL_ASSERT))
			return;
		l->init = true;
		break;
	case LAPIC__DM_SIPI:
		l->sipi = vec;
		break;
	default:
		return;		/* SMI, ExtINT by message: nothing to deliver */
	}
	irq__kick(m, cpu);
}

/* One IPI or I/O APIC message to its destinations (SDM 11.6.2). */
static void route(struct machine *m, const struct lapic *from, uint32_t icr, uint32_t dest)
{
	struct platform *p = &m->platform;
	bool logical = icr & LAPIC__DEST_LOGICAL;
	unsigned sh = LAPIC__SHORTHAND(icr), best = IRQ__MAX_CPUS;

	for (unsigned i = 0; i < p->nr_cpus; i++) {
		const struct lapic *l = &p->lapic[i];
		bool to;

		switch (sh) {
		case 1:	to = l == from; break;			/* self */
		case 2:	to = true; break;			/* all including self */
		case 3:	to = l != from; break;			/* all excluding self */
		default: to = lapic__match(l, dest, logical); break;
		}
		if (!to)
			continue;
		if (LAPIC__DM(icr) == LAPIC__DM_LOWEST && sh == 0) {
			/* Lowest priority: the target with the lowest PPR. */
			if (best == IRQ__MAX_CPUS || lapic__ppr(l) < lapic__ppr(&p->lapic[best]))
				best = i;
			continue;
		}
		deliver_to(m, i, icr);
	}
	if (best != IRQ__MAX_CPUS)
		deliver_to(m, best, icr);
}

static void bus_ipi(void *opaque, struct lapic *from, uint32_t icr, uint32_t dest)
{
	route(machine_of(opaque), from, icr, dest);
}

static void bus_level_eoi(void *opaque, uint8_t vector)
{
	ioapic__eoi(&machine_of(opaque)->platform.ioapic, vector);
}

/* The TSC the guest reads is the host's on both engines: this host's KVM
 * gives the guest no offset (measured), the tcg engine gives QEMU the
 * host's (tcg_helpers.c).  A guest that writes IA32_TSC is not followed
 * (KVM here ignores the write anyway, host-facts.md). */
static uint64_t bus_tsc(void *opaque)
{
	return __rdtsc();
}

/* The host TSC's rate against CLOCK_MONOTONIC: from the machine's
 * creation to the first use (a guest arms TSC-deadline mode well after
 * that, so the measurement costs it nothing; it waits only to span
 * TSC_CALIBRATE_NS). */
static uint64_t bus_tsc_khz(void *opaque)
{
	struct platform *p = &machine_of(opaque)->platform;

	if (!p->tsc_khz) {
		uint64_t t1, c1;

		do
			t1 = irq__now_ns();
		while (t1 - p->tsc_ref_ns < TSC_CALIBRATE_NS);
		c1 = __rdtsc();
		p->tsc_khz = (c1 - p->tsc_ref) * 1000000ull / (t1 - p->tsc_ref_ns);
		if (!p->tsc_khz)
			p->tsc_khz = 1;
	}
	return p->tsc_khz;
}

static void ioapic_deliver(void *opaque, uint32_t icr, uint32_t dest)
{
	route(machine_of(opaque), NULL, icr, dest);
}

void irq__init(struct machine *m, unsigned nr_cpus)
{
	struct platform *p = &m->platform;
	uint64_t now = irq__now_ns();

	p->nr_cpus = nr_cpus;
	p->tsc_ref_ns = now;
	p->tsc_ref = __rdtsc();
	p->lapic_bus = (struct lapic_bus){ m, bus_ipi, bus_level_eoi, bus_tsc, bus_tsc_khz };
	p->ioapic_bus = (struct ioapic_bus){ m, ioapic_deliver };
	for (unsigned i = 0; i < nr_cpus; i++)
		lapic__reset(&p->lapic[i], i, i == 0, &p->lapic_bus);
	/* The I/O APIC's ID follows the local APICs' (MADT). */
	ioapic__reset(&p->ioapic, (uint8_t)nr_cpus, &p->ioapic_bus);
	pic__reset(&p->pic);
	pit__reset(&p->pit);
	pm__reset(&p->pm, now);
}

void irq__release(struct machine *m)
{
	struct platform *p = &m->platform;

	for (unsigned i = 0; i < p->nr_cpus; i++)
		if (p->cpu[i].host_timer_ok)
			timer_delete(p->cpu[i].host_timer);
}

/* The 8259's INTR reaches the BSP through LINT0 (virtual wire). */
static bool pic_reaches(const struct machine *m, unsigned cpu)
{
	return cpu == 0 && lapic__extint(&m->platform.lapic[0]) && pic__intr(&m->platform.pic);
}

int irq__pending_vector(struct machine *m, unsigned cpu)
{
	int v = lapic__pending(&m->platform.lapic[cpu]);

	if (v >= 0)
		return v;
	if (pic_reaches(m, cpu)) {
		struct pic peek = m->platform.pic;

		return pic__ack(&peek);
	}
	return IRQ__NONE;
}

int irq__ack(struct machine *m, unsigned cpu)
{
	struct lapic *l = &m->platform.lapic[cpu];
	int v;

	if (lapic__pending(l) >= 0)
		return lapic__ack(l);
	if (pic_reaches(m, cpu)) {
		v = pic__ack(&m->platform.pic);
		irq__run_timers(m);	/* the PIT's next kept tick, if any */
		return v;
	}
	return lapic__ack(l);	/* vanished: the spurious vector */
}

bool irq__nmi_pending(struct machine *m, unsigned cpu)
{
	return m->platform.lapic[cpu].nmi;
}

void irq__nmi_taken(struct machine *m, unsigned cpu)
{
	m->platform.lapic[cpu].nmi = false;
}

bool irq__take_init(struct machine *m, unsigned cpu)
{
	bool init = m->platform.lapic[cpu].init;

	m->platform.lapic[cpu].init = false;
	return init;
}

int irq__take_sipi(struct machine *m, unsigned cpu)
{
	int v = m->platform.lapic[cpu].sipi;

	m->platform.lapic[cpu].sipi = -1;
	return v;
}

void irq__set_line(struct machine *m, unsigned line, bool high)
{
	struct platform *p = &m->platform;

	if (line < 16)
		pic__set_irq(&p->pic, line, high);
	ioapic__set_pin(&p->ioapic, ioapic_pin(line), high);
	if (pic_reaches(m, 0))
		irq__kick(m, 0);
}

/* Whether the PIC listens to line: its mask, the cascade's, and the
 * BSP's LINT0. */
static bool pic_listens(const struct platform *p, unsigned line)
{
	const struct pic_chip *c = &p->pic.chip[line >> 3];

	if (line >= 16 || !lapic__extint(&p->lapic[0]) || (c->imr & (1u << (line & 7))))
		return false;
	return line < 8 || !(p->pic.chip[0].imr & (1u << PIC__CASCADE_IRQ));
}

/* Whether an edge on the I/O APIC's pin would land on an IRR bit that is
 * still set (the previous one not yet taken). */
static bool ioapic_busy(const struct platform *p, unsigned pin)
{
	uint64_t rte = p->ioapic.rte[pin];
	uint8_t vec = (uint8_t)rte;

	for (unsigned i = 0; i < p->nr_cpus; i++) {
		const struct lapic *l = &p->lapic[i];

		if (lapic__match(l, (uint32_t)(rte >> 56), rte & LAPIC__DEST_LOGICAL) &&
		    (l->reg[(LAPIC_IRR0 >> 4) + vec / 32] & (1u << (vec % 32))))
			return true;
	}
	return false;
}

bool irq__pulse(struct machine *m, unsigned line)
{
	struct platform *p = &m->platform;
	unsigned pin = ioapic_pin(line);
	bool pic = pic_listens(p, line), io = !ioapic__masked(&p->ioapic, pin);

	if ((pic && pic__irr(&p->pic, line)) || (io && ioapic_busy(p, pin)))
		return false;
	irq__set_line(m, line, true);
	irq__set_line(m, line, false);
	return true;
}

uint64_t irq__run_timers(struct machine *m)
{
	struct platform *p = &m->platform;
	uint64_t now = irq__now_ns(), next = pit__poll(&p->pit, now);

	while (p->pit.backlog && irq__pulse(m, 0))
		p->pit.backlog--;
	for (unsigned i = 0; i < p->nr_cpus; i++) {
		uint64_t t = lapic__timer_poll(&p->lapic[i], now);

		if (t && (!next || t < next))
			next = t;
	}
	return next;
}

static bool has_work(struct machine *m, unsigned cpu, bool if_set)
{
	const struct lapic *l = &m->platform.lapic[cpu];

	return l->nmi || l->init || l->sipi >= 0 || (if_set && irq__pending_vector(m, cpu) >= 0);
}

void irq__kick(struct machine *m, unsigned cpu)
{
	struct irq_cpu *c = &m->platform.cpu[cpu];

	if (c->has_thread && !pthread_equal(c->thread, pthread_self()))
		pthread_kill(c->thread, ENGINE__KICK_SIGNAL);
	else if (this_vcpu && guest_time__inside())
		this_vcpu->ops->kick(this_vcpu);	/* a tcg hook: stop soon */
}

/* The host timer that kicks this thread at the next deadline. */
static void arm_host_timer(struct irq_cpu *c, uint64_t deadline)
{
	struct itimerspec it = { { 0, 0 }, { (time_t)(deadline / 1000000000ull),
					     (long)(deadline % 1000000000ull) } };

	if (deadline == c->armed_ns)
		return;
	if (!c->host_timer_ok) {
		struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID,
					.sigev_signo = ENGINE__KICK_SIGNAL };

		sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
		if (timer_create(CLOCK_MONOTONIC, &sev, &c->host_timer))
			return;
		c->host_timer_ok = true;
	}
	c->armed_ns = deadline;
	timer_settime(c->host_timer, TIMER_ABSTIME, &it, NULL);
}

void irq__update(struct machine *m)
{
	uint64_t next = irq__run_timers(m);

	/* A timer the guest just programmed: the host timer follows (on
	 * tcg the run goes on after the access, with no loop in between). */
	if (m->platform.cpu[this_cpu].has_thread)
		arm_host_timer(&m->platform.cpu[this_cpu], next);
	for (unsigned i = 0; i < m->platform.nr_cpus; i++)
		if (has_work(m, i, true))
			irq__kick(m, i);
}

void irq__set_thread(struct machine *m, unsigned cpu, pthread_t thread)
{
	m->platform.cpu[cpu].thread = thread;
	m->platform.cpu[cpu].has_thread = true;
}

static void enter_thread(struct machine *m, unsigned cpu)
{
	struct irq_cpu *c = &m->platform.cpu[cpu];

	this_cpu = cpu;
	if (!c->has_thread) {
		c->thread = pthread_self();
		c->has_thread = true;
	}
}

void irq__before_run(struct machine *m, struct vcpu *v)
{
	unsigned cpu = v->id < m->platform.nr_cpus ? v->id : 0;
	struct lapic *l = &m->platform.lapic[cpu];
	uint64_t next;

	enter_thread(m, cpu);
	this_vcpu = v;
	next = irq__run_timers(m);
	if (l->nmi) {
		l->nmi = false;
		v->ops->inject(v, ENGINE_INJECT_NMI, NMI_VECTOR);
	} else if (irq__pending_vector(m, cpu) >= 0) {
		if (v->ops->irq_ready(v)) {
			v->ops->inject(v, ENGINE_INJECT_EXTINT, (uint8_t)irq__ack(m, cpu));
			v->ops->irq_window(v, false);
		} else {
			v->ops->irq_window(v, true);
		}
	} else {
		v->ops->irq_window(v, false);
	}
	arm_host_timer(&m->platform.cpu[cpu], next);
}

uint64_t irq__tick(struct machine *m, unsigned cpu)
{
	uint64_t next;

	enter_thread(m, cpu);
	next = irq__run_timers(m);
	arm_host_timer(&m->platform.cpu[cpu], next);
	return next;
}

/* What ends a wait: a stop, or work for the vCPU (for a vCPU waiting for
 * a SIPI, only INIT and SIPI: SDM vol. 3A, wait-for-SIPI blocks NMI and
 * external interrupts). */
static bool woken(struct machine *m, unsigned cpu, bool sipi_only, bool if_set)
{
	const struct lapic *l = &m->platform.lapic[cpu];

	if (machine__stopping(m))
		return true;
	return sipi_only ? l->init || l->sipi >= 0 : has_work(m, cpu, if_set);
}

/* Whether every other vCPU waits for what only another vCPU could do,
 * with nothing come for it meanwhile (an IPI sent just before its thread
 * woke up counts as work). */
static bool others_stuck(struct machine *m, unsigned cpu)
{
	for (unsigned i = 0; i < m->platform.nr_cpus; i++) {
		const struct irq_cpu_wait *w = &m->platform.cpu[i].wait;

		if (i != cpu && (!w->stuck || woken(m, i, w->sipi_only, w->if_set)))
			return false;
	}
	return true;
}

/* Sleep, without spinning and with the machine lock dropped, until
 * woken() or the next timer deadline (the timers are fired here, for
 * every vCPU).  False at once when nothing can ever wake it: nothing
 * pending, IF = 0 or no timer armed, and no other vCPU that could act
 * (every other one waits the same way). */
static bool wait_for_work(struct machine *m, unsigned cpu, bool sipi_only, bool if_set)
{
	struct irq_cpu_wait *c = &m->platform.cpu[cpu].wait;
	sigset_t kick, old;

	sigemptyset(&kick);
	sigaddset(&kick, ENGINE__KICK_SIGNAL);
	enter_thread(m, cpu);
	/* A kick signal that wakes the wait also kicks the engine, whose next
	 * run then ends at once: one extra KICK event per wake-up. */
	for (;;) {
		uint64_t next, now;
		struct timespec ts, *tp = NULL;
		bool stuck;

		pthread_sigmask(SIG_BLOCK, &kick, &old);
		next = irq__run_timers(m);
		if (woken(m, cpu, sipi_only, if_set)) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			break;
		}
		/* Waiting for a SIPI, or halted with IF = 0 or no timer: only
		 * another vCPU can wake it.  When every vCPU waits so, none
		 * ever will. */
		stuck = sipi_only || !if_set || !next;
		if (stuck && others_stuck(m, cpu)) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			return false;
		}
		now = irq__now_ns();
		if (next) {
			uint64_t left = next > now ? next - now : 0;

			ts = (struct timespec){ (time_t)(left / 1000000000ull),
						(long)(left % 1000000000ull) };
			tp = &ts;
		}
		/* The kick signal is let in only inside ppoll: one that came
		 * after the checks above ends the wait at once.  Another
		 * vCPU's IPI comes as that kick. */
		sigdelset(&old, ENGINE__KICK_SIGNAL);
		*c = (struct irq_cpu_wait){ stuck, sipi_only, if_set };
		machine_lock__drop(&m->lock);
		ppoll(NULL, 0, tp, &old);
		machine_lock__take(&m->lock);
		c->stuck = false;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	return true;
}

bool irq__halt(struct machine *m, struct vcpu *v)
{
	unsigned cpu = v->id < m->platform.nr_cpus ? v->id : 0;
	struct cpu_state c;

	if (!m->platform.nr_cpus)
		return false;	/* no interrupt controller at all (irq__init not run) */
	v->ops->get_state(v, &c);
	return wait_for_work(m, cpu, false, c.rflags & RFLAGS_IF);
}

bool irq__wait_sipi(struct machine *m, unsigned cpu)
{
	return wait_for_work(m, cpu, true, false);
}
