/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_guest.c: checks on the guest registers, SDM
 * 27.3.1.1 (control and debug registers, MSRs), 27.3.1.3 (descriptor-table
 * registers) and 27.3.1.4 (RIP, RFLAGS).  A failure is a VM-entry failure,
 * exit reason 33 with qualification 0. */
#include "vmcs-merge/entry_check_int.h"

#define S_CET_RSVD      0x3c0ull		/* IA32_S_CET bits 9:6 */
#define S_CET_SUPPRESS  (1ull << 10)
#define S_CET_TRACKER   (1ull << 11)
#define BNDCFGS_RSVD    0xffcull		/* bits 11:2 */
/* RFLAGS bits 63:22, 15, 5 and 3 (SDM Vol. 1 3.4.3). */
#define RFLAGS_RSVD     0xffffffffffc08028ull
#define RFLAGS_FIXED1   (1ull << 1)

/* SDM 27.3.1.1 (CET state: the load CET state VM-entry control). */
static enum entry_check_exit guest_cet(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;

	if (!(v->entry_controls & VMX_ENTRY_LOAD_CET_STATE))
		return ENTRY_EXIT_NONE;
	if (!ec_canonical(c, v->guest_ia32_s_cet))
		EC_FAIL(c, ENTRY_CHECK_GUEST_S_CET_CANON, EF(c, guest_ia32_s_cet));
	if (v->guest_ia32_s_cet & S_CET_RSVD)
		EC_FAIL(c, ENTRY_CHECK_GUEST_S_CET_RSVD, EF(c, guest_ia32_s_cet));
	if ((v->guest_ia32_s_cet & S_CET_SUPPRESS) && (v->guest_ia32_s_cet & S_CET_TRACKER))
		EC_FAIL(c, ENTRY_CHECK_GUEST_S_CET_SUPPRESS, EF(c, guest_ia32_s_cet));
	if (!ec_canonical(c, v->guest_ia32_intr_ssp_table))
		EC_FAIL(c, ENTRY_CHECK_GUEST_SSP_TABLE_CANON, EF(c, guest_ia32_intr_ssp_table));
	return ENTRY_EXIT_NONE;
}

/* SDM 27.3.1.1: the MSR fields each VM-entry load control brings in. */
static enum entry_check_exit guest_msrs(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	const struct entry_check_caps *k = c->caps;
	uint32_t ctl = v->entry_controls;
	bool ia32e = ec_ia32e_guest(c);

	if ((ctl & VMX_ENTRY_LOAD_PERF_GLOBAL_CTRL) &&
	    (v->guest_ia32_perf_global_ctrl & ~k->perf_global_valid))
		EC_FAIL(c, ENTRY_CHECK_GUEST_PERF_GLOBAL_RSVD, EF(c, guest_ia32_perf_global_ctrl),
			EV("valid", k->perf_global_valid));
	if ((ctl & VMX_ENTRY_LOAD_PAT) && !ec_pat_ok(v->guest_ia32_pat))
		EC_FAIL(c, ENTRY_CHECK_GUEST_PAT_TYPE, EF(c, guest_ia32_pat));
	if (ctl & VMX_ENTRY_LOAD_EFER) {
		if (v->guest_ia32_efer & ~k->efer_valid)
			EC_FAIL(c, ENTRY_CHECK_GUEST_EFER_RSVD, EF(c, guest_ia32_efer),
				EV("valid", k->efer_valid));
		if (!(v->guest_ia32_efer & EFER_LMA) != !ia32e)
			EC_FAIL(c, ENTRY_CHECK_GUEST_EFER_LMA, EF(c, guest_ia32_efer),
				EF(c, entry_controls));
		if ((v->guest_cr0 & CR0_PG) && !(v->guest_ia32_efer & EFER_LME) != !ia32e)
			EC_FAIL(c, ENTRY_CHECK_GUEST_EFER_LME, EF(c, guest_ia32_efer),
				EF(c, entry_controls), EF(c, guest_cr0));
	}
	if (ctl & VMX_ENTRY_LOAD_BNDCFGS) {
		if (v->guest_ia32_bndcfgs & BNDCFGS_RSVD)
			EC_FAIL(c, ENTRY_CHECK_GUEST_BNDCFGS_RSVD, EF(c, guest_ia32_bndcfgs));
		if (!ec_canonical(c, v->guest_ia32_bndcfgs & ~0xfffull))
			EC_FAIL(c, ENTRY_CHECK_GUEST_BNDCFGS_CANON, EF(c, guest_ia32_bndcfgs));
	}
	if ((ctl & VMX_ENTRY_LOAD_RTIT_CTL) && (v->guest_ia32_rtit_ctl & ~k->rtit_ctl_valid))
		EC_FAIL(c, ENTRY_CHECK_GUEST_RTIT_CTL_RSVD, EF(c, guest_ia32_rtit_ctl),
			EV("valid", k->rtit_ctl_valid));
	if ((ctl & VMX_ENTRY_LOAD_LBR_CTL) && (v->guest_ia32_lbr_ctl & ~k->lbr_ctl_valid))
		EC_FAIL(c, ENTRY_CHECK_GUEST_LBR_CTL_RSVD, EF(c, guest_ia32_lbr_ctl),
			EV("valid", k->lbr_ctl_valid));
	if ((ctl & VMX_ENTRY_LOAD_PKRS) && (v->guest_ia32_pkrs >> 32))
		EC_FAIL(c, ENTRY_CHECK_GUEST_PKRS_RSVD, EF(c, guest_ia32_pkrs));
	if ((ctl & VMX_ENTRY_LOAD_UINV) && (v->guest_uinv & 0xff00))
		EC_FAIL(c, ENTRY_CHECK_GUEST_UINV_RSVD, EF(c, guest_uinv));
	return ENTRY_EXIT_NONE;
}

/* SDM 27.3.1.1: guest control registers, debug registers and MSRs. */
enum entry_check_exit entry_check__guest_regs(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	const struct entry_check_caps *k = c->caps;
	uint64_t fixed0 = k->cr0_fixed0;
	bool ia32e = ec_ia32e_guest(c), dbg = v->entry_controls & VMX_ENTRY_LOAD_DEBUG_CONTROLS;
	enum entry_check_exit e;

	/* Unrestricted guest lifts PE and PG from CR0_FIXED0 (SDM A.7); L0
	 * does not offer it, so real-mode and paging-off guests fail here. */
	if (ec_unrestricted(c))
		fixed0 &= ~(CR0_PE | CR0_PG);
	if (~v->guest_cr0 & fixed0)
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR0_FIXED0, EF(c, guest_cr0), EV("fixed0", fixed0));
	if (v->guest_cr0 & ~k->cr0_fixed1)
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR0_FIXED1, EF(c, guest_cr0), EV("fixed1", k->cr0_fixed1));
	if ((v->guest_cr0 & CR0_PG) && !(v->guest_cr0 & CR0_PE))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR0_PG_PE, EF(c, guest_cr0));
	if (~v->guest_cr4 & k->cr4_fixed0)
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR4_FIXED0, EF(c, guest_cr4), EV("fixed0", k->cr4_fixed0));
	if (v->guest_cr4 & ~k->cr4_fixed1)
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR4_FIXED1, EF(c, guest_cr4), EV("fixed1", k->cr4_fixed1));
	if ((v->guest_cr4 & CR4_CET) && !(v->guest_cr0 & CR0_WP))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR4_CET_WP, EF(c, guest_cr4), EF(c, guest_cr0));
	if (dbg && (v->guest_ia32_debugctl & ~k->debugctl_valid))
		EC_FAIL(c, ENTRY_CHECK_GUEST_DEBUGCTL_RSVD, EF(c, guest_ia32_debugctl),
			EV("valid", k->debugctl_valid));
	if (ia32e && !(v->guest_cr0 & CR0_PG))
		EC_FAIL(c, ENTRY_CHECK_GUEST_IA32E_PG, EF(c, guest_cr0), EF(c, entry_controls));
	if (ia32e && !(v->guest_cr4 & CR4_PAE))
		EC_FAIL(c, ENTRY_CHECK_GUEST_IA32E_PAE, EF(c, guest_cr4), EF(c, entry_controls));
	if (!ia32e && (v->guest_cr4 & CR4_PCIDE))
		EC_FAIL(c, ENTRY_CHECK_GUEST_NO_IA32E_PCIDE, EF(c, guest_cr4), EF(c, entry_controls));
	if (!ec_pa_ok(c, v->guest_cr3))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CR3_WIDTH, EF(c, guest_cr3));
	if (dbg && (v->guest_dr7 >> 32))
		EC_FAIL(c, ENTRY_CHECK_GUEST_DR7_HIGH, EF(c, guest_dr7));
	if (!ec_canonical(c, v->guest_ia32_sysenter_esp))
		EC_FAIL(c, ENTRY_CHECK_GUEST_SYSENTER_ESP_CANON, EF(c, guest_ia32_sysenter_esp));
	if (!ec_canonical(c, v->guest_ia32_sysenter_eip))
		EC_FAIL(c, ENTRY_CHECK_GUEST_SYSENTER_EIP_CANON, EF(c, guest_ia32_sysenter_eip));
	e = guest_cet(c);
	if (e != ENTRY_EXIT_NONE)
		return e;
	return guest_msrs(c);
}

/* SDM 27.3.1.3: GDTR and IDTR. */
enum entry_check_exit entry_check__guest_desc_tables(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;

	if (!ec_canonical(c, v->guest_gdtr_base))
		EC_FAIL(c, ENTRY_CHECK_GUEST_GDTR_BASE_CANON, EF(c, guest_gdtr_base));
	if (!ec_canonical(c, v->guest_idtr_base))
		EC_FAIL(c, ENTRY_CHECK_GUEST_IDTR_BASE_CANON, EF(c, guest_idtr_base));
	if (v->guest_gdtr_limit >> 16)
		EC_FAIL(c, ENTRY_CHECK_GUEST_GDTR_LIMIT, EF(c, guest_gdtr_limit));
	if (v->guest_idtr_limit >> 16)
		EC_FAIL(c, ENTRY_CHECK_GUEST_IDTR_LIMIT, EF(c, guest_idtr_limit));
	return ENTRY_EXIT_NONE;
}

/* SDM 27.3.1.4: RIP and RFLAGS. */
enum entry_check_exit entry_check__guest_rip_rflags(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	bool long64 = ec_ia32e_guest(c) && (v->guest_cs_ar & AR_L);
	uint32_t info = v->entry_intr_info;

	if (!long64 && (v->guest_rip >> 32))
		EC_FAIL(c, ENTRY_CHECK_GUEST_RIP_HIGH, EF(c, guest_rip), EF(c, guest_cs_ar),
			EF(c, entry_controls));
	if (long64 && !ec_canonical(c, v->guest_rip))
		EC_FAIL(c, ENTRY_CHECK_GUEST_RIP_CANON, EF(c, guest_rip));
	if (v->guest_rflags & RFLAGS_RSVD)
		EC_FAIL(c, ENTRY_CHECK_GUEST_RFLAGS_RSVD, EF(c, guest_rflags));
	if (!(v->guest_rflags & RFLAGS_FIXED1))
		EC_FAIL(c, ENTRY_CHECK_GUEST_RFLAGS_FIXED1, EF(c, guest_rflags));
	if ((v->guest_rflags & RFLAGS_VM) && (ec_ia32e_guest(c) || !(v->guest_cr0 & CR0_PE)))
		EC_FAIL(c, ENTRY_CHECK_GUEST_RFLAGS_VM, EF(c, guest_rflags),
			EF(c, entry_controls), EF(c, guest_cr0));
	if ((info & INTR_VALID) && INTR_TYPE(info) == INTR_EXTINT &&
	    !(v->guest_rflags & RFLAGS_IF))
		EC_FAIL(c, ENTRY_CHECK_GUEST_RFLAGS_IF, EF(c, guest_rflags), EF(c, entry_intr_info));
	return ENTRY_EXIT_NONE;
}
