/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/msr_list.h: the VM-entry MSR-load, VM-exit MSR-store and
 * VM-exit MSR-load areas (SDM 25.7.2, 25.8.2: 16-byte entries, index in
 * bits 31:0, reserved 63:32, value in 127:64). */
#ifndef VMCS_MERGE__MSR_LIST_H
#define VMCS_MERGE__MSR_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/cpu_state.h"

/* The MSRs the VMX MSR areas treat apart (SDM Vol. 4, Table 2-2): those
 * of cpu_state (CPU_STATE_MSRS), and these. */
enum vmx_msr_index {
#define X(index, name, member, kvm) MSR_##name = index,
	CPU_STATE_MSRS(X)
#undef X
	MSR_SMM_MONITOR_CTL = 0x09b,
	MSR_SMBASE          = 0x09e,
	MSR_LSTAR           = 0xc0000082,
	MSR_CSTAR           = 0xc0000083,
	MSR_FS_BASE         = 0xc0000100,
	MSR_GS_BASE         = 0xc0000101,
	MSR_KERNEL_GS_BASE  = 0xc0000102,
};

/* One entry of an area (SDM 25.8.2, Table 25-15). */
struct msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};

/* Why an MSR-load entry cannot be loaded whatever its value, for VM entry
 * (SDM 27.4) and VM exit (SDM 28.6) alike: the first that applies. */
enum msr_load_refusal {
	MSR_LOAD_OK,
	MSR_LOAD_FS_GS_BASE,	/* loaded from the segment fields instead */
	MSR_LOAD_X2APIC,	/* bits 31:8 are 000008H */
	MSR_LOAD_SMM_ONLY,	/* IA32_SMM_MONITOR_CTL outside SMM */
};
enum msr_load_refusal msr_list__load_refusal(uint32_t index, bool in_smm);

/* Load @count entries from @addr into @st (MSRs it holds) or through @msrs.
 * 0 on success, else the 1-based number of the entry that failed
 * (SDM 27.4 and 28.6 list the checks). */
uint32_t msr_list__load(const struct guest_mem *mem, uint64_t addr, uint32_t count,
			struct cpu_state *st, const struct msr_access *msrs);

/* Store the value of each MSR named at @addr into its entry (SDM 28.4).
 * 0 on success, else the 1-based number of the failing entry. */
uint32_t msr_list__store(const struct guest_mem *mem, uint64_t addr, uint32_t count,
			 const struct cpu_state *st, const struct msr_access *msrs);

#endif /* VMCS_MERGE__MSR_LIST_H */
