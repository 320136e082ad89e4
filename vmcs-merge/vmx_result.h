/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_result.h: what a VMX instruction does to L1 (SDM 31.2):
 * succeed, fail with or without an error number, or fault.  The VM-instruction
 * error numbers come from vmx_errors.def. */
#ifndef VMCS_MERGE__VMX_RESULT_H
#define VMCS_MERGE__VMX_RESULT_H

#include <stdint.h>

enum vmx_error {
	VMX_ERR_NONE = 0,
#define X(num, name) VMX_ERR_##name = num,
#include "vmcs-merge/vmx_errors.def"
#undef X
};

enum vmx_outcome {
	VMX_SUCCEED,		/* VMsucceed; for VMLAUNCH/VMRESUME: go on to VM entry */
	VMX_FAIL_INVALID,	/* VMfailInvalid: no current VMCS, RFLAGS.CF = 1 */
	VMX_FAIL_VALID,		/* VMfailValid(error): RFLAGS.ZF = 1, error stored */
	VMX_UD,			/* #UD */
	VMX_GP,			/* #GP(0) */
};

struct vmx_result {
	enum vmx_outcome outcome;
	enum vmx_error error;	/* VMX_FAIL_VALID only */
	uint64_t value;		/* VMREAD data, VMPTRST pointer (VMX_SUCCEED only) */
};

/* "VMPTRLD_BAD_REVISION" for 11; NULL for a number not in Table 31-1. */
const char *vmx_error__name(unsigned number);

/* RFLAGS after the instruction (SDM 31.2): CF, PF, AF, ZF, SF and OF cleared,
 * then CF set by VMfailInvalid or ZF by VMfailValid.  Faults leave RFLAGS. */
uint64_t vmx_result__rflags(struct vmx_result r, uint64_t rflags);

#endif /* VMCS_MERGE__VMX_RESULT_H */
