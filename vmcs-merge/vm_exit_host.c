/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vm_exit_host.c: the second half of a VM exit: L1's state from
 * vmcs12's host-state area (SDM 28.5) and the VM-exit MSR-load list (28.6).
 * Also used after a VM-entry failure (SDM 27.8). */
#include "vmcs-merge/msr_list.h"
#include "vmcs-merge/vm_switch.h"
#include "vmcs-merge/vmx_caps.h"
#include "vmcs-merge/vmx_controls.h"

#define CR4_PAE        (1ull << 5)
#define CR4_PCIDE      (1ull << 17)
#define EFER_LME       (1ull << 8)
#define EFER_LMA       (1ull << 10)

/* SDM 28.5.1: CR0 bits the exit does not modify: ET, NW, CD, 63:32, 28:19,
 * 17, 15:6, and those fixed in VMX operation. */
#define CR0_KEEP (0xffffffff00000000ull | 0x1ff80000ull | 1ull << 17 | \
		  0xffc0ull | 1ull << 4 | 1ull << 29 | 1ull << 30 | VMX_CR0_FIXED0)
/* ... for CR4, the bits fixed in VMX operation. */
#define CR4_KEEP VMX_CR4_FIXED0

/* SDM 28.5.1: control registers, debug registers, MSRs. */
static void registers(const struct vmcs12 *v, const struct cpu_state *l2,
		       struct cpu_state *s, int host64)
{
	s->cr0 = (v->host_cr0 & ~CR0_KEEP) | (l2->cr0 & CR0_KEEP);
	s->cr3 = v->host_cr3;
	s->cr4 = (v->host_cr4 & ~CR4_KEEP) | VMX_CR4_FIXED0;
	if (host64)
		s->cr4 |= CR4_PAE;
	else
		s->cr4 &= ~CR4_PCIDE;
	s->dr7 = 0x400;
	s->debugctl = 0;
	s->sysenter_cs = v->host_ia32_sysenter_cs;
	s->sysenter_esp = host64 ? v->host_ia32_sysenter_esp : (uint32_t)v->host_ia32_sysenter_esp;
	s->sysenter_eip = host64 ? v->host_ia32_sysenter_eip : (uint32_t)v->host_ia32_sysenter_eip;
	if (v->exit_controls & VMX_EXIT_LOAD_PAT)
		s->pat = v->host_ia32_pat;
	if (v->exit_controls & VMX_EXIT_LOAD_EFER) {
		s->efer = v->host_ia32_efer;
	} else {
		s->efer &= ~(EFER_LMA | EFER_LME);
		if (host64)
			s->efer |= EFER_LMA | EFER_LME;
	}
}

/* SDM 28.5.2: flat segments with fixed attributes; a null data selector
 * makes the segment unusable; LDTR is always unusable. */
static void segments(const struct vmcs12 *v, struct cpu_state *s, int host64)
{
	const uint32_t data = CPU_AR_TYPE(3) | CPU_AR_S | CPU_AR_P | CPU_AR_DB | CPU_AR_G;
	static const enum cpu_seg data_segs[] = {
		CPU_SEG_ES, CPU_SEG_SS, CPU_SEG_DS, CPU_SEG_FS, CPU_SEG_GS,
	};

	s->seg[CPU_SEG_CS] = (struct cpu_segment){
		v->host_cs_selector, 0, 0xffffffff,
		CPU_AR_TYPE(11) | CPU_AR_S | CPU_AR_P | CPU_AR_G |
		(host64 ? CPU_AR_L : CPU_AR_DB) };
	for (unsigned i = 0; i < sizeof(data_segs) / sizeof(data_segs[0]); i++) {
		enum cpu_seg sg = data_segs[i];
		uint64_t sel = 0;

		vmcs12__read(v, VMCS_HOST_ES_SELECTOR + 2 * sg, &sel);
		s->seg[sg] = (struct cpu_segment){ (uint16_t)sel, 0, 0xffffffff,
						   sel ? data : CPU_AR_UNUSABLE };
	}
	s->seg[CPU_SEG_FS].base = v->host_fs_base;
	s->seg[CPU_SEG_GS].base = v->host_gs_base;
	s->seg[CPU_SEG_TR] = (struct cpu_segment){
		v->host_tr_selector, v->host_tr_base, 0x67,
		CPU_AR_TYPE(11) | CPU_AR_P };
	s->seg[CPU_SEG_LDTR] = (struct cpu_segment){ 0, 0, 0, CPU_AR_UNUSABLE };
	s->gdtr = (struct cpu_dtable){ v->host_gdtr_base, 0xffff };
	s->idtr = (struct cpu_dtable){ v->host_idtr_base, 0xffff };
}

enum vmx_abort vm_exit__load_host(const struct vmcs12 *v, const struct cpu_state *l2,
				  struct cpu_state *l1, const struct guest_mem *mem,
				  const struct msr_access *l1_msrs)
{
	int host64 = !!(v->exit_controls & VMX_EXIT_HOST_ADDR_SPACE_SIZE);

	/* GPRs other than RSP and CR2 come back as L2 left them; MSRs the
	 * exit does not load keep L2's values too, as on hardware. */
	*l1 = *l2;
	registers(v, l2, l1, host64);
	segments(v, l1, host64);
	/* SDM 28.5.3: RIP, RSP, RFLAGS. */
	l1->rip = v->host_rip;
	l1->gpr[CPU_RSP] = v->host_rsp;
	l1->rflags = 0x2;
	/* L1 resumes active, with no blocking and nothing pending. */
	l1->interruptibility = 0;
	l1->activity_state = 0;
	l1->pending_dbg = 0;
	l1->event = (struct cpu_event){ 0 };
	l1->preemption_timer_active = 0;
	if (msr_list__load(mem, v->exit_msr_load_addr, v->exit_msr_load_count,
			   l1, l1_msrs))
		return VMX_ABORT_LOAD_HOST_MSR;
	return VMX_ABORT_NONE;
}
