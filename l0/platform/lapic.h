/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/lapic.h: one vCPU's local APIC (SDM vol. 3A ch. 11).
 *
 * xAPIC registers by MMIO at IA32_APIC_BASE (0xFEE00000), x2APIC by MSRs
 * 0x800-0x8FF once IA32_APIC_BASE.EXTD is set; the register list is
 * lapic_regs.def.  The model is pure: time comes in as an argument (host
 * CLOCK_MONOTONIC ns), and what leaves the APIC (an IPI, a level EOI for
 * the I/O APIC, the TSC) goes through struct lapic_bus, so unit tests run
 * it without a machine.  The timer counts at LAPIC__BUS_HZ divided by the
 * divide configuration; a periodic timer whose ticks the guest has not
 * yet taken keeps them (backlog) and delivers each in turn, so that a
 * guest counting ticks over a span of host time counts them all even when
 * the host was slow to run it.
 */
#ifndef L0__PLATFORM__LAPIC_H
#define L0__PLATFORM__LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define LAPIC__BASE_DEFAULT	0xfee00000ull
#define LAPIC__MMIO_SIZE	0x1000ull
#define LAPIC__BUS_HZ		1000000000ull	/* the timer's input: 1 ns per tick */
#define LAPIC__VERSION		0x14		/* integrated APIC (xAPIC) */
#define LAPIC__NR_LVT		7		/* CMCI, timer, thermal, perf, LINT0/1, error */
#define LAPIC__X2APIC_MSR	0x800u
#define LAPIC__X2APIC_MSR_END	0x8ffu
#define LAPIC__MSR_APIC_BASE	0x1bu
#define LAPIC__MSR_TSC_DEADLINE	0x6e0u

/* IA32_APIC_BASE (SDM 11.4.4, 11.12.1). */
#define LAPIC__BASE_BSP		(1ull << 8)
#define LAPIC__BASE_EXTD	(1ull << 10)
#define LAPIC__BASE_EN		(1ull << 11)

enum lapic_reg {
#define X(off, name, flags) LAPIC_##name = (off),
#include "l0/platform/lapic_regs.def"
#undef X
};

/* ICR and LVT fields (SDM Figures 10-8, 10-12). */
#define LAPIC__VECTOR(v)	((v) & 0xffu)
#define LAPIC__DM(v)		(((v) >> 8) & 7u)
#define LAPIC__DM_FIXED		0u
#define LAPIC__DM_LOWEST	1u
#define LAPIC__DM_SMI		2u
#define LAPIC__DM_NMI		4u
#define LAPIC__DM_INIT		5u
#define LAPIC__DM_SIPI		6u
#define LAPIC__DM_EXTINT	7u
#define LAPIC__DEST_LOGICAL	(1u << 11)
#define LAPIC__DELIVS		(1u << 12)
#define LAPIC__LEVEL_ASSERT	(1u << 14)
#define LAPIC__TRIGGER_LEVEL	(1u << 15)
#define LAPIC__MASKED		(1u << 16)
#define LAPIC__SHORTHAND(v)	(((v) >> 18) & 3u)
#define LAPIC__TIMER_MODE(v)	(((v) >> 17) & 3u)
#define LAPIC__TIMER_ONESHOT	0u
#define LAPIC__TIMER_PERIODIC	1u
#define LAPIC__TIMER_TSC	2u
#define LAPIC__SVR_ENABLE	(1u << 8)

/* ESR bits (SDM 11.5.3). */
#define LAPIC__ESR_SEND_VECTOR	(1u << 5)
#define LAPIC__ESR_RECV_VECTOR	(1u << 6)
#define LAPIC__ESR_REGISTER	(1u << 7)

struct lapic;

/* What leaves the APIC. */
struct lapic_bus {
	void *opaque;
	/* An IPI from the ICR (or SELF IPI): icr the low word's fields,
	 * dest the destination field (8 bits xAPIC, 32 bits x2APIC). */
	void (*ipi)(void *opaque, struct lapic *from, uint32_t icr, uint32_t dest);
	/* EOI of a level-triggered vector: the I/O APIC clears Remote IRR. */
	void (*level_eoi)(void *opaque, uint8_t vector);
	/* The TSC the guest reads now, and its rate. */
	uint64_t (*tsc)(void *opaque);
	uint64_t (*tsc_khz)(void *opaque);
};

struct lapic {
	unsigned cpu;			/* vCPU index */
	uint32_t id;			/* APIC ID */
	uint64_t base;			/* IA32_APIC_BASE */
	uint32_t reg[64];		/* by offset / 16: what reads return */
	uint32_t esr_pending;		/* errors since the last write of ESR */
	/* Timer: one-shot and periodic count from start_ns; `done` ticks
	 * (periods) were counted, backlog of them not yet in IRR. */
	uint64_t timer_start_ns;
	uint64_t timer_done;
	uint32_t timer_backlog;
	bool timer_running;
	uint64_t tsc_deadline;		/* IA32_TSC_DEADLINE, 0: disarmed */
	/* Pending until the vCPU takes them. */
	bool nmi, init;
	int sipi;			/* vector, or -1 */
	const struct lapic_bus *bus;
};

/* Power-on state with the firmware's set-up a Multiboot kernel finds
 * (LINT0 ExtINT, LINT1 NMI, software-enabled: the PIC reaches the CPU as
 * in virtual-wire mode). */
void lapic__reset(struct lapic *l, unsigned cpu, bool bsp, const struct lapic_bus *bus);

/* INIT (SDM vol. 3A, "Local APIC State After an INIT Reset"): the
 * power-up state, software-disabled with
 * every LVT masked, but the APIC ID and IA32_APIC_BASE kept; a SIPI
 * already pending stays. */
void lapic__init_reset(struct lapic *l);

/* xAPIC: a 32-bit access at a register offset (other sizes act on the
 * aligned dword, as the guest's view of an MMIO register). */
uint32_t lapic__read(struct lapic *l, unsigned offset, uint64_t now);
void lapic__write(struct lapic *l, unsigned offset, uint32_t value, uint64_t now);
/* MSRs: IA32_APIC_BASE, IA32_TSC_DEADLINE, x2APIC 0x800-0x8FF; false
 * means #GP. */
bool lapic__rdmsr(struct lapic *l, uint32_t index, uint64_t *value, uint64_t now);
bool lapic__wrmsr(struct lapic *l, uint32_t index, uint64_t value, uint64_t now);

bool lapic__x2apic(const struct lapic *l);
bool lapic__enabled(const struct lapic *l);	/* globally and by SVR */
/* A fixed interrupt arrives (I/O APIC, IPI, LVT): IRR, and TMR for
 * level-triggered ones.  A vector below 16 is an ESR error instead. */
void lapic__accept(struct lapic *l, uint8_t vector, bool level);
/* Highest IRR vector above PPR (SDM 11.8.3.1), or -1. */
int lapic__pending(const struct lapic *l);
/* INTA: that vector IRR -> ISR; returns it, or the spurious vector. */
int lapic__ack(struct lapic *l);
uint32_t lapic__ppr(const struct lapic *l);
/* Whether LINT0 passes the 8259's INTR (ExtINT, unmasked), or the APIC
 * is globally disabled (the 8259 drives INTR directly). */
bool lapic__extint(const struct lapic *l);
/* Logical or physical destination match (SDM 11.6.2). */
bool lapic__match(const struct lapic *l, uint32_t dest, bool logical);

/* Timer: fire what is due at now; the next deadline, 0 when none. */
uint64_t lapic__timer_poll(struct lapic *l, uint64_t now);

/* The timer's divisor from the divide configuration (SDM Figure 11-10). */
unsigned lapic__divisor(uint32_t dcr);

#endif /* L0__PLATFORM__LAPIC_H */
