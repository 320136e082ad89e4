/* SPDX-License-Identifier: GPL-2.0-only */
/* testvms/lib/turtle.h: what a guest learns from Turtle's CPUID leaves
 * (l1-shim/turtle_cpuid.h).  On any other machine (Bochs, hardware) the
 * signature does not match and nothing is reported lost. */
#ifndef TESTVMS__TURTLE_H
#define TESTVMS__TURTLE_H

#include "l1-shim/turtle_cpuid.h"
#include "testvms/lib/processor.h"

static inline bool turtle__present(void)
{
	struct cpuid s;

	if (!(cpuid(1, 0).c & (1u << 31)))	/* no hypervisor at all */
		return false;
	s = cpuid(TURTLE_CPUID_SIGNATURE, 0);
	return s.a >= TURTLE_CPUID_LOST_EXITS && s.b == TURTLE_CPUID_SIG_EBX &&
	       s.c == TURTLE_CPUID_SIG_ECX && s.d == TURTLE_CPUID_SIG_EDX;
}

/* Whether L0 says an L2 exit with this basic reason may never reach L1 on
 * this host (its kernel keeps the event). */
static inline bool turtle__exit_lost(unsigned reason)
{
	struct cpuid m;
	u32 regs[4];

	if (reason >= 128 || !turtle__present())
		return false;
	m = cpuid(TURTLE_CPUID_LOST_EXITS, 0);
	regs[0] = m.a;
	regs[1] = m.b;
	regs[2] = m.c;
	regs[3] = m.d;
	return (regs[reason / 32] >> (reason % 32)) & 1;
}

#endif /* TESTVMS__TURTLE_H */
