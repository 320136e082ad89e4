/* l1-shim/vmx_raw.c: the raw flavour, one VMX instruction each (SDM 31.3).
 *
 * The outcome is in RFLAGS (SDM 31.2): CF = 1 VMfailInvalid, ZF = 1
 * VMfailValid with the error number in the VM-instruction error field,
 * read back with VMREAD.  The "=@cc" flag outputs take CF and ZF straight
 * from the instruction.
 */
#ifndef L1_SHIM_PV

#include "l1-shim/vmx_ops.h"

#include "vmcs-merge/vmcs12.h"

/* vmx_enter.S: returns RFLAGS after a failed VMLAUNCH/VMRESUME. */
uint64_t vmx__enter_asm(const struct vmx_gprs *gprs, uint64_t launch);

#define RFLAGS_CF (1ull << 0)
#define RFLAGS_ZF (1ull << 6)

const char *vmx_flavour(void)
{
	return "raw";
}

static struct vmx_result _outcome(bool cf, bool zf)
{
	struct vmx_result r = { VMX_SUCCEED, 0 };
	uint64_t error = 0;
	bool cf2, zf2;

	if (cf) {
		r.status = VMX_FAIL_INVALID;
	} else if (zf) {
		r.status = VMX_FAIL_VALID;
		asm volatile("vmread %[f], %[v]"
			     : [v] "=r"(error), "=@ccc"(cf2), "=@ccz"(zf2)
			     : [f] "r"((uint64_t)VMCS_VM_INSTRUCTION_ERROR));
		r.error = (cf2 || zf2) ? 0 : (uint32_t)error;
	}
	return r;
}

struct vmx_result vmxon(uint64_t region_pa)
{
	bool cf, zf;

	asm volatile("vmxon %[pa]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [pa] "m"(region_pa) : "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmxoff(void)
{
	bool cf, zf;

	asm volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) :: "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmclear(uint64_t vmcs_pa)
{
	bool cf, zf;

	asm volatile("vmclear %[pa]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [pa] "m"(vmcs_pa) : "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmptrld(uint64_t vmcs_pa)
{
	bool cf, zf;

	asm volatile("vmptrld %[pa]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [pa] "m"(vmcs_pa) : "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmptrst(uint64_t *vmcs_pa)
{
	bool cf, zf;

	asm volatile("vmptrst %[pa]" : [pa] "=m"(*vmcs_pa), "=@ccc"(cf), "=@ccz"(zf)
		     :: "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmread(uint64_t field, uint64_t *value)
{
	uint64_t v = 0;
	bool cf, zf;

	asm volatile("vmread %[f], %[v]" : [v] "=r"(v), "=@ccc"(cf), "=@ccz"(zf)
		     : [f] "r"(field));
	if (!cf && !zf)
		*value = v;
	return _outcome(cf, zf);
}

struct vmx_result vmwrite(uint64_t field, uint64_t value)
{
	bool cf, zf;

	asm volatile("vmwrite %[v], %[f]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [f] "r"(field), [v] "r"(value) : "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmlaunch(void)
{
	bool cf, zf;

	asm volatile("vmlaunch" : "=@ccc"(cf), "=@ccz"(zf) :: "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmresume(void)
{
	bool cf, zf;

	asm volatile("vmresume" : "=@ccc"(cf), "=@ccz"(zf) :: "memory");
	return _outcome(cf, zf);
}

/* INVEPT descriptor: EPTP, then 64 reserved bits (SDM 31.3 INVEPT). */
struct vmx_result invept(enum vmx_invept_type type, uint64_t eptp)
{
	struct { uint64_t eptp, reserved; } desc = { eptp, 0 };
	bool cf, zf;

	asm volatile("invept %[d], %[t]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [d] "m"(desc), [t] "r"((uint64_t)type) : "memory");
	return _outcome(cf, zf);
}

/* INVVPID descriptor: VPID in bits 15:0, bits 63:16 reserved, then the
 * linear address (SDM 31.3 INVVPID). */
struct vmx_result invvpid(enum vmx_invvpid_type type, uint16_t vpid, uint64_t la)
{
	struct { uint64_t vpid, la; } desc = { vpid, la };
	bool cf, zf;

	asm volatile("invvpid %[d], %[t]" : "=@ccc"(cf), "=@ccz"(zf)
		     : [d] "m"(desc), [t] "r"((uint64_t)type) : "memory");
	return _outcome(cf, zf);
}

struct vmx_result vmx_enter(const struct vmx_gprs *gprs, bool launch)
{
	uint64_t rflags = vmx__enter_asm(gprs, launch);

	return _outcome(rflags & RFLAGS_CF, rflags & RFLAGS_ZF);
}

#endif /* !L1_SHIM_PV */
