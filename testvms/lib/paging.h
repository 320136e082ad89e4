/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 4 KiB mappings with chosen bits, beside the boot identity map.
 *
 * entry.S maps the first 4 GiB with 2 MiB pages, all present, writable and
 * user-accessible.  A test that needs a page that is not present,
 * read-only, supervisor-only, NX or has a reserved bit set maps a virtual
 * address above those 4 GiB here (4-level paging, SDM 4.5).  The tables
 * are allocated with alloc.h (below 4 GiB, so reached through the identity
 * map) and zeroed.
 */
#ifndef TESTVMS__PAGING_H
#define TESTVMS__PAGING_H

#include "testvms/lib/types.h"

/* Paging-structure entry bits (SDM 4.5). */
#define PTE_P		0x001ul
#define PTE_W		0x002ul
#define PTE_U		0x004ul
#define PTE_PS		0x080ul
#define PTE_NX		(1ul << 63)	/* only with IA32_EFER.NXE */
#define PTE_ADDR	0x000ffffffffff000ul

/*
 * The page-table entry that maps the 4 KiB page holding va, with the
 * tables above it made (present, writable, user) when missing.  NULL if
 * va lies in a 2 MiB or 1 GiB page (the identity map) or RAM is exhausted.
 */
u64 *paging__pte(u64 va);

/* *paging__pte(va) = pte, then INVLPG; false where paging__pte() fails. */
bool paging__map(u64 va, u64 pte);

#endif
