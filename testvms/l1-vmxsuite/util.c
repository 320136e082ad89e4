/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers the topics share (suite.h, "small helpers"). */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

u64 vmcs_read(u64 field)
{
	u64 v = ~0ul;
	struct raw_result r = raw_vmread(field, &v);

	if (expect__classify(r).kind != EXP_SUCCEED) {
		report(false, "VMREAD 0x%lx failed", field);
		return ~0ul;
	}
	return v;
}

bool vmcs_write(u64 field, u64 value)
{
	struct raw_result r = raw_vmwrite(field, value);

	if (expect__classify(r).kind != EXP_SUCCEED) {
		report(false, "VMWRITE 0x%lx failed", field);
		return false;
	}
	return true;
}

void *suite__zero_pages(u64 count)
{
	void *p = alloc__pages(count);
	void *d = p;
	u64 n = count * SUITE_PAGE;

	if (p)
		asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(0) : "memory");
	return p;
}

u64 suite__beyond_width(const struct suite *s)
{
	return 1ul << s->maxphyaddr;
}

/* SDM A.3.3: allowed-1 settings of the secondary controls in bits 63:32. */
#define PROC2_ALLOWED1(bit)	(1ul << (32 + (bit)))
#define PROC2_EPT		1
#define PROC2_VPID		5
#define PROC2_VMCS_SHADOWING	14
/* SDM A.10: IA32_VMX_EPT_VPID_CAP. */
#define CAP_INVEPT		(1ul << 20)
#define CAP_INVVPID		(1ul << 32)

bool suite__has_invept(const struct suite *s)
{
	return (s->caps.proc2 & PROC2_ALLOWED1(PROC2_EPT)) &&
	       (s->caps.ept_vpid & CAP_INVEPT);
}

bool suite__has_invvpid(const struct suite *s)
{
	return (s->caps.proc2 & PROC2_ALLOWED1(PROC2_VPID)) &&
	       (s->caps.ept_vpid & CAP_INVVPID);
}

bool suite__has_shadowing(const struct suite *s)
{
	return s->caps.proc2 & PROC2_ALLOWED1(PROC2_VMCS_SHADOWING);
}
