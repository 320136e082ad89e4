/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/machine.h: everything one turtle run owns besides KVM objects.
 *
 * Guest RAM (one anonymous mapping from gpa 0), the devices table shared by
 * all levels, per-level stats, the trace and the options.  The KVM side
 * (struct vm, struct vcpu) refers to a machine; the machine knows no KVM,
 * so the exit dispatcher can be tested over a machine and a synthetic
 * kvm_run without /dev/kvm.
 */
#ifndef L0__MACHINE_H
#define L0__MACHINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ept-compose/guest_mem.h"
#include "l0/platform/devices.h"
#include "l0/error.h"
#include "l0/boot/loader.h"
#include "l0/engine/engine.h"
#include "l0/cli/options.h"
#include "l0/machine_lock.h"
#include "l0/platform/platform.h"
#include "l0/observe/stats.h"
#include "l0/observe/trace.h"

struct kvm_cpuid2;
struct nested;
struct vmx_caps;
struct vcpu;

struct machine {
	const struct options *opts;
	uint8_t *ram;
	uint64_t ram_size;
	struct guest_mem mem;		/* bounds-checked view of ram for the libraries */
	struct devices devices;
	struct platform platform;
	struct stats stats;
	struct trace trace;
	FILE *serial;			/* NULL with --serial none */
	bool quiet;
	bool explain_vmfail;		/* --explain-vmfail, resolved */
	bool warned_unclaimed;
	bool warned_insn;		/* an instruction the engine refused */
	/* Written by the main thread (signal, timeout), read by the vCPU threads. */
	_Atomic int stop_request;	/* enum stop_reason, STOP_NONE while running */
	_Atomic int stop_signo;
	/* Set by the vCPU thread whose run ended first (a debug exit, a
	 * crash, a stop): the others end too, without a result of their own. */
	_Atomic bool run_over;
	/* Held by a vCPU thread whenever it runs L0 code (machine_lock.h);
	 * everything below and above but the atomics is under it. */
	struct machine_lock lock;
	/* Each level's CPUID table (l0/platform/cpuid.h), read by engines that
	 * answer CPUID themselves; NULL where none was built. */
	struct kvm_cpuid2 *cpuid[3];
	/* L0's VT-x emulation for each level-1 vCPU (l0/nested/nested.h), by
	 * vCPU index, NULL when not set up; with it, the VMX capabilities L1
	 * reads in the MSRs (l0/platform/msr.c), the same for every vCPU. */
	struct nested *nested[PLATFORM__MAX_CPUS];
	const struct vmx_caps *vmx_caps;
	/* Set by the run loop (l0/run.c): a serial write found its reader
	 * gone (EPIPE); true when that ends the run. */
	bool (*serial_gone)(struct machine *m);
	/* The router the engines hand each event to (dispatch__event, set by
	 * the run loop): the engines never call it by name, so the handlers
	 * below it may create vcpus without an arrow back up. */
	enum dispatch_action (*dispatch)(struct machine *m, struct vcpu *v,
					 struct engine_event *ev);
	/* With DISPATCH_SWITCH: the vcpu (L1's or L2's) the loop runs next. */
	struct vcpu *next_vcpu;
	/* Written by the vCPU thread that ends the run, read after the
	 * threads are joined: how, and the vcpu it ran last (for a register
	 * dump). */
	struct run_result result;
	struct vcpu *last_vcpu;
	enum dispatch_action last_action;
};

/* RAM, devices, stats, serial and trace from the options. */
int machine__init(struct machine *m, const struct options *o, struct error *err);
/* Read IMAGE and the modules, load them, fill *boot. */
int machine__load(struct machine *m, struct loader_boot *boot, struct error *err);
void machine__release(struct machine *m);
/* Point m->mem at m->ram (l0/boot/guest_ram.c). */
void guest_ram__init(struct machine *m);

/* First request wins: a timeout racing a SIGINT reports one of them, fully. */
void machine__request_stop(struct machine *m, enum stop_reason reason, int signo);
/* Whether the run is ending: a stop was requested or a vCPU ended it. */
bool machine__stopping(struct machine *m);
/* Record how the run ended (vCPU thread); ignored once the run is over
 * (a vCPU thread that another's end stopped has nothing to add). */
void machine__set_result(struct machine *m, int status, enum stop_reason reason,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* L0__MACHINE_H */
