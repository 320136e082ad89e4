/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pm_timer.c: the ACPI PM timer and PM1 registers (see pm_timer.h). */
#include "l0/platform/pm_timer.h"

void pm__reset(struct pm *p, uint64_t now)
{
	*p = (struct pm){ .control = PM__SCI_EN, .start_ns = now };
}

uint32_t pm__timer(const struct pm *p, uint64_t now)
{
	uint64_t ns = now > p->start_ns ? now - p->start_ns : 0;

	return (uint32_t)((unsigned __int128)ns * PM__TIMER_HZ / 1000000000ull) & 0xffffff;
}

/* The 12 bytes as one little-endian image, so any access size works. */
static void image(const struct pm *p, uint8_t b[PM__LEN], uint64_t now)
{
	uint32_t t = pm__timer(p, now);

	b[0] = (uint8_t)p->status;
	b[1] = (uint8_t)(p->status >> 8);
	b[2] = (uint8_t)p->enable;
	b[3] = (uint8_t)(p->enable >> 8);
	b[4] = (uint8_t)p->control;
	b[5] = (uint8_t)(p->control >> 8);
	b[6] = b[7] = 0;
	for (unsigned i = 0; i < 4; i++)
		b[8 + i] = (uint8_t)(t >> (8 * i));
}

uint32_t pm__read(struct pm *p, unsigned offset, unsigned size, uint64_t now)
{
	uint8_t b[PM__LEN];
	uint32_t v = 0;

	image(p, b, now);
	for (unsigned i = 0; i < size && offset + i < PM__LEN; i++)
		v |= (uint32_t)b[offset + i] << (8 * i);
	return v;
}

void pm__write(struct pm *p, unsigned offset, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size && offset + i < PM__LEN; i++) {
		uint8_t byte = (uint8_t)(v >> (8 * i));
		unsigned o = offset + i;

		if (o < 2)	/* status: write 1 to clear */
			p->status &= (uint16_t)~(byte << (8 * o));
		else if (o < 4)
			p->enable = (uint16_t)((p->enable & ~(0xff << (8 * (o - 2)))) |
					       byte << (8 * (o - 2)));
		else if (o < 6)	/* SCI_EN stays set: no legacy mode */
			p->control = (uint16_t)(((p->control & ~(0xff << (8 * (o - 4)))) |
						 byte << (8 * (o - 4))) | PM__SCI_EN);
	}
}
