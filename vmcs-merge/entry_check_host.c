/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_host.c: checks on the host-state area, SDM 27.2.2
 * to 27.2.4.  A failure is VMfailValid 8, "VM entry with invalid host-state
 * field(s)". */
#include <stddef.h>

#include "vmcs-merge/entry_check_int.h"

#define S_CET_RSVD      0x3c0ull		/* IA32_S_CET bits 9:6 */
#define S_CET_SUPPRESS  (1ull << 10)
#define S_CET_TRACKER   (1ull << 11)

static bool is_host64(const struct entry_check_ctx *c)
{
	return c->v->exit_controls & VMX_EXIT_HOST_ADDR_SPACE_SIZE;
}

/* SDM 27.2.2: host control registers, MSRs. */
enum vmx_error entry_check__host_regs(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	const struct entry_check_caps *k = c->caps;
	uint32_t ctl = v->exit_controls;
	bool host64 = is_host64(c);

	if (~v->host_cr0 & k->cr0_fixed0)
		EC_FAIL(c, ENTRY_CHECK_HOST_CR0_FIXED0, EF(c, host_cr0), EV("fixed0", k->cr0_fixed0));
	if (v->host_cr0 & ~k->cr0_fixed1)
		EC_FAIL(c, ENTRY_CHECK_HOST_CR0_FIXED1, EF(c, host_cr0), EV("fixed1", k->cr0_fixed1));
	if (~v->host_cr4 & k->cr4_fixed0)
		EC_FAIL(c, ENTRY_CHECK_HOST_CR4_FIXED0, EF(c, host_cr4), EV("fixed0", k->cr4_fixed0));
	if (v->host_cr4 & ~k->cr4_fixed1)
		EC_FAIL(c, ENTRY_CHECK_HOST_CR4_FIXED1, EF(c, host_cr4), EV("fixed1", k->cr4_fixed1));
	if ((v->host_cr4 & CR4_CET) && !(v->host_cr0 & CR0_WP))
		EC_FAIL(c, ENTRY_CHECK_HOST_CR4_CET_WP, EF(c, host_cr4), EF(c, host_cr0));
	if (!ec_pa_ok(c, v->host_cr3))
		EC_FAIL(c, ENTRY_CHECK_HOST_CR3_WIDTH, EF(c, host_cr3));
	if (!ec_canonical(c, v->host_ia32_sysenter_esp))
		EC_FAIL(c, ENTRY_CHECK_HOST_SYSENTER_ESP_CANON, EF(c, host_ia32_sysenter_esp));
	if (!ec_canonical(c, v->host_ia32_sysenter_eip))
		EC_FAIL(c, ENTRY_CHECK_HOST_SYSENTER_EIP_CANON, EF(c, host_ia32_sysenter_eip));
	if (ctl & VMX_EXIT_LOAD_CET_STATE) {
		if (!ec_canonical(c, v->host_ia32_s_cet))
			EC_FAIL(c, ENTRY_CHECK_HOST_S_CET_CANON, EF(c, host_ia32_s_cet));
		if (v->host_ia32_s_cet & S_CET_RSVD)
			EC_FAIL(c, ENTRY_CHECK_HOST_S_CET_RSVD, EF(c, host_ia32_s_cet));
		if ((v->host_ia32_s_cet & S_CET_SUPPRESS) && (v->host_ia32_s_cet & S_CET_TRACKER))
			EC_FAIL(c, ENTRY_CHECK_HOST_S_CET_SUPPRESS, EF(c, host_ia32_s_cet));
		if (!ec_canonical(c, v->host_ia32_intr_ssp_table))
			EC_FAIL(c, ENTRY_CHECK_HOST_SSP_TABLE_CANON, EF(c, host_ia32_intr_ssp_table));
	}
	if ((ctl & VMX_EXIT_LOAD_PERF_GLOBAL_CTRL) &&
	    (v->host_ia32_perf_global_ctrl & ~k->perf_global_valid))
		EC_FAIL(c, ENTRY_CHECK_HOST_PERF_GLOBAL_RSVD, EF(c, host_ia32_perf_global_ctrl),
			EV("valid", k->perf_global_valid));
	if ((ctl & VMX_EXIT_LOAD_PAT) && !ec_pat_ok(v->host_ia32_pat))
		EC_FAIL(c, ENTRY_CHECK_HOST_PAT_TYPE, EF(c, host_ia32_pat));
	if (ctl & VMX_EXIT_LOAD_EFER) {
		if (v->host_ia32_efer & ~k->efer_valid)
			EC_FAIL(c, ENTRY_CHECK_HOST_EFER_RSVD, EF(c, host_ia32_efer),
				EV("valid", k->efer_valid));
		if (!(v->host_ia32_efer & EFER_LMA) != !host64)
			EC_FAIL(c, ENTRY_CHECK_HOST_EFER_LMA, EF(c, host_ia32_efer), EF(c, exit_controls));
		if (!(v->host_ia32_efer & EFER_LME) != !host64)
			EC_FAIL(c, ENTRY_CHECK_HOST_EFER_LME, EF(c, host_ia32_efer), EF(c, exit_controls));
	}
	if ((ctl & VMX_EXIT_LOAD_PKRS) && (v->host_ia32_pkrs >> 32))
		EC_FAIL(c, ENTRY_CHECK_HOST_PKRS_RSVD, EF(c, host_ia32_pkrs));
	return VMX_ERR_NONE;
}

/* SDM 27.2.3: host segment and descriptor-table registers. */
enum vmx_error entry_check__host_segments(struct entry_check_ctx *c)
{
	static const struct {
		size_t offset;
		const char *name;
		enum entry_check_id id;
	} sels[] = {
#define SEL(seg, SEG) { offsetof(struct vmcs12, host_##seg##_selector), \
			"host_" #seg "_selector", ENTRY_CHECK_HOST_##SEG##_SEL_RPL_TI }
		SEL(es, ES), SEL(cs, CS), SEL(ss, SS), SEL(ds, DS), SEL(fs, FS),
		SEL(gs, GS), SEL(tr, TR),
#undef SEL
	};
	const struct vmcs12 *v = c->v;

	for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
		uint16_t sel = *(const uint16_t *)((const char *)v + sels[i].offset);

		if (sel & 7)
			EC_FAIL(c, sels[i].id, EV(sels[i].name, sel));
	}
	if (v->host_cs_selector == 0)
		EC_FAIL(c, ENTRY_CHECK_HOST_CS_SEL_NULL, EF(c, host_cs_selector));
	if (v->host_tr_selector == 0)
		EC_FAIL(c, ENTRY_CHECK_HOST_TR_SEL_NULL, EF(c, host_tr_selector));
	if (v->host_ss_selector == 0 && !is_host64(c))
		EC_FAIL(c, ENTRY_CHECK_HOST_SS_SEL_NULL, EF(c, host_ss_selector),
			EF(c, exit_controls));
	if (!ec_canonical(c, v->host_fs_base))
		EC_FAIL(c, ENTRY_CHECK_HOST_FS_BASE_CANON, EF(c, host_fs_base));
	if (!ec_canonical(c, v->host_gs_base))
		EC_FAIL(c, ENTRY_CHECK_HOST_GS_BASE_CANON, EF(c, host_gs_base));
	if (!ec_canonical(c, v->host_gdtr_base))
		EC_FAIL(c, ENTRY_CHECK_HOST_GDTR_BASE_CANON, EF(c, host_gdtr_base));
	if (!ec_canonical(c, v->host_idtr_base))
		EC_FAIL(c, ENTRY_CHECK_HOST_IDTR_BASE_CANON, EF(c, host_idtr_base));
	if (!ec_canonical(c, v->host_tr_base))
		EC_FAIL(c, ENTRY_CHECK_HOST_TR_BASE_CANON, EF(c, host_tr_base));
	return VMX_ERR_NONE;
}

/* SDM 27.2.4: address-space size, against the mode L1 itself runs in. */
enum vmx_error entry_check__host_addr_size(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	bool host64 = is_host64(c);

	if (c->in->l1_lma) {
		if (!host64)
			EC_FAIL(c, ENTRY_CHECK_HOST_LMA_ADDR_SIZE, EF(c, exit_controls));
	} else {
		if (ec_ia32e_guest(c))
			EC_FAIL(c, ENTRY_CHECK_HOST_NO_LMA_IA32E_GUEST, EF(c, entry_controls));
		if (host64)
			EC_FAIL(c, ENTRY_CHECK_HOST_NO_LMA_ADDR_SIZE, EF(c, exit_controls));
	}
	if (!host64) {
		/* HOST_32_IA32E_GUEST is implied: with L1's LMA = 1 the
		 * address-space size is 1, with LMA = 0 the guest is not IA-32e. */
		if (v->host_cr4 & CR4_PCIDE)
			EC_FAIL(c, ENTRY_CHECK_HOST_32_PCIDE, EF(c, host_cr4));
		if (v->host_rip >> 32)
			EC_FAIL(c, ENTRY_CHECK_HOST_32_RIP, EF(c, host_rip));
	} else {
		if (!(v->host_cr4 & CR4_PAE))
			EC_FAIL(c, ENTRY_CHECK_HOST_64_PAE, EF(c, host_cr4));
		if (!ec_canonical(c, v->host_rip))
			EC_FAIL(c, ENTRY_CHECK_HOST_64_RIP_CANON, EF(c, host_rip));
	}
	return VMX_ERR_NONE;
}
