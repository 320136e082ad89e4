/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vm_exit.c: the first half of a VM exit to L1: exit
 * information (SDM 28.2), L2's state into the guest-state area (28.3) and
 * the VM-exit MSR-store list (28.4). */
#include "vmcs-merge/msr_list.h"
#include "vmcs-merge/vm_switch.h"
#include "vmcs-merge/vmx_controls.h"

#define EFER_LMA    (1ull << 10)
#define INTR_VALID  (1u << 31)

/* SDM 28.2: every exit-information field.  The VM exit also clears the
 * valid bit of the VM-entry interruption information, so an event that was
 * not delivered shows up only in the IDT-vectoring information. */
static void exit_info(struct vmcs12 *v, const struct vmx_exit_info *x)
{
	v->exit_reason = x->reason;
	v->exit_qualification = x->qualification;
	v->guest_linear_address = x->guest_linear_address;
	v->guest_physical_address = x->guest_physical_address;
	v->exit_intr_info = x->intr_info;
	v->exit_intr_error_code = x->intr_error_code;
	v->idt_vectoring_info = x->idt_vectoring_info;
	v->idt_vectoring_error_code = x->idt_vectoring_error_code;
	v->exit_instruction_len = x->instruction_len;
	v->vmx_instruction_info = x->instruction_info;
	v->io_rcx = x->io_rcx;
	v->io_rsi = x->io_rsi;
	v->io_rdi = x->io_rdi;
	v->io_rip = x->io_rip;
	v->entry_intr_info &= ~INTR_VALID;
}

/* SDM 28.3.1: control registers, debug registers, MSRs. */
static void registers(struct vmcs12 *v, const struct cpu_state *s)
{
	v->guest_cr0 = s->cr0;
	v->guest_cr3 = s->cr3;
	v->guest_cr4 = s->cr4;
	if (v->exit_controls & VMX_EXIT_SAVE_DEBUG_CONTROLS) {
		v->guest_dr7 = s->dr7;
		v->guest_ia32_debugctl = s->debugctl;
	}
	v->guest_ia32_sysenter_cs = (uint32_t)s->sysenter_cs;
	v->guest_ia32_sysenter_esp = s->sysenter_esp;
	v->guest_ia32_sysenter_eip = s->sysenter_eip;
	if (v->exit_controls & VMX_EXIT_SAVE_PAT)
		v->guest_ia32_pat = s->pat;
	if (v->exit_controls & VMX_EXIT_SAVE_EFER)
		v->guest_ia32_efer = s->efer;
	/* IA32_VMX_MISC bit 5 is advertised: EFER.LMA goes into "IA-32e mode
	 * guest" on every exit. */
	if (s->efer & EFER_LMA)
		v->entry_controls |= VMX_ENTRY_IA32E_MODE_GUEST;
	else
		v->entry_controls &= ~(uint32_t)VMX_ENTRY_IA32E_MODE_GUEST;
}

/* SDM 28.3.2: segments; access-rights bits 31:17 and 11:8 are saved as 0. */
static void segments(struct vmcs12 *v, const struct cpu_state *s)
{
	for (unsigned i = 0; i < CPU_SEG_COUNT; i++) {
		const struct cpu_segment *g = &s->seg[i];

		vmcs12__write(v, VMCS_GUEST_ES_SELECTOR + 2 * i, g->selector);
		vmcs12__write(v, VMCS_GUEST_ES_BASE + 2 * i, g->base);
		vmcs12__write(v, VMCS_GUEST_ES_LIMIT + 2 * i, g->limit);
		vmcs12__write(v, VMCS_GUEST_ES_AR + 2 * i, g->ar & 0x1f0ffu);
	}
	v->guest_gdtr_base = s->gdtr.base;
	v->guest_gdtr_limit = s->gdtr.limit;
	v->guest_idtr_base = s->idtr.base;
	v->guest_idtr_limit = s->idtr.limit;
}

enum vmx_abort vm_exit__save_guest(struct vmcs12 *v, const struct cpu_state *l2,
				   const struct vmx_exit_info *info,
				   const struct guest_mem *mem,
				   const struct msr_access *l2_msrs)
{
	exit_info(v, info);
	registers(v, l2);
	segments(v, l2);
	/* SDM 28.3.3 and 28.3.4: RIP, RSP, RFLAGS and non-register state. */
	v->guest_rip = l2->rip;
	v->guest_rsp = l2->gpr[CPU_RSP];
	v->guest_rflags = l2->rflags;
	v->guest_interruptibility = l2->interruptibility;
	v->guest_activity_state = l2->activity_state;
	v->guest_pending_dbg_exceptions = l2->pending_dbg;
	if (v->exit_controls & VMX_EXIT_SAVE_PREEMPTION_TIMER)
		v->preemption_timer_value = l2->preemption_timer;
	if (msr_list__store(mem, v->exit_msr_store_addr, v->exit_msr_store_count,
			    l2, l2_msrs))
		return VMX_ABORT_SAVE_GUEST_MSR;
	return VMX_ABORT_NONE;
}
