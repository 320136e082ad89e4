/* SPDX-License-Identifier: GPL-2.0-only */
/* Page bump allocator (see alloc.h). */
#include "testvms/lib/alloc.h"

extern char _end[];	/* linker.ld: page-aligned end of the image */

static u64 next;
static u64 limit;	/* 0: unknown, trust the caller */

void alloc__init(u64 mem_end)
{
	next = ALIGN_UP((u64)_end, PAGE_SIZE);
	limit = mem_end;
}

void alloc__skip(u64 end)
{
	if (ALIGN_UP(end, PAGE_SIZE) > next)
		next = ALIGN_UP(end, PAGE_SIZE);
}

void *alloc__pages(u64 count)
{
	u64 start = next;

	if (count > (~0ul - start) / PAGE_SIZE)
		return NULL;
	if (limit && start + count * PAGE_SIZE > limit)
		return NULL;
	next = start + count * PAGE_SIZE;
	return (void *)start;
}

void *alloc__page(void)
{
	return alloc__pages(1);
}
