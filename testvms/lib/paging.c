/* SPDX-License-Identifier: GPL-2.0-only */
/* 4 KiB mappings beside the identity map (see paging.h). */
#include "testvms/lib/alloc.h"
#include "testvms/lib/libc.h"
#include "testvms/lib/paging.h"
#include "testvms/lib/processor.h"

#define TABLE_FLAGS	(PTE_P | PTE_W | PTE_U)
#define ENTRIES		512

/* The table *entry points to, made if the entry is not present. */
static u64 *next_table(u64 *entry)
{
	u64 *table;

	if (*entry & PTE_P)
		return *entry & PTE_PS ? NULL : (u64 *)(*entry & PTE_ADDR);
	table = alloc__page();
	if (!table)
		return NULL;
	memset(table, 0, PAGE_SIZE);
	*entry = (u64)table | TABLE_FLAGS;
	return table;
}

/* PML4 -> PDPT -> PD -> PT, 9 bits of va each from bit 39 down (SDM 4.5.4). */
u64 *paging__pte(u64 va)
{
	u64 *table = (u64 *)(read_cr3() & PTE_ADDR);
	int shift;

	for (shift = 39; shift > 12; shift -= 9) {
		table = next_table(&table[va >> shift & (ENTRIES - 1)]);
		if (!table)
			return NULL;
	}
	return &table[va >> 12 & (ENTRIES - 1)];
}

bool paging__map(u64 va, u64 pte)
{
	u64 *p = paging__pte(va);

	if (!p)
		return false;
	*p = pte;
	invlpg((const void *)va);
	return true;
}
