/* SPDX-License-Identifier: GPL-2.0-only */
/* testvms/lib/l2_inject.h: what an L2 asks l1-hv for by port I/O.
 * - l2-inject.elf: an event injected at the next VM entry (SDM 27.6:
 *   VM-entry interruption-information, exception error code and
 *   instruction length; 25.8.3), one per OUT of the row's number to
 *   L2_INJECT_PORT;
 * - l2-wake.elf: the HLT activity state (SDM 25.4.2, 27.7.2), one per OUT
 *   of an L2_HALT_* request to L2_HALT_PORT. */
#ifndef TESTVMS__L2_INJECT_H
#define TESTVMS__L2_INJECT_H

#define L2_INJECT_PORT		0x82
#define L2_HALT_PORT		0x83

/* L2_HALT_PORT requests. */
#define L2_HALT_WAKE_BY_INJECTION 1	/* at L2's next HLT (an exit: HLT exiting),
					 * resume it in the HLT state and inject
					 * external interrupt 3, which wakes it */
#define L2_HALT_UNTIL_TIMER	2	/* resume L2 in the HLT state now, with
					 * the VMX-preemption timer, whose exit
					 * must save the HLT state */
#define L2_HALT_WAKE_VECTOR	3
#define L2_WINDOW		3	/* set interrupt-window exiting: the exit
					 * must come at the RIP in RBX (after STI
					 * and the instruction it shadows) */

/* Interruption types (SDM 25.8.3, Table 25-17). */
#define INJ_EXTERNAL		0
#define INJ_NMI			2
#define INJ_HW_EXCEPTION	3
#define INJ_SW_INTERRUPT	4
#define INJ_PRIV_SW_EXCEPTION	5
#define INJ_SW_EXCEPTION	6

/* X(name, type, vector, has error code, error code, instruction length):
 * vectors below 32 so that L2's exception handlers take them; the
 * external interrupt and the software interrupt use vector 3, which
 * pushes no error code, like the events themselves. */
#define L2_INJECTIONS(X)						\
	X(external-3,	INJ_EXTERNAL,		3,  0, 0,      0)	\
	X(nmi,		INJ_NMI,		2,  0, 0,      0)	\
	X(hw-ud,	INJ_HW_EXCEPTION,	6,  0, 0,      0)	\
	X(hw-gp-error,	INJ_HW_EXCEPTION,	13, 1, 0x1234, 0)	\
	X(hw-pf-error,	INJ_HW_EXCEPTION,	14, 1, 0x5,    0)	\
	X(sw-int-3,	INJ_SW_INTERRUPT,	3,  0, 0,      2)	\
	X(icebp,	INJ_PRIV_SW_EXCEPTION,	1,  0, 0,      1)	\
	X(sw-bp,	INJ_SW_EXCEPTION,	3,  0, 0,      1)

#endif /* TESTVMS__L2_INJECT_H */
