/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-mem.elf MiB: touches MiB mebibytes starting at the first page above
 * the image (from the page allocator), one 8-byte write per 4 KiB page,
 * then reads every page back.  Each page gets a value derived from its
 * address, so two guest-physical pages aliasing one host page (a broken
 * EPT composition) show up as a mismatch.
 */
#include "testvms/lib/guest.h"

#define PAGES_PER_MIB	256
#define PATTERN		0x5a5a0000a5a50000ul

int main(int argc, char **argv)
{
	unsigned long mib, pages, i, bad = 0;
	u8 *base;

	if (!args__ulong(argc, argv, 1, 1, &mib))
		return report_summary();
	pages = mib * PAGES_PER_MIB;
	base = alloc__pages(pages);
	if (!base) {
		report(false, "l2-mem: %lu MiB above the image fit in RAM", mib);
		return report_summary();
	}
	printf("l2-mem: touching %lu MiB (%lu pages) at 0x%lx\n", mib, pages,
	       (u64)base);
	for (i = 0; i < pages; i++)
		*(volatile u64 *)(base + i * PAGE_SIZE) = (u64)base + i * PAGE_SIZE + PATTERN;
	for (i = 0; i < pages; i++)
		if (*(volatile u64 *)(base + i * PAGE_SIZE) != (u64)base + i * PAGE_SIZE + PATTERN)
			bad++;
	report(bad == 0, "l2-mem: %lu pages written and read back, %lu wrong",
	       pages, bad);
	return report_summary();
}
