/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-idle.elf: prints one line, then waits at CPL0 with interrupts
 * enabled (STI, then PAUSE for ever).  Meant for L1 rows that end the run
 * from an exit, with the guest able to take interrupts: l1-hv's
 * apic-timer= rows, whose external-interrupt exits do not depend on
 * RFLAGS.IF (SDM 26.2) but, under Bochs 2.7, come only while it is 1
 * (docs/vmx-coverage.md).  An interrupt that reaches L2 itself has no
 * handler here and ends the run as an unhandled exception.
 */
#include "testvms/lib/guest.h"

int main(int argc, char **argv)
{
	printf("l2-idle: waiting with interrupts enabled\n");
	asm volatile("sti" ::: "memory");
	for (;;)
		asm volatile("pause" ::: "memory");
}
