/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC (xAPIC by MMIO, x2APIC by MSR: SDM vol. 3A ch. 11) and
 * the I/O APIC (82093AA) for the platform tests.
 */
#ifndef TESTVMS__APIC_H
#define TESTVMS__APIC_H

#include "testvms/lib/types.h"

#define APIC_BASE_MMIO	0xfee00000ul
#define IOAPIC_BASE	0xfec00000ul
#define MSR_APIC_BASE	0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define APIC_BASE_EXTD	(1ul << 10)
#define APIC_BASE_EN	(1ul << 11)

/* Register offsets (SDM Table 11-1). */
#define APIC_ID		0x20
#define APIC_VERSION	0x30
#define APIC_TPR	0x80
#define APIC_PPR	0xa0
#define APIC_EOI	0xb0
#define APIC_LDR	0xd0
#define APIC_DFR	0xe0
#define APIC_SVR	0xf0
#define APIC_ISR	0x100
#define APIC_TMR	0x180
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0
#define APIC_SELF_IPI	0x3f0

#define APIC_MASKED	(1u << 16)
#define APIC_TIMER_PERIODIC (1u << 17)
#define APIC_TIMER_TSC	(2u << 17)
#define APIC_DM_NMI	(4u << 8)
#define APIC_DM_EXTINT	(7u << 8)
#define APIC_DEST_LOGICAL (1u << 11)
#define APIC_DELIVS	(1u << 12)
#define APIC_DEST_SELF	(1u << 18)
#define APIC_DEST_ALL	(2u << 18)
#define APIC_DEST_OTHERS (3u << 18)

/* x2APIC mode from now on (apic_read/apic_write use the MSRs). */
void apic__use_x2apic(bool on);
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 v);
/* ICR: xAPIC writes ICR2 (destination << 24) then ICR; x2APIC one MSR. */
void apic_icr(u32 icr, u32 dest);
void apic_eoi(void);
/* Whether a vector's bit is set in ISR, TMR or IRR (reg = APIC_ISR...). */
bool apic_bit(unsigned int reg, u8 vector);

u32 ioapic_read(unsigned int reg);
void ioapic_write(unsigned int reg, u32 v);
/* Redirection entry of pin: low dword (vector, mode, mask...), APIC ID. */
void ioapic_route(unsigned int pin, u32 low, u8 dest);

#endif
