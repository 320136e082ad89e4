/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/hypercall.h: the hypercall transport of turtle_hypercall.h, one
 * inline function; private to the shim. */
#ifndef L1_SHIM__HYPERCALL_H
#define L1_SHIM__HYPERCALL_H

#include <stdint.h>

#include "l1-shim/turtle_hypercall.h"
#include "l1-shim/vmx_ops.h"

struct turtle_hc_ret {
	uint64_t status;	/* enum turtle_hc_status */
	uint64_t rbx;		/* result, or the VM-instruction error number */
};

/* One 32-bit OUT to TURTLE_HC_PORT: EAX = call, RBX/RCX/RSI = arguments;
 * RAX = status and RBX = result on return.  "memory": L0 may have written
 * L1 memory (the enlightened page, VMCS regions); "cc": L0 sets CF/ZF the
 * way the VMX instruction would. */
static inline struct turtle_hc_ret turtle_hc(enum turtle_hc_call call,
					     uint64_t rbx, uint64_t rcx,
					     uint64_t rsi)
{
	uint64_t rax = call;

	asm volatile("outl %%eax, %%dx"
		     : "+a"(rax), "+b"(rbx)
		     : "d"((uint16_t)TURTLE_HC_PORT), "c"(rcx), "S"(rsi)
		     : "memory", "cc");
	return (struct turtle_hc_ret){ .status = rax, .rbx = rbx };
}

/* A hypercall status as the VMX instruction's outcome: the VMX statuses
 * map one to one, the transport's own refusals become VMX_FAIL_ABI. */
static inline struct vmx_result turtle_hc__result(struct turtle_hc_ret r)
{
	switch (r.status) {
	case TURTLE_HC_SUCCESS:
		return (struct vmx_result){ VMX_SUCCEED, 0 };
	case TURTLE_HC_FAIL_INVALID:
		return (struct vmx_result){ VMX_FAIL_INVALID, 0 };
	case TURTLE_HC_FAIL_VALID:
		return (struct vmx_result){ VMX_FAIL_VALID, (uint32_t)r.rbx };
	default:
		return (struct vmx_result){ VMX_FAIL_ABI, (uint32_t)r.status };
	}
}

#endif /* L1_SHIM__HYPERCALL_H */
