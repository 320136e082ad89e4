/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_entry.c: VM entry (SDM ch. 27) for VMLAUNCH/VMRESUME, after
 * vmx__vmlaunch's own checks passed: the entry checks, guest-state loading
 * into L2's vcpu, EPT02, and the switch of the run loop to L2.  Also the
 * way back: vmcs12's host state into L1's vcpu (SDM 28.5). */
#include <errno.h>
#include <string.h>

#include "exit-forwarder/honour.h"
#include "l0/nested/nested_int.h"
#include "vmcs-merge/entry_check.h"

#define L2_LEVEL 2

/* L2's vcpu: CPUID without VMX, registers fetched so that sync regs
 * start complete. */
static int create_l2_vcpu(struct nested *n, struct error *err)
{
	struct level_stats *st = &n->m->stats.level[L2_LEVEL];

	return vcpu__create(&n->l2, n->m, &n->l2_vm, n->l2_vcpu_id, st, err) ||
	       vcpu__set_cpuid(&n->l2, err) || vcpu__fetch_regs(&n->l2, err) ? -1 : 0;
}

/* The MSRs L2's state keeps in KVM's vcpu and not in vmcs12 (SDM Vol. 4:
 * the SYSCALL MSRs, the swapped GS base, TSC_AUX). */
static const uint32_t kvm_kept_msrs[] = {
	0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, 0xc0000102, 0xc0000103,
};
#define NR_KEPT (sizeof(kvm_kept_msrs) / sizeof(kvm_kept_msrs[0]))

/* After a shutdown KVM made of a page walk or an event's delivery
 * (nested_exit.c), a new vcpu in L2's VM: the old one never runs again on
 * this host.  The entry then loads L2's state from vmcs12 into it, as
 * into the first; the MSRs that only KVM kept move over. */
static int renew_l2_vcpu(struct nested *n, struct error *err)
{
	struct msr_access msrs = n->l2.ops->msrs(&n->l2);
	uint64_t kept[NR_KEPT] = { 0 };
	bool have[NR_KEPT];

	for (unsigned i = 0; i < NR_KEPT; i++)
		have[i] = !msrs.read(msrs.opaque, kvm_kept_msrs[i], &kept[i]);
	vcpu__destroy(&n->l2);
	n->l2_vcpu_id++;
	n->l2_dead = false;
	if (create_l2_vcpu(n, err))
		return -1;
	msrs = n->l2.ops->msrs(&n->l2);
	for (unsigned i = 0; i < NR_KEPT; i++)
		if (have[i] && msrs.write(msrs.opaque, kvm_kept_msrs[i], kept[i]))
			return error__set(err, "MSR 0x%x to L2's new vCPU", kvm_kept_msrs[i]);
	return 0;
}

/* L2's VM and vcpu, once: user-space MSRs with every MSR denied. */
static int create_l2(struct nested *n, struct error *err)
{
	struct level_stats *st = &n->m->stats.level[L2_LEVEL];

	if (vm__create(&n->l2_vm, n->kvm, L2_LEVEL, &st->ioctls.other, err) ||
	    vm__deny_all_msrs(&n->l2_vm, err) || create_l2_vcpu(n, err))
		return -1;
	if (!n->tsc_khz)
		n->tsc_khz = nested_timer__tsc_khz(&n->l2);
	st->engine = n->l2.ops->name;
	if (nested_ept__init(n))
		return error__set(err, "no memory for EPT02's composition");
	nested_timer__start(n);
	st->active = true;
	n->l2_created = true;
	return 0;
}

/* Warn once per wish L1 sets that this host cannot deliver, all new ones in
 * one line (unconditional exits such as CPUID are "wishes" of every L1). */
static void honour(struct nested *n, const struct vmcs12 *v)
{
	struct exit_ctls c;
	uint64_t unmet, fresh;
	char list[512];
	size_t len = 0;

	exit_ctls__from_vmcs12(v, &c);
	unmet = honour__unmet(&c, 0);
	fresh = unmet & ~n->warned_wishes;
	n->warned_wishes |= unmet;
	list[0] = 0;
	for (unsigned w = 0; fresh && w < EXIT_WISH_COUNT; w++) {
		if (!(fresh & EXIT_WISH_BIT(w)))
			continue;
		n->stats->unmet_wishes++;
		if (len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s (reason %u)",
						len ? ", " : "", honour__wish_name(w),
						honour__wish_reason(w));
	}
	if (list[0] && !n->m->quiet)
		fprintf(stderr, "turtle: warning: KVM keeps these L2 events to itself on this host, "
			"so L1 will not see their exits: %s (docs/vmx-coverage.md)\n", list);
}

/* The gpa of the last EPT exit L1 saw, mapped now if EPT12 maps it: L1
 * may have fixed EPT12 and resumed without INVEPT (SDM 29.4.3.1), and an
 * L2 fetch or page walk there would not exit to L0 (host-facts.md). */
static void refault(struct nested *n)
{
	struct ept_access acc = { .type = EPT_ACCESS_READ };
	struct ept12_walk walk;

	if (!n->ept_refault)
		return;
	n->ept_refault = false;
	if (n->ept.eptp)
		nested_ept__fault(n, n->ept_refault_gpa, &acc, &walk);
}

/* 0, -1, or NESTED_EPT_STOPPED. */
static int l2_memory(struct nested *n, const struct vmcs12 *v)
{
	/* Without "enable EPT" L2's physical memory is L1's (SDM 29.3). */
	uint64_t eptp = (v->secondary_proc_controls & VMX_PROC2_ENABLE_EPT) &&
			(v->proc_based_controls & (uint32_t)VMX_PROC_SECONDARY_CONTROLS) ?
			v->ept_pointer : 0;

	if (n->ept_valid && eptp == n->ept.eptp)
		return 0;
	return nested_ept__set_eptp(n, eptp);
}

/* The MSR-load list passed its checks, but KVM refused to give L2's vcpu
 * the entry the qualification numbers (from 1): that is the WRMSR #GP of
 * SDM 27.4 by L0's MSR model, named like the checks' own failures. */
static struct entry_check_result msr_refused(const struct nested *n, const struct vmcs12 *v,
					      const struct vm_entry_result *er)
{
	struct { uint32_t index, reserved; uint64_t value; } e = { 0 };
	struct entry_check_result r = {
		.kind = ENTRY_CHECK_EXIT, .id = ENTRY_CHECK_MSR_LOAD_WRMSR_GP,
		.exit = ENTRY_EXIT_MSR_LOADING, .exit_reason = er->exit_reason,
		.exit_qualification = er->qualification, .nvals = 2,
	};

	guest_mem__read(&n->m->mem, v->entry_msr_load_addr + (er->qualification - 1) * sizeof(e),
			&e, sizeof(e));
	r.vals[0] = (struct entry_check_val){ "msr", e.index };
	r.vals[1] = (struct entry_check_val){ "value", e.value };
	return r;
}

/* A failed check: VMfailValid with nothing loaded (SDM 27.2), or an exit
 * that loads host state like a VM exit, the "guest" registers being L1's
 * own at the instruction (SDM 27.8). */
static enum nested_done failed(struct nested *n, struct nested_op *op, struct vmcs12 *v,
				const struct entry_check_result *cr, const struct cpu_state *l1)
{
	struct vm_entry_result er = { 1, cr->exit_reason, cr->exit_qualification };

	if (cr->kind == ENTRY_CHECK_VMFAIL) {
		v->vm_instruction_error = cr->vmfail;
		op->result = (struct vmx_result){ .outcome = VMX_FAIL_VALID, .error = cr->vmfail };
		nested_explain__entry(n, op->op, cr);
		nested_evmcs__push_all(n);
		return NESTED_APPLY;
	}
	vm_entry__fail(v, &er);
	nested_explain__entry(n, op->op, cr);
	return nested_entry__to_l1(n, l1);
}

/* VM entry after the instruction's own checks: the entry checks, then
 * vmcs02, the state L0 runs L2 with: vmcs12's guest state merged
 * (vm_entry__load_guest) with L0's policy for L2 (every MSR access exits,
 * create_l2; EPT02, l2_memory; the kick and preemption timer), loaded
 * into L2's vcpu.  docs/architecture.md maps these words to the code. */
enum nested_done nested_entry__enter(struct nested *n, struct nested_op *op)
{
	struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);
	struct entry_check_caps caps;
	struct entry_check_input in = { .vmcs = v, .caps = &caps, .mem = &n->m->mem };
	struct entry_check_result cr;
	struct vm_entry_result er;
	struct cpu_state l1, vmcs02;
	struct msr_access l2_msrs;
	struct error err;

	nested__l1_state(n, &l1);
	for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
		if (i != CPU_RSP)
			l1.gpr[i] = op->gprs[i];
	entry_check__vcpu_caps(&caps, &n->caps);
	in.pa_width = n->caps.maxphyaddr;
	in.l1_lma = !!(l1.efer & (1ull << 10));
	cr = entry_check__run(&in);
	if (cr.kind != ENTRY_CHECK_PASSED)
		return failed(n, op, v, &cr, &l1);
	if ((!n->l2_created && create_l2(n, &err)) || (n->l2_dead && renew_l2_vcpu(n, &err))) {
		machine__set_result(n->m, TURTLE_STATUS_ERROR, STOP_ERROR, "cannot create L2: %s", err.msg);
		return NESTED_STOP;
	}
	l2_msrs = n->l2.ops->msrs(&n->l2);
	er = vm_entry__load_guest(v, &l1, &vmcs02, &n->m->mem, &l2_msrs);
	if (er.failed) {
		cr = msr_refused(n, v, &er);
		return failed(n, op, v, &cr, &l1);
	}
	switch (l2_memory(n, v)) {
	case 0:
		break;
	case NESTED_EPT_STOPPED:
		/* The entry does not happen: L1 stays at its VMLAUNCH. */
		return NESTED_STOPPED;
	default:
		machine__set_result(n->m, TURTLE_STATUS_ERROR, STOP_ERROR, "cannot give L2 its memory");
		return NESTED_STOP;
	}
	refault(n);
	if (op->op == VMX_OP_VMLAUNCH)
		vmx_cpu__set_launched(&n->cpu);
	honour(n, v);
	nested_timer__arm_preemption(n, vmcs02.preemption_timer_active ? vmcs02.preemption_timer : 0);
	n->l2.ops->set_state(&n->l2, &vmcs02);
	n->event_in_flight = vmcs02.event;
	n->dr7_unsaved = false;		/* what L1 did not look at, L2 still has */
	n->l2_halted = false;
	if (vmcs02.activity_state == CPU_ACTIVITY_HLT && !(vmcs02.event.info & (1u << 31)))
		nested_halt__enter(n);	/* a vectoring entry leaves L2 active */
	else
		nested_irq__before_run(n, vmcs02.event.info & (1u << 31));
	n->stats->entries++;
	if (n->stats->in_window) {
		n->stats->reflect_ioctls += stats__ioctls_total(&n->m->stats) - n->stats->window_start;
		n->stats->reflect_windows++;
		n->stats->in_window = 0;
	}
	n->m->next_vcpu = &n->l2;
	return NESTED_ENTERED;
}

enum nested_done nested_entry__to_l1(struct nested *n, const struct cpu_state *l2)
{
	struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);
	struct msr_access l1_msrs = n->l1->ops->msrs(n->l1);
	struct cpu_state l1;
	enum vmx_abort abort;

	nested__l1_state(n, &l1);
	abort = vm_exit__load_host(v, l2, &l1, &n->m->mem, &l1_msrs);
	nested_evmcs__push_exit(n);
	if (abort != VMX_ABORT_NONE) {
		/* SDM 28.7: the logical processor shuts down. */
		machine__set_result(n->m, TURTLE_STATUS_CRASH, STOP_SHUTDOWN,
				    "VMX abort %u while loading L1's host state", abort);
		return NESTED_STOP;
	}
	nested_timer__stop(n);
	nested__set_l1_state(n, &l1);
	n->m->next_vcpu = n->l1;
	return NESTED_HOST_LOADED;
}
