/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_msr.c: the VM-entry MSR-load list, SDM 27.4.
 * Entries (SDM 25.8.2, Table 25-15: MSR index in bits 31:0, reserved bits
 * 63:32, value in bits 127:64) are read through guest_mem one at a time; the
 * first bad one fails VM entry with exit reason 34 and its 1-based index as
 * the exit qualification.  Loading them is L0's business after the checks. */
#include "vmcs-merge/entry_check_int.h"
#include "vmcs-merge/msr_list.h"

/* MSRs whose WRMSR #GPs on a non-canonical value (SDM Vol. 4, Table 2-2). */
static bool address_msr(uint32_t index)
{
	return index == MSR_SYSENTER_ESP || index == MSR_SYSENTER_EIP ||
	       index == MSR_LSTAR || index == MSR_CSTAR || index == MSR_KERNEL_GS_BASE;
}

static enum entry_msr_verdict verdict_of(const struct entry_check_ctx *c,
				       const struct msr_entry *m)
{
	if (!c->in->msr_verdict)
		return ENTRY_MSR_OK;
	return c->in->msr_verdict(c->in->msr_opaque, m->index, m->value);
}

static enum entry_check_exit entry(struct entry_check_ctx *c, const struct msr_entry *m)
{
	const struct entry_check_caps *k = c->caps;
	enum entry_msr_verdict verdict = verdict_of(c, m);

	switch (msr_list__load_refusal(m->index, c->in->in_smm)) {
	case MSR_LOAD_FS_GS_BASE:
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_FS_GS_BASE, EV("msr", m->index));
	case MSR_LOAD_X2APIC:
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_X2APIC, EV("msr", m->index));
	case MSR_LOAD_SMM_ONLY:
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_SMM_ONLY, EV("msr", m->index));
	case MSR_LOAD_OK:
		break;
	}
	if (verdict == ENTRY_MSR_NOT_LOADABLE)
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_NOT_LOADABLE, EV("msr", m->index));
	if (m->reserved)
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_RSVD, EV("msr", m->index),
			EV("reserved", m->reserved));
	if (m->index == MSR_EFER && (m->value & ~k->efer_valid))
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_EFER_RSVD, EV("msr", m->index),
			EV("value", m->value));
	if (m->index == MSR_PAT && !ec_pat_ok(m->value))
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_PAT_TYPE, EV("msr", m->index),
			EV("value", m->value));
	if (address_msr(m->index) && !ec_canonical(c, m->value))
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_CANON, EV("msr", m->index),
			EV("value", m->value));
	if (m->index == MSR_DEBUGCTL && (m->value & ~k->debugctl_valid))
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_DEBUGCTL_RSVD, EV("msr", m->index),
			EV("value", m->value));
	if (verdict == ENTRY_MSR_GP)
		EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_WRMSR_GP, EV("msr", m->index),
			EV("value", m->value));
	return ENTRY_EXIT_NONE;
}

/* SDM 27.4: loading MSRs. */
enum entry_check_exit entry_check__msr_load(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	unsigned max = MISC_MSR_LIST_MAX(c->caps->misc);
	struct msr_entry m;
	enum entry_check_exit e;

	for (uint32_t i = 0; i < v->entry_msr_load_count; i++) {
		uint64_t gpa = v->entry_msr_load_addr + (uint64_t)i * sizeof(m);

		c->msr_index = i + 1;
		if (c->msr_index > max)
			EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_COUNT_MAX, EF(c, entry_msr_load_count),
				EV("max", max));
		if (!c->in->mem || guest_mem__read(c->in->mem, gpa, &m, sizeof(m)) != 0)
			EC_FAIL(c, ENTRY_CHECK_MSR_LOAD_READ, EV("entry_gpa", gpa));
		if ((e = entry(c, &m)) != ENTRY_EXIT_NONE)
			return e;
	}
	return ENTRY_EXIT_NONE;
}
