/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_guest.c: one row per VM-entry check on
 * guest registers, non-register state and PDPTEs (SDM 27.3.1.1, 27.3.1.3
 * to 27.3.1.6): exit reason 33 | bit 31 naming it, with the qualification
 * the SDM gives (0; 2 PDPTE; 3 NMI under STI; 4 link pointer). */
#include "tests/unit/vmcs-merge/entry_check_fixture.h"

#define SET(field, bits)   (f->v.field |= (uint32_t)(bits))
#define CLEAR(field, bits) (f->v.field &= ~(uint32_t)(bits))
#define EVENT(type, vector) (0x80000000u | ((type) << 8) | (vector))
#define CR0_PE (1ull << 0)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR4_CET (1ull << 23)
#define RFLAGS_TF 0x100ull
#define RFLAGS_IF 0x200ull

static void unrestricted(struct fx *f)
{
	SET(secondary_proc_controls, VMX_PROC2_UNRESTRICTED_GUEST);
}

static bool row(struct fx *f, enum entry_check_id id, uint64_t *qual)
{
	struct vmcs12 *v = &f->v;

	*qual = 0;
	switch ((int)id) {
	case ENTRY_CHECK_GUEST_CR0_FIXED0: v->guest_cr0 &= ~(1ull << 5); break;
	case ENTRY_CHECK_GUEST_CR0_FIXED1: v->guest_cr0 |= 1ull << 40; break;
	case ENTRY_CHECK_GUEST_CR0_PG_PE: unrestricted(f); v->guest_cr0 &= ~CR0_PE; break;
	case ENTRY_CHECK_GUEST_CR4_FIXED0: v->guest_cr4 &= ~(1ull << 13); break;
	case ENTRY_CHECK_GUEST_CR4_FIXED1: v->guest_cr4 |= 1ull << 22; break;
	case ENTRY_CHECK_GUEST_CR4_CET_WP: v->guest_cr4 |= CR4_CET; v->guest_cr0 &= ~CR0_WP; break;
	case ENTRY_CHECK_GUEST_DEBUGCTL_RSVD: v->guest_ia32_debugctl = 1 << 2; break;
	case ENTRY_CHECK_GUEST_IA32E_PG: unrestricted(f); v->guest_cr0 &= ~CR0_PG; break;
	case ENTRY_CHECK_GUEST_IA32E_PAE: v->guest_cr4 &= ~(1ull << 5); break;
	case ENTRY_CHECK_GUEST_NO_IA32E_PCIDE: fx_to_pae(f); v->guest_cr4 |= 1ull << 17; break;
	case ENTRY_CHECK_GUEST_CR3_WIDTH: v->guest_cr3 |= 1ull << PA_WIDTH; break;
	case ENTRY_CHECK_GUEST_DR7_HIGH: v->guest_dr7 |= 1ull << 32; break;
	case ENTRY_CHECK_GUEST_SYSENTER_ESP_CANON: v->guest_ia32_sysenter_esp = NONCANON; break;
	case ENTRY_CHECK_GUEST_SYSENTER_EIP_CANON: v->guest_ia32_sysenter_eip = NONCANON; break;
	case ENTRY_CHECK_GUEST_S_CET_CANON: SET(entry_controls, VMX_ENTRY_LOAD_CET_STATE); v->guest_ia32_s_cet = NONCANON; break;
	case ENTRY_CHECK_GUEST_S_CET_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_CET_STATE); v->guest_ia32_s_cet = 1 << 9; break;
	case ENTRY_CHECK_GUEST_S_CET_SUPPRESS: SET(entry_controls, VMX_ENTRY_LOAD_CET_STATE); v->guest_ia32_s_cet = 0xc00; break;
	case ENTRY_CHECK_GUEST_SSP_TABLE_CANON: SET(entry_controls, VMX_ENTRY_LOAD_CET_STATE); v->guest_ia32_intr_ssp_table = NONCANON; break;
	case ENTRY_CHECK_GUEST_PERF_GLOBAL_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL); v->guest_ia32_perf_global_ctrl = 1ull << 35; break;
	case ENTRY_CHECK_GUEST_PAT_TYPE: v->guest_ia32_pat = 0x0807040600070406ull; break;
	case ENTRY_CHECK_GUEST_EFER_RSVD: v->guest_ia32_efer |= 1ull << 12; break;
	case ENTRY_CHECK_GUEST_EFER_LMA: v->guest_ia32_efer &= ~(1ull << 10); break;
	case ENTRY_CHECK_GUEST_EFER_LME: v->guest_ia32_efer &= ~(1ull << 8); break;
	case ENTRY_CHECK_GUEST_BNDCFGS_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_BNDCFGS); v->guest_ia32_bndcfgs = 4; break;
	case ENTRY_CHECK_GUEST_BNDCFGS_CANON: SET(entry_controls, VMX_ENTRY_LOAD_BNDCFGS); v->guest_ia32_bndcfgs = NONCANON | 1; break;
	case ENTRY_CHECK_GUEST_RTIT_CTL_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_RTIT_CTL); v->guest_ia32_rtit_ctl = 2; break;
	case ENTRY_CHECK_GUEST_LBR_CTL_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_LBR_CTL); v->guest_ia32_lbr_ctl = 4; break;
	case ENTRY_CHECK_GUEST_PKRS_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_PKRS); v->guest_ia32_pkrs = 1ull << 40; break;
	case ENTRY_CHECK_GUEST_UINV_RSVD: SET(entry_controls, VMX_ENTRY_LOAD_UINV); v->guest_uinv = 0x1f0; break;
	case ENTRY_CHECK_GUEST_GDTR_BASE_CANON: v->guest_gdtr_base = NONCANON; break;
	case ENTRY_CHECK_GUEST_IDTR_BASE_CANON: v->guest_idtr_base = NONCANON; break;
	case ENTRY_CHECK_GUEST_GDTR_LIMIT: v->guest_gdtr_limit = 0x10000; break;
	case ENTRY_CHECK_GUEST_IDTR_LIMIT: v->guest_idtr_limit = 0xffffffff; break;
	case ENTRY_CHECK_GUEST_RIP_HIGH: fx_to_pae(f); v->guest_rip = 1ull << 32; break;
	case ENTRY_CHECK_GUEST_RIP_CANON: v->guest_rip = NONCANON; break;
	case ENTRY_CHECK_GUEST_RFLAGS_RSVD: v->guest_rflags |= 1 << 3; break;
	case ENTRY_CHECK_GUEST_RFLAGS_FIXED1: v->guest_rflags = 0x200; break;
	case ENTRY_CHECK_GUEST_RFLAGS_VM:
		fx_v86_segments(v);		/* v86-valid segments, but IA-32e */
		v->guest_rflags |= 1ull << 17;
		break;
	case ENTRY_CHECK_GUEST_RFLAGS_IF: v->guest_rflags = 0x2; v->entry_intr_info = EVENT(0, 0x30); break;
	case ENTRY_CHECK_GUEST_ACTIVITY_RANGE: v->guest_activity_state = 4; break;
	case ENTRY_CHECK_GUEST_ACTIVITY_SUPPORTED: f->caps.misc &= ~(1ull << 7); v->guest_activity_state = 2; break;
	case ENTRY_CHECK_GUEST_ACTIVITY_HLT_DPL:
		v->guest_cs_selector = 0x2b; v->guest_cs_ar = 0xa0fb;	/* CPL 3 */
		v->guest_ss_selector = 0x23; v->guest_ss_ar = 0xc0f3;
		v->guest_activity_state = 1;
		break;
	case ENTRY_CHECK_GUEST_ACTIVITY_SHADOW: v->guest_activity_state = 1; v->guest_interruptibility = 1; break;
	case ENTRY_CHECK_GUEST_ACTIVITY_EVENT_HLT: v->guest_activity_state = 1; v->entry_intr_info = EVENT(3, 6); break;
	case ENTRY_CHECK_GUEST_ACTIVITY_EVENT_SHUTDOWN: v->guest_activity_state = 2; v->entry_intr_info = EVENT(0, 0x30); break;
	case ENTRY_CHECK_GUEST_ACTIVITY_EVENT_SIPI: v->guest_activity_state = 3; v->entry_intr_info = EVENT(2, 2); break;
	case ENTRY_CHECK_GUEST_ACTIVITY_SIPI_SMM:
		f->in.in_smm = 1;
		SET(entry_controls, VMX_ENTRY_ENTRY_TO_SMM);
		v->guest_activity_state = 3;
		v->guest_interruptibility = 4;
		break;
	case ENTRY_CHECK_GUEST_INTR_RSVD: v->guest_interruptibility = 1 << 5; break;
	case ENTRY_CHECK_GUEST_INTR_STI_MOVSS: v->guest_interruptibility = 3; break;
	case ENTRY_CHECK_GUEST_INTR_STI_IF: v->guest_interruptibility = 1; v->guest_rflags = 0x2; break;
	case ENTRY_CHECK_GUEST_INTR_EXTINT: v->guest_interruptibility = 2; v->entry_intr_info = EVENT(0, 0x30); break;
	case ENTRY_CHECK_GUEST_INTR_NMI_MOVSS: v->guest_interruptibility = 2; v->entry_intr_info = EVENT(2, 2); break;
	case ENTRY_CHECK_GUEST_INTR_NMI_STI: v->guest_interruptibility = 1; v->entry_intr_info = EVENT(2, 2); *qual = 3; break;
	case ENTRY_CHECK_GUEST_INTR_SMI: v->guest_interruptibility = 4; break;
	case ENTRY_CHECK_GUEST_INTR_SMI_ENTRY_SMM: f->in.in_smm = 1; SET(entry_controls, VMX_ENTRY_ENTRY_TO_SMM); break;
	case ENTRY_CHECK_GUEST_INTR_VNMI:
		SET(pin_based_controls, VMX_PIN_VIRTUAL_NMIS);
		v->guest_interruptibility = 8;
		v->entry_intr_info = EVENT(2, 2);
		break;
	case ENTRY_CHECK_GUEST_INTR_ENCLAVE_MOVSS: v->guest_interruptibility = 0x12; break;
	case ENTRY_CHECK_GUEST_INTR_ENCLAVE_SGX: f->caps.has_sgx = 0; v->guest_interruptibility = 0x10; break;
	case ENTRY_CHECK_GUEST_PENDING_DBG_RSVD: v->guest_pending_dbg_exceptions = 0x10; break;
	case ENTRY_CHECK_GUEST_PENDING_DBG_BS_SET: v->guest_interruptibility = 1; v->guest_rflags |= RFLAGS_TF; break;
	case ENTRY_CHECK_GUEST_PENDING_DBG_BS_CLEAR: v->guest_interruptibility = 2; v->guest_pending_dbg_exceptions = 1 << 14; break;
	case ENTRY_CHECK_GUEST_PENDING_DBG_RTM: f->caps.has_rtm = 0; v->guest_pending_dbg_exceptions = 0x11000; break;
	case ENTRY_CHECK_GUEST_PENDING_DBG_RTM_BITS: v->guest_pending_dbg_exceptions = 0x11001; break;
	case ENTRY_CHECK_GUEST_PENDING_DBG_RTM_MOVSS: v->guest_pending_dbg_exceptions = 0x11000; v->guest_interruptibility = 2; break;
	case ENTRY_CHECK_GUEST_LINK_ALIGN: v->vmcs_link_pointer = GPA_LINK | 8; *qual = 4; break;
	case ENTRY_CHECK_GUEST_LINK_WIDTH: v->vmcs_link_pointer = GPA_LINK | 1ull << PA_WIDTH; *qual = 4; break;
	case ENTRY_CHECK_GUEST_LINK_READ: v->vmcs_link_pointer = 1ull << 32; *qual = 4; break;
	case ENTRY_CHECK_GUEST_LINK_REVISION: v->vmcs_link_pointer = GPA_PAGE; *qual = 4; break;
	case ENTRY_CHECK_GUEST_LINK_SHADOW:
		v->vmcs_link_pointer = GPA_LINK;
		f->ram[GPA_LINK + 3] |= 0x80;		/* shadow-VMCS indicator */
		*qual = 4;
		break;
	case ENTRY_CHECK_GUEST_PDPTE_READ:
		fx_to_pae(f);
		CLEAR(secondary_proc_controls, VMX_PROC2_ENABLE_EPT);
		v->guest_cr3 = RAM_SIZE;		/* table past L1 RAM */
		*qual = 2;
		break;
	case ENTRY_CHECK_GUEST_PDPTE0_RSVD: fx_to_pae(f); v->guest_pdpte0 |= 1 << 1; *qual = 2; break;
	case ENTRY_CHECK_GUEST_PDPTE1_RSVD: fx_to_pae(f); v->guest_pdpte1 |= 1 << 5; *qual = 2; break;
	case ENTRY_CHECK_GUEST_PDPTE2_RSVD: fx_to_pae(f); v->guest_pdpte2 |= 1ull << PA_WIDTH; *qual = 2; break;
	case ENTRY_CHECK_GUEST_PDPTE3_RSVD: fx_to_pae(f); v->guest_pdpte3 = 0x34101; *qual = 2; break;
	default:
		return false;
	}
	return true;
}

static struct fx F;

/* Modes: what L0 supports passes; what needs unrestricted guest fails. */
static void modes(struct fx *f)
{
	fx_init(f);
	fx_to_pae(f);
	fx_passes(f, "32-bit PAE guest, PDPTEs from vmcs12 (EPT)");
	fx_init(f);
	fx_to_pae(f);
	f->v.secondary_proc_controls &= ~(uint32_t)VMX_PROC2_ENABLE_EPT;
	fx_passes(f, "32-bit PAE guest, PDPTEs from guest memory (no EPT)");
	fx_init(f);
	fx_to_pae(f);
	f->v.secondary_proc_controls &= ~(uint32_t)VMX_PROC2_ENABLE_EPT;
	f->ram[GPA_CR3 + 16] |= 1 << 2;		/* PDPTE2 bit 2 reserved */
	fx_expect(f, FX_GUEST, ENTRY_CHECK_GUEST_PDPTE2_RSVD, 2, "bad PDPTE2 in guest memory");
	fx_init(f);
	fx_to_pae(f);
	f->v.guest_pdpte1 = 0xfffffffffffffffeull;
	fx_passes(f, "a not-present PDPTE may hold anything");
	fx_init(f);
	fx_to_v86(f);
	fx_passes(f, "virtual-8086 task under a PAE kernel");
	fx_init(f);
	f->v.guest_cr0 &= ~(CR0_PE | CR0_PG);
	f->v.entry_controls &= ~(uint32_t)VMX_ENTRY_IA32E_MODE_GUEST;
	fx_expect(f, FX_GUEST, ENTRY_CHECK_GUEST_CR0_FIXED0, 0, "real mode needs unrestricted guest");
	fx_init(f);
	f->v.guest_cr0 &= ~CR0_PG;
	fx_expect(f, FX_GUEST, ENTRY_CHECK_GUEST_CR0_FIXED0, 0, "paging off needs unrestricted guest");
	fx_init(f);
	f->v.guest_activity_state = 1;
	f->v.entry_intr_info = EVENT(3, 18);
	fx_passes(f, "#MC may be injected in the HLT state");
	fx_init(f);
	f->v.guest_activity_state = 2;
	f->v.entry_intr_info = EVENT(2, 2);
	fx_passes(f, "NMI may be injected in the shutdown state");
	fx_init(f);
	f->v.guest_interruptibility = 1;
	f->v.guest_rflags |= RFLAGS_TF;
	f->v.guest_pending_dbg_exceptions = 1 << 14;
	fx_passes(f, "pending single step under STI blocking");
	fx_init(f);
	f->v.vmcs_link_pointer = GPA_LINK;
	fx_passes(f, "a valid VMCS link pointer");
	fx_init(f);
	f->v.vmcs_link_pointer = GPA_LINK;
	f->ram[GPA_LINK + 3] |= 0x80;
	f->v.secondary_proc_controls |= VMX_PROC2_VMCS_SHADOWING;
	f->v.vmread_bitmap = GPA_PAGE;
	f->v.vmwrite_bitmap = GPA_PAGE;
	fx_passes(f, "a shadow VMCS under VMCS shadowing");
	fx_init(f);
	f->caps.nmi_sti_fails = 0;
	f->v.guest_interruptibility = 1;
	f->v.entry_intr_info = EVENT(2, 2);
	fx_passes(f, "NMI under STI blocking where the CPU model allows it");
	/* Guest state comes after host state (SDM 27.2 before 27.3). */
	fx_init(f);
	f->v.guest_rflags = 0;
	f->v.host_tr_selector = 0;
	fx_expect(f, FX_HOST, ENTRY_CHECK_HOST_TR_SEL_NULL, 0, "host state before guest state");
}

int main(void)
{
	fx_rows(&F, FX_GUEST, "27.3.1.2", true, row);
	modes(&F);
	return done_testing();
}
