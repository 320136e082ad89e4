/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vm_switch.h: moving between L1 and L2 through vmcs12.
 * "L2 state" below is the guest part of design.md's vmcs02, "L1 state"
 * what L1's engine holds (vmcs01's guest part); the merge is
 * vm_entry__load_guest.
 *
 *   VM entry (after vmx__vmlaunch and the entry checks passed):
 *     vm_entry__load_guest(vmcs12, L1 state) -> L2 state      SDM 27.3.2, 27.4, 27.6
 *   VM exit (L2 stopped for a reason L1 wants):
 *     vm_exit__save_guest(L2 state, exit info) -> vmcs12       SDM 28.2, 28.3, 28.4
 *     vm_exit__load_host(vmcs12, L2 state) -> L1 state          SDM 28.5, 28.6
 *   A VM-entry failure after the checks (SDM 27.8) records itself with
 *   vm_entry__fail() and then loads host state like an exit.
 */
#ifndef VMCS_MERGE__VM_SWITCH_H
#define VMCS_MERGE__VM_SWITCH_H

#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/cpu_state.h"
#include "vmcs-merge/vmcs12.h"

struct vm_entry_result {
	int failed;
	uint32_t exit_reason;		/* with bit 31 set, when failed */
	uint64_t qualification;		/* MSR loading: 1-based failing entry */
};

/* The exit-information fields of a VM exit (SDM 25.9, 28.2), raw; L0 builds
 * them from exit-forwarder's event. */
struct vmx_exit_info {
	uint32_t reason;
	uint64_t qualification;
	uint64_t guest_linear_address;
	uint64_t guest_physical_address;
	uint32_t intr_info, intr_error_code;
	uint32_t idt_vectoring_info, idt_vectoring_error_code;
	uint32_t instruction_len, instruction_info;
	uint64_t io_rcx, io_rsi, io_rdi, io_rip;
};

/* VMX-abort indicators (SDM 28.7): the processor shuts down and the
 * indicator is written to the VMCS region; L0 stops L1. */
enum vmx_abort {
	VMX_ABORT_NONE           = 0,
	VMX_ABORT_SAVE_GUEST_MSR = 1,
	VMX_ABORT_HOST_PDPTE     = 2,
	VMX_ABORT_VMCS_CORRUPT   = 3,
	VMX_ABORT_LOAD_HOST_MSR  = 4,
	VMX_ABORT_MACHINE_CHECK  = 5,
	VMX_ABORT_LEGACY_MODE    = 6,
};

/* L2's state from vmcs12's guest-state area, L1's GPRs and the VM-entry
 * MSR-load list (written into @l2 or through @l2_msrs). */
struct vm_entry_result vm_entry__load_guest(const struct vmcs12 *v,
					    const struct cpu_state *l1,
					    struct cpu_state *l2,
					    const struct guest_mem *mem,
					    const struct msr_access *l2_msrs);
/* Record a VM-entry failure in vmcs12 (SDM 27.8): exit reason with bit 31,
 * qualification; the VM-entry interruption information is left valid. */
void vm_entry__fail(struct vmcs12 *v, const struct vm_entry_result *r);

/* Save L2's state and the exit information into vmcs12, then the VM-exit
 * MSR-store list (reading through @l2_msrs). */
enum vmx_abort vm_exit__save_guest(struct vmcs12 *v, const struct cpu_state *l2,
				   const struct vmx_exit_info *info,
				   const struct guest_mem *mem,
				   const struct msr_access *l2_msrs);
/* L1's state after the exit: vmcs12's host-state area, L2's GPRs, and the
 * VM-exit MSR-load list (written into @l1 or through @l1_msrs). */
enum vmx_abort vm_exit__load_host(const struct vmcs12 *v, const struct cpu_state *l2,
				  struct cpu_state *l1, const struct guest_mem *mem,
				  const struct msr_access *l1_msrs);

#endif /* VMCS_MERGE__VM_SWITCH_H */
