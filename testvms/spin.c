/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spin.elf: loops forever at CPL0 and prints nothing, so only L0's
 * --timeout ends the run.
 */
#include "testvms/lib/guest.h"

int main(int argc, char **argv)
{
	for (;;)
		asm volatile("" ::: "memory");
}
