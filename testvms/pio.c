/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pio.elf N: N one-byte OUTs to port 0x80 (value: the index's low byte),
 * then prints N.  Besides the N port-0x80 exits, each printed character
 * costs two UART exits (LSR poll, THR write): see lib/console.c.
 */
#include "testvms/lib/guest.h"

#define PIO_PORT	0x80

int main(int argc, char **argv)
{
	unsigned long n, i;

	if (!args__ulong(argc, argv, 1, 0, &n))
		return report_summary();
	for (i = 0; i < n; i++)
		outb(i, PIO_PORT);
	printf("pio: %lu\n", n);
	report(i == n, "%lu OUTs to port 0x%x", i, PIO_PORT);
	return report_summary();
}
