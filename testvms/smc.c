/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smc.elf: self-modifying code.  A function that returns an immediate is
 * run (so that a binary translator has translated it), then its immediate
 * is overwritten with a store and it is run again, 16 times: each run must
 * return the value just stored (SDM vol. 3A 11.6: a store to code that is
 * then executed takes effect; jumping to it is a serializing event enough
 * on one processor).  On the tcg engine this checks that QEMU drops the
 * stale translation.
 */
#include "testvms/lib/guest.h"

/* mov $imm32, %eax; ret: the immediate is at offset 1. */
static u8 code[8] __attribute__((section(".data"), aligned(16))) = {
	0xb8, 0x00, 0x00, 0x00, 0x00, 0xc3,
};

int main(int argc, char **argv)
{
	u32 (*fn)(void) = (u32 (*)(void))(void *)code;
	unsigned wrong = 0;

	for (u32 i = 1; i <= 16; i++) {
		u32 got;

		fn();				/* translated with the old value */
		*(volatile u32 *)&code[1] = i * 0x01010101u;
		got = fn();
		if (got != i * 0x01010101u)
			wrong++;
	}
	report(wrong == 0, "smc: 16 rewritten immediates, %u stale", wrong);
	return report_summary();
}
