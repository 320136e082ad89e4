/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_host.c: one row per VM-entry check on
 * the host-state area (SDM 27.2.2 to 27.2.4): VMfailValid 8 naming it. */
#include "tests/unit/vmcs-merge/entry_check_fixture.h"

#define SET(field, bits)   (f->v.field |= (uint32_t)(bits))
#define CLEAR(field, bits) (f->v.field &= ~(uint32_t)(bits))
#define CR4_PCIDE (1ull << 17)

/* A 32-bit L1 (IA32_EFER.LMA = 0) running a 32-bit guest. */
static void host32(struct fx *f)
{
	f->in.l1_lma = 0;
	CLEAR(exit_controls, VMX_EXIT_HOST_ADDR_SPACE_SIZE | VMX_EXIT_LOAD_EFER);
	CLEAR(entry_controls, VMX_ENTRY_IA32E_MODE_GUEST);
	f->v.host_rip = 0xc1000000;
}

static bool row(struct fx *f, enum entry_check_id id, uint64_t *qual)
{
	struct vmcs12 *v = &f->v;

	switch ((int)id) {
	case ENTRY_CHECK_HOST_CR0_FIXED0: v->host_cr0 &= ~(1ull << 5); break;	/* NE */
	case ENTRY_CHECK_HOST_CR0_FIXED1: v->host_cr0 |= 1ull << 32; break;
	case ENTRY_CHECK_HOST_CR4_FIXED0: v->host_cr4 &= ~(1ull << 13); break;	/* VMXE */
	case ENTRY_CHECK_HOST_CR4_FIXED1: v->host_cr4 |= 1ull << 22; break;
	case ENTRY_CHECK_HOST_CR4_CET_WP: v->host_cr4 |= 1ull << 23; v->host_cr0 &= ~(1ull << 16); break;
	case ENTRY_CHECK_HOST_CR3_WIDTH: v->host_cr3 |= 1ull << PA_WIDTH; break;
	case ENTRY_CHECK_HOST_SYSENTER_ESP_CANON: v->host_ia32_sysenter_esp = NONCANON; break;
	case ENTRY_CHECK_HOST_SYSENTER_EIP_CANON: v->host_ia32_sysenter_eip = 0x8000000000000000ull; break;
	case ENTRY_CHECK_HOST_S_CET_CANON: SET(exit_controls, VMX_EXIT_LOAD_CET_STATE); v->host_ia32_s_cet = NONCANON; break;
	case ENTRY_CHECK_HOST_S_CET_RSVD: SET(exit_controls, VMX_EXIT_LOAD_CET_STATE); v->host_ia32_s_cet = 1 << 6; break;
	case ENTRY_CHECK_HOST_S_CET_SUPPRESS: SET(exit_controls, VMX_EXIT_LOAD_CET_STATE); v->host_ia32_s_cet = 0xc04; break;
	case ENTRY_CHECK_HOST_SSP_TABLE_CANON: SET(exit_controls, VMX_EXIT_LOAD_CET_STATE); v->host_ia32_intr_ssp_table = NONCANON; break;
	case ENTRY_CHECK_HOST_PERF_GLOBAL_RSVD: SET(exit_controls, VMX_EXIT_LOAD_PERF_GLOBAL_CTRL); v->host_ia32_perf_global_ctrl = 1ull << 40; break;
	case ENTRY_CHECK_HOST_PAT_TYPE: v->host_ia32_pat = 0x0007040600070402ull; break;
	case ENTRY_CHECK_HOST_EFER_RSVD: v->host_ia32_efer |= 2; break;
	case ENTRY_CHECK_HOST_EFER_LMA: v->host_ia32_efer &= ~(1ull << 10); break;
	case ENTRY_CHECK_HOST_EFER_LME: v->host_ia32_efer &= ~(1ull << 8); break;
	case ENTRY_CHECK_HOST_PKRS_RSVD: SET(exit_controls, VMX_EXIT_LOAD_PKRS); v->host_ia32_pkrs = 1ull << 32; break;
	case ENTRY_CHECK_HOST_ES_SEL_RPL_TI: v->host_es_selector = 0x13; break;
	case ENTRY_CHECK_HOST_CS_SEL_RPL_TI: v->host_cs_selector = 0x0b; break;
	case ENTRY_CHECK_HOST_SS_SEL_RPL_TI: v->host_ss_selector = 0x14; break;
	case ENTRY_CHECK_HOST_DS_SEL_RPL_TI: v->host_ds_selector = 0x1; break;
	case ENTRY_CHECK_HOST_FS_SEL_RPL_TI: v->host_fs_selector = 0x2; break;
	case ENTRY_CHECK_HOST_GS_SEL_RPL_TI: v->host_gs_selector = 0x4; break;
	case ENTRY_CHECK_HOST_TR_SEL_RPL_TI: v->host_tr_selector = 0x44; break;
	case ENTRY_CHECK_HOST_CS_SEL_NULL: v->host_cs_selector = 0; break;
	case ENTRY_CHECK_HOST_TR_SEL_NULL: v->host_tr_selector = 0; break;
	case ENTRY_CHECK_HOST_SS_SEL_NULL: host32(f); v->host_ss_selector = 0; break;
	case ENTRY_CHECK_HOST_FS_BASE_CANON: v->host_fs_base = NONCANON; break;
	case ENTRY_CHECK_HOST_GS_BASE_CANON: v->host_gs_base = 0xff00000000000000ull; break;
	case ENTRY_CHECK_HOST_GDTR_BASE_CANON: v->host_gdtr_base = NONCANON; break;
	case ENTRY_CHECK_HOST_IDTR_BASE_CANON: v->host_idtr_base = 0x7fff000000000000ull; break;
	case ENTRY_CHECK_HOST_TR_BASE_CANON: v->host_tr_base = NONCANON; break;
	case ENTRY_CHECK_HOST_LMA_ADDR_SIZE:
		CLEAR(exit_controls, VMX_EXIT_HOST_ADDR_SPACE_SIZE | VMX_EXIT_LOAD_EFER);
		break;
	case ENTRY_CHECK_HOST_NO_LMA_IA32E_GUEST: f->in.l1_lma = 0; break;
	case ENTRY_CHECK_HOST_NO_LMA_ADDR_SIZE:
		f->in.l1_lma = 0;
		CLEAR(entry_controls, VMX_ENTRY_IA32E_MODE_GUEST);
		break;
	case ENTRY_CHECK_HOST_32_PCIDE: host32(f); v->host_cr4 |= CR4_PCIDE; break;
	case ENTRY_CHECK_HOST_32_RIP: host32(f); v->host_rip = 1ull << 32; break;
	case ENTRY_CHECK_HOST_64_PAE: v->host_cr4 &= ~(1ull << 5); break;
	case ENTRY_CHECK_HOST_64_RIP_CANON: v->host_rip = NONCANON; break;
	default:
		return false;
	}
	*qual = 0;
	return true;
}

static struct fx F;

int main(void)
{
	fx_rows(&F, FX_HOST, NULL, false, row);

	/* Edges: what must pass. */
	fx_init(&F);
	F.v.host_ia32_sysenter_esp = 0x00007fffffffffffull;
	F.v.host_fs_base = 0xffff800000000000ull;
	fx_passes(&F, "canonical edges 0x00007fff... and 0xffff8000...");
	fx_init(&F);
	F.v.host_ds_selector = F.v.host_es_selector = F.v.host_fs_selector = 0;
	F.v.host_gs_selector = F.v.host_ss_selector = 0;
	fx_passes(&F, "null host SS/DS/ES/FS/GS with a 64-bit host");
	fx_init(&F);
	F.v.host_cr3 = (1ull << PA_WIDTH) - 4096;
	fx_passes(&F, "host CR3 at the top of the physical-address width");
	fx_init(&F);
	F.caps.linear_width = 57;
	F.v.host_rip = 0xff00000000000000ull;
	fx_passes(&F, "host RIP canonical with 57-bit linear addresses");
	fx_init(&F);
	F.caps.linear_width = 57;
	F.v.host_rip = 0x0100000000000000ull;
	fx_expect(&F, FX_HOST, ENTRY_CHECK_HOST_64_RIP_CANON, 0, "bit 56 set, 57-bit canonical form broken");
	fx_init(&F);
	host32(&F);
	fx_to_pae(&F);
	F.v.entry_controls &= ~(uint32_t)VMX_ENTRY_IA32E_MODE_GUEST;
	fx_passes(&F, "32-bit L1 entering a 32-bit PAE guest");
	fx_init(&F);
	F.v.exit_controls &= ~(uint32_t)VMX_EXIT_LOAD_PAT;
	F.v.host_ia32_pat = 0x0202020202020202ull;
	fx_passes(&F, "host PAT is not checked without load IA32_PAT");
	/* Host-state checks come after control checks (SDM 27.2). */
	fx_init(&F);
	F.v.host_cr0 = 0;
	F.v.vpid = 0;
	fx_expect(&F, FX_CONTROLS, ENTRY_CHECK_CTL_VPID_ZERO, 0, "controls before host state");
	return done_testing();
}
