/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/msr_bitmap.h: does an L2 RDMSR/WRMSR exit to L1? */
#ifndef EXIT_FORWARDER__MSR_BITMAP_H
#define EXIT_FORWARDER__MSR_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "exit-forwarder/exit_ctls.h"

/* True when RDMSR (write false) or WRMSR (write true) of `msr` would exit
 * under L1's controls, reading L1's MSR bitmap through `l1_mem` now. */
bool msr_bitmap__exits(const struct exit_ctls *c, const struct guest_mem *l1_mem,
		       uint32_t msr, bool write);

#endif /* EXIT_FORWARDER__MSR_BITMAP_H */
