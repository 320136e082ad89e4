/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/vmx_pv.c: the paravirtual flavour, one hypercall per VMX
 * instruction (turtle_hypercall.h), and the enlightened VMCS, in which
 * VMREAD/VMWRITE never leave L1.
 *
 * The shim keeps the enlightened page and the IA32_VMX_MISC "VMWRITE to
 * any field" bit in one static struct: this is guest code with one vCPU,
 * and the API mirrors instructions, which take no context.
 */
#ifdef L1_SHIM_PV

#include <stddef.h>

#include "l1-shim/evmcs.h"
#include "l1-shim/hypercall.h"
#include "l1-shim/vmx_ops.h"

#define MSR_IA32_VMX_MISC	0x485

/* vmx_enter.S: OUT with EAX = call (VMLAUNCH/VMRESUME), RBX = the GPR
 * block; returns RAX and RBX of the reply. */
struct turtle_hc_ret vmx__enter_asm(const struct vmx_gprs *gprs, uint64_t call,
				    uint64_t port);

static struct {
	struct turtle_evmcs *evmcs;	/* NULL: VMREAD/VMWRITE trap too */
	bool vmwrite_any;
} shim;

const char *vmx_flavour(void)
{
	return "pv";
}

static uint64_t gpa(const void *p)
{
	return (uint64_t)(uintptr_t)p;	/* identity map, see vmx_ops.h */
}

/* VMX outcome of a hypercall; in enlightened mode a VMfailValid is also
 * recorded in the page, where the next VMREAD looks for it. */
static struct vmx_result call(enum turtle_hc_call call, uint64_t rbx,
			       uint64_t rcx, uint64_t rsi)
{
	struct vmx_result r = turtle_hc__result(turtle_hc(call, rbx, rcx, rsi));

	if (r.status == VMX_FAIL_VALID && shim.evmcs)
		evmcs__record_error(shim.evmcs, r.error);
	return r;
}

struct vmx_result vmx_evmcs_enable(struct turtle_evmcs *page)
{
	struct turtle_hc_ret v;
	struct vmx_result r;
	uint32_t lo, hi;

	if (!page) {
		r = call(TURTLE_HC_EVMCS_ENABLE, 0, 0, 0);
		if (vmx_ok(r))
			shim.evmcs = NULL;
		return r;
	}
	v = turtle_hc(TURTLE_HC_VERSION, 0, 0, 0);
	if (v.status != TURTLE_HC_SUCCESS)
		return turtle_hc__result(v);
	if ((uint32_t)v.rbx != TURTLE_HC_ABI_VERSION ||
	    !((v.rbx >> 32) & TURTLE_HC_FEATURE_EVMCS))
		return (struct vmx_result){ VMX_FAIL_ABI, TURTLE_HC_UNKNOWN_CALL };
	r = call(TURTLE_HC_EVMCS_ENABLE, gpa(page), 0, 0);
	if (!vmx_ok(r))
		return r;
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_IA32_VMX_MISC));
	shim.vmwrite_any = (((uint64_t)hi << 32 | lo) & VMX_MISC_VMWRITE_ANY) != 0;
	shim.evmcs = page;
	return r;
}

struct vmx_result vmxon(uint64_t region_pa)
{
	return call(TURTLE_HC_VMXON, region_pa, 0, 0);
}

struct vmx_result vmxoff(void)
{
	return call(TURTLE_HC_VMXOFF, 0, 0, 0);
}

struct vmx_result vmclear(uint64_t vmcs_pa)
{
	return call(TURTLE_HC_VMCLEAR, vmcs_pa, 0, 0);
}

struct vmx_result vmptrld(uint64_t vmcs_pa)
{
	return call(TURTLE_HC_VMPTRLD, vmcs_pa, 0, 0);
}

struct vmx_result vmptrst(uint64_t *vmcs_pa)
{
	struct turtle_hc_ret ret = turtle_hc(TURTLE_HC_VMPTRST, 0, 0, 0);

	if (ret.status == TURTLE_HC_SUCCESS)
		*vmcs_pa = ret.rbx;
	return turtle_hc__result(ret);
}

struct vmx_result vmread(uint64_t field, uint64_t *value)
{
	struct turtle_hc_ret ret;

	if (shim.evmcs && !TURTLE_EVMCS_FIELD_TRAPS(field))
		return evmcs__read(shim.evmcs, field, value);
	ret = turtle_hc(TURTLE_HC_VMREAD, field, 0, 0);
	if (ret.status == TURTLE_HC_SUCCESS)
		*value = ret.rbx;
	return turtle_hc__result(ret);
}

struct vmx_result vmwrite(uint64_t field, uint64_t value)
{
	if (shim.evmcs && !TURTLE_EVMCS_FIELD_TRAPS(field))
		return evmcs__write(shim.evmcs, field, value, shim.vmwrite_any);
	return call(TURTLE_HC_VMWRITE, field, value, 0);
}

/* RBX = 0: L2 gets L1's GPRs as they are at the OUT (hardware-like, with
 * the transport registers holding the call).  vmx_enter passes them all. */
struct vmx_result vmlaunch(void)
{
	return call(TURTLE_HC_VMLAUNCH, 0, 0, 0);
}

struct vmx_result vmresume(void)
{
	return call(TURTLE_HC_VMRESUME, 0, 0, 0);
}

struct vmx_result invept(enum vmx_invept_type type, uint64_t eptp)
{
	return call(TURTLE_HC_INVEPT, type, eptp, 0);
}

struct vmx_result invvpid(enum vmx_invvpid_type type, uint16_t vpid, uint64_t la)
{
	return call(TURTLE_HC_INVVPID, type, vpid, la);
}

struct vmx_result vmx_enter(const struct vmx_gprs *gprs, bool launch)
{
	enum turtle_hc_call call = launch ? TURTLE_HC_VMLAUNCH : TURTLE_HC_VMRESUME;
	struct vmx_result r;

	r = turtle_hc__result(vmx__enter_asm(gprs, call, TURTLE_HC_PORT));

	if (r.status == VMX_FAIL_VALID && shim.evmcs)
		evmcs__record_error(shim.evmcs, r.error);
	return r;
}

#endif /* L1_SHIM_PV */
