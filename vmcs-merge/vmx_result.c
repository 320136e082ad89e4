/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_result.c: error names and the RFLAGS conventions of
 * SDM 31.2. */
#include <stddef.h>

#include "vmcs-merge/vmx_result.h"

#define RFLAGS_CF (1ull << 0)
#define RFLAGS_PF (1ull << 2)
#define RFLAGS_AF (1ull << 4)
#define RFLAGS_ZF (1ull << 6)
#define RFLAGS_SF (1ull << 7)
#define RFLAGS_OF (1ull << 11)

const char *vmx_error__name(unsigned number)
{
	switch (number) {
#define X(num, name) case num: return #name;
#include "vmcs-merge/vmx_errors.def"
#undef X
	default:
		return NULL;
	}
}

uint64_t vmx_result__rflags(struct vmx_result r, uint64_t rflags)
{
	const uint64_t arith = RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF |
			       RFLAGS_SF | RFLAGS_OF;

	switch (r.outcome) {
	case VMX_SUCCEED:
		return rflags & ~arith;
	case VMX_FAIL_INVALID:
		return (rflags & ~arith) | RFLAGS_CF;
	case VMX_FAIL_VALID:
		return (rflags & ~arith) | RFLAGS_ZF;
	case VMX_UD:
	case VMX_GP:
		break;
	}
	return rflags;
}
