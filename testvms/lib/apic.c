/* SPDX-License-Identifier: GPL-2.0-only */
/* The local and I/O APIC accessors (apic.h). */
#include "testvms/lib/apic.h"
#include "testvms/lib/processor.h"

#define X2APIC_MSR(reg)	(0x800 + ((reg) >> 4))

static bool x2apic;

void apic__use_x2apic(bool on)
{
	x2apic = on;
}

u32 apic_read(unsigned int reg)
{
	if (x2apic)
		return (u32)rdmsr(X2APIC_MSR(reg));
	return *(volatile u32 *)(APIC_BASE_MMIO + reg);
}

void apic_write(unsigned int reg, u32 v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(reg), v);
	else
		*(volatile u32 *)(APIC_BASE_MMIO + reg) = v;
}

void apic_icr(u32 icr, u32 dest)
{
	if (x2apic) {
		wrmsr(X2APIC_MSR(APIC_ICR), (u64)dest << 32 | icr);
		return;
	}
	apic_write(APIC_ICR2, dest << 24);
	apic_write(APIC_ICR, icr);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

bool apic_bit(unsigned int reg, u8 vector)
{
	return apic_read(reg + (vector / 32) * 0x10) & (1u << (vector % 32));
}

u32 ioapic_read(unsigned int reg)
{
	*(volatile u32 *)IOAPIC_BASE = reg;
	return *(volatile u32 *)(IOAPIC_BASE + 0x10);
}

void ioapic_write(unsigned int reg, u32 v)
{
	*(volatile u32 *)IOAPIC_BASE = reg;
	*(volatile u32 *)(IOAPIC_BASE + 0x10) = v;
}

void ioapic_route(unsigned int pin, u32 low, u8 dest)
{
	ioapic_write(0x11 + 2 * pin, (u32)dest << 24);
	ioapic_write(0x10 + 2 * pin, low);
}
