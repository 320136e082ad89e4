/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/msr_list.c: walking the VMX MSR areas in L1 memory. */
#include <stddef.h>

#include "vmcs-merge/msr_list.h"
#include "vmcs-merge/vmx_caps.h"

/* The MSRs cpu_state holds, so list entries and state stay one value. */
static uint64_t *in_state(struct cpu_state *st, uint32_t index)
{
	switch (index) {
#define X(i, name, member, kvm) case i: return &st->member;
	CPU_STATE_MSRS(X)
#undef X
	case MSR_FS_BASE:      return &st->seg[CPU_SEG_FS].base;
	case MSR_GS_BASE:      return &st->seg[CPU_SEG_GS].base;
	default:               return NULL;
	}
}

enum msr_load_refusal msr_list__load_refusal(uint32_t index, bool in_smm)
{
	if (index == MSR_FS_BASE || index == MSR_GS_BASE)
		return MSR_LOAD_FS_GS_BASE;
	if (index >> 8 == 0x8)
		return MSR_LOAD_X2APIC;
	if (index == MSR_SMM_MONITOR_CTL && !in_smm)
		return MSR_LOAD_SMM_ONLY;
	return MSR_LOAD_OK;
}

/* Lists longer than IA32_VMX_MISC allows fail at the first extra entry
 * rather than walking four billion entries. */
static int read_entry(const struct guest_mem *mem, uint64_t addr, uint32_t i,
		       struct msr_entry *e)
{
	if (i >= VMX_MISC_MSR_LIST_MAX)
		return -1;
	return guest_mem__read(mem, addr + (uint64_t)i * sizeof(*e), e, sizeof(*e));
}

uint32_t msr_list__load(const struct guest_mem *mem, uint64_t addr, uint32_t count,
			struct cpu_state *st, const struct msr_access *msrs)
{
	for (uint32_t i = 0; i < count; i++) {
		struct msr_entry e;
		uint64_t *slot;

		/* SDM 27.4, 28.6: the refused MSRs and reserved bits fail. */
		if (read_entry(mem, addr, i, &e) || e.reserved ||
		    msr_list__load_refusal(e.index, false) != MSR_LOAD_OK)
			return i + 1;
		slot = in_state(st, e.index);
		if (slot)
			*slot = e.value;
		else if (msrs->write(msrs->opaque, e.index, e.value))
			return i + 1;
	}
	return 0;
}

uint32_t msr_list__store(const struct guest_mem *mem, uint64_t addr, uint32_t count,
			 const struct cpu_state *st, const struct msr_access *msrs)
{
	struct cpu_state copy = *st;	/* in_state() hands out writable slots */

	for (uint32_t i = 0; i < count; i++) {
		struct msr_entry e;
		uint64_t *slot;

		/* SDM 28.4: x2APIC MSRs, IA32_SMBASE and reserved bits fail. */
		if (read_entry(mem, addr, i, &e) || e.reserved ||
		    msr_list__load_refusal(e.index, true) == MSR_LOAD_X2APIC ||
		    e.index == MSR_SMBASE)
			return i + 1;
		slot = in_state(&copy, e.index);
		if (slot)
			e.value = *slot;
		else if (msrs->read(msrs->opaque, e.index, &e.value))
			return i + 1;
		if (guest_mem__write(mem, addr + (uint64_t)i * sizeof(e) +
				     offsetof(struct msr_entry, value),
				     &e.value, sizeof(e.value)))
			return i + 1;
	}
	return 0;
}
