/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/msr_list.c: walking the VMX MSR areas in L1 memory. */
#include <stddef.h>

#include "vmcs-merge/msr_list.h"
#include "vmcs-merge/vmx_caps.h"

#define MSR_SMM_MONITOR_CTL   0x09bu
#define MSR_SMBASE            0x09eu
#define MSR_SYSENTER_CS       0x174u
#define MSR_SYSENTER_ESP      0x175u
#define MSR_SYSENTER_EIP      0x176u
#define MSR_DEBUGCTL          0x1d9u
#define MSR_PAT               0x277u
#define MSR_EFER              0xc0000080u
#define MSR_FS_BASE           0xc0000100u
#define MSR_GS_BASE           0xc0000101u

struct msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};

/* The MSRs cpu_state holds, so list entries and state stay one value. */
static uint64_t *_in_state(struct cpu_state *st, uint32_t index)
{
	switch (index) {
	case MSR_SYSENTER_CS:  return &st->sysenter_cs;
	case MSR_SYSENTER_ESP: return &st->sysenter_esp;
	case MSR_SYSENTER_EIP: return &st->sysenter_eip;
	case MSR_DEBUGCTL:     return &st->debugctl;
	case MSR_PAT:          return &st->pat;
	case MSR_EFER:         return &st->efer;
	case MSR_FS_BASE:      return &st->seg[CPU_SEG_FS].base;
	case MSR_GS_BASE:      return &st->seg[CPU_SEG_GS].base;
	default:               return NULL;
	}
}

static int _x2apic(uint32_t index)
{
	return index >> 8 == 0x8;
}

/* Lists longer than IA32_VMX_MISC allows fail at the first extra entry
 * rather than walking four billion entries. */
static int _read_entry(const struct guest_mem *mem, uint64_t addr, uint32_t i,
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

		/* SDM 27.4: FS/GS base (loaded from the segment fields),
		 * x2APIC MSRs, SMM-only MSRs and reserved bits fail. */
		if (_read_entry(mem, addr, i, &e) || e.reserved ||
		    e.index == MSR_FS_BASE || e.index == MSR_GS_BASE ||
		    _x2apic(e.index) || e.index == MSR_SMM_MONITOR_CTL)
			return i + 1;
		slot = _in_state(st, e.index);
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
	struct cpu_state copy = *st;	/* _in_state() hands out writable slots */

	for (uint32_t i = 0; i < count; i++) {
		struct msr_entry e;
		uint64_t *slot;

		/* SDM 28.4: x2APIC MSRs, IA32_SMBASE and reserved bits fail. */
		if (_read_entry(mem, addr, i, &e) || e.reserved ||
		    _x2apic(e.index) || e.index == MSR_SMBASE)
			return i + 1;
		slot = _in_state(&copy, e.index);
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
