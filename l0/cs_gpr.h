/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cs_gpr.h: capstone's x86 register ids as the general-purpose
 * registers of a struct cpu_state, for the effective address of a decoded
 * memory operand (tcg_fault.c, nested_store.c). */
#ifndef L0__CS_GPR_H
#define L0__CS_GPR_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs-merge/cpu_state.h"

/* The value of a 64- or 32-bit GPR (X86_REG_RAX, X86_REG_EAX...); 0 for
 * X86_REG_INVALID (no register).  *known is false for any other id. */
uint64_t cs_gpr__value(const struct cpu_state *c, unsigned reg, bool *known);

#endif /* L0__CS_GPR_H */
