/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bump allocator of page-aligned pages, from the end of the image up to
 * the end of RAM when the loader said where that is.  Nothing is freed and
 * pages are not zeroed (zeroing at CPL0 is emulated, so callers pay only
 * when they need it).
 */
#ifndef TESTVMS__ALLOC_H
#define TESTVMS__ALLOC_H

#include "testvms/lib/types.h"

#define PAGE_SIZE	4096ul

void alloc__init(u64 mem_end);
/* The pages below @end are taken (the multiboot modules, which loaders
 * put above the image): allocation starts above them. */
void alloc__skip(u64 end);
/* NULL when the request would pass the end of RAM. */
void *alloc__pages(u64 count);
void *alloc__page(void);

#endif
