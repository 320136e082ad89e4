/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/lapic.c: the local APIC model (SDM vol. 3A ch. 11). */
#include <stddef.h>

#include "l0/platform/lapic.h"

#define LR_R	(1u << 0)
#define LR_W	(1u << 1)
#define LR_XA	(1u << 2)
#define LR_X2	(1u << 3)
#define LR_BANK	(1u << 4)	/* eight consecutive registers */

#define REG(off)	((off) >> 4)
#define BACKLOG_MAX	1000u	/* periodic ticks kept for a guest that lags */
#define TSC_WAIT_MAX_NS	3600000000000ull

static const struct { uint16_t off; uint8_t flags; } regs[] = {
#define X(off, name, flags) { off, flags },
#include "l0/platform/lapic_regs.def"
#undef X
};

/* The flags of the register at offset, 0 when there is none. */
static unsigned reg_flags(unsigned off)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		unsigned span = regs[i].flags & LR_BANK ? 0x80 : 0x10;

		if (off >= regs[i].off && off < regs[i].off + span)
			return regs[i].flags;
	}
	return 0;
}

/* Highest set bit of a 256-bit bank (ISR, TMR, IRR), or -1. */
static int bank_highest(const struct lapic *l, unsigned bank)
{
	for (int w = 7; w >= 0; w--) {
		uint32_t v = l->reg[REG(bank) + w];

		if (v)
			return w * 32 + 31 - __builtin_clz(v);
	}
	return -1;
}

static bool bank_test(const struct lapic *l, unsigned bank, uint8_t vec)
{
	return l->reg[REG(bank) + vec / 32] & (1u << (vec % 32));
}

static void bank_set(struct lapic *l, unsigned bank, uint8_t vec, bool on)
{
	uint32_t *w = &l->reg[REG(bank) + vec / 32];

	if (on)
		*w |= 1u << (vec % 32);
	else
		*w &= ~(1u << (vec % 32));
}

bool lapic__x2apic(const struct lapic *l)
{
	return (l->base & (LAPIC__BASE_EN | LAPIC__BASE_EXTD)) ==
	       (LAPIC__BASE_EN | LAPIC__BASE_EXTD);
}

bool lapic__enabled(const struct lapic *l)
{
	return (l->base & LAPIC__BASE_EN) && (l->reg[REG(LAPIC_SVR)] & LAPIC__SVR_ENABLE);
}

static uint32_t x2apic_ldr(uint32_t id)
{
	return ((id >> 4) << 16) | (1u << (id & 15));
}

void lapic__reset(struct lapic *l, unsigned cpu, bool bsp, const struct lapic_bus *bus)
{
	*l = (struct lapic){ .cpu = cpu, .id = cpu, .sipi = -1, .bus = bus };
	l->base = LAPIC__BASE_DEFAULT | LAPIC__BASE_EN | (bsp ? LAPIC__BASE_BSP : 0);
	l->reg[REG(LAPIC_ID)] = cpu << 24;
	l->reg[REG(LAPIC_VERSION)] = LAPIC__VERSION | (LAPIC__NR_LVT - 1) << 16;
	l->reg[REG(LAPIC_DFR)] = 0xffffffffu;
	l->reg[REG(LAPIC_SVR)] = LAPIC__SVR_ENABLE | 0xff;
	for (unsigned off = LAPIC_LVT_TIMER; off <= LAPIC_LVT_ERROR; off += 0x10)
		l->reg[REG(off)] = LAPIC__MASKED;
	l->reg[REG(LAPIC_LVT_CMCI)] = LAPIC__MASKED;
	l->reg[REG(LAPIC_LVT_LINT0)] = LAPIC__DM_EXTINT << 8;
	l->reg[REG(LAPIC_LVT_LINT1)] = LAPIC__DM_NMI << 8;
}

void lapic__init_reset(struct lapic *l)
{
	struct lapic was = *l;

	lapic__reset(l, was.cpu, false, was.bus);
	l->id = was.id;
	l->base = was.base;
	l->reg[REG(LAPIC_ID)] = was.reg[REG(LAPIC_ID)];
	l->sipi = was.sipi;
	l->reg[REG(LAPIC_SVR)] = 0xff;
	l->reg[REG(LAPIC_LVT_LINT0)] = LAPIC__MASKED;
	l->reg[REG(LAPIC_LVT_LINT1)] = LAPIC__MASKED;
}

unsigned lapic__divisor(uint32_t dcr)
{
	unsigned v = (dcr & 3) | ((dcr & 8) >> 1);

	return 1u << ((v + 1) & 7);
}

uint32_t lapic__ppr(const struct lapic *l)
{
	uint32_t tpr = l->reg[REG(LAPIC_TPR)] & 0xff;
	int isrv = bank_highest(l, LAPIC_ISR0);
	uint32_t isr = isrv < 0 ? 0 : (uint32_t)isrv;

	return (tpr >> 4) >= (isr >> 4) ? tpr : isr & 0xf0;
}

int lapic__pending(const struct lapic *l)
{
	int irr = bank_highest(l, LAPIC_IRR0);

	if (irr < 0 || !lapic__enabled(l))
		return -1;
	return ((uint32_t)irr & 0xf0) > (lapic__ppr(l) & 0xf0) ? irr : -1;
}

static void timer_refill(struct lapic *l);

int lapic__ack(struct lapic *l)
{
	int v = lapic__pending(l);

	if (v < 0)
		return (int)(l->reg[REG(LAPIC_SVR)] & 0xff);
	bank_set(l, LAPIC_IRR0, (uint8_t)v, false);
	bank_set(l, LAPIC_ISR0, (uint8_t)v, true);
	timer_refill(l);
	return v;
}

static void error(struct lapic *l, uint32_t bit)
{
	uint32_t lvt = l->reg[REG(LAPIC_LVT_ERROR)];

	l->esr_pending |= bit;
	/* An error vector that is itself illegal is not delivered. */
	if (!(lvt & LAPIC__MASKED) && LAPIC__VECTOR(lvt) >= 16)
		lapic__accept(l, (uint8_t)LAPIC__VECTOR(lvt), false);
}

void lapic__accept(struct lapic *l, uint8_t vector, bool level)
{
	if (vector < 16) {
		error(l, LAPIC__ESR_RECV_VECTOR);
		return;
	}
	bank_set(l, LAPIC_IRR0, vector, true);
	bank_set(l, LAPIC_TMR0, vector, level);
}

bool lapic__extint(const struct lapic *l)
{
	uint32_t lint0 = l->reg[REG(LAPIC_LVT_LINT0)];

	if (!(l->base & LAPIC__BASE_EN))
		return true;
	return LAPIC__DM(lint0) == LAPIC__DM_EXTINT && !(lint0 & LAPIC__MASKED);
}

bool lapic__match(const struct lapic *l, uint32_t dest, bool logical)
{
	if (lapic__x2apic(l)) {
		uint32_t ldr = x2apic_ldr(l->id);

		if (!logical)
			return dest == 0xffffffffu || dest == l->id;
		return dest == 0xffffffffu ||
		       ((dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff));
	}
	dest &= 0xff;
	if (!logical)
		return dest == 0xff || dest == (l->id & 0xff);
	if (dest == 0xff)
		return true;
	{
		uint32_t ldr = l->reg[REG(LAPIC_LDR)] >> 24;

		if ((l->reg[REG(LAPIC_DFR)] >> 28) == 0xf)	/* flat model */
			return dest & ldr;
		return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf);	/* cluster */
	}
}

static void eoi(struct lapic *l)
{
	int v = bank_highest(l, LAPIC_ISR0);

	if (v < 0)
		return;
	bank_set(l, LAPIC_ISR0, (uint8_t)v, false);
	if (bank_test(l, LAPIC_TMR0, (uint8_t)v) && l->bus && l->bus->level_eoi)
		l->bus->level_eoi(l->bus->opaque, (uint8_t)v);
}

/* Timer ticks the guest has not taken yet go to IRR one at a time. */
static void timer_refill(struct lapic *l)
{
	uint32_t lvt = l->reg[REG(LAPIC_LVT_TIMER)];
	uint8_t vec = (uint8_t)LAPIC__VECTOR(lvt);

	if (!l->timer_backlog)
		return;
	if (lvt & LAPIC__MASKED) {
		l->timer_backlog = 0;
		return;
	}
	if (vec >= 16 && bank_test(l, LAPIC_IRR0, vec))
		return;
	l->timer_backlog--;
	lapic__accept(l, vec, false);
}

static uint64_t timer_period(const struct lapic *l)
{
	return (uint64_t)l->reg[REG(LAPIC_TIMER_ICR)] *
	       lapic__divisor(l->reg[REG(LAPIC_TIMER_DCR)]) * (1000000000ull / LAPIC__BUS_HZ);
}

uint64_t lapic__timer_poll(struct lapic *l, uint64_t now)
{
	uint32_t lvt = l->reg[REG(LAPIC_LVT_TIMER)];
	uint64_t next = 0;

	if (LAPIC__TIMER_MODE(lvt) == LAPIC__TIMER_TSC) {
		if (l->tsc_deadline && l->bus && l->bus->tsc) {
			uint64_t tsc = l->bus->tsc(l->bus->opaque);

			if (tsc >= l->tsc_deadline) {
				l->tsc_deadline = 0;
				if (l->timer_backlog < BACKLOG_MAX)
					l->timer_backlog++;
			} else {
				uint64_t khz = l->bus->tsc_khz(l->bus->opaque);
				uint64_t left = l->tsc_deadline - tsc;
				uint64_t ns = left / khz * 1000000ull + (left % khz) * 1000000ull / khz;

				next = now + (ns < TSC_WAIT_MAX_NS ? ns : TSC_WAIT_MAX_NS) + 1;
			}
		}
	} else if (l->timer_running) {
		uint64_t period = timer_period(l);
		bool periodic = LAPIC__TIMER_MODE(lvt) == LAPIC__TIMER_PERIODIC;
		uint64_t due = now > l->timer_start_ns ? (now - l->timer_start_ns) / period : 0;

		if (!periodic && due > 1)
			due = 1;
		if (due > l->timer_done) {
			uint64_t add = due - l->timer_done;

			l->timer_backlog = l->timer_backlog + add > BACKLOG_MAX ? BACKLOG_MAX
						: l->timer_backlog + (uint32_t)add;
			l->timer_done = due;
		}
		if (!periodic && due)
			l->timer_running = false;
		else
			next = l->timer_start_ns + (l->timer_done + 1) * period;
	}
	timer_refill(l);
	return next;
}

static uint32_t timer_ccr(const struct lapic *l, uint64_t now)
{
	uint32_t lvt = l->reg[REG(LAPIC_LVT_TIMER)];
	uint64_t period = timer_period(l), elapsed;
	unsigned div = lapic__divisor(l->reg[REG(LAPIC_TIMER_DCR)]);

	if (!l->timer_running || LAPIC__TIMER_MODE(lvt) == LAPIC__TIMER_TSC || !period)
		return 0;
	elapsed = now > l->timer_start_ns ? now - l->timer_start_ns : 0;
	if (LAPIC__TIMER_MODE(lvt) == LAPIC__TIMER_PERIODIC)
		return (uint32_t)((period - elapsed % period) / div);
	return elapsed >= period ? 0 : (uint32_t)((period - elapsed) / div);
}

/* The value a register reads as (offset aligned to 16). */
static uint32_t read_reg(struct lapic *l, unsigned off, uint64_t now)
{
	switch (off) {
	case LAPIC_PPR:
		return lapic__ppr(l);
	case LAPIC_TIMER_CCR:
		return timer_ccr(l, now);
	case LAPIC_ID:
		return lapic__x2apic(l) ? l->id : l->reg[REG(off)];
	case LAPIC_LDR:
		return lapic__x2apic(l) ? x2apic_ldr(l->id) : l->reg[REG(off)];
	default:
		return l->reg[REG(off)];
	}
}

static void send_ipi(struct lapic *l, uint32_t icr, uint32_t dest)
{
	unsigned dm = LAPIC__DM(icr);

	/* Sent anyway: each receiver notes its own error (SDM 11.5.3). */
	if ((dm == LAPIC__DM_FIXED || dm == LAPIC__DM_LOWEST) && LAPIC__VECTOR(icr) < 16)
		error(l, LAPIC__ESR_SEND_VECTOR);
	if (l->bus && l->bus->ipi)
		l->bus->ipi(l->bus->opaque, l, icr, dest);
}

/* Writable bits of each LVT register (SDM Figure 11-8). */
static uint32_t lvt_mask(unsigned off)
{
	switch (off) {
	case LAPIC_LVT_TIMER:	return 0x700ff;		/* mode 18:17, mask, vector */
	case LAPIC_LVT_LINT0:
	case LAPIC_LVT_LINT1:	return 0x1a7ff;		/* trigger, polarity, mode */
	case LAPIC_LVT_ERROR:	return 0x100ff;
	default:		return 0x107ff;		/* CMCI, thermal, perf */
	}
}

static void write_reg(struct lapic *l, unsigned off, uint32_t v, uint64_t now)
{
	switch (off) {
	case LAPIC_ID:
		l->reg[REG(off)] = v & 0xff000000u;
		l->id = v >> 24;
		break;
	case LAPIC_TPR:
		l->reg[REG(off)] = v & 0xff;
		break;
	case LAPIC_EOI:
		eoi(l);
		break;
	case LAPIC_LDR:
		l->reg[REG(off)] = v & 0xff000000u;
		break;
	case LAPIC_DFR:
		l->reg[REG(off)] = v | 0x0fffffffu;
		break;
	case LAPIC_SVR:
		l->reg[REG(off)] = v & 0x3ff;
		/* Software disable masks every LVT (SDM 11.4.7.2). */
		if (!(v & LAPIC__SVR_ENABLE)) {
			for (unsigned o = LAPIC_LVT_TIMER; o <= LAPIC_LVT_ERROR; o += 0x10)
				l->reg[REG(o)] |= LAPIC__MASKED;
			l->reg[REG(LAPIC_LVT_CMCI)] |= LAPIC__MASKED;
		}
		break;
	case LAPIC_ESR:
		/* A write latches the errors seen since the last one. */
		l->reg[REG(off)] = l->esr_pending;
		l->esr_pending = 0;
		break;
	case LAPIC_ICR_HI:
		l->reg[REG(off)] = v & 0xff000000u;
		break;
	case LAPIC_ICR_LO:
		/* Delivery is immediate: the status bit reads idle. */
		l->reg[REG(off)] = v & 0xcdfffu & ~LAPIC__DELIVS;
		send_ipi(l, l->reg[REG(off)], lapic__x2apic(l) ? l->reg[REG(LAPIC_ICR_HI)]
							     : l->reg[REG(LAPIC_ICR_HI)] >> 24);
		break;
	case LAPIC_LVT_CMCI:
	case LAPIC_LVT_TIMER:
	case LAPIC_LVT_THERMAL:
	case LAPIC_LVT_PERF:
	case LAPIC_LVT_LINT0:
	case LAPIC_LVT_LINT1:
	case LAPIC_LVT_ERROR: {
		uint32_t old = l->reg[REG(off)];

		v &= lvt_mask(off);
		if (!(l->reg[REG(LAPIC_SVR)] & LAPIC__SVR_ENABLE))
			v |= LAPIC__MASKED;
		l->reg[REG(off)] = v;
		/* A mode change stops the timer (SDM 11.5.4.1). */
		if (off == LAPIC_LVT_TIMER &&
		    LAPIC__TIMER_MODE(old) != LAPIC__TIMER_MODE(v)) {
			l->timer_running = false;
			l->tsc_deadline = 0;
			l->reg[REG(LAPIC_TIMER_ICR)] = 0;
		}
		break;
	}
	case LAPIC_TIMER_ICR:
		if (LAPIC__TIMER_MODE(l->reg[REG(LAPIC_LVT_TIMER)]) == LAPIC__TIMER_TSC)
			break;		/* ignored in TSC-deadline mode */
		l->reg[REG(off)] = v;
		l->timer_start_ns = now;
		l->timer_done = 0;
		l->timer_backlog = 0;
		l->timer_running = v != 0;
		break;
	case LAPIC_TIMER_DCR:
		l->reg[REG(off)] = v & 0xb;
		break;
	case LAPIC_SELF_IPI:
		send_ipi(l, (v & 0xff) | (1u << 18), 0);
		break;
	default:
		break;		/* read-only: the write has no effect */
	}
}

uint32_t lapic__read(struct lapic *l, unsigned offset, uint64_t now)
{
	unsigned off = offset & 0xff0;
	unsigned f = reg_flags(off);

	if (!(f & LR_XA) || !(f & LR_R)) {
		if (!f || !(f & LR_XA))
			error(l, LAPIC__ESR_REGISTER);
		return 0;
	}
	return read_reg(l, off, now);
}

void lapic__write(struct lapic *l, unsigned offset, uint32_t value, uint64_t now)
{
	unsigned off = offset & 0xff0;
	unsigned f = reg_flags(off);

	if (!(f & LR_XA)) {
		error(l, LAPIC__ESR_REGISTER);
		return;
	}
	if (f & LR_W)
		write_reg(l, off, value, now);
}

/* IA32_APIC_BASE (SDM 11.12.5: the legal mode transitions). */
static bool write_base(struct lapic *l, uint64_t v)
{
	uint64_t en = v & LAPIC__BASE_EN, extd = v & LAPIC__BASE_EXTD;
	const uint64_t allowed = 0xfffff000ull | LAPIC__BASE_BSP | LAPIC__BASE_EN |
				 LAPIC__BASE_EXTD;

	if ((v & ~allowed) || (extd && !en))
		return false;
	if (lapic__x2apic(l) && en && !extd)
		return false;	/* x2APIC -> xAPIC only through disabled */
	if ((v & LAPIC__BASE_BSP) != (l->base & LAPIC__BASE_BSP))
		return false;	/* BSP is read-only here */
	l->base = v;
	if (lapic__x2apic(l))
		l->reg[REG(LAPIC_ICR_HI)] = 0;
	return true;
}

bool lapic__rdmsr(struct lapic *l, uint32_t index, uint64_t *value, uint64_t now)
{
	unsigned off, f;

	if (index == LAPIC__MSR_APIC_BASE) {
		*value = l->base;
		return true;
	}
	if (index == LAPIC__MSR_TSC_DEADLINE) {
		*value = l->tsc_deadline;
		return true;
	}
	if (index < LAPIC__X2APIC_MSR || index > LAPIC__X2APIC_MSR_END || !lapic__x2apic(l))
		return false;
	off = (index - LAPIC__X2APIC_MSR) << 4;
	f = reg_flags(off);
	if (!(f & LR_X2) || !(f & LR_R))
		return false;
	*value = read_reg(l, off, now);
	if (off == LAPIC_ICR_LO)
		*value |= (uint64_t)l->reg[REG(LAPIC_ICR_HI)] << 32;
	return true;
}

bool lapic__wrmsr(struct lapic *l, uint32_t index, uint64_t value, uint64_t now)
{
	unsigned off, f;

	if (index == LAPIC__MSR_APIC_BASE)
		return write_base(l, value);
	if (index == LAPIC__MSR_TSC_DEADLINE) {
		/* Armed only in TSC-deadline mode; 0 disarms (SDM 11.5.4.1). */
		if (LAPIC__TIMER_MODE(l->reg[REG(LAPIC_LVT_TIMER)]) == LAPIC__TIMER_TSC)
			l->tsc_deadline = value;
		return true;
	}
	if (index < LAPIC__X2APIC_MSR || index > LAPIC__X2APIC_MSR_END || !lapic__x2apic(l))
		return false;
	off = (index - LAPIC__X2APIC_MSR) << 4;
	f = reg_flags(off);
	/* ID and LDR are read-only in x2APIC mode; EOI and ESR take 0. */
	if (!(f & LR_X2) || !(f & LR_W) || off == LAPIC_ID || off == LAPIC_LDR)
		return false;
	if ((off == LAPIC_EOI || off == LAPIC_ESR) && value)
		return false;
	if (off != LAPIC_ICR_LO && (value >> 32))
		return false;
	if (off == LAPIC_ICR_LO)
		l->reg[REG(LAPIC_ICR_HI)] = (uint32_t)(value >> 32);
	write_reg(l, off, (uint32_t)value, now);
	return true;
}
