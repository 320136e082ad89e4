/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/deliver_desc.h: private to deliver*.c.  The memory side of
 * event delivery: descriptor-table and TSS reads, segment descriptors
 * decoded into the VMCS access-rights format, the accessed bit, and the
 * stack frame's room check and pushes.  Every failure records the fault
 * the CPU would raise in the context and returns -1.
 */
#ifndef L0__ENGINE__TCG__DELIVER_DESC_H
#define L0__ENGINE__TCG__DELIVER_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include "l0/guest_paging.h"
#include "vmcs-merge/cpu_state.h"

enum {
	VEC_DE = 0, VEC_DB = 1, VEC_NMI = 2, VEC_DF = 8, VEC_TS = 10,
	VEC_NP = 11, VEC_SS = 12, VEC_GP = 13, VEC_PF = 14,
};

/* An exception raised while delivering an event. */
struct deliver_fault {
	uint8_t vector;
	uint32_t error_code;	/* always pushed: #TS #NP #SS #GP #PF */
	uint64_t cr2;		/* #PF */
};

/* One delivery attempt.  c is a working copy, committed by the caller
 * only when the attempt succeeds: a fault leaves the CPU state as it was
 * before the event, as the SDM's faults do (6.5). */
struct deliver_ctx {
	const struct guest_mem *mem;
	struct paging_mode pm;
	struct cpu_state *c;
	bool lma;		/* IA-32e mode: 16-byte gates, 64-bit TSS and pushes */
	uint32_t ext;		/* EXT, bit 0 of every error code raised (6.13) */
	struct deliver_fault *fault;
};

/* A segment descriptor (3.4.5) and where it lives, for the accessed bit. */
struct deliver_desc {
	uint64_t raw;
	uint64_t linear;
};

#define DESC_P		(1ull << 47)
#define DESC_S		(1ull << 44)
#define DESC_CODE	(1ull << 43)	/* type bit 3, with S = 1 */
#define DESC_CONFORMING	(1ull << 42)	/* type bit 2 of a code segment */
#define DESC_WRITABLE	(1ull << 41)	/* type bit 1 of a data segment */
#define DESC_L		(1ull << 53)
#define DESC_DB		(1ull << 54)

static inline unsigned deliver_desc__dpl(uint64_t raw) { return (raw >> 45) & 3; }

/* Error code naming a selector (6.13, Figure 6-7): index and TI, IDT = 0. */
static inline uint32_t deliver_desc__sel_error(const struct deliver_ctx *x, uint16_t sel)
{
	return (sel & 0xfffcu) | x->ext;
}

/* 3.3.7.1: bits 63:47 (63:56 with CR4.LA57 five-level paging) all equal. */
static inline bool deliver_desc__canonical(const struct deliver_ctx *x, uint64_t la)
{
	unsigned shift = x->pm.cr4 & (1ull << 12) ? 64 - 57 : 64 - 48;

	return (uint64_t)((int64_t)(la << shift) >> shift) == la;
}

/* Error code naming an IDT entry (6.13, Figure 6-7: IDT = 1). */
static inline uint32_t deliver_desc__idt_error(const struct deliver_ctx *x, uint8_t vector)
{
	return (uint32_t)vector << 3 | 2 | x->ext;
}

/* Record a fault; returns -1 so that callers can `return deliver_desc__fault(...)`. */
int deliver_desc__fault(struct deliver_ctx *x, uint8_t vector, uint32_t error_code);

/* An implicit supervisor read at a linear address (4.6: no U/S check
 * relaxation, no PAGING_USER); a failed translation is #PF. */
int deliver_desc__read(struct deliver_ctx *x, uint64_t linear, void *buf, size_t len);

/* An IDT gate, 8 bytes (6.11, Figure 6-2) or 16 in IA-32e mode (6.14.1,
 * Figure 6-8). */
struct deliver_gate {
	uint64_t offset;
	uint16_t selector;
	unsigned type, dpl, ist;
	bool s, present;
};

/* Read the gate for vector; #GP(vector) when it is not all inside the IDT
 * limit. */
int deliver_desc__gate(struct deliver_ctx *x, uint8_t vector, struct deliver_gate *g);

/* The descriptor sel names in the GDT or LDT: 0, or 1 when sel lies
 * beyond the table's limit (the caller picks the fault), or -1 on #PF. */
int deliver_desc__lookup(struct deliver_ctx *x, uint16_t sel, struct deliver_desc *d);

/* A code or data descriptor as the register's hidden part (VMCS format),
 * with the accessed bit the load sets. */
struct cpu_segment deliver_desc__segment(const struct deliver_desc *d, uint16_t sel);

/* Set the accessed bit in memory (3.4.5.1), if it is not set yet. */
int deliver_desc__touch(struct deliver_ctx *x, const struct deliver_desc *d);

/* The stack pointer and selector the TSS in TR holds for a privilege
 * level (8.2.1 32-bit TSS, 8.6 16-bit TSS, 8.7 64-bit TSS), or IST n
 * (6.14.5) when ist != 0 in IA-32e mode; #TS(TR) beyond TR's limit. */
int deliver_desc__tss_stack(struct deliver_ctx *x, unsigned dpl, unsigned ist,
			    uint64_t *sp, uint16_t *ss);

/* A stack frame, in push order. */
struct deliver_frame {
	uint64_t word[10];
	unsigned count;
	unsigned size;		/* bytes per push: 2, 4 or 8 */
};

static inline void deliver_desc__put(struct deliver_frame *f, uint64_t v)
{
	f->word[f->count++] = v;
}

/* Where the frame goes: SS's hidden part (for the limit checks outside
 * IA-32e mode), the stack pointer before the first push, and the access
 * kind.  The pushes are not implicit supervisor accesses (4.6 lists GDT,
 * LDT, IDT and TSS only): they are made at the new CPL, so PAGING_USER
 * when the handler runs at CPL 3 (a conforming code segment). */
struct deliver_stack {
	struct cpu_segment ss;
	uint64_t sp;
	unsigned access;
};

/* Room for every push (6.12.1 limit checks, 6.14.2 canonical check in
 * IA-32e mode), else #SS(ss_error). */
int deliver_desc__room(struct deliver_ctx *x, const struct deliver_stack *s,
		       const struct deliver_frame *f, uint32_t ss_error);

/* Push the frame: every page is checked for the write first, in push
 * order, so a #PF leaves memory untouched.  Updates s->sp. */
int deliver_desc__push(struct deliver_ctx *x, struct deliver_stack *s,
		       const struct deliver_frame *f);

#endif /* L0__ENGINE__TCG__DELIVER_DESC_H */
