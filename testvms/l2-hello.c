/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-hello.elf ARGS...: the smallest L2-style guest.  Prints
 * "l2-hello: hello from L2", its argv and the entry it came through, and
 * checks that it runs in long mode with paging, whichever entry was used.
 */
#include "testvms/lib/guest.h"

int main(int argc, char **argv)
{
	bool l2 = setup__boot_info()->kind == BOOT_KIND_L2;
	int i;

	puts("l2-hello: hello from L2\n");
	puts("l2-hello: argv:");
	for (i = 0; i < argc; i++) {
		putchar(' ');
		puts(argv[i]);
	}
	printf("\nl2-hello: entry: %s\n", l2 ? "l2" : "multiboot");
	report((read_cr0() & X86_CR0_PG) && (read_cr4() & X86_CR4_PAE),
	       "l2-hello: paging on, PAE");
	return report_summary();
}
