/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_event.h: one L2 exit as L0 describes it.
 *
 * L0 turns whatever KVM reported (KVM_EXIT_IO, KVM_EXIT_X86_RDMSR, a timer
 * signal, ...) into this neutral event before asking the router.  Only the
 * detail struct that belongs to the basic reason is meaningful; the others
 * stay zero.  The fields mirror what the VMX exit-information fields of
 * SDM 25.9 would carry, so reflecting an event to L1 is a plain translation
 * (see exit_qual.h).
 */
#ifndef EXIT_FORWARDER__EXIT_EVENT_H
#define EXIT_FORWARDER__EXIT_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "exit-forwarder/exit_reasons.h"
#include "vmcs-merge/cpu_state.h"

/* Interruption type of the VM-exit interruption information, SDM 25.9.2. */
enum exit_intr_type {
	EXIT_INTR_EXTERNAL		= 0,
	EXIT_INTR_NMI			= 2,
	EXIT_INTR_HW_EXCEPTION		= 3,
	EXIT_INTR_SW_INTERRUPT		= 4,
	EXIT_INTR_PRIV_SW_EXCEPTION	= 5,	/* INT1 */
	EXIT_INTR_SW_EXCEPTION		= 6,	/* INT3, INTO */
};

/* Access type of a control-register exit, SDM 28.2.1 (Table 28-3 bits 5:4). */
enum exit_cr_access {
	EXIT_CR_MOV_TO		= 0,
	EXIT_CR_MOV_FROM	= 1,
	EXIT_CR_CLTS		= 2,
	EXIT_CR_LMSW		= 3,
};

/* Address size of INS/OUTS, SDM 28.2.5 (instruction information bits 9:7). */
enum exit_addr_size {
	EXIT_ADDR_16 = 0,
	EXIT_ADDR_32 = 1,
	EXIT_ADDR_64 = 2,
};

struct exit_event {
	/* Full exit reason: basic reason in bits 15:0, bit 31 set for a
	 * VM-entry failure (EXIT_REASON_ENTRY_FAILURE). */
	uint32_t reason;

	struct {			/* EXIT_REASON_IO_INSTRUCTION */
		uint16_t port;
		uint8_t size;		/* 1, 2 or 4 bytes */
		bool in;		/* IN/INS; false for OUT/OUTS */
		bool string;		/* INS/OUTS */
		bool rep;
		bool imm;		/* port was an immediate, not DX */
		uint8_t addr_size;	/* enum exit_addr_size, string only */
		uint8_t seg;		/* enum cpu_seg, OUTS only (INS uses ES) */
	} io;

	struct {			/* EXIT_REASON_RDMSR / WRMSR */
		uint32_t index;		/* ECX */
		bool write;
	} msr;

	struct {			/* EXIT_REASON_EXCEPTION_NMI */
		uint8_t vector;
		uint8_t type;		/* enum exit_intr_type */
		bool has_error_code;
		uint32_t error_code;
	} intr;

	struct {			/* EXIT_REASON_CR_ACCESS */
		uint8_t cr;		/* 0, 3, 4 or 8 */
		uint8_t access;		/* enum exit_cr_access */
		uint64_t value;		/* MOV to CR: source; LMSW: source (15:0) */
	} cr;

	struct {			/* EXIT_REASON_EPT_VIOLATION / MISCONFIG */
		uint64_t gpa;		/* L2 guest-physical address */
	} ept;
};

static inline unsigned exit_event__basic(const struct exit_event *ev)
{
	return ev->reason & 0xffffu;
}

static inline bool exit_event__entry_failure(const struct exit_event *ev)
{
	return (ev->reason & EXIT_REASON_ENTRY_FAILURE) != 0;
}

#endif /* EXIT_FORWARDER__EXIT_EVENT_H */
