/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/vmx_common.c: the operations that are hypercalls in both
 * flavours, because no instruction does them on this host. */
#include "l1-shim/hypercall.h"
#include "l1-shim/vmx_ops.h"

struct vmx_result vmx_enable(void)
{
	return turtle_hc__result(turtle_hc(TURTLE_HC_ENABLE_VMX, 1, 0, 0));
}

struct vmx_result vmx_disable(void)
{
	return turtle_hc__result(turtle_hc(TURTLE_HC_ENABLE_VMX, 0, 0, 0));
}

struct vmx_result vmcs_dump(void)
{
	return turtle_hc__result(turtle_hc(TURTLE_HC_VMCS_DUMP, 0, 0, 0));
}
