/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The l1-shim operations that are hypercalls in every flavour
 * (l1-shim/vmx_common.c), done the hardware way for l1-hv-bochs.elf: the
 * raw l1-hv linked with this file instead, so that it runs under Bochs'
 * own VMX, which has no Turtle hypercall port.
 *
 * On a real VMX processor CR4.VMXE is set with MOV to CR4 (SDM 24.7);
 * a #GP means the processor refuses it, reported as VMfailInvalid the way
 * the hypercall reports a refusal.
 */
#include "l1-shim/vmx_ops.h"
#include "testvms/lib/guest.h"

#define X86_CR4_VMXE	(1ul << 13)

static struct vmx_result cr4_vmxe(bool on)
{
	u64 cr4 = read_cr4();

	cr4 = on ? cr4 | X86_CR4_VMXE : cr4 & ~X86_CR4_VMXE;
	if (write_cr4_safe(cr4) != NO_EXCEPTION)
		return (struct vmx_result){ VMX_FAIL_INVALID, 0 };
	return (struct vmx_result){ VMX_SUCCEED, 0 };
}

struct vmx_result vmx_enable(void)
{
	return cr4_vmxe(true);
}

struct vmx_result vmx_disable(void)
{
	return cr4_vmxe(false);
}

/* Dumping vmcs12 is Turtle's L0 service; Bochs has none. */
struct vmx_result vmcs_dump(void)
{
	return (struct vmx_result){ VMX_FAIL_ABI, 0 };
}
