/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * break=all, and the l1-vmcheck image: every breaks.c row in one boot.
 *
 * A row spoils its field and runs VMLAUNCH.  A VMfailValid row returns
 * from vmx_enter (SDM 27.2: nothing was loaded).  An entry-failure row
 * loads l1-hv's host state like a VM exit (SDM 27.8), so it arrives at
 * exit_stub on the exit stack; exits__handle checks it and calls
 * vmcheck__next_row, which longjmps back into the row.  Each row puts its
 * field back; a failed entry leaves the VMCS clear (it launches nothing),
 * so the next row's VMLAUNCH is valid.  Afterwards L0 is asked to print
 * vmcs12 (VMCS_DUMP; not in the native flavour), and main runs L2 as
 * usual: it only starts if every field was put back.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/exceptions.h"
#include "testvms/lib/guest.h"

static jmp_buf row_env;

/* One row; false when it could not be set up or undone.  Nothing that
 * lives across setjmp changes after it, so longjmp leaves it valid. */
static bool row(struct hv *hv, const struct entry_break *b)
{
	struct vmx_gprs regs = { .r = { 0 } };
	struct break_saved saved;

	if (!breaks__apply(b, &hv->caps, &saved))
		return false;
	hv->brk = b;
	if (!setjmp(row_env))
		breaks__check_vmfail(b, vmx_enter(&regs, true));
	hv->brk = NULL;
	return breaks__restore(b, &saved);
}

void vmcheck__next_row(void)
{
	longjmp(row_env, 1);
}

void vmcheck__run(struct hv *hv)
{
	const struct entry_break *b;
	unsigned i, done = 0;

	exits__attach(hv);
	for (i = 0; (b = breaks__row(i)); i++)
		done += row(hv, b);
	report(done == i, "break=all: %u of %u rows spoiled their field and put it back",
	       done, i);
#ifndef L1_SHIM_NATIVE
	/* A Turtle service in raw and pv; Bochs has no such port. */
	printf("l1-hv: VMCS_DUMP: status %u\n", vmcs_dump().status);
#endif
}
