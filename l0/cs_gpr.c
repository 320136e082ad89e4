/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cs_gpr.c: capstone register ids -> cpu_state GPRs. */
#include <capstone/capstone.h>

#include "l0/cs_gpr.h"

uint64_t cs_gpr__value(const struct cpu_state *c, unsigned reg, bool *known)
{
	static const struct { unsigned r64, r32; } map[CPU_GPR_COUNT] = {
		{ X86_REG_RAX, X86_REG_EAX }, { X86_REG_RCX, X86_REG_ECX },
		{ X86_REG_RDX, X86_REG_EDX }, { X86_REG_RBX, X86_REG_EBX },
		{ X86_REG_RSP, X86_REG_ESP }, { X86_REG_RBP, X86_REG_EBP },
		{ X86_REG_RSI, X86_REG_ESI }, { X86_REG_RDI, X86_REG_EDI },
		{ X86_REG_R8, X86_REG_R8D }, { X86_REG_R9, X86_REG_R9D },
		{ X86_REG_R10, X86_REG_R10D }, { X86_REG_R11, X86_REG_R11D },
		{ X86_REG_R12, X86_REG_R12D }, { X86_REG_R13, X86_REG_R13D },
		{ X86_REG_R14, X86_REG_R14D }, { X86_REG_R15, X86_REG_R15D },
	};

	*known = true;
	if (reg == X86_REG_INVALID)
		return 0;
	for (unsigned i = 0; i < CPU_GPR_COUNT; i++) {
		if (reg == map[i].r64)
			return c->gpr[i];
		if (reg == map[i].r32)
			return (uint32_t)c->gpr[i];
	}
	*known = false;
	return 0;
}
