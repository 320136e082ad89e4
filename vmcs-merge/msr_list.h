/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/msr_list.h: the VM-entry MSR-load, VM-exit MSR-store and
 * VM-exit MSR-load areas (SDM 25.7.2, 25.8.2: 16-byte entries, index in
 * bits 31:0, reserved 63:32, value in 127:64). */
#ifndef VMCS_MERGE__MSR_LIST_H
#define VMCS_MERGE__MSR_LIST_H

#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/cpu_state.h"

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
