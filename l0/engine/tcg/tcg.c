/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg.c: the tcg engine's vCPU: its creation, its run and
 * its kick.  Its state is tcg_state.c's, its events tcg_events.c's. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "l0/machine.h"
#include "l0/engine/tcg/tcg_int.h"
#include "l0/machine.h"
#include "l0/observe/guest_time.h"

#define MMIO_END	(1ull << 36)	/* beyond RAM up to here: MMIO events */

static struct tcg_vcpu *tcg(struct vcpu *v)
{
	return v->tcg;
}

static int tcg_run(struct vcpu *v)
{
	struct tcg_vcpu *t = tcg(v);
	struct engine_event ev = { .native = -1 };
	uint64_t rip;
	uc_err err;

	t->act = DISPATCH_CONTINUE;
	t->halted = false;
	tcg__current = t;
	/* L0 delivers every exception (deliver.c, escalation included), so
	 * none is ever in flight for QEMU's own double-fault rule. */
	qemu_cpu__delivered(&t->cpu);
	t->window_open = false;
	if (t->raise_pending)
		tcg_events__deliver_pending(t);
	else if (t->inject_pending)
		tcg_events__deliver_irq(t);
	if (t->act != DISPATCH_CONTINUE)
		return t->act;
	if (!t->kicked) {
		uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
		guest_time__enter(v->stats, &v->m->stats.nested);
		err = uc_emu_start(t->uc, rip, UINT64_MAX, 0, 0);
		guest_time__exit(v->stats);

		if (t->act != DISPATCH_CONTINUE)
			return t->act;
		if (err == UC_ERR_READ_UNMAPPED || err == UC_ERR_WRITE_UNMAPPED ||
		    err == UC_ERR_FETCH_UNMAPPED)
			return tcg_events__unmapped(t, err);
		if (err != UC_ERR_OK && err != UC_ERR_INSN_INVALID) {
			ev.kind = ENGINE_EV_FAIL;
			ev.fail.what = uc_strerror(err);
			uc_reg_read(t->uc, UC_X86_REG_RIP, &ev.fail.code);
			return v->m->dispatch(v->m, v, &ev);
		}
	}
	if (t->kicked) {
		t->kicked = 0;
		ev.kind = ENGINE_EV_KICK;
	} else if (t->window_open) {
		ev.kind = ENGINE_EV_IRQ_WINDOW;
	} else if (t->halted) {
		ev.kind = ENGINE_EV_HLT;
	} else {
		/* Neither L0 nor HLT stopped it: QEMU refused the instruction at
		 * RIP (#UD).  Unicorn 2.0.1 says so with UC_ERR_INSN_INVALID the
		 * first times only, then returns UC_ERR_OK at the instruction
		 * (measured), so the stop itself is the sign. */
		return tcg_events__invalid_insn(t);
	}
	return v->m->dispatch(v->m, v, &ev);
}

static void tcg_kick(struct vcpu *v)
{
	struct tcg_vcpu *t = tcg(v);

	t->kicked = 1;
}

static void tcg_destroy(struct vcpu *v)
{
	struct tcg_vcpu *t = tcg(v);

	if (!t)
		return;
	if (t->uc)
		uc_close(t->uc);
	free(t);
	v->tcg = NULL;
}

/* The hooks complete an instruction in place (IN's data, RDMSR's value
 * are given before the hook returns): nothing is ever left pending. */
static unsigned tcg_cancel_pending(struct vcpu *v)
{
	return 0;
}

const struct engine_ops tcg_engine__ops = {
	.name = "tcg",
	.run = tcg_run,
	.get_state = tcg_state__get,
	.set_state = tcg_state__set,
	.raise = tcg_events__raise,
	.dr7 = tcg_state__dr7,
	.msrs = tcg_state__msrs,
	.cancel_pending = tcg_cancel_pending,
	.kick = tcg_kick,
	.irq_ready = tcg_events__irq_ready,
	.inject = tcg_events__inject,
	.irq_window = tcg_events__irq_window,
	.destroy = tcg_destroy,
};

/* QEMU's CPU state is found by running one RDMSR of EFER on it (tcg_helpers.c
 * notes the address), then its layout is checked (qemu_cpu.c). */
static int find_cpu(struct tcg_vcpu *t, uint8_t *ram, struct error *err)
{
	static const uint8_t stub[] = { 0xb9, 0x80, 0x00, 0x00, 0xc0, 0x0f, 0x32, 0xf4 };
	uint8_t saved[sizeof(stub)];

	memcpy(saved, ram, sizeof(saved));
	memcpy(ram, stub, sizeof(stub));
	tcg__current = t;
	uc_emu_start(t->uc, 0, UINT64_MAX, 0, 0);
	tcg__current = NULL;
	memcpy(ram, saved, sizeof(saved));
	uc_ctl_remove_cache(t->uc, 0, 4096);
	return qemu_cpu__probe(&t->cpu, t->uc, ram, err);
}

static int create(struct vcpu *v, struct machine *m, unsigned level, struct level_stats *stats,
		  struct error *err)
{
	struct tcg_vcpu *t = calloc(1, sizeof(*t));
	uc_hook h;
	uc_err e;

	memset(v, 0, sizeof(*v));
	v->fd = -1;
	v->engine = ENGINE_TCG;
	v->ops = &tcg_engine__ops;
	v->m = m;
	v->level = level;
	v->stats = stats;
	v->tcg = t;
	if (!t)
		return error__set(err, "out of memory");
	t->v = v;
	e = uc_open(UC_ARCH_X86, UC_MODE_64, &t->uc);
	if (e == UC_ERR_OK)
		e = uc_mem_map_ptr(t->uc, 0, m->ram_size, UC_PROT_ALL, m->ram);
	if (e == UC_ERR_OK)
		e = uc_mmio_map(t->uc, m->ram_size, MMIO_END - m->ram_size, tcg_events__mmio_read, t,
				tcg_events__mmio_write, t);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_INSN, (void *)tcg_events__in, t, 1, 0, UC_X86_INS_IN);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_INSN, (void *)tcg_events__out, t, 1, 0, UC_X86_INS_OUT);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_INSN, (void *)tcg_events__cpuid, t, 1, 0,
				UC_X86_INS_CPUID);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_MEM_UNMAPPED, (void *)tcg_events__unmapped_hook, t, 1, 0);
	if (e != UC_ERR_OK)
		return error__set(err, "tcg engine: %s", uc_strerror(e));
	if (find_cpu(t, m->ram, err))
		return -1;
	/* After the probe, which needs QEMU to report exceptions to it. */
	e = uc_hook_add(t->uc, &h, UC_HOOK_INTR, (void *)tcg_events__intr, t, 1, 0);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_BLOCK, (void *)tcg_events__block, t, 1, 0);
	if (e != UC_ERR_OK)
		return error__set(err, "tcg engine: %s", uc_strerror(e));
	return 0;
}

int tcg__create(struct vcpu *v, struct machine *m, unsigned level, struct level_stats *stats,
		struct error *err)
{
	sigset_t mask;
	int rc;

	/* libunicorn's start-up unblocks every signal of the calling thread
	 * (measured); L0's run depends on the mask run__block_signals set. */
	pthread_sigmask(SIG_SETMASK, NULL, &mask);
	rc = create(v, m, level, stats, err);
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	return rc;
}
