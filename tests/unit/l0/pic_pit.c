/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/pic_pit.c: the 8259 pair (initialisation, priority,
 * cascade, EOI, OCW3 reads, level inputs) and the 8254 on a fake clock
 * (counter reads and latches, periodic ticks kept for later). */
#include "l0/platform/pic.h"
#include "l0/platform/pit.h"
#include "tests/tap.h"

static void init(struct pic *p)
{
	static const uint8_t icw[2][4] = { { 0x11, 0x20, 0x04, 0x01 }, { 0x11, 0x28, 0x02, 0x01 } };

	pic__reset(p);
	for (unsigned c = 0; c < 2; c++) {
		pic__write(p, c, 0, icw[c][0]);
		for (unsigned i = 1; i < 4; i++)
			pic__write(p, c, 1, icw[c][i]);
		pic__write(p, c, 1, 0);		/* OCW1: all unmasked */
	}
}

static void pic(void)
{
	struct pic p;

	init(&p);
	ok(!pic__intr(&p), "no INTR after initialisation");
	pic__set_irq(&p, 3, true);
	pic__set_irq(&p, 1, true);
	ok(pic__intr(&p), "INTR on an edge");
	is_u64(pic__ack(&p), 0x21, "IRQ 1 first (higher priority)");
	ok(!pic__intr(&p), "IRQ 3 waits for IRQ 1's EOI (fully nested)");
	pic__write(&p, 0, 0, 0x0b);
	is_u64(pic__read(&p, 0, 0), 0x02, "OCW3: ISR holds IRQ 1");
	pic__write(&p, 0, 0, 0x20);		/* non-specific EOI */
	is_u64(pic__ack(&p), 0x23, "then IRQ 3");
	pic__write(&p, 0, 0, 0x63);		/* specific EOI, IRQ 3 */
	pic__write(&p, 0, 0, 0x0a);
	is_u64(pic__read(&p, 0, 0), 0x00, "OCW3: IRR empty (edge bits cleared by INTA)");
	pic__set_irq(&p, 10, true);
	ok(pic__intr(&p), "a slave IRQ raises the cascade");
	is_u64(pic__ack(&p), 0x2a, "its vector from the slave's base");
	pic__write(&p, 1, 0, 0x20);
	pic__write(&p, 0, 0, 0x20);
	pic__write(&p, 0, 1, 0x01);		/* mask IRQ 0 */
	pic__set_irq(&p, 0, true);
	ok(!pic__intr(&p) && pic__irr(&p, 0), "a masked IRQ latches in IRR, no INTR");
	is_u64(pic__ack(&p), 0x27, "INTA with nothing: spurious IRQ 7");
	p.chip[0].elcr = 0x20;			/* IRQ 5 level */
	pic__set_irq(&p, 5, true);
	is_u64(pic__ack(&p), 0x25, "level IRQ 5");
	pic__write(&p, 0, 0, 0x20);
	ok(pic__intr(&p), "still high after EOI: pending again");
	pic__set_irq(&p, 5, false);
	ok(!pic__intr(&p), "low: gone");
	pic__write(&p, 0, 0, 0x0c);		/* poll */
	pic__set_irq(&p, 4, true);
	pic__write(&p, 0, 0, 0x0c);
	is_u64(pic__read(&p, 0, 0), 0x84, "poll mode: bit 7 and the IRQ");
}

static void pit(void)
{
	struct pit p;
	const uint64_t ns_per_tick = 1000000000ull / PIT__HZ;	/* ~838 */
	uint64_t next;

	pit__reset(&p);
	pit__write(&p, 0x43, 0x34, 0);		/* ch 0, lo/hi, mode 2 */
	pit__write(&p, 0x40, 100, 0);
	pit__write(&p, 0x40, 0, 0);
	next = pit__poll(&p, 0);
	ok(next >= 100 * ns_per_tick && next <= 101 * ns_per_tick, "first tick after 100 counts");
	is_u64(p.backlog, 0, "none yet");
	pit__poll(&p, 350 * (ns_per_tick + 1));
	is_u64(p.backlog, 3, "three periods later, three ticks kept");
	pit__write(&p, 0x43, 0x00, 50 * (ns_per_tick + 1));	/* latch channel 0 */
	uint16_t lo = pit__read(&p, 0x40, 60 * (ns_per_tick + 1));
	uint16_t hi = pit__read(&p, 0x40, 70 * (ns_per_tick + 1));
	ok(((hi << 8) | lo) >= 49 && ((hi << 8) | lo) <= 51, "latched count read later");
	pit__write(&p, 0x43, 0xb0, 0);		/* ch 2, lo/hi, mode 0 */
	pit__write(&p, 0x61, 0x01, 0);		/* gate 2 up */
	pit__write(&p, 0x42, 10, 0);
	pit__write(&p, 0x42, 0, 0);
	ok(!(pit__read(&p, 0x61, 5 * ns_per_tick) & 0x20), "channel 2 OUT low while counting");
	ok(pit__read(&p, 0x61, 11 * ns_per_tick + 10) & 0x20, "high at terminal count");
	pit__write(&p, 0x43, 0xe2, 11 * ns_per_tick);	/* read-back status of channel 0 */
	is_u64(pit__read(&p, 0x40, 0) & 0x3f, 0x34, "read-back status: lo/hi, mode 2");
}

int main(void)
{
	pic();
	pit();
	return done_testing();
}
