/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_nonreg.c: checks on the guest non-register state
 * (SDM 27.3.1.5: activity, interruptibility, pending debug exceptions, VMCS
 * link pointer) and on the PDPTEs of a PAE guest (SDM 27.3.1.6).  Failures
 * are exit reason 33 with the qualification the list gives: 3 for an NMI
 * under STI blocking, 4 for the link pointer, 2 for the PDPTEs. */
#include "vmcs-merge/entry_check_int.h"

/* Pending debug exceptions bits 11:4, 13, 15, 63:17 (SDM 25.4.2, Table 25-5). */
#define PDE_RSVD    0xfffffffffffeaff0ull
#define PDE_BP      (1ull << 12)		/* enabled breakpoint */
#define PDE_BS      (1ull << 14)
#define PDE_RTM     (1ull << 16)
#define PDE_RTM_LOW 0xffffull			/* of bits 15:0 only bit 12 */
#define LINK_NONE   (~0ull)
/* PAE PDPTE reserved bits 2:1 and 8:5 (SDM Vol. 3A 4.4.1). */
#define PDPTE_RSVD  0x1e6ull

/* SDM 27.3.1.5: may @info be injected in activity state @act? */
static bool event_allowed(unsigned act, uint32_t info)
{
	unsigned type = INTR_TYPE(info), vector = INTR_VECTOR(info);

	switch (act) {
	case ACT_HLT:
		return type == INTR_EXTINT || type == INTR_NMI ||
		       (type == INTR_HW_EXC && (vector == 1 || vector == 18)) ||
		       (type == INTR_OTHER && vector == 0);
	case ACT_SHUTDOWN:
		return type == INTR_NMI || (type == INTR_HW_EXC && vector == 18);
	case ACT_WAIT_SIPI:
		return false;
	default:
		return true;
	}
}

static enum entry_check_exit activity(struct entry_check_ctx *c)
{
	static const enum entry_check_id blocked[] = {
		[ACT_HLT] = ENTRY_CHECK_GUEST_ACTIVITY_EVENT_HLT,
		[ACT_SHUTDOWN] = ENTRY_CHECK_GUEST_ACTIVITY_EVENT_SHUTDOWN,
		[ACT_WAIT_SIPI] = ENTRY_CHECK_GUEST_ACTIVITY_EVENT_SIPI,
	};
	const struct vmcs12 *v = c->v;
	uint32_t act = v->guest_activity_state, info = v->entry_intr_info;

	if (act > ACT_WAIT_SIPI)
		EC_FAIL(c, ENTRY_CHECK_GUEST_ACTIVITY_RANGE, EF(c, guest_activity_state));
	/* IA32_VMX_MISC bits 6, 7, 8: HLT, shutdown, wait-for-SIPI. */
	if (act != ACT_ACTIVE && !(c->caps->misc & (1ull << (5 + act))))
		EC_FAIL(c, ENTRY_CHECK_GUEST_ACTIVITY_SUPPORTED, EF(c, guest_activity_state),
			EV("vmx_misc", c->caps->misc));
	if (act == ACT_HLT && AR_DPL(v->guest_ss_ar) != 0)
		EC_FAIL(c, ENTRY_CHECK_GUEST_ACTIVITY_HLT_DPL, EF(c, guest_activity_state),
			EF(c, guest_ss_ar));
	if (act != ACT_ACTIVE && (v->guest_interruptibility & (INTR_BLOCK_STI | INTR_BLOCK_MOVSS)))
		EC_FAIL(c, ENTRY_CHECK_GUEST_ACTIVITY_SHADOW, EF(c, guest_activity_state),
			EF(c, guest_interruptibility));
	if ((info & INTR_VALID) && act != ACT_ACTIVE && !event_allowed(act, info))
		EC_FAIL(c, blocked[act], EF(c, guest_activity_state), EF(c, entry_intr_info));
	if ((v->entry_controls & VMX_ENTRY_ENTRY_TO_SMM) && act == ACT_WAIT_SIPI)
		EC_FAIL(c, ENTRY_CHECK_GUEST_ACTIVITY_SIPI_SMM, EF(c, guest_activity_state),
			EF(c, entry_controls));
	return ENTRY_EXIT_NONE;
}

static enum entry_check_exit interruptibility(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	uint32_t st = v->guest_interruptibility, info = v->entry_intr_info;
	bool valid = info & INTR_VALID;
	bool extint = valid && INTR_TYPE(info) == INTR_EXTINT;
	bool nmi = valid && INTR_TYPE(info) == INTR_NMI;
	bool smm_entry = v->entry_controls & VMX_ENTRY_ENTRY_TO_SMM;

	if (st & ~0x1fu)
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_RSVD, EF(c, guest_interruptibility));
	if ((st & INTR_BLOCK_STI) && (st & INTR_BLOCK_MOVSS))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_STI_MOVSS, EF(c, guest_interruptibility));
	if ((st & INTR_BLOCK_STI) && !(v->guest_rflags & RFLAGS_IF))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_STI_IF, EF(c, guest_interruptibility),
			EF(c, guest_rflags));
	if (extint && (st & (INTR_BLOCK_STI | INTR_BLOCK_MOVSS)))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_EXTINT, EF(c, guest_interruptibility),
			EF(c, entry_intr_info));
	if (nmi && (st & INTR_BLOCK_MOVSS))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_NMI_MOVSS, EF(c, guest_interruptibility),
			EF(c, entry_intr_info));
	if (nmi && (st & INTR_BLOCK_STI) && c->caps->nmi_sti_fails)
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_NMI_STI, EF(c, guest_interruptibility),
			EF(c, entry_intr_info));
	if ((st & INTR_BLOCK_SMI) && !c->in->in_smm)
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_SMI, EF(c, guest_interruptibility));
	if (smm_entry && !(st & INTR_BLOCK_SMI))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_SMI_ENTRY_SMM, EF(c, guest_interruptibility),
			EF(c, entry_controls));
	if ((v->pin_based_controls & VMX_PIN_VIRTUAL_NMIS) && nmi && (st & INTR_BLOCK_NMI))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_VNMI, EF(c, guest_interruptibility),
			EF(c, entry_intr_info));
	if ((st & INTR_ENCLAVE) && (st & INTR_BLOCK_MOVSS))
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_ENCLAVE_MOVSS, EF(c, guest_interruptibility));
	if ((st & INTR_ENCLAVE) && !c->caps->has_sgx)
		EC_FAIL(c, ENTRY_CHECK_GUEST_INTR_ENCLAVE_SGX, EF(c, guest_interruptibility));
	return ENTRY_EXIT_NONE;
}

static enum entry_check_exit pending_debug(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	uint64_t pde = v->guest_pending_dbg_exceptions;
	bool shadow = (v->guest_interruptibility & (INTR_BLOCK_STI | INTR_BLOCK_MOVSS)) ||
		      v->guest_activity_state == ACT_HLT;
	bool single_step = (v->guest_rflags & RFLAGS_TF) &&
			   !(v->guest_ia32_debugctl & DEBUGCTL_BTF);

	if (pde & PDE_RSVD)
		EC_FAIL(c, ENTRY_CHECK_GUEST_PENDING_DBG_RSVD, EF(c, guest_pending_dbg_exceptions));
	if (shadow && single_step && !(pde & PDE_BS))
		EC_FAIL(c, ENTRY_CHECK_GUEST_PENDING_DBG_BS_SET, EF(c, guest_pending_dbg_exceptions),
			EF(c, guest_rflags), EF(c, guest_ia32_debugctl));
	if (shadow && !single_step && (pde & PDE_BS))
		EC_FAIL(c, ENTRY_CHECK_GUEST_PENDING_DBG_BS_CLEAR,
			EF(c, guest_pending_dbg_exceptions), EF(c, guest_rflags),
			EF(c, guest_ia32_debugctl));
	if (!(pde & PDE_RTM))
		return ENTRY_EXIT_NONE;
	if (!c->caps->has_rtm)
		EC_FAIL(c, ENTRY_CHECK_GUEST_PENDING_DBG_RTM, EF(c, guest_pending_dbg_exceptions));
	if ((pde & PDE_RTM_LOW) != PDE_BP)
		EC_FAIL(c, ENTRY_CHECK_GUEST_PENDING_DBG_RTM_BITS,
			EF(c, guest_pending_dbg_exceptions));
	if (v->guest_interruptibility & INTR_BLOCK_MOVSS)
		EC_FAIL(c, ENTRY_CHECK_GUEST_PENDING_DBG_RTM_MOVSS,
			EF(c, guest_pending_dbg_exceptions), EF(c, guest_interruptibility));
	return ENTRY_EXIT_NONE;
}

/* The VMCS link pointer: read through guest_mem, never past L1 RAM. */
static enum entry_check_exit link_pointer(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	uint64_t link = v->vmcs_link_pointer;
	uint32_t rev, want = (uint32_t)c->caps->basic & 0x7fffffffu;
	bool shadowing = ec_proc2(c) & VMX_PROC2_VMCS_SHADOWING;

	if (link == LINK_NONE)
		return ENTRY_EXIT_NONE;
	if (link & 0xfff)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LINK_ALIGN, EF(c, vmcs_link_pointer));
	if (!ec_pa_ok(c, link))
		EC_FAIL(c, ENTRY_CHECK_GUEST_LINK_WIDTH, EF(c, vmcs_link_pointer));
	if (!c->in->mem || guest_mem__read(c->in->mem, link, &rev, sizeof(rev)) != 0)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LINK_READ, EF(c, vmcs_link_pointer));
	if ((rev & 0x7fffffffu) != want)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LINK_REVISION, EF(c, vmcs_link_pointer),
			EV("revision_id", rev), EV("expected", want));
	if (!(rev >> 31) != !shadowing)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LINK_SHADOW, EF(c, vmcs_link_pointer),
			EV("revision_id", rev), EV("secondary_proc_controls", ec_proc2(c)));
	return ENTRY_EXIT_NONE;
}

/* SDM 27.3.1.5: guest non-register state. */
enum entry_check_exit entry_check__guest_non_reg(struct entry_check_ctx *c)
{
	enum entry_check_exit e;

	if ((e = activity(c)) != ENTRY_EXIT_NONE)
		return e;
	if ((e = interruptibility(c)) != ENTRY_EXIT_NONE)
		return e;
	if ((e = pending_debug(c)) != ENTRY_EXIT_NONE)
		return e;
	return link_pointer(c);
}

/* SDM 27.3.1.6: with PAE paging the PDPTEs come from the vmcs12 fields
 * (enable EPT) or from the 32-byte table CR3 bits 31:5 point to. */
enum entry_check_exit entry_check__guest_pdptes(struct entry_check_ctx *c)
{
	static const enum entry_check_id ids[4] = {
		ENTRY_CHECK_GUEST_PDPTE0_RSVD, ENTRY_CHECK_GUEST_PDPTE1_RSVD,
		ENTRY_CHECK_GUEST_PDPTE2_RSVD, ENTRY_CHECK_GUEST_PDPTE3_RSVD,
	};
	static const char *const names[4] = {
		"guest_pdpte0", "guest_pdpte1", "guest_pdpte2", "guest_pdpte3",
	};
	const struct vmcs12 *v = c->v;
	uint64_t pdpte[4], rsvd = PDPTE_RSVD;
	uint64_t table = v->guest_cr3 & 0xffffffe0ull;

	if (!(v->guest_cr0 & CR0_PG) || !(v->guest_cr4 & CR4_PAE) || ec_ia32e_guest(c))
		return ENTRY_EXIT_NONE;
	if (ec_proc2(c) & VMX_PROC2_ENABLE_EPT) {
		pdpte[0] = v->guest_pdpte0;
		pdpte[1] = v->guest_pdpte1;
		pdpte[2] = v->guest_pdpte2;
		pdpte[3] = v->guest_pdpte3;
	} else if (!c->in->mem || guest_mem__read(c->in->mem, table, pdpte, sizeof(pdpte))) {
		EC_FAIL(c, ENTRY_CHECK_GUEST_PDPTE_READ, EF(c, guest_cr3));
	}
	if (c->in->pa_width < 64)
		rsvd |= ~0ull << c->in->pa_width;
	for (unsigned i = 0; i < 4; i++)
		if ((pdpte[i] & 1) && (pdpte[i] & rsvd))
			EC_FAIL(c, ids[i], EV(names[i], pdpte[i]), EF(c, guest_cr3));
	return ENTRY_EXIT_NONE;
}
