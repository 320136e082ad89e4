/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pm_timer.h: the ACPI power-management registers at
 * PM__BASE (the PIIX4's default, as QEMU places them): PM1a event block
 * (status, enable; +0, 4 bytes), PM1a control (+4, 2 bytes) and the PM
 * timer (+8, 4 bytes): 24 bits at PM__TIMER_HZ on the host clock (ACPI
 * 6.4 section 4.8.3.3).  No SCI is ever raised (no event source); the
 * machine is always in ACPI mode (SCI_EN reads 1, no SMI command port);
 * sleep requests are ignored.
 */
#ifndef L0__PLATFORM__PM_TIMER_H
#define L0__PLATFORM__PM_TIMER_H

#include <stdint.h>

#define PM__BASE	0x600
#define PM__LEN		12
#define PM__EVT_LEN	4
#define PM__CNT_LEN	2
#define PM__TMR		(PM__BASE + 8)
#define PM__TIMER_HZ	3579545ull
#define PM__SCI_EN	1u

struct pm {
	uint16_t status, enable, control;
	uint64_t start_ns;	/* the timer counts from here */
};

void pm__reset(struct pm *p, uint64_t now);
/* The PM timer's 24-bit value at now. */
uint32_t pm__timer(const struct pm *p, uint64_t now);
uint32_t pm__read(struct pm *p, unsigned offset, unsigned size, uint64_t now);
void pm__write(struct pm *p, unsigned offset, unsigned size, uint32_t v);

#endif /* L0__PLATFORM__PM_TIMER_H */
