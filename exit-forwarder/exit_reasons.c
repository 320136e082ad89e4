/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_reasons.c: names and host status of exit reasons. */
#include <stddef.h>

#include "exit-forwarder/exit_reasons.h"
#include "vmcs-merge/entry_check.h"

/* vmcs-merge's entry failures (below this library, so it cannot look
 * here) must be the numbers of exit_reasons.def. */
_Static_assert((int)ENTRY_EXIT_GUEST_STATE == (int)EXIT_REASON_INVALID_GUEST_STATE,
	       "exit reason 33 disagrees with exit_reasons.def");
_Static_assert((int)ENTRY_EXIT_MSR_LOADING == (int)EXIT_REASON_MSR_LOAD_FAIL,
	       "exit reason 34 disagrees with exit_reasons.def");
_Static_assert(ENTRY_CHECK_FAILED_ENTRY == EXIT_REASON_ENTRY_FAILURE,
	       "the entry-failure bit disagrees with exit_reasons.h");

const char *exit_reason__name(unsigned basic_reason)
{
	switch (basic_reason) {
#define X(num, name, ...) case num: return #name;
#include "exit-forwarder/exit_reasons.def"
#undef X
	}
	return NULL;
}

enum exit_reason_host exit_reason__host(unsigned basic_reason)
{
	switch (basic_reason) {
#define X(num, name, host, ...) case num: return HOST_##host;
#include "exit-forwarder/exit_reasons.def"
#undef X
	}
	return HOST_NEVER;
}
