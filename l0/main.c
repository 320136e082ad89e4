/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/main.c: the turtle binary.  The only place that prints errors and
 * decides the exit status (see `turtle --help` and docs/cli.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l0/exit_status.h"
#include "l0/boot/boot_state.h"
#include "l0/engine/kvm/kvm.h"
#include "l0/engine/tcg/tcg.h"
#include "l0/platform/acpi.h"
#include "l0/platform/cpuid.h"
#include "l0/platform/irq.h"
#include "l0/platform/pc_devices.h"
#include "l0/nested/nested.h"
#include "l0/cli/options.h"
#include "l0/run.h"
#include "l0/cli/version.h"
#include "l0/engine/kvm/vm.h"

#define L1 1

_Static_assert(OPTIONS__SMP_MAX <= PLATFORM__MAX_CPUS, "--smp beyond the machine's APICs");

static int fail(const struct error *err)
{
	fprintf(stderr, "turtle: %s\n", err->msg);
	return TURTLE_STATUS_ERROR;
}

/* Level 1's CPUID table, built once: KVM's supported table adjusted for
 * level 1 (VMX), what L0's machine backs (cpuid__machine), and on tcg less
 * what the engine cannot execute.  The kvm engine hands it to KVM
 * (vcpu__set_cpuid), the tcg engine answers CPUID from it, and the VMX
 * capability MSRs follow it. */
static int l1_cpuid(struct machine *m, const struct kvm *kvm, struct error *err)
{
	m->cpuid[L1] = cpuid__build(kvm->cpuid, L1);
	if (!m->cpuid[L1])
		return error__set(err, "out of memory");
	cpuid__machine(m->cpuid[L1]);
	if (m->opts->engine == ENGINE_TCG)
		cpuid__restrict_tcg(m->cpuid[L1]);
	return 0;
}

/* Level 1's vCPU cpu: on kvm a vCPU of the VM, which holds all RAM in
 * slot 0, on tcg a unicorn instance over the same RAM. */
static int create_l1_vcpu(struct machine *m, struct vm *vm, struct vcpu *v, unsigned cpu,
			  struct error *err)
{
	struct level_stats *st = &m->stats.level[L1];

	if (m->opts->engine == ENGINE_TCG) {
		if (tcg__create(v, m, L1, st, err))
			return -1;
		v->id = cpu;
		return 0;
	}
	return vcpu__create(v, m, vm, cpu, st, err) || vcpu__set_cpuid(v, err) ||
	       vcpu__fetch_regs(v, err) ? -1 : 0;
}

/* Level 1: the VM (kvm), the vCPUs, each with L0's VT-x emulation, the
 * BSP in the Multiboot state and the others waiting for a SIPI
 * (l0/cpu_start.h).  KVM is opened either way: L2 runs on it. */
static int setup_l1(struct machine *m, struct kvm *kvm, struct vm *vm, struct vcpu *cpus,
		    struct nested *nested, const struct loader_boot *boot, struct error *err)
{
	struct level_stats *st = &m->stats.level[L1];
	struct cpu_state start;

	if (kvm__open(kvm, m->opts->kvm_device, err) || l1_cpuid(m, kvm, err))
		return -1;
	if (m->opts->engine == ENGINE_KVM &&
	    (vm__create(vm, kvm, L1, &st->ioctls.other, err) ||
	     vm__set_slot(vm, 0, m->ram_size, m->ram, 0, err) < 0 || vm__enable_user_msrs(vm, err)))
		return -1;
	for (unsigned i = 0; i < m->opts->smp; i++) {
		if (create_l1_vcpu(m, vm, &cpus[i], i, err) ||
		    nested__init(&nested[i], m, kvm, &cpus[i], err))
			return -1;
		m->platform.cpu[i].wait_sipi = i > 0;
	}
	boot_state__multiboot(&start, boot->entry, boot->info);
	cpus[0].ops->set_state(&cpus[0], &start);
	st->active = true;
	st->engine = cpus[0].ops->name;
	return 0;
}

/* Stats or trace could not be written: one line, and a guest's own exit
 * status becomes turtle's failure (a timeout, signal or crash keeps its
 * status, which says more). */
static void output_failed(struct machine *m, const struct error *err)
{
	fail(err);
	if (m->result.reason == STOP_DEBUG_EXIT)
		m->result.status = TURTLE_STATUS_ERROR;
}

/* Stats go out on every way the guest run ends, crash and signal included. */
static void write_stats(struct machine *m)
{
	const char *path = m->opts->stats;
	struct error err;
	json_t *doc;

	if (!path)
		return;
	m->stats.machine.vcpus = m->opts->smp;
	m->stats.machine.lock_kicks = m->lock.kicks;
	doc = stats__to_json(&m->stats, &m->devices, m->opts->image, &m->result);
	if (!doc) {
		fprintf(stderr, "turtle: stats: cannot build the JSON document\n");
	} else if (!strcmp(path, "-")) {
		stats__print_table(doc, stderr);
	} else if (stats__write_file(doc, path, &err)) {
		output_failed(m, &err);
	}
	json_decref(doc);
}

/* The interrupt controllers, timers and pc-testdev in the devices table,
 * and the ACPI tables in RAM (docs/platform.md), for --smp vCPUs. */
static int setup_platform(struct machine *m, struct error *err)
{
	enum dev_status st;

	irq__init(m, m->opts->smp);
	st = pc_devices__register(m);
	if (st != DEV_OK)
		return error__set(err, "devices: %s", devices__status_name(st));
	if (!acpi__build(m->ram, m->ram_size, m->platform.nr_cpus, m->platform.ioapic.id))
		return error__set(err, "ACPI tables do not fit below 1 MiB");
	return 0;
}

static int run(const struct options *o)
{
	struct machine m;
	struct kvm kvm = { .fd = -1 };
	struct vm vm = { .fd = -1 };
	struct vcpu cpus[OPTIONS__SMP_MAX];
	struct nested *nested = calloc(o->smp, sizeof(*nested));
	struct vcpu *last;
	struct loader_boot boot;
	enum dispatch_action act;
	struct error err;
	int status;

	memset(&m, 0, sizeof(m));
	for (unsigned i = 0; i < OPTIONS__SMP_MAX; i++)
		cpus[i] = (struct vcpu){ .fd = -1 };
	if (!nested) {
		fprintf(stderr, "turtle: out of memory\n");
		return TURTLE_STATUS_ERROR;
	}
	for (unsigned i = 0; i < o->smp; i++)
		nested[i].l2.fd = nested[i].l2_vm.fd = -1;
	/* The stop signals are blocked only once the guest is ready: before,
	 * they end turtle as any program (nothing to write yet), also in an
	 * open() that waits for the other end of a FIFO. */
	if (machine__init(&m, o, &err) || setup_platform(&m, &err) ||
	    machine__load(&m, &boot, &err) ||
	    setup_l1(&m, &kvm, &vm, cpus, nested, &boot, &err) || run__block_signals(&err)) {
		status = fail(&err);
		goto out;
	}
	act = run__machine(&m, cpus, o->smp, o->timeout_ns);
	last = m.last_vcpu ? m.last_vcpu : &cpus[0];
	if (m.serial)
		fflush(m.serial);
	if (act == DISPATCH_CRASH) {
		fprintf(stderr, "turtle: %s\n", m.result.message);
		vcpu__dump(last, stderr);
	} else if (m.result.reason == STOP_ERROR) {
		fprintf(stderr, "turtle: %s\n", m.result.message);
	}
	write_stats(&m);
	if (trace__close(&m.trace, &err))
		output_failed(&m, &err);
	status = m.result.status;
out:
	for (unsigned i = 0; i < o->smp; i++)
		nested__release(&nested[i]);
	free(nested);
	for (unsigned i = 0; i < OPTIONS__SMP_MAX; i++)
		vcpu__destroy(&cpus[i]);
	vm__destroy(&vm);
	kvm__close(&kvm);
	irq__release(&m);
	machine__release(&m);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	struct error err;
	int status;

	switch (options__parse(&o, argc, argv, &err)) {
	case OPTIONS__HELP:
		options__print_help(stdout, false);
		return 0;
	case OPTIONS__RUN_HELP:
		options__print_help(stdout, true);
		return 0;
	case OPTIONS__VERSION:
		printf("turtle %s\n", TURTLE_VERSION);
		return 0;
	case OPTIONS__RUN:
		status = run(&o);
		options__release(&o);
		return status;
	default:
		options__release(&o);
		return fail(&err);
	}
}
