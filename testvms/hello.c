/* SPDX-License-Identifier: GPL-2.0-only */
/* hello.elf: prints "hello: " and its argv joined by spaces, exits 0. */
#include "testvms/lib/guest.h"

int main(int argc, char **argv)
{
	int i;

	puts("hello:");
	for (i = 0; i < argc; i++) {
		putchar(' ');
		puts(argv[i]);
	}
	putchar('\n');
	return 0;
}
