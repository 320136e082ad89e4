/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg_fault.h: the instruction behind a non-canonical access
 * that libunicorn reports at its block's start (tcg_fault.c). */
#ifndef L0__ENGINE__TCG__TCG_FAULT_H
#define L0__ENGINE__TCG__TCG_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmcs-merge/cpu_state.h"

struct tcg_fault {
	uint64_t rip;		/* the faulting instruction */
	bool stack;		/* through SS: #SS(0), else #GP(0) */
};

/* code: the bytes from c->rip (64-bit mode).  0 and *out, or -1 with *out
 * = { c->rip, #GP } when no instruction qualifies. */
int tcg_fault__noncanonical(const struct cpu_state *c, const uint8_t *code, size_t len,
			    struct tcg_fault *out);

#endif /* L0__ENGINE__TCG__TCG_FAULT_H */
