/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/turtle_cpuid.h: Turtle's CPUID leaves for L1, the hypervisor
 * range that hardware leaves to hypervisors (CPUID.1:ECX[31] set; leaves
 * 0x40000000 up, as every hypervisor uses them).  One header, included by
 * l0/ and by guests; docs/abi.md is its prose.
 *
 * 0x40000000  EAX = highest Turtle leaf; EBX, ECX, EDX = "TurtleTurtle"
 * 0x40000001  the L2 exits this host may never deliver: a 128-bit mask of
 *             basic exit reasons, reason r at bit r % 32 of register
 *             r / 32 (EAX, EBX, ECX, EDX).  A set bit means an L2 event of
 *             that kind can be handled by the host kernel without L0
 *             seeing it (KVM keeps CPUID, for one), so an L1 that asks
 *             for the exit may not get it.  A hypervisor's self-test can
 *             tell a host limit from its own bug by it.
 */
#ifndef L1_SHIM__TURTLE_CPUID_H
#define L1_SHIM__TURTLE_CPUID_H

#define TURTLE_CPUID_SIGNATURE		0x40000000u
#define TURTLE_CPUID_LOST_EXITS		0x40000001u
#define TURTLE_CPUID_MAX		TURTLE_CPUID_LOST_EXITS
/* "TurtleTurtle" in EBX, ECX, EDX as CPUID returns it (little endian). */
#define TURTLE_CPUID_SIG_EBX		0x74727554u	/* "Turt" */
#define TURTLE_CPUID_SIG_ECX		0x7554656cu	/* "leTu" */
#define TURTLE_CPUID_SIG_EDX		0x656c7472u	/* "rtle" */

#endif /* L1_SHIM__TURTLE_CPUID_H */
