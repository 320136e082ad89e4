/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/io_bitmap.h: does an L2 I/O instruction exit to L1? */
#ifndef EXIT_FORWARDER__IO_BITMAP_H
#define EXIT_FORWARDER__IO_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "exit-forwarder/exit_ctls.h"

/* True when an access of `size` bytes at `port` would make real hardware
 * exit under L1's controls, reading L1's I/O bitmaps through `l1_mem` now. */
bool io_bitmap__exits(const struct exit_ctls *c, const struct guest_mem *l1_mem,
		      uint16_t port, unsigned size);

#endif /* EXIT_FORWARDER__IO_BITMAP_H */
