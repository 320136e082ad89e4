/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_qual.h: the exit-information fields L1 reads after a
 * reflected exit, built from the neutral event.
 *
 * RDMSR and WRMSR exits carry no qualification (SDM 28.2.1: the field is
 * cleared); L1 finds the MSR in ECX, which L0 leaves as L2 had it.
 */
#ifndef EXIT_FORWARDER__EXIT_QUAL_H
#define EXIT_FORWARDER__EXIT_QUAL_H

#include <stdint.h>

#include "exit-forwarder/exit_event.h"

/* Exit qualification of an I/O instruction, SDM 28.2.1 (Table 28-5). */
uint64_t exit_qual__io(const struct exit_event *ev);

/* VM-exit instruction information for INS/OUTS, SDM 28.2.5 (Table 28-8);
 * 0 for IN/OUT, where the field is undefined. */
uint32_t exit_qual__io_instr_info(const struct exit_event *ev);

/* The qualification for the event's basic reason: I/O as above, 0 for
 * reasons that carry none or whose qualification L0 passes through. */
uint64_t exit_qual__build(const struct exit_event *ev);

#endif /* EXIT_FORWARDER__EXIT_QUAL_H */
