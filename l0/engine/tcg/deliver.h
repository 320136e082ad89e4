/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/deliver.h: delivery of an exception or interrupt through
 * the guest's IDT (SDM vol. 3A ch. 6), for the engine that does not do it
 * itself (unicorn reports an exception and stops; L0 delivers it).
 *
 * Pure: the CPU is a struct cpu_state, memory is reached through
 * guest_mem (physical) and the guest's own paging (l0/guest_paging.h), so
 * unit tests drive it with a buffer.  Covered, after the INT n pseudo-code
 * (vol. 2A) that the SDM says applies to every event:
 *  - real mode: the IVT at IDTR.base, FLAGS/CS/IP pushed (21.1.4);
 *  - legacy protected mode: 32-bit and 16-bit interrupt and trap gates,
 *    from protected mode and from virtual-8086 mode (6.12.1, 21.3.1.1);
 *  - IA-32e mode: 64-bit gates, IST, RSP aligned to 16, SS <- NULL on a
 *    privilege change (6.14);
 *  - privilege change through the TSS (8.2.1 32-bit, 8.6 16-bit, 8.7
 *    64-bit), conforming code segments, and every check of the
 *    pseudo-code with its fault and error code (EXT per 6.13);
 *  - a fault while delivering becomes the exception Table 6-5 says (#DF for
 *    two contributory, or a page fault then a contributory or page fault),
 *    and a fault while delivering #DF is a triple fault (shutdown).
 * Not covered:
 *  - task gates: a task switch (8.3) is not emulated; an IDT task gate is
 *    refused with #GP(vector*8+2|EXT), the error code of a bad gate type;
 *  - CR4.VME interrupt redirection (21.3.3, Table 21-2): INT n in
 *    virtual-8086 mode acts as with VME = 0 (IOPL < 3: #GP(0));
 *  - CET shadow stacks (SSP, IA32_PLi_SSP, supervisor shadow-stack tokens);
 *  - clearing DR7.GD on #DB and turning INTO in 64-bit mode into #UD: the
 *    caller's business.
 * Chapter numbers are those of the pinned edition (docs/architecture.md):
 * from chapter 7 on they are one higher than before 2022 (the 32-bit TSS is
 * 8.2.1 there, 7.2.1 in older editions).
 */
#ifndef L0__ENGINE__TCG__DELIVER_H
#define L0__ENGINE__TCG__DELIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/cpu_state.h"

/* The event's origin decides the gate DPL check (SDM 6.12.1.1), the EXT
 * bit of the error codes of faults raised while delivering it (6.13), and
 * which RIP such a fault saves. */
enum deliver_type {
	DELIVER_EXTERNAL,	/* external interrupt: no DPL check */
	DELIVER_NMI,		/* vector 2 */
	DELIVER_HW_EXCEPTION,	/* fault or trap the CPU raised: no DPL check */
	DELIVER_SW_INT,		/* INT n: gate DPL >= CPL or #GP(vector*8+2) */
	DELIVER_SW_EXCEPTION,	/* INT3, INTO: same DPL check */
	DELIVER_PRIV_SW_EXCEPTION, /* INT1 (ICEBP): no DPL check */
};

struct deliver_event {
	uint8_t vector;
	enum deliver_type type;
	bool has_error;		/* pushed when set (the caller knows the vector);
				 * never in real mode, which pushes none */
	uint32_t error_code;
	uint64_t cr2;		/* #PF: the faulting linear address */
	/* The three software types: the instruction's length.  When the
	 * delivery itself faults, the new exception is a fault of that
	 * instruction and saves its address, c->rip - insn_len (the SDM's
	 * INT n pseudo-code; VMX's VM-entry instruction length plays the
	 * same part, 27.6.1.1).  Ignored for the other types. */
	uint8_t insn_len;
};

enum deliver_outcome {
	DELIVER_DONE,		/* *c is the state at the handler's first instruction */
	DELIVER_SHUTDOWN,	/* triple fault: *c is unspecified */
};

struct deliver_result {
	enum deliver_outcome outcome;
	uint8_t vector;		/* what was delivered in the end (8 after escalation) */
	uint32_t error_code;	/* and its error code, if any */
	bool has_error;		/* whether one was pushed */
};

/* Deliver ev to the CPU in *c.  c->rip is the RIP to save (the faulting
 * instruction for a fault, the next one for a trap or INT n).  CPL is
 * SS.DPL, as in the VMCS (SDM 25.4.1), 3 in virtual-8086 mode.
 *
 * On DELIVER_DONE: CS (and SS on a stack switch) hold the selector and the
 * whole hidden part loaded from the GDT/LDT, with the accessed bit set
 * there too (3.4.5.1); a NULL SS is unusable with DPL = CPL.  CR2 holds
 * the address of the last #PF recognised.  The pushed RFLAGS is the
 * original one, with RF set for a fault-class exception other than #DB
 * (18.3.1.1).  STI and MOV-SS blocking end, an NMI starts NMI blocking
 * (interruptibility bits 0, 1, 3; 25.4.2), HLT ends (activity state 0). */
struct deliver_result deliver__event(struct cpu_state *c, const struct guest_mem *mem,
				     const struct deliver_event *ev);

#endif /* L0__ENGINE__TCG__DELIVER_H */
