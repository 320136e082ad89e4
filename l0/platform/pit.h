/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pit.h: the 8254 PIT (Intel 82C54 data sheet) at ports
 * 0x40-0x43, counting PIT__HZ on the host clock, and port 0x61 (channel
 * 2's gate and output, the refresh toggle).
 *
 * Channel 0 drives IRQ 0: mode 0 once at terminal count, modes 2 and 3
 * every period (ticks the guest has not taken yet are kept and delivered
 * in turn, see lapic.h).  Counter reads (latched or not), the status
 * read-back, the access modes (LSB, MSB, LSB then MSB) are the 8254's;
 * modes 1 and 5 (hardware-triggered) never fire on channel 0, whose gate
 * is tied high; BCD counting is not modelled (binary only).
 */
#ifndef L0__PLATFORM__PIT_H
#define L0__PLATFORM__PIT_H

#include <stdbool.h>
#include <stdint.h>

#define PIT__BASE	0x40
#define PIT__PORT_61	0x61
#define PIT__HZ		1193182ull

struct pit_channel {
	uint32_t reload;		/* 1-65536 */
	uint8_t mode, access;		/* access: 1 LSB, 2 MSB, 3 LSB then MSB */
	bool write_msb, read_msb;	/* the next byte of a 16-bit access */
	uint8_t write_lsb;
	bool latched, status_latched;
	uint16_t latch;
	uint8_t status;
	bool gate, armed;		/* armed: a count was written */
	uint64_t start_ns;
	uint64_t done;			/* periods counted (channel 0) */
};

struct pit {
	struct pit_channel ch[3];
	uint8_t port61;			/* gate 2 (bit 0), speaker data (bit 1) */
	uint32_t backlog;		/* channel 0 ticks not yet taken */
};

void pit__reset(struct pit *p);
void pit__write(struct pit *p, unsigned port, uint8_t v, uint64_t now);
uint8_t pit__read(struct pit *p, unsigned port, uint64_t now);
/* Channel 0 ticks due at now (added to backlog); the next deadline, 0 when
 * none. */
uint64_t pit__poll(struct pit *p, uint64_t now);
/* Counter value and OUT of a channel now (for tests and port 0x61). */
uint16_t pit__count(const struct pit_channel *c, uint64_t now);
bool pit__out(const struct pit_channel *c, uint64_t now);

#endif /* L0__PLATFORM__PIT_H */
