/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pit.c: the 8254 (see pit.h). */
#include "l0/platform/pit.h"

#define BACKLOG_MAX	1000u
#define REFRESH_NS	15085ull	/* port 0x61 bit 4 toggles every ~15 us */

void pit__reset(struct pit *p)
{
	*p = (struct pit){ 0 };
	for (unsigned i = 0; i < 3; i++) {
		p->ch[i].reload = 65536;
		p->ch[i].access = 3;
		p->ch[i].gate = i != 2;		/* channel 2's gate is port 0x61 bit 0 */
	}
}

/* Input clock ticks since the count was loaded. */
static uint64_t ticks(const struct pit_channel *c, uint64_t now)
{
	uint64_t ns = now > c->start_ns ? now - c->start_ns : 0;

	return (uint64_t)((unsigned __int128)ns * PIT__HZ / 1000000000ull);
}

static uint64_t ticks_to_ns(uint64_t t)
{
	return (uint64_t)(((unsigned __int128)t * 1000000000ull + PIT__HZ - 1) / PIT__HZ);
}

static bool periodic(const struct pit_channel *c)
{
	return (c->mode & 3) == 2 || (c->mode & 3) == 3;	/* modes 2, 3 (6, 7 alias) */
}

uint16_t pit__count(const struct pit_channel *c, uint64_t now)
{
	uint64_t d = ticks(c, now);

	if (!c->armed || !c->gate)
		return (uint16_t)c->reload;
	if (periodic(c)) {
		if ((c->mode & 3) == 3)		/* square wave counts by two */
			return (uint16_t)(c->reload - (2 * d) % c->reload);
		return (uint16_t)(c->reload - d % c->reload);
	}
	return (uint16_t)(c->reload - d);	/* modes 0, 1, 4, 5 wrap */
}

bool pit__out(const struct pit_channel *c, uint64_t now)
{
	uint64_t d = ticks(c, now);

	if (!c->armed)
		return c->mode != 0;
	switch (c->mode & 7) {
	case 0:
		return d >= c->reload;
	case 2:
	case 6:
		return d % c->reload != c->reload - 1;
	case 3:
	case 7:
		return d % c->reload < (c->reload + 1) / 2;
	default:
		return true;
	}
}

static void load(struct pit_channel *c, uint32_t count, uint64_t now)
{
	c->reload = count ? count : 65536;
	c->start_ns = now;
	c->done = 0;
	c->armed = true;
}

static void control(struct pit *p, uint8_t v, uint64_t now)
{
	unsigned sel = v >> 6;

	if (sel == 3) {
		/* Read-back: bits 3:1 select channels, bit 5 clear latches the
		 * count, bit 4 clear the status. */
		for (unsigned i = 0; i < 3; i++) {
			struct pit_channel *c = &p->ch[i];

			if (!(v & (2u << i)))
				continue;
			if (!(v & 0x20) && !c->latched) {
				c->latch = pit__count(c, now);
				c->latched = true;
				c->read_msb = false;
			}
			if (!(v & 0x10) && !c->status_latched) {
				c->status = (uint8_t)(pit__out(c, now) << 7 | (!c->armed) << 6 |
						      c->access << 4 | c->mode << 1);
				c->status_latched = true;
			}
		}
		return;
	}
	if (!((v >> 4) & 3)) {		/* counter latch command */
		if (!p->ch[sel].latched) {
			p->ch[sel].latch = pit__count(&p->ch[sel], now);
			p->ch[sel].latched = true;
			p->ch[sel].read_msb = false;
		}
		return;
	}
	p->ch[sel] = (struct pit_channel){
		.reload = p->ch[sel].reload,
		.gate = p->ch[sel].gate,
		.access = (v >> 4) & 3,
		.mode = (v >> 1) & 7,
	};
	if (sel == 0)
		p->backlog = 0;
}

void pit__write(struct pit *p, unsigned port, uint8_t v, uint64_t now)
{
	struct pit_channel *c;

	if (port == PIT__PORT_61) {
		bool rise = (v & 1) && !(p->port61 & 1);

		p->port61 = v & 3;
		p->ch[2].gate = v & 1;
		if (rise)		/* a gate edge restarts the count */
			p->ch[2].start_ns = now;
		return;
	}
	if (port == PIT__BASE + 3) {
		control(p, v, now);
		return;
	}
	c = &p->ch[port - PIT__BASE];
	switch (c->access) {
	case 1:
		load(c, v, now);
		break;
	case 2:
		load(c, (uint32_t)v << 8, now);
		break;
	default:
		if (!c->write_msb) {
			c->write_lsb = v;
			c->write_msb = true;
			if (c->mode == 0)
				c->armed = false;	/* mode 0 stops on the LSB */
		} else {
			c->write_msb = false;
			load(c, c->write_lsb | (uint32_t)v << 8, now);
		}
	}
	if (c == &p->ch[0])
		p->backlog = 0;
}

uint8_t pit__read(struct pit *p, unsigned port, uint64_t now)
{
	struct pit_channel *c;
	uint16_t v;

	if (port == PIT__PORT_61)
		return (uint8_t)(p->port61 | ((now / REFRESH_NS) & 1) << 4 |
				 pit__out(&p->ch[2], now) << 5);
	if (port == PIT__BASE + 3)
		return 0xff;
	c = &p->ch[port - PIT__BASE];
	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	v = c->latched ? c->latch : pit__count(c, now);
	switch (c->access) {
	case 1:
		c->latched = false;
		return (uint8_t)v;
	case 2:
		c->latched = false;
		return (uint8_t)(v >> 8);
	default:
		if (!c->read_msb) {
			c->read_msb = true;
			return (uint8_t)v;
		}
		c->read_msb = false;
		c->latched = false;
		return (uint8_t)(v >> 8);
	}
}

uint64_t pit__poll(struct pit *p, uint64_t now)
{
	struct pit_channel *c = &p->ch[0];
	uint64_t due;

	if (!c->armed)
		return 0;
	if (periodic(c)) {
		due = ticks(c, now) / c->reload;
	} else if (c->mode == 0 || c->mode == 4) {
		due = ticks(c, now) >= c->reload;
	} else {
		return 0;
	}
	if (due > c->done) {
		uint64_t add = due - c->done;

		p->backlog = p->backlog + add > BACKLOG_MAX ? BACKLOG_MAX : p->backlog + (uint32_t)add;
		c->done = due;
	}
	if (!periodic(c))
		return c->done ? 0 : c->start_ns + ticks_to_ns(c->reload);
	return c->start_ns + ticks_to_ns((c->done + 1) * c->reload);
}
