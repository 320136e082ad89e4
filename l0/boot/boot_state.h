/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/boot_state.h: the CPU state an image starts in, neutral between
 * engines (each applies it with its set_state). */
#ifndef L0__BOOT__BOOT_STATE_H
#define L0__BOOT__BOOT_STATE_H

#include <stdint.h>

#include "vmcs-merge/cpu_state.h"

void boot_state__multiboot(struct cpu_state *c, uint32_t entry, uint32_t info);
/* An application processor started by a SIPI with this vector, after
 * INIT: real mode at vector << 12. */
void boot_state__sipi(struct cpu_state *c, uint8_t vector);

#endif /* L0__BOOT__BOOT_STATE_H */
