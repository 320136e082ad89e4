/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vm_entry.c: VM entry's loading of guest state (SDM 27.3.2),
 * MSRs (27.4) and the event to inject (27.6), from vmcs12 into L2's
 * cpu_state.  The entry checks (27.2, 27.3.1) have already passed. */
#include "vmcs-merge/entry_check.h"
#include "vmcs-merge/msr_list.h"
#include "vmcs-merge/vm_switch.h"
#include "vmcs-merge/vmx_controls.h"

#define CR0_PG      (1ull << 31)
#define EFER_LME    (1ull << 8)
#define EFER_LMA    (1ull << 10)
#define INTR_VALID  (1u << 31)

/* SDM 27.3.2.1: control and debug registers, MSRs. */
static void registers(const struct vmcs12 *v, struct cpu_state *s)
{
	int ia32e = !!(v->entry_controls & VMX_ENTRY_IA32E_MODE_GUEST);

	s->cr0 = v->guest_cr0;
	s->cr3 = v->guest_cr3;
	s->cr4 = v->guest_cr4;
	if (v->entry_controls & VMX_ENTRY_LOAD_DEBUG_CONTROLS) {
		s->dr7 = v->guest_dr7;
		s->debugctl = v->guest_ia32_debugctl;
	}
	s->sysenter_cs = v->guest_ia32_sysenter_cs;
	s->sysenter_esp = v->guest_ia32_sysenter_esp;
	s->sysenter_eip = v->guest_ia32_sysenter_eip;
	if (v->entry_controls & VMX_ENTRY_LOAD_PAT)
		s->pat = v->guest_ia32_pat;
	if (v->entry_controls & VMX_ENTRY_LOAD_EFER) {
		s->efer = v->guest_ia32_efer;
	} else {
		/* LMA follows "IA-32e mode guest"; so does LME when paging. */
		s->efer = ia32e ? s->efer | EFER_LMA : s->efer & ~EFER_LMA;
		if (s->cr0 & CR0_PG)
			s->efer = ia32e ? s->efer | EFER_LME : s->efer & ~EFER_LME;
	}
}

/* SDM 27.3.2.2: every segment field is loaded; what an unusable segment's
 * base, limit and attributes mean is for L0's conversion to decide (the
 * unusable bit travels in ar). */
static void segments(const struct vmcs12 *v, struct cpu_state *s)
{
	for (unsigned i = 0; i < CPU_SEG_COUNT; i++) {
		uint64_t sel = 0, base = 0, limit = 0, ar = 0;

		vmcs12__read(v, VMCS_GUEST_ES_SELECTOR + 2 * i, &sel);
		vmcs12__read(v, VMCS_GUEST_ES_BASE + 2 * i, &base);
		vmcs12__read(v, VMCS_GUEST_ES_LIMIT + 2 * i, &limit);
		vmcs12__read(v, VMCS_GUEST_ES_AR + 2 * i, &ar);
		s->seg[i] = (struct cpu_segment){ (uint16_t)sel, base, (uint32_t)limit,
						  (uint32_t)ar };
	}
	s->gdtr = (struct cpu_dtable){ v->guest_gdtr_base, v->guest_gdtr_limit };
	s->idtr = (struct cpu_dtable){ v->guest_idtr_base, v->guest_idtr_limit };
}

struct vm_entry_result vm_entry__load_guest(const struct vmcs12 *v,
					    const struct cpu_state *l1,
					    struct cpu_state *l2,
					    const struct guest_mem *mem,
					    const struct msr_access *l2_msrs)
{
	struct vm_entry_result r = { 0 };
	uint32_t bad;

	/* GPRs, CR2 and whatever the controls do not load stay as L1 had them. */
	*l2 = *l1;
	registers(v, l2);
	segments(v, l2);
	/* SDM 27.3.2.3: RIP, RSP, RFLAGS; then the non-register state. */
	l2->rip = v->guest_rip;
	l2->gpr[CPU_RSP] = v->guest_rsp;
	l2->rflags = v->guest_rflags;
	l2->interruptibility = v->guest_interruptibility;
	l2->activity_state = v->guest_activity_state;
	l2->pending_dbg = v->guest_pending_dbg_exceptions;
	l2->preemption_timer_active = !!(v->pin_based_controls & VMX_PIN_PREEMPTION_TIMER);
	l2->preemption_timer = v->preemption_timer_value;
	/* SDM 27.6: the event is delivered after the state is loaded. */
	l2->event = (struct cpu_event){ 0 };
	if (v->entry_intr_info & INTR_VALID)
		l2->event = (struct cpu_event){ v->entry_intr_info,
						v->entry_exception_error_code,
						v->entry_instruction_len };

	bad = msr_list__load(mem, v->entry_msr_load_addr, v->entry_msr_load_count,
			     l2, l2_msrs);
	if (bad) {
		r.failed = 1;
		r.exit_reason = ENTRY_CHECK_FAILED_ENTRY | ENTRY_EXIT_MSR_LOADING;
		r.qualification = bad;
	}
	return r;
}

void vm_entry__fail(struct vmcs12 *v, const struct vm_entry_result *r)
{
	v->exit_reason = r->exit_reason;
	v->exit_qualification = r->qualification;
}
