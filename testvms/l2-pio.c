/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-pio.elf N: N one-byte OUTs to port 0x80, then N to port 0x81
 * (value: the index's low byte), then prints both counts.
 *
 * Nested convention: the L1 hypervisor sets port 0x80 in its I/O bitmap
 * (those N exits are reflected to L1) and leaves 0x81 clear (passed
 * through: L0 absorbs them as its own unclaimed I/O), so one run shows N
 * reflected and N absorbed I/O exits.  Run directly, L0 sees all 2N.
 */
#include "testvms/lib/guest.h"

#define PORT_INTERCEPTED	0x80
#define PORT_PASSTHROUGH	0x81

static unsigned long out_n(u16 port, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		outb(i, port);
	return i;
}

int main(int argc, char **argv)
{
	unsigned long n, a, b;

	if (!args__ulong(argc, argv, 1, 0, &n))
		return report_summary();
	a = out_n(PORT_INTERCEPTED, n);
	b = out_n(PORT_PASSTHROUGH, n);
	printf("l2-pio: %lu OUTs to port 0x%x, %lu OUTs to port 0x%x\n",
	       a, PORT_INTERCEPTED, b, PORT_PASSTHROUGH);
	report(a == n && b == n, "l2-pio: %lu + %lu OUTs", a, b);
	return report_summary();
}
