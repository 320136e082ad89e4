/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * After l2-state.elf: the VM exit saved what L2 changed the SYSENTER
 * MSRs, IA32_PAT and DR7 to (SDM 28.3.1, with "save debug controls" and
 * "save IA32_PAT"), and loaded l1-hv's own values back (SDM 28.5.1: the
 * host SYSENTER and PAT fields; DR7 becomes 0x400).  IA32_DEBUGCTL is
 * left out: Bochs' CPU models have no such MSR (#GP), this host's KVM
 * keeps it 0.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_state.h"
#include "vmcs-merge/vmcs12.h"

static u64 read_dr7(void)
{
	u64 v;

	asm volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

void state__check_saved(void)
{
	u64 got;

#define X(name, msr, field, given, changed)					\
	if (hv__vmx_ok(vmread(field, &got), "VMREAD of " #field))		\
		report(got == changed, "VM exit saved L2's " #name " 0x%lx (L2 set 0x%llx)", \
		       got, changed);
	L2_STATE(X)
#undef X
	report(read_dr7() == 0x400, "VM exit loaded DR7 0x400 for L1 (got 0x%lx)", read_dr7());
	if (hv__vmx_ok(vmread(VMCS_HOST_IA32_SYSENTER_ESP, &got), "VMREAD of the host ESP"))
		report(rdmsr(MSR_IA32_SYSENTER_ESP) == got,
		       "VM exit loaded L1's SYSENTER_ESP from the host-state field");
	if (hv__vmx_ok(vmread(VMCS_HOST_IA32_PAT, &got), "VMREAD of the host PAT"))
		report(rdmsr(MSR_IA32_PAT) == got,
		       "VM exit loaded L1's IA32_PAT from the host-state field");
}
