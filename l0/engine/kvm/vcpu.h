/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/vcpu.h: one vCPU of one level, on its engine.
 *
 * Every vCPU has an engine (l0/engine/engine.h) and the engine's own state:
 * for kvm the vCPU fd and its kvm_run, whose sync regs (KVM_CAP_SYNC_REGS)
 * carry the registers on every exit so that no ioctl is spent on them; for
 * tcg a unicorn instance (l0/engine/tcg/tcg.h).  The nested work runs L1's
 * and L2's vcpus on the same host thread, switching between them; each
 * carries its level and a pointer to that level's stats.
 */
#ifndef L0__VCPU_H
#define L0__VCPU_H

#include <stdint.h>
#include <stdio.h>

#include <linux/kvm.h>

#include "l0/engine/engine.h"
#include "l0/engine/kvm/kvm_extra.h"
#include "l0/error.h"
#include "l0/observe/stats.h"
#include "l0/engine/kvm/vm.h"

#define VCPU__SYNC_REGS (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS | KVM_SYNC_X86_EVENTS)

struct machine;
struct tcg_vcpu;

struct vcpu {
	unsigned id;
	unsigned level;
	enum engine_kind engine;
	const struct engine_ops *ops;
	struct machine *m;		/* whose dispatcher gets the events */
	struct level_stats *stats;
	/* kvm */
	int fd;
	struct vm *vm;
	struct kvm_run *run;
	size_t run_size;
	bool stepping;			/* single-stepping for the interrupt window */
	bool step_if;			/* RFLAGS.IF and RIP at the last step */
	uint64_t step_rip;
	unsigned window_exits;		/* exits since the window was asked for */
	struct kvm_extra extra;		/* cpu_state outside sync regs */
	/* tcg */
	struct tcg_vcpu *tcg;
};

/* The kvm engine's operations (l0/engine/kvm/kvm_engine.c). */
extern const struct engine_ops kvm_engine__ops;

/* A KVM vCPU; its events go to m's dispatcher. */
int vcpu__create(struct vcpu *v, struct machine *m, struct vm *vm, unsigned id,
		 struct level_stats *stats, struct error *err);
/* Through the engine; safe on a vcpu never created. */
void vcpu__destroy(struct vcpu *v);
/* KVM's supported CPUID adjusted by cpuid__adjust for the vcpu's level. */
int vcpu__set_cpuid(struct vcpu *v, struct error *err);
/* Fetch the registers once, so that sync regs start complete. */
int vcpu__fetch_regs(struct vcpu *v, struct error *err);
/* Any engine's registers, one block on f. */
void vcpu__dump(struct vcpu *v, FILE *f);

#endif /* L0__VCPU_H */
