/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_ctls.c: checks on the VMX controls, SDM 27.2.1.
 * A failure is VMfailValid 7, "VM entry with invalid control field(s)". */
#include "ept-compose/eptp.h"
#include "vmcs-merge/entry_check_int.h"

/* A page (or smaller) address a control names: aligned to @align bytes and
 * within the physical-address width (the recurring 27.2.1.1 rule). */
#define CHECK_ADDR(c, member, align, id_align, id_width)		\
	do {								\
		if ((c)->v->member & ((align) - 1))			\
			EC_FAIL(c, id_align, EF(c, member));		\
		if (!ec_pa_ok(c, (c)->v->member))			\
			EC_FAIL(c, id_width, EF(c, member));		\
	} while (0)

/* A 16-byte-entry MSR area: aligned, first and last byte within the width
 * (SDM 27.2.1.2, 27.2.1.3). */
#define CHECK_MSR_AREA(c, count, addr, id_align, id_width, id_end)	\
	do {								\
		if ((c)->v->count) {					\
			uint64_t end_ = (c)->v->addr + (uint64_t)(c)->v->count * 16 - 1; \
			CHECK_ADDR(c, addr, 16, id_align, id_width);	\
			if (!ec_pa_ok(c, end_) || end_ < (c)->v->addr)	\
				EC_FAIL(c, id_end, EF(c, addr), EF(c, count)); \
		}							\
	} while (0)

/* Reads VTPR (offset 0x80 of the virtual-APIC page, SDM 30.1.1). */
static bool read_vtpr(const struct entry_check_ctx *c, uint8_t *vtpr)
{
	return c->in->mem &&
	       guest_mem__read(c->in->mem, c->v->virtual_apic_page_addr + 0x80,
			       vtpr, 1) == 0;
}

/* The APIC-virtualization rules of SDM 27.2.1.1. */
static enum vmx_error apic_controls(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	uint32_t proc2 = ec_proc2(c);
	bool tpr = v->proc_based_controls & VMX_PROC_USE_TPR_SHADOW;
	bool vid = proc2 & VMX_PROC2_VIRT_INTR_DELIVERY;
	uint8_t vtpr;

	if (tpr) {
		CHECK_ADDR(c, virtual_apic_page_addr, 4096,
			   ENTRY_CHECK_CTL_VAPIC_ALIGN, ENTRY_CHECK_CTL_VAPIC_WIDTH);
		if (!vid && (v->tpr_threshold & ~0xfu))
			EC_FAIL(c, ENTRY_CHECK_CTL_TPR_THRESHOLD_RSVD, EF(c, tpr_threshold));
		if (!vid && !(proc2 & VMX_PROC2_VIRT_APIC_ACCESSES)) {
			if (!read_vtpr(c, &vtpr))
				EC_FAIL(c, ENTRY_CHECK_CTL_TPR_THRESHOLD_VTPR,
					EF(c, virtual_apic_page_addr));
			if ((v->tpr_threshold & 0xf) > (vtpr >> 4))
				EC_FAIL(c, ENTRY_CHECK_CTL_TPR_THRESHOLD_VTPR,
					EF(c, tpr_threshold), EV("vtpr", vtpr));
		}
	} else {
		if (proc2 & VMX_PROC2_VIRT_X2APIC_MODE)
			EC_FAIL(c, ENTRY_CHECK_CTL_X2APIC_NEEDS_TPR,
				EV("secondary_proc_controls", proc2));
		if (proc2 & VMX_PROC2_APIC_REGISTER_VIRT)
			EC_FAIL(c, ENTRY_CHECK_CTL_APIC_REG_NEEDS_TPR,
				EV("secondary_proc_controls", proc2));
		if (vid)
			EC_FAIL(c, ENTRY_CHECK_CTL_VID_NEEDS_TPR,
				EV("secondary_proc_controls", proc2));
	}
	if ((proc2 & VMX_PROC2_VIRT_X2APIC_MODE) && (proc2 & VMX_PROC2_VIRT_APIC_ACCESSES))
		EC_FAIL(c, ENTRY_CHECK_CTL_X2APIC_AND_APIC_ACCESS,
			EV("secondary_proc_controls", proc2));
	if (vid && !(v->pin_based_controls & VMX_PIN_EXTINT_EXITING))
		EC_FAIL(c, ENTRY_CHECK_CTL_VID_NEEDS_EXTINT, EF(c, pin_based_controls),
			EV("secondary_proc_controls", proc2));
	if (v->pin_based_controls & VMX_PIN_POSTED_INTERRUPTS) {
		if (!vid)
			EC_FAIL(c, ENTRY_CHECK_CTL_PI_NEEDS_VID, EF(c, pin_based_controls),
				EV("secondary_proc_controls", proc2));
		if (!(v->exit_controls & VMX_EXIT_ACK_INTR_ON_EXIT))
			EC_FAIL(c, ENTRY_CHECK_CTL_PI_NEEDS_ACK, EF(c, exit_controls));
		if (v->posted_intr_nv & 0xff00)
			EC_FAIL(c, ENTRY_CHECK_CTL_PI_VECTOR, EF(c, posted_intr_nv));
		CHECK_ADDR(c, posted_intr_desc_addr, 64,
			   ENTRY_CHECK_CTL_PI_DESC_ALIGN, ENTRY_CHECK_CTL_PI_DESC_WIDTH);
	}
	return VMX_ERR_NONE;
}

/* EPTP format, SDM 25.6.11, checked per SDM 27.2.1.1: the rules of
 * ept-compose/eptp_checks.def (INVEPT's too), against vmcs12's capability
 * MSR, each failing as its entry check. */
static const enum entry_check_id eptp_entry_check[EPTP__COUNT] = {
#define EPTP_CHECK(name, ID, cond) [EPTP_BAD_##name] = ENTRY_CHECK_##ID,
#include "ept-compose/eptp_checks.def"
#undef EPTP_CHECK
};

static enum vmx_error eptp(struct entry_check_ctx *c)
{
	enum eptp_check r = eptp__check_cap(c->caps->ept_vpid_cap, c->in->pa_width,
					    c->v->ept_pointer);

	if (r != EPTP_OK)
		EC_FAIL(c, eptp_entry_check[r], EF(c, ept_pointer));
	return VMX_ERR_NONE;
}

/* SDM 27.2.1.1: VM-execution control fields. */
enum vmx_error entry_check__exec_controls(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	const struct entry_check_caps *k = c->caps;
	uint32_t pin = v->pin_based_controls, proc = v->proc_based_controls;
	uint32_t proc2 = ec_proc2(c);
	bool ept = proc2 & VMX_PROC2_ENABLE_EPT;
	enum vmx_error e;

	if (~pin & k->pin_must1)
		EC_FAIL(c, ENTRY_CHECK_CTL_PIN_ALLOWED0, EF(c, pin_based_controls),
			EV("must_be_1", k->pin_must1));
	if (pin & ~k->pin_may1)
		EC_FAIL(c, ENTRY_CHECK_CTL_PIN_ALLOWED1, EF(c, pin_based_controls),
			EV("may_be_1", k->pin_may1));
	if (~proc & k->proc_must1)
		EC_FAIL(c, ENTRY_CHECK_CTL_PROC_ALLOWED0, EF(c, proc_based_controls),
			EV("must_be_1", k->proc_must1));
	if (proc & ~k->proc_may1)
		EC_FAIL(c, ENTRY_CHECK_CTL_PROC_ALLOWED1, EF(c, proc_based_controls),
			EV("may_be_1", k->proc_may1));
	if (proc2 & ~k->proc2_may1)
		EC_FAIL(c, ENTRY_CHECK_CTL_PROC2_ALLOWED1, EF(c, secondary_proc_controls),
			EV("may_be_1", k->proc2_may1));
	if ((proc & (uint32_t)VMX_PROC_TERTIARY_CONTROLS) &&
	    (v->tertiary_proc_controls & ~k->proc3_may1))
		EC_FAIL(c, ENTRY_CHECK_CTL_PROC3_ALLOWED1, EF(c, tertiary_proc_controls),
			EV("may_be_1", k->proc3_may1));
	if (v->cr3_target_count > MISC_CR3_TARGETS(k->misc))
		EC_FAIL(c, ENTRY_CHECK_CTL_CR3_TARGET_COUNT, EF(c, cr3_target_count),
			EV("supported", MISC_CR3_TARGETS(k->misc)));
	if (proc & VMX_PROC_USE_IO_BITMAPS) {
		CHECK_ADDR(c, io_bitmap_a, 4096, ENTRY_CHECK_CTL_IO_BITMAP_A_ALIGN,
			   ENTRY_CHECK_CTL_IO_BITMAP_A_WIDTH);
		CHECK_ADDR(c, io_bitmap_b, 4096, ENTRY_CHECK_CTL_IO_BITMAP_B_ALIGN,
			   ENTRY_CHECK_CTL_IO_BITMAP_B_WIDTH);
	}
	if (proc & VMX_PROC_USE_MSR_BITMAPS)
		CHECK_ADDR(c, msr_bitmap, 4096, ENTRY_CHECK_CTL_MSR_BITMAP_ALIGN,
			   ENTRY_CHECK_CTL_MSR_BITMAP_WIDTH);
	e = apic_controls(c);
	if (e != VMX_ERR_NONE)
		return e;
	if (!(pin & VMX_PIN_NMI_EXITING) && (pin & VMX_PIN_VIRTUAL_NMIS))
		EC_FAIL(c, ENTRY_CHECK_CTL_VNMI_NEEDS_NMI_EXIT, EF(c, pin_based_controls));
	if (!(pin & VMX_PIN_VIRTUAL_NMIS) && (proc & VMX_PROC_NMI_WINDOW_EXITING))
		EC_FAIL(c, ENTRY_CHECK_CTL_NMI_WINDOW_NEEDS_VNMI, EF(c, pin_based_controls),
			EF(c, proc_based_controls));
	if (proc2 & VMX_PROC2_VIRT_APIC_ACCESSES)
		CHECK_ADDR(c, apic_access_addr, 4096, ENTRY_CHECK_CTL_APIC_ACCESS_ALIGN,
			   ENTRY_CHECK_CTL_APIC_ACCESS_WIDTH);
	if ((proc2 & VMX_PROC2_ENABLE_VPID) && v->vpid == 0)
		EC_FAIL(c, ENTRY_CHECK_CTL_VPID_ZERO, EF(c, vpid));
	if (ept && (e = eptp(c)) != VMX_ERR_NONE)
		return e;
	if (proc2 & VMX_PROC2_ENABLE_PML) {
		if (!ept)
			EC_FAIL(c, ENTRY_CHECK_CTL_PML_NEEDS_EPT, EV("secondary_proc_controls", proc2));
		CHECK_ADDR(c, pml_address, 4096, ENTRY_CHECK_CTL_PML_ALIGN,
			   ENTRY_CHECK_CTL_PML_WIDTH);
	}
	if ((proc2 & VMX_PROC2_UNRESTRICTED_GUEST) && !ept)
		EC_FAIL(c, ENTRY_CHECK_CTL_UG_NEEDS_EPT, EV("secondary_proc_controls", proc2));
	if ((proc2 & VMX_PROC2_MODE_BASED_EPT_EXEC) && !ept)
		EC_FAIL(c, ENTRY_CHECK_CTL_MBEC_NEEDS_EPT, EV("secondary_proc_controls", proc2));
	if (proc2 & VMX_PROC2_SUBPAGE_WRITE_PERM) {
		if (!ept)
			EC_FAIL(c, ENTRY_CHECK_CTL_SPP_NEEDS_EPT, EV("secondary_proc_controls", proc2));
		CHECK_ADDR(c, spp_table_pointer, 4096, ENTRY_CHECK_CTL_SPPTP_ALIGN,
			   ENTRY_CHECK_CTL_SPPTP_WIDTH);
	}
	if (proc2 & VMX_PROC2_PT_USES_GPA) {
		if (!ept)
			EC_FAIL(c, ENTRY_CHECK_CTL_PT_GPA_NEEDS_EPT, EV("secondary_proc_controls", proc2));
		if (!(v->entry_controls & VMX_ENTRY_LOAD_RTIT_CTL))
			EC_FAIL(c, ENTRY_CHECK_CTL_PT_GPA_NEEDS_LOAD_RTIT, EF(c, entry_controls));
		if (!(v->exit_controls & VMX_EXIT_CLEAR_RTIT_CTL))
			EC_FAIL(c, ENTRY_CHECK_CTL_PT_GPA_NEEDS_CLEAR_RTIT, EF(c, exit_controls));
	}
	if (proc2 & VMX_PROC2_ENABLE_VMFUNC) {
		if (v->vm_function_controls & ~k->vmfunc_may1)
			EC_FAIL(c, ENTRY_CHECK_CTL_VMFUNC_ALLOWED1, EF(c, vm_function_controls),
				EV("may_be_1", k->vmfunc_may1));
		if (v->vm_function_controls & 1) {
			if (!ept)
				EC_FAIL(c, ENTRY_CHECK_CTL_VMFUNC_EPTP_NEEDS_EPT,
					EV("secondary_proc_controls", proc2));
			CHECK_ADDR(c, eptp_list_address, 4096, ENTRY_CHECK_CTL_EPTP_LIST_ALIGN,
				   ENTRY_CHECK_CTL_EPTP_LIST_WIDTH);
		}
	}
	if (proc2 & VMX_PROC2_VMCS_SHADOWING) {
		CHECK_ADDR(c, vmread_bitmap, 4096, ENTRY_CHECK_CTL_VMREAD_BITMAP_ALIGN,
			   ENTRY_CHECK_CTL_VMREAD_BITMAP_WIDTH);
		CHECK_ADDR(c, vmwrite_bitmap, 4096, ENTRY_CHECK_CTL_VMWRITE_BITMAP_ALIGN,
			   ENTRY_CHECK_CTL_VMWRITE_BITMAP_WIDTH);
	}
	if (proc2 & VMX_PROC2_EPT_VIOLATION_VE)
		CHECK_ADDR(c, ve_info_address, 4096, ENTRY_CHECK_CTL_VE_INFO_ALIGN,
			   ENTRY_CHECK_CTL_VE_INFO_WIDTH);
	return VMX_ERR_NONE;
}

/* SDM 27.2.1.2: VM-exit control fields. */
enum vmx_error entry_check__exit_controls(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	const struct entry_check_caps *k = c->caps;

	if (~v->exit_controls & k->exit_must1)
		EC_FAIL(c, ENTRY_CHECK_CTL_EXIT_ALLOWED0, EF(c, exit_controls),
			EV("must_be_1", k->exit_must1));
	if (v->exit_controls & ~k->exit_may1)
		EC_FAIL(c, ENTRY_CHECK_CTL_EXIT_ALLOWED1, EF(c, exit_controls),
			EV("may_be_1", k->exit_may1));
	if ((v->exit_controls & (uint32_t)VMX_EXIT_SECONDARY_CONTROLS) &&
	    (v->secondary_exit_controls & ~k->exit2_may1))
		EC_FAIL(c, ENTRY_CHECK_CTL_EXIT2_ALLOWED1, EF(c, secondary_exit_controls),
			EV("may_be_1", k->exit2_may1));
	if (!(v->pin_based_controls & VMX_PIN_PREEMPTION_TIMER) &&
	    (v->exit_controls & VMX_EXIT_SAVE_PREEMPTION_TIMER))
		EC_FAIL(c, ENTRY_CHECK_CTL_EXIT_SAVE_TIMER, EF(c, pin_based_controls),
			EF(c, exit_controls));
	CHECK_MSR_AREA(c, exit_msr_store_count, exit_msr_store_addr,
		       ENTRY_CHECK_CTL_EXIT_MSR_STORE_ALIGN,
		       ENTRY_CHECK_CTL_EXIT_MSR_STORE_WIDTH,
		       ENTRY_CHECK_CTL_EXIT_MSR_STORE_END);
	CHECK_MSR_AREA(c, exit_msr_load_count, exit_msr_load_addr,
		       ENTRY_CHECK_CTL_EXIT_MSR_LOAD_ALIGN,
		       ENTRY_CHECK_CTL_EXIT_MSR_LOAD_WIDTH,
		       ENTRY_CHECK_CTL_EXIT_MSR_LOAD_END);
	return VMX_ERR_NONE;
}

/* Vectors whose delivery pushes an error code: #DF, #TS, #NP, #SS, #GP,
 * #PF, #AC, #CP (SDM Vol. 3A Table 6-1). */
static bool pushes_error_code(unsigned vector)
{
	return vector < 32 && ((1u << vector) & 0x00227d00u);
}

/* SDM 27.2.1.3: event injection. */
static enum vmx_error event_injection(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	uint32_t info = v->entry_intr_info;
	unsigned type = INTR_TYPE(info), vector = INTR_VECTOR(info);
	bool mtf = c->caps->proc_may1 & VMX_PROC_MONITOR_TRAP_FLAG;
	bool prot = !ec_unrestricted(c) || (v->guest_cr0 & CR0_PE);
	bool any_ec = c->caps->basic & BASIC_NO_EC_CHECK;
	bool hw = type == INTR_HW_EXC, ec = info & INTR_DELIVER_EC;

	if (!(info & INTR_VALID))
		return VMX_ERR_NONE;
	if (type == 1 || (type == INTR_OTHER && !mtf))
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_TYPE, EF(c, entry_intr_info));
	if (type == INTR_NMI && vector != 2)
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_NMI_VECTOR, EF(c, entry_intr_info));
	if (hw && vector > 31)
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_HW_VECTOR, EF(c, entry_intr_info));
	if (type == INTR_OTHER && vector != 0)
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_OTHER_VECTOR, EF(c, entry_intr_info));
	if (!ec && hw && prot && pushes_error_code(vector) && !any_ec)
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_ERRCODE_NEEDED, EF(c, entry_intr_info),
			EF(c, guest_cr0));
	if (ec && !(hw && prot && (any_ec || pushes_error_code(vector))))
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_ERRCODE_UNEXPECTED, EF(c, entry_intr_info),
			EF(c, guest_cr0));
	if (info & 0x7ffff000u)
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_RSVD, EF(c, entry_intr_info));
	if (ec && (v->entry_exception_error_code & 0xffff0000u))
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_ERRCODE_RSVD, EF(c, entry_exception_error_code));
	if ((type == INTR_SW_INT || type == INTR_PRIV_SW_EXC || type == INTR_SW_EXC) &&
	    (v->entry_instruction_len > 15 ||
	     (v->entry_instruction_len == 0 && !(c->caps->misc & MISC_INSN_LEN_0))))
		EC_FAIL(c, ENTRY_CHECK_CTL_EVENT_INSN_LEN, EF(c, entry_instruction_len),
			EF(c, entry_intr_info));
	return VMX_ERR_NONE;
}

/* SDM 27.2.1.3: VM-entry control fields. */
enum vmx_error entry_check__entry_controls(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	const struct entry_check_caps *k = c->caps;
	enum vmx_error e;

	if (~v->entry_controls & k->entry_must1)
		EC_FAIL(c, ENTRY_CHECK_CTL_ENTRY_ALLOWED0, EF(c, entry_controls),
			EV("must_be_1", k->entry_must1));
	if (v->entry_controls & ~k->entry_may1)
		EC_FAIL(c, ENTRY_CHECK_CTL_ENTRY_ALLOWED1, EF(c, entry_controls),
			EV("may_be_1", k->entry_may1));
	e = event_injection(c);
	if (e != VMX_ERR_NONE)
		return e;
	CHECK_MSR_AREA(c, entry_msr_load_count, entry_msr_load_addr,
		       ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_ALIGN,
		       ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_WIDTH,
		       ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_END);
	if (!c->in->in_smm && (v->entry_controls & VMX_ENTRY_ENTRY_TO_SMM))
		EC_FAIL(c, ENTRY_CHECK_CTL_ENTRY_SMM, EF(c, entry_controls));
	if (!c->in->in_smm && (v->entry_controls & VMX_ENTRY_DEACT_DUAL_MONITOR))
		EC_FAIL(c, ENTRY_CHECK_CTL_ENTRY_DEACT_DUAL, EF(c, entry_controls));
	if ((v->entry_controls & VMX_ENTRY_ENTRY_TO_SMM) &&
	    (v->entry_controls & VMX_ENTRY_DEACT_DUAL_MONITOR))
		EC_FAIL(c, ENTRY_CHECK_CTL_ENTRY_SMM_AND_DEACT, EF(c, entry_controls));
	return VMX_ERR_NONE;
}
