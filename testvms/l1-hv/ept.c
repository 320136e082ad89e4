/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Step 4: EPT12, l1-hv's extended page tables for L2 (SDM 29.3).  4-level,
 * identity offset: L2 gpa g is L1 gpa l2_base + g.  The first 2 MiB use a
 * page table of 4 KiB pages, the rest 2 MiB pages, except the top
 * L2_LAZY_SIZE, which stays not present until L2 touches it: the EPT
 * violation handler calls ept__map_lazy() (exits.c).
 */
#include "testvms/l1-hv/hv.h"

/* EPT paging-structure entries (SDM 29.3.2): read, write, execute; memory
 * type in bits 5:3 of a leaf; bit 7 makes a PDE a 2 MiB leaf. */
#define EPT_RWX		0x7ul
#define EPT_MT_WB	(6ul << 3)
#define EPT_LEAF_2M	(1ul << 7)
#define EPT_ENTRIES	512

/* EPTP (SDM 25.6.11): memory type WB in bits 2:0, page-walk length - 1
 * in bits 5:3. */
#define EPTP_WB		6ul
#define EPTP_WALK_4	(3ul << 3)

/* One PD covers 1 GiB, enough for L2 memory; in .bss, so zeroed at boot. */
static struct {
	u64 pml4[EPT_ENTRIES];
	u64 pdpt[EPT_ENTRIES];
	u64 pd[EPT_ENTRIES];
	u64 pt[EPT_ENTRIES];
} ept __attribute__((aligned(4096)));

static u64 base;

_Static_assert(L2_MEM_SIZE <= EPT_ENTRIES * SIZE_2M, "one EPT PD maps L2 memory");

static u64 pa(const void *p)
{
	return (u64)p;	/* l1-hv runs on the library's identity map */
}

static u64 leaf_2m(u64 gpa)
{
	return (base + gpa) | EPT_RWX | EPT_MT_WB | EPT_LEAF_2M;
}

u64 ept__leaf_2m(u64 gpa)
{
	return leaf_2m(gpa & ~(SIZE_2M - 1));
}

u64 *ept__table(unsigned level)
{
	switch (level) {
	case 4: return ept.pml4;
	case 3: return ept.pdpt;
	case 2: return ept.pd;
	default: return ept.pt;
	}
}

u64 ept__build(u64 l2_base)
{
	u64 gpa;
	unsigned i;

	base = l2_base;
	ept.pml4[0] = pa(ept.pdpt) | EPT_RWX;
	ept.pdpt[0] = pa(ept.pd) | EPT_RWX;
	ept.pd[0] = pa(ept.pt) | EPT_RWX;
	for (i = 0; i < EPT_ENTRIES; i++)
		ept.pt[i] = (base + (u64)i * SIZE_4K) | EPT_RWX | EPT_MT_WB;
	for (gpa = SIZE_2M; gpa < L2_MEM_SIZE - L2_LAZY_SIZE; gpa += SIZE_2M)
		ept.pd[gpa / SIZE_2M] = leaf_2m(gpa);
	return pa(ept.pml4) | EPTP_WB | EPTP_WALK_4;
}

bool ept__map_lazy(u64 gpa)
{
	u64 *pde = &ept.pd[gpa / SIZE_2M];

	if (gpa >= L2_MEM_SIZE || (*pde & EPT_RWX))
		return false;
	*pde = leaf_2m(gpa & ~(SIZE_2M - 1));
	return true;
}
