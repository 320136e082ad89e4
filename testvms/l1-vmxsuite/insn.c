/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Any VMX instruction with operands that are valid for the suite, at CPL0
 * or at CPL3.  The rows that expect #UD (outside VMX operation, SDM 31.3
 * "IF (not in VMX operation) ... THEN #UD") and #GP(0) (CPL > 0) run
 * every instruction through here, so that a fault comes from the
 * condition under test and not from a bad operand.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

/* INVEPT/INVVPID type 2: all-context, the one needing no valid EPTP or
 * VPID in the descriptor (SDM 31.3). */
#define INV_ALL_CONTEXT		2

static const char *const names[INSN_COUNT] = {
#define X(name) [INSN_##name] = #name,
	VMX_INSNS(X)
#undef X
};

const char *insn__name(enum vmx_insn i)
{
	return i < INSN_COUNT ? names[i] : "?";
}

/* Operands live in static memory: at CPL3 they must be reachable too
 * (every page of the identity map is user-accessible, entry.S). */
static u64 op_vmxon, op_vmcs, op_store, op_value;
static struct inv_desc op_desc;

struct raw_result insn__run(const struct suite *s, enum vmx_insn i)
{
	op_vmxon = s->vmxon_pa;
	op_vmcs = s->vmcs_a;
	op_desc = (struct inv_desc){ 0, 0 };
	switch (i) {
	case INSN_VMXON:	return raw_vmxon(&op_vmxon);
	case INSN_VMCLEAR:	return raw_vmclear(&op_vmcs);
	case INSN_VMPTRLD:	return raw_vmptrld(&op_vmcs);
	case INSN_VMPTRST:	return raw_vmptrst(&op_store);
	case INSN_VMREAD:	return raw_vmread(VMCS_GUEST_RIP, &op_value);
	case INSN_VMWRITE:	return raw_vmwrite(VMCS_CR3_TARGET_VALUE3, 0);
	case INSN_VMLAUNCH:	return raw_vmlaunch();
	case INSN_VMRESUME:	return raw_vmresume();
	case INSN_VMXOFF:	return raw_vmxoff();
	case INSN_INVEPT:	return raw_invept(INV_ALL_CONTEXT, &op_desc);
	case INSN_INVVPID:	return raw_invvpid(INV_ALL_CONTEXT, &op_desc);
	case INSN_VMCALL:	return raw_vmcall();
	case INSN_VMFUNC:	return raw_vmfunc();
	case INSN_COUNT:	break;
	}
	return (struct raw_result){ UD_VECTOR, 0, 0 };
}

/* At CPL3: a fault ends the user call (usermode.c), so the vector comes
 * back from usermode__call() and the raw result is never seen. */
static const struct suite *cpl3_suite;

static u64 user(u64 arg)
{
	insn__run(cpl3_suite, (enum vmx_insn)arg);
	return 0;
}

int insn__run_cpl3(const struct suite *s, enum vmx_insn i)
{
	u64 ret;

	cpl3_suite = s;
	return usermode__call(user, i, &ret);
}
