/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/qemu_cpu.h: what L0 reads and writes inside unicorn's CPU.
 *
 * libunicorn 2.0.1's API has no access to the hidden parts of the segment
 * registers (base, limit, attributes), to the error code of the exception it
 * reports, or to where it resumes after an interrupt hook.  L0 needs all
 * three (to start an image, to switch levels, to deliver exceptions), so it
 * reaches into QEMU's CPUX86State, whose address it learns from its own
 * RDMSR helper (tcg_helpers.c), and whose layout it checks against the API and
 * measures at start-up rather than trusting: a libunicorn built otherwise is
 * refused with a clear error, not misread.
 */
#ifndef L0__ENGINE__TCG__QEMU_CPU_H
#define L0__ENGINE__TCG__QEMU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

#include "l0/error.h"
#include "vmcs-merge/cpu_state.h"

struct qemu_cpu {
	uint8_t *env;		/* CPUX86State */
	size_t off_error_code;	/* int error_code; int exception_is_int;
				 * target_ulong exception_next_eip (measured) */
};

/* Check the fixed part of the layout against the API on a fresh engine
 * (env already captured), then measure the exception fields by raising
 * #GP(0x1238) from a scratch page at gpa 0 of ram (restored after). */
int qemu_cpu__probe(struct qemu_cpu *q, uc_engine *uc, uint8_t *ram, struct error *err);

/* Segment registers ES..GS (hidden parts included) to and from cpu_state,
 * keeping QEMU's derived flags (CPL, 16/32/64-bit code and stack) right. */
void qemu_cpu__get_segs(const struct qemu_cpu *q, struct cpu_state *c);
void qemu_cpu__set_segs(const struct qemu_cpu *q, const struct cpu_state *c);

/* After QEMU's WRMSR of EFER: the NXE and SCE bits of wanted, which
 * QEMU's CPU model would drop. */
void qemu_cpu__efer_fixup(const struct qemu_cpu *q, uint64_t wanted);
/* EFER as a whole, LMA included (set_state); QEMU's WRMSR keeps LMA. */
void qemu_cpu__set_efer(const struct qemu_cpu *q, uint64_t efer);

/* The one-instruction interrupt shadow after STI or MOV SS (QEMU keeps
 * one flag for both). */
bool qemu_cpu__irq_inhibited(const struct qemu_cpu *q);
void qemu_cpu__set_irq_inhibited(const struct qemu_cpu *q, bool on);

/* NMI blocking (SDM 6.7.1): set by L0 when it delivers an NMI, cleared
 * by QEMU's own IRET helpers. */
bool qemu_cpu__nmi_blocked(const struct qemu_cpu *q);
void qemu_cpu__set_nmi_blocked(const struct qemu_cpu *q, bool on);

/* In an interrupt hook: the error code QEMU computed, and where QEMU
 * resumes after the hook (L0 points it at the handler it delivered to). */
uint32_t qemu_cpu__error_code(const struct qemu_cpu *q);
/* Whether it was INT n, INT3 or INTO (QEMU's exception_is_int): RIP is
 * then past the instruction. */
bool qemu_cpu__is_int(const struct qemu_cpu *q);
void qemu_cpu__set_resume(const struct qemu_cpu *q, uint64_t rip);
/* No exception in flight for QEMU's double-fault rule (old_exception, which
 * its own delivery would reset): L0 delivers them all, after each one and
 * before each run. */
void qemu_cpu__delivered(const struct qemu_cpu *q);

#endif /* L0__ENGINE__TCG__QEMU_CPU_H */
