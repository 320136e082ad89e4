/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_ctls.c: one row per VM-entry check on
 * the VMX controls (SDM 27.2.1): each breaks exactly that check of the
 * valid baseline and expects VMfailValid 7 naming it; plus the edges of
 * event injection. */
#include "tests/unit/vmcs-merge/entry_check_fixture.h"

#define SET(field, bits)   (f->v.field |= (uint32_t)(bits))
#define CLEAR(field, bits) (f->v.field &= ~(uint32_t)(bits))
#define EVENT(type, vector) (0x80000000u | ((type) << 8) | (vector))

static void tpr_shadow(struct fx *f)
{
	SET(proc_based_controls, VMX_PROC_USE_TPR_SHADOW);
	f->v.virtual_apic_page_addr = GPA_VAPIC;
}

/* Virtual-interrupt delivery with everything it needs, before breaking one. */
static void posted(struct fx *f)
{
	tpr_shadow(f);
	SET(secondary_proc_controls, VMX_PROC2_VIRT_INTR_DELIVERY);
	SET(pin_based_controls, VMX_PIN_POSTED_INTERRUPTS);
	f->v.posted_intr_nv = 0xf2;
	f->v.posted_intr_desc_addr = GPA_PI_DESC;
}

static void msr_area_end(uint64_t *addr, uint32_t *count)
{
	*addr = (1ull << PA_WIDTH) - 16;
	*count = 2;
}

static bool row(struct fx *f, enum entry_check_id id, uint64_t *qual)
{
	struct vmcs12 *v = &f->v;
	struct entry_check_caps l0;

	entry_check__default_caps(&l0);
	l0.basic = TEST_REV;
	switch ((int)id) {
	case ENTRY_CHECK_CTL_PIN_ALLOWED0: CLEAR(pin_based_controls, 1u << 1); break;
	case ENTRY_CHECK_CTL_PIN_ALLOWED1: f->caps = l0; SET(pin_based_controls, VMX_PIN_VIRTUAL_NMIS); break;
	case ENTRY_CHECK_CTL_PROC_ALLOWED0: CLEAR(proc_based_controls, 1u << 1); break;
	case ENTRY_CHECK_CTL_PROC_ALLOWED1: f->caps = l0; SET(proc_based_controls, VMX_PROC_USE_TSC_OFFSETTING); break;
	case ENTRY_CHECK_CTL_PROC2_ALLOWED1: f->caps = l0; SET(secondary_proc_controls, VMX_PROC2_UNRESTRICTED_GUEST); break;
	case ENTRY_CHECK_CTL_PROC3_ALLOWED1:
		f->caps.proc3_may1 = 0;
		SET(proc_based_controls, VMX_PROC_TERTIARY_CONTROLS);
		v->tertiary_proc_controls = 1;
		break;
	case ENTRY_CHECK_CTL_CR3_TARGET_COUNT: v->cr3_target_count = 5; break;
	case ENTRY_CHECK_CTL_IO_BITMAP_A_ALIGN: v->io_bitmap_a |= 0x800; break;
	case ENTRY_CHECK_CTL_IO_BITMAP_A_WIDTH: v->io_bitmap_a |= 1ull << PA_WIDTH; break;
	case ENTRY_CHECK_CTL_IO_BITMAP_B_ALIGN: v->io_bitmap_b |= 1; break;
	case ENTRY_CHECK_CTL_IO_BITMAP_B_WIDTH: v->io_bitmap_b |= 1ull << 63; break;
	case ENTRY_CHECK_CTL_MSR_BITMAP_ALIGN: v->msr_bitmap |= 0x10; break;
	case ENTRY_CHECK_CTL_MSR_BITMAP_WIDTH: v->msr_bitmap |= 1ull << 50; break;
	case ENTRY_CHECK_CTL_VAPIC_ALIGN: tpr_shadow(f); v->virtual_apic_page_addr |= 0x80; break;
	case ENTRY_CHECK_CTL_VAPIC_WIDTH: tpr_shadow(f); v->virtual_apic_page_addr |= 1ull << 40; break;
	case ENTRY_CHECK_CTL_TPR_THRESHOLD_RSVD: tpr_shadow(f); v->tpr_threshold = 0x12; break;
	case ENTRY_CHECK_CTL_TPR_THRESHOLD_VTPR: tpr_shadow(f); v->tpr_threshold = 5; break;
	case ENTRY_CHECK_CTL_X2APIC_NEEDS_TPR: SET(secondary_proc_controls, VMX_PROC2_VIRT_X2APIC_MODE); break;
	case ENTRY_CHECK_CTL_APIC_REG_NEEDS_TPR: SET(secondary_proc_controls, VMX_PROC2_APIC_REGISTER_VIRT); break;
	case ENTRY_CHECK_CTL_VID_NEEDS_TPR: SET(secondary_proc_controls, VMX_PROC2_VIRT_INTR_DELIVERY); break;
	case ENTRY_CHECK_CTL_X2APIC_AND_APIC_ACCESS:
		tpr_shadow(f);
		SET(secondary_proc_controls, VMX_PROC2_VIRT_X2APIC_MODE | VMX_PROC2_VIRT_APIC_ACCESSES);
		v->apic_access_addr = GPA_APIC_ACCESS;
		break;
	case ENTRY_CHECK_CTL_VID_NEEDS_EXTINT:
		posted(f);
		CLEAR(pin_based_controls, VMX_PIN_POSTED_INTERRUPTS | VMX_PIN_EXTINT_EXITING);
		break;
	case ENTRY_CHECK_CTL_PI_NEEDS_VID: SET(pin_based_controls, VMX_PIN_POSTED_INTERRUPTS); break;
	case ENTRY_CHECK_CTL_PI_NEEDS_ACK: posted(f); CLEAR(exit_controls, VMX_EXIT_ACK_INTR_ON_EXIT); break;
	case ENTRY_CHECK_CTL_PI_VECTOR: posted(f); v->posted_intr_nv = 0x1f2; break;
	case ENTRY_CHECK_CTL_PI_DESC_ALIGN: posted(f); v->posted_intr_desc_addr |= 0x20; break;
	case ENTRY_CHECK_CTL_PI_DESC_WIDTH: posted(f); v->posted_intr_desc_addr |= 1ull << 45; break;
	case ENTRY_CHECK_CTL_VNMI_NEEDS_NMI_EXIT:
		CLEAR(pin_based_controls, VMX_PIN_NMI_EXITING);
		SET(pin_based_controls, VMX_PIN_VIRTUAL_NMIS);
		break;
	case ENTRY_CHECK_CTL_NMI_WINDOW_NEEDS_VNMI: SET(proc_based_controls, VMX_PROC_NMI_WINDOW_EXITING); break;
	case ENTRY_CHECK_CTL_APIC_ACCESS_ALIGN:
		SET(secondary_proc_controls, VMX_PROC2_VIRT_APIC_ACCESSES);
		v->apic_access_addr = GPA_APIC_ACCESS | 8;
		break;
	case ENTRY_CHECK_CTL_APIC_ACCESS_WIDTH:
		SET(secondary_proc_controls, VMX_PROC2_VIRT_APIC_ACCESSES);
		v->apic_access_addr = GPA_APIC_ACCESS | 1ull << PA_WIDTH;
		break;
	case ENTRY_CHECK_CTL_VPID_ZERO: v->vpid = 0; break;
	case ENTRY_CHECK_CTL_EPTP_MEMTYPE: v->ept_pointer = (v->ept_pointer & ~7ull) | 1; break;
	case ENTRY_CHECK_CTL_EPTP_WALK: v->ept_pointer = (v->ept_pointer & ~0x38ull) | (2 << 3); break;
	case ENTRY_CHECK_CTL_EPTP_AD: v->ept_pointer |= 1 << 6; break;
	case ENTRY_CHECK_CTL_EPTP_RSVD: v->ept_pointer |= 1 << 9; break;
	case ENTRY_CHECK_CTL_EPTP_WIDTH: v->ept_pointer |= 1ull << PA_WIDTH; break;
	case ENTRY_CHECK_CTL_PML_NEEDS_EPT:
		v->secondary_proc_controls = VMX_PROC2_ENABLE_PML | VMX_PROC2_ENABLE_VPID;
		v->pml_address = GPA_PAGE;
		break;
	case ENTRY_CHECK_CTL_PML_ALIGN: SET(secondary_proc_controls, VMX_PROC2_ENABLE_PML); v->pml_address = GPA_PAGE | 0x100; break;
	case ENTRY_CHECK_CTL_PML_WIDTH: SET(secondary_proc_controls, VMX_PROC2_ENABLE_PML); v->pml_address = 1ull << 62; break;
	case ENTRY_CHECK_CTL_UG_NEEDS_EPT: v->secondary_proc_controls = VMX_PROC2_UNRESTRICTED_GUEST; break;
	case ENTRY_CHECK_CTL_MBEC_NEEDS_EPT: v->secondary_proc_controls = VMX_PROC2_MODE_BASED_EPT_EXEC; break;
	case ENTRY_CHECK_CTL_SPP_NEEDS_EPT:
		v->secondary_proc_controls = VMX_PROC2_SUBPAGE_WRITE_PERM;
		v->spp_table_pointer = GPA_PAGE;
		break;
	case ENTRY_CHECK_CTL_SPPTP_ALIGN: SET(secondary_proc_controls, VMX_PROC2_SUBPAGE_WRITE_PERM); v->spp_table_pointer = GPA_PAGE + 1; break;
	case ENTRY_CHECK_CTL_SPPTP_WIDTH: SET(secondary_proc_controls, VMX_PROC2_SUBPAGE_WRITE_PERM); v->spp_table_pointer = 1ull << 48; break;
	case ENTRY_CHECK_CTL_PT_GPA_NEEDS_EPT: v->secondary_proc_controls = VMX_PROC2_PT_USES_GPA; break;
	case ENTRY_CHECK_CTL_PT_GPA_NEEDS_LOAD_RTIT: SET(secondary_proc_controls, VMX_PROC2_PT_USES_GPA); break;
	case ENTRY_CHECK_CTL_PT_GPA_NEEDS_CLEAR_RTIT:
		SET(secondary_proc_controls, VMX_PROC2_PT_USES_GPA);
		SET(entry_controls, VMX_ENTRY_LOAD_RTIT_CTL);
		break;
	case ENTRY_CHECK_CTL_VMFUNC_ALLOWED1:
		f->caps.vmfunc_may1 = 1;
		SET(secondary_proc_controls, VMX_PROC2_ENABLE_VMFUNC);
		v->vm_function_controls = 2;
		break;
	case ENTRY_CHECK_CTL_VMFUNC_EPTP_NEEDS_EPT:
		v->secondary_proc_controls = VMX_PROC2_ENABLE_VMFUNC;
		v->vm_function_controls = 1;
		v->eptp_list_address = GPA_PAGE;
		break;
	case ENTRY_CHECK_CTL_EPTP_LIST_ALIGN:
	case ENTRY_CHECK_CTL_EPTP_LIST_WIDTH:
		SET(secondary_proc_controls, VMX_PROC2_ENABLE_VMFUNC);
		v->vm_function_controls = 1;
		v->eptp_list_address = id == ENTRY_CHECK_CTL_EPTP_LIST_ALIGN ? GPA_PAGE | 0x800 : 1ull << 39;
		break;
	case ENTRY_CHECK_CTL_VMREAD_BITMAP_ALIGN:
	case ENTRY_CHECK_CTL_VMREAD_BITMAP_WIDTH:
	case ENTRY_CHECK_CTL_VMWRITE_BITMAP_ALIGN:
	case ENTRY_CHECK_CTL_VMWRITE_BITMAP_WIDTH:
		SET(secondary_proc_controls, VMX_PROC2_VMCS_SHADOWING);
		v->vmread_bitmap = GPA_PAGE;
		v->vmwrite_bitmap = GPA_PAGE + 0x1000;
		if (id == ENTRY_CHECK_CTL_VMREAD_BITMAP_ALIGN) v->vmread_bitmap |= 4;
		if (id == ENTRY_CHECK_CTL_VMREAD_BITMAP_WIDTH) v->vmread_bitmap |= 1ull << 41;
		if (id == ENTRY_CHECK_CTL_VMWRITE_BITMAP_ALIGN) v->vmwrite_bitmap |= 0x400;
		if (id == ENTRY_CHECK_CTL_VMWRITE_BITMAP_WIDTH) v->vmwrite_bitmap |= 1ull << 39;
		break;
	case ENTRY_CHECK_CTL_VE_INFO_ALIGN: SET(secondary_proc_controls, VMX_PROC2_EPT_VIOLATION_VE); v->ve_info_address = GPA_PAGE | 2; break;
	case ENTRY_CHECK_CTL_VE_INFO_WIDTH: SET(secondary_proc_controls, VMX_PROC2_EPT_VIOLATION_VE); v->ve_info_address = 1ull << 55; break;
	case ENTRY_CHECK_CTL_EXIT_ALLOWED0: CLEAR(exit_controls, 1u << 0); break;
	case ENTRY_CHECK_CTL_EXIT_ALLOWED1: f->caps = l0; SET(exit_controls, VMX_EXIT_LOAD_PERF_GLOBAL_CTRL); break;
	case ENTRY_CHECK_CTL_EXIT2_ALLOWED1:
		f->caps.exit2_may1 = 0;
		SET(exit_controls, VMX_EXIT_SECONDARY_CONTROLS);
		v->secondary_exit_controls = 1;
		break;
	case ENTRY_CHECK_CTL_EXIT_SAVE_TIMER: SET(exit_controls, VMX_EXIT_SAVE_PREEMPTION_TIMER); break;
	case ENTRY_CHECK_CTL_EXIT_MSR_STORE_ALIGN: v->exit_msr_store_addr |= 8; break;
	case ENTRY_CHECK_CTL_EXIT_MSR_STORE_WIDTH: v->exit_msr_store_addr |= 1ull << PA_WIDTH; break;
	case ENTRY_CHECK_CTL_EXIT_MSR_STORE_END: msr_area_end(&v->exit_msr_store_addr, &v->exit_msr_store_count); break;
	case ENTRY_CHECK_CTL_EXIT_MSR_LOAD_ALIGN: v->exit_msr_load_addr |= 4; break;
	case ENTRY_CHECK_CTL_EXIT_MSR_LOAD_WIDTH: v->exit_msr_load_addr |= 1ull << 60; break;
	case ENTRY_CHECK_CTL_EXIT_MSR_LOAD_END: msr_area_end(&v->exit_msr_load_addr, &v->exit_msr_load_count); break;
	case ENTRY_CHECK_CTL_ENTRY_ALLOWED0: CLEAR(entry_controls, 1u << 0); break;
	case ENTRY_CHECK_CTL_ENTRY_ALLOWED1: f->caps = l0; SET(entry_controls, VMX_ENTRY_LOAD_BNDCFGS); break;
	case ENTRY_CHECK_CTL_EVENT_TYPE: v->entry_intr_info = EVENT(1, 32); break;
	case ENTRY_CHECK_CTL_EVENT_NMI_VECTOR: v->entry_intr_info = EVENT(2, 3); break;
	case ENTRY_CHECK_CTL_EVENT_HW_VECTOR: v->entry_intr_info = EVENT(3, 32); break;
	case ENTRY_CHECK_CTL_EVENT_OTHER_VECTOR: v->entry_intr_info = EVENT(7, 1); break;
	case ENTRY_CHECK_CTL_EVENT_ERRCODE_NEEDED: v->entry_intr_info = EVENT(3, 13); break;
	case ENTRY_CHECK_CTL_EVENT_ERRCODE_UNEXPECTED: v->entry_intr_info = EVENT(3, 6) | 0x800; break;
	case ENTRY_CHECK_CTL_EVENT_RSVD: v->entry_intr_info = EVENT(3, 6) | 0x1000; break;
	case ENTRY_CHECK_CTL_EVENT_ERRCODE_RSVD:
		v->entry_intr_info = EVENT(3, 14) | 0x800;
		v->entry_exception_error_code = 0x10002;
		break;
	case ENTRY_CHECK_CTL_EVENT_INSN_LEN: v->entry_intr_info = EVENT(4, 0x80); break;
	case ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_ALIGN: v->entry_msr_load_addr |= 2; break;
	case ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_WIDTH: v->entry_msr_load_addr |= 1ull << PA_WIDTH; break;
	case ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_END: msr_area_end(&v->entry_msr_load_addr, &v->entry_msr_load_count); break;
	case ENTRY_CHECK_CTL_ENTRY_SMM: SET(entry_controls, VMX_ENTRY_ENTRY_TO_SMM); break;
	case ENTRY_CHECK_CTL_ENTRY_DEACT_DUAL: SET(entry_controls, VMX_ENTRY_DEACT_DUAL_MONITOR); break;
	case ENTRY_CHECK_CTL_ENTRY_SMM_AND_DEACT:
		f->in.in_smm = 1;
		SET(entry_controls, VMX_ENTRY_ENTRY_TO_SMM | VMX_ENTRY_DEACT_DUAL_MONITOR);
		break;
	default:
		return false;
	}
	*qual = 0;
	return true;
}

static struct fx F;

/* Event injection: what must pass, and the capability bits that relax it. */
static void event_edges(struct fx *f)
{
	static const struct { uint32_t info, len; const char *what; } good[] = {
		{ EVENT(0, 0x20), 0, "external interrupt 0x20" },
		{ EVENT(2, 2), 0, "NMI" },
		{ EVENT(3, 13) | 0x800, 0, "#GP with error code" },
		{ EVENT(3, 8) | 0x800, 0, "#DF with error code" },
		{ EVENT(3, 17) | 0x800, 0, "#AC with error code" },
		{ EVENT(3, 6), 0, "#UD without error code" },
		{ EVENT(3, 31), 0, "hardware exception 31" },
		{ EVENT(4, 0x80), 2, "INT 0x80, length 2" },
		{ EVENT(6, 3), 1, "INT3, length 1" },
		{ EVENT(5, 1), 15, "ICEBP, length 15" },
		{ EVENT(7, 0), 0, "pending MTF" },
	};

	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		fx_init(f);
		f->v.entry_intr_info = good[i].info;
		f->v.entry_instruction_len = good[i].len;
		fx_passes(f, good[i].what);
	}
	fx_init(f);
	f->v.entry_intr_info = EVENT(6, 3);
	f->v.entry_instruction_len = 16;
	fx_expect(f, FX_CONTROLS, ENTRY_CHECK_CTL_EVENT_INSN_LEN, 0, "length 16");
	fx_init(f);
	f->v.entry_intr_info = EVENT(6, 3);
	f->caps.misc |= 1ull << 30;
	fx_passes(f, "length 0 with IA32_VMX_MISC bit 30");
	fx_init(f);
	f->v.entry_intr_info = EVENT(3, 6) | 0x800;
	f->caps.basic |= 1ull << 56;
	fx_passes(f, "#UD with error code when IA32_VMX_BASIC bit 56");
	fx_init(f);
	f->v.entry_intr_info = EVENT(3, 13);
	f->caps.basic |= 1ull << 56;
	fx_passes(f, "#GP without error code when IA32_VMX_BASIC bit 56");
	fx_init(f);
	entry_check__default_caps(&f->caps);
	f->v.entry_intr_info = EVENT(7, 0);
	fx_expect(f, FX_CONTROLS, ENTRY_CHECK_CTL_EVENT_TYPE, 0,
		  "other event without monitor trap flag support");
	fx_init(f);
	f->v.entry_intr_info = EVENT(3, 14) | 0x800;
	f->v.entry_exception_error_code = 0x8000;
	fx_passes(f, "error code bit 15 is not reserved");
	fx_init(f);
	f->v.entry_intr_info = EVENT(3, 32) & ~0x80000000u;
	fx_passes(f, "an invalid (bit 31 clear) field is not checked");
}

int main(void)
{
	fx_init(&F);
	fx_passes(&F, "baseline with every control allowed");
	fx_init(&F);
	entry_check__default_caps(&F.caps);
	F.caps.basic = TEST_REV;
	fx_passes(&F, "baseline with L0's own capabilities");
	fx_rows(&F, FX_CONTROLS, NULL, false, row);
	event_edges(&F);
	/* TPR threshold edge: equal to VTPR[7:4] passes. */
	fx_init(&F);
	tpr_shadow(&F);
	F.v.tpr_threshold = 4;
	fx_passes(&F, "TPR threshold equal to VTPR bits 7:4");
	fx_init(&F);
	tpr_shadow(&F);
	F.v.virtual_apic_page_addr = RAM_SIZE;
	fx_expect(&F, FX_CONTROLS, ENTRY_CHECK_CTL_TPR_THRESHOLD_VTPR, 0,
		  "virtual-APIC page outside L1 RAM");
	fx_init(&F);
	posted(&F);
	fx_passes(&F, "posted interrupts with all they need");
	return done_testing();
}
