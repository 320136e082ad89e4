/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/io_bitmap.c: I/O exiting, SDM 26.1.3 (IN, INS, OUT, OUTS)
 * and the I/O bitmaps of SDM 25.6.4.
 */
#include "exit-forwarder/io_bitmap.h"

#define PORTS_PER_BITMAP 0x8000u	/* A: 0x0000-0x7fff, B: 0x8000-0xffff */

/* The bit for one port, read from L1 memory at this exit. */
static bool port_bit(const struct exit_ctls *c, const struct guest_mem *l1_mem,
		     unsigned port)
{
	uint64_t base = port < PORTS_PER_BITMAP ? c->io_bitmap_a : c->io_bitmap_b;
	unsigned idx = port % PORTS_PER_BITMAP;
	uint8_t byte;

	/* A bitmap outside L1 RAM: the processor would read unbacked
	 * physical memory, which returns all ones, so the bit is set. */
	if (guest_mem__read(l1_mem, base + idx / 8, &byte, 1))
		return true;
	return (byte >> (idx % 8)) & 1;
}

bool io_bitmap__exits(const struct exit_ctls *c, const struct guest_mem *l1_mem,
		      uint16_t port, unsigned size)
{
	/* "Use I/O bitmaps" takes precedence: "unconditional I/O exiting" is
	 * ignored when it is 1. */
	if (!(c->proc & VMX_PROC_USE_IO_BITMAPS))
		return (c->proc & VMX_PROC_UNCOND_IO_EXITING) != 0;

	/* Not an access the processor can make: let L1 see it rather than
	 * guess which bits it would have consulted. */
	if (size != 1 && size != 2 && size != 4)
		return true;

	/* An access that wraps past 0xffff to 0x0000 always exits. */
	if ((unsigned)port + size - 1 > 0xffffu)
		return true;

	/* Every byte of the access counts, so an access at 0x7fff of two or
	 * more bytes consults bitmap A and bitmap B. */
	for (unsigned p = port; p < (unsigned)port + size; p++)
		if (port_bit(c, l1_mem, p))
			return true;
	return false;
}
