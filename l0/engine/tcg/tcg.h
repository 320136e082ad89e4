/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg.h: the tcg engine, QEMU's binary translator through
 * libunicorn in L0's own thread.
 *
 * Guest RAM is the machine's own mapping (coherent with L2's KVM slots);
 * everything else is one MMIO range whose accesses become MMIO events.
 * IN/OUT and CPUID are unicorn hooks; RDMSR, WRMSR, MOV to CR0/CR4 and HLT
 * are L0's own versions of QEMU's helpers (tcg_helpers.c), so that an MSR L0 does not model
 * gets #GP as on hardware instead of QEMU's silent zero; an instruction
 * QEMU rejects (the VMX instructions) is an INSN event; exceptions are
 * delivered through the guest's IDT by L0 (deliver.h).
 */
#ifndef L0__ENGINE__TCG__TCG_H
#define L0__ENGINE__TCG__TCG_H

#include <signal.h>

#include <unicorn/unicorn.h>

#include "l0/engine/kvm/vcpu.h"
#include "l0/engine/tcg/qemu_cpu.h"

struct tcg_vcpu {
	uc_engine *uc;
	struct vcpu *v;
	struct qemu_cpu cpu;
	/* Set by the kick (a signal handler, or a device on this thread);
	 * the block hook stops the run at the next translated block. */
	volatile sig_atomic_t kicked;
	int act;			/* the dispatcher's answer that stopped us */
	bool halted;			/* HLT retired */
	bool in_io;			/* in an I/O hook: RIP is io_next_rip */
	bool io_active;			/* in an I/O hook, even after a RIP write */
	uint64_t io_next_rip;
	uint64_t unmapped;		/* the last address QEMU could not map */
	bool raise_pending;		/* deliver before the next instruction */
	bool io_fault;			/* ... raised by the IN/OUT in progress */
	unsigned raise_vector;
	bool raise_has_error;
	uint32_t raise_error;
	bool inject_pending;		/* an interrupt to deliver before running */
	bool inject_nmi;
	bool nmi_held;			/* ...an NMI, waiting for the IRET that
					 * ends NMI blocking */
	uint8_t inject_vector;
	bool want_window;		/* stop when interrupts are accepted */
	bool window_open;		/* ...and that is why the run stopped */
};

extern const struct engine_ops tcg_engine__ops;

/* A tcg vCPU over m's RAM, its events to m's dispatcher. */
int tcg__create(struct vcpu *v, struct machine *m, unsigned level, struct level_stats *stats,
		struct error *err);

/* The vCPU whose guest code runs on this thread now (tcg_helpers.c). */
extern _Thread_local struct tcg_vcpu *tcg__current;

/* tcg_helpers.c: whether QEMU keeps an MSR in its CPU state (EFER, the
 * SYSCALL and SYSENTER MSRs, segment bases, PAT, TSC...). */
bool tcg_msr__resident(uint32_t index);
/* QEMU's own helpers, for what L0 leaves to it. */
void tcg_msr__qemu_rdmsr(void *env);
void tcg_msr__qemu_wrmsr(void *env);

#endif /* L0__ENGINE__TCG__TCG_H */
