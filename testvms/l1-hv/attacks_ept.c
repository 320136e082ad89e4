/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * attack=ept-*: EPT12 tables that refer to themselves, fan out, point
 * beyond RAM or are misconfigured (attacks.c has the table).  Most rows
 * meet L2's first access to its command line, in the lazily mapped top
 * 2 MiB: the row's entry decides what L1 gets there, its exit hook checks
 * it, puts the entry right and resumes L2.
 */
#include "testvms/l1-hv/attacks.h"

#define EPT_RWX			0x7ul
#define EPT_MT_MASK		(7ul << 3)
#define EPT_MT_RESERVED		(2ul << 3)	/* memory type 2 (SDM 29.3.7) */
#define EPT_WRITE_ONLY		0x2ul		/* bits 2:0 = 010b (29.3.3.1) */
#define EPTP_WB_WALK4		(6ul | 3ul << 3)
/* EPT-violation qualification (SDM 28.2.1, Table 28-7): bits 2:0 the
 * access, 5:3 what the entries allowed; the low six bits are what L0 can
 * know of an L2 data access (docs/reliability.md). */
#define QUAL_ACCESS_PERMS	0x3ful
#define QUAL_READ		0x1ul

/* L2's command line: the last page of its memory, lazily mapped (ept.c,
 * l2_load.c), which every L2 image reads once: the first access there is
 * the one a row's EPT12 entry for the top 2 MiB decides. */
#define CMDLINE_GPA		(L2_MEM_SIZE - SIZE_4K)
#define L2_PML4_GPA		0x1000ul	/* l2_load.c: L2's CR3 */

/* The row's exit at CMDLINE_GPA: @reason with @qual (checked in bits 5:0
 * for a violation), then the top 2 MiB mapped as ept.c would. */
static enum attack_exit cmdline_exit(const char *row, u32 reason, u64 qual,
				      u32 want_reason, u64 want_qual)
{
	static bool seen;
	u64 gpa = attacks__vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
	u64 q = want_reason == EXIT_REASON_EPT_VIOLATION ? qual & QUAL_ACCESS_PERMS : qual;

	if (seen)
		return ATTACK_PASS;
	seen = true;
	report(reason == want_reason && gpa == CMDLINE_GPA && q == want_qual,
	       "%s: exit %u at L2 gpa 0x%lx, qualification 0x%lx%s (got exit %u at 0x%lx, "
	       "qualification 0x%lx)", row, want_reason, CMDLINE_GPA, want_qual,
	       want_reason == EXIT_REASON_EPT_VIOLATION ? " in bits 5:0" : "",
	       reason, gpa, qual);
	/* SDM 29.4.3.1: the exit itself drops what translated the address. */
	ept__table(2)[CMDLINE_GPA / SIZE_2M] = ept__leaf_2m(CMDLINE_GPA);
	return ATTACK_RESUME;
}

/* ept-self: PML4E 511 points at the PML4, and the PDE of the top 2 MiB at
 * the PD itself (a table of its own level taken one level down).  EPT
 * walks have a fixed depth (SDM 29.3.2), so neither loops: the command
 * line's PTE is the PD's entry 511, zero, not present: an EPT violation. */
bool attacks_ept__self_armed(struct hv *hv, const struct l2_entry *entry)
{
	u64 *pml4 = ept__table(4), *pd = ept__table(2);

	pml4[511] = (u64)pml4 | EPT_RWX;
	pd[CMDLINE_GPA / SIZE_2M] = (u64)pd | EPT_RWX;
	return true;
}

enum attack_exit attacks_ept__self_exit(struct hv *hv, u32 reason, u64 qual)
{
	return cmdline_exit("ept-self", reason, qual, EXIT_REASON_EPT_VIOLATION, QUAL_READ);
}

/* ept-fanout: issue 10's defect 8.  PML4Es 1-511 point at one PDPT whose
 * every entry points at one PD whose every entry points at one empty PT:
 * 511 * 512^2 paths to nothing, four pages of L1 memory.  L2's own
 * mappings (PML4E 0) stay; each INVEPT makes L0 compose EPT12 anew. */
#define FANOUT_INVEPTS 50
static u64 fan_pdpt[512] __attribute__((aligned(4096)));
static u64 fan_pd[512] __attribute__((aligned(4096)));
static u64 fan_pt[512] __attribute__((aligned(4096)));

bool attacks_ept__fanout_armed(struct hv *hv, const struct l2_entry *entry)
{
	u64 *pml4 = ept__table(4);
	unsigned i;

	for (i = 0; i < 512; i++) {
		fan_pdpt[i] = (u64)fan_pd | EPT_RWX;
		fan_pd[i] = (u64)fan_pt | EPT_RWX;
		if (i)
			pml4[i] = (u64)fan_pdpt | EPT_RWX;
	}
	return true;
}

/* ept-fanout and ept-holes: INVEPTs at L2's first EPT violation, each a
 * new composition of the row's tables. */
enum attack_exit attacks_ept__invepts_exit(struct hv *hv, u32 reason, u64 qual)
{
	static bool done;
	unsigned i, ok = 0;

	if (done || reason != EXIT_REASON_EPT_VIOLATION)
		return ATTACK_PASS;
	done = true;
	for (i = 0; i < FANOUT_INVEPTS; i++)
		ok += vmx_ok(invept(VMX_INVEPT_SINGLE_CONTEXT, hv->eptp)) +
		      vmx_ok(invept(VMX_INVEPT_ALL_CONTEXT, 0));
	report(ok == 2 * FANOUT_INVEPTS, "%s: %u single-context and %u all-context INVEPTs: "
	       "VMsucceed (got %u)", hv->attack->name, FANOUT_INVEPTS, FANOUT_INVEPTS, ok);
	return ATTACK_PASS;	/* ept.c maps the command line */
}

/* ept-holes: PML4Es 1-64 point at 64 PDPTs (256 KiB) whose every entry
 * is a 1 GiB leaf on L1 addresses from 64 GiB up, beyond L1's RAM: 32,768
 * GiB of nothing to map.  L0 must cross each leaf's hole at once, not page
 * by page (262,144 steps a leaf). */
#define HOLE_PDPTS	64
#define EPT_LEAF	(1ul << 7)
#define EPT_MT_WB	(6ul << 3)
static u64 hole_pdpt[HOLE_PDPTS][512] __attribute__((aligned(4096)));

bool attacks_ept__holes_armed(struct hv *hv, const struct l2_entry *entry)
{
	u64 *pml4 = ept__table(4);
	unsigned p, i;

	for (p = 0; p < HOLE_PDPTS; p++) {
		for (i = 0; i < 512; i++)
			hole_pdpt[p][i] = ((64ul + i) << 30) | EPT_RWX | EPT_MT_WB | EPT_LEAF;
		pml4[1 + p] = (u64)hole_pdpt[p] | EPT_RWX;
	}
	return true;
}

/* ept-fanout-spin: the same tables, then INVEPT for ever: L0 must still
 * honour --timeout and signals (the run never ends by itself). */
enum attack_exit attacks_ept__fanout_spin_exit(struct hv *hv, u32 reason, u64 qual)
{
	struct vmx_result r;

	printf("l1-hv: ept-fanout-spin: INVEPT for ever\n");
	do
		r = invept(VMX_INVEPT_SINGLE_CONTEXT, hv->eptp);
	while (vmx_ok(r));
	report(false, "ept-fanout-spin: INVEPT failed (status %u, error %u)", r.status, r.error);
	return ATTACK_FINISH;
}

/* ept-beyond: pointers beyond L1 RAM.  The top PDE points at a table
 * beyond RAM: a read of non-existent memory returns all ones, an entry
 * with reserved bits and memory type 7: an EPT misconfiguration (SDM
 * 29.3.3.1; docs/ept.md).  Also the VMX instructions' pointers there. */
static u64 beyond_ram(void)
{
	return 1ul << (attacks__maxphyaddr() - 1);	/* far above any RAM L1 is given */
}

bool attacks_ept__beyond_on(struct hv *hv)
{
	u64 far = beyond_ram(), over = 1ul << attacks__maxphyaddr();
	struct vmx_result r;

	r = vmptrld(far);
	report(attacks__fail_valid(r, ERR_VMPTRLD_REVISION), "ept-beyond: VMPTRLD of 0x%lx (no RAM: "
	       "reads all ones, SDM 31.3): VMfailValid %u (got %u/%u)", far,
	       ERR_VMPTRLD_REVISION, r.status, r.error);
	r = invept(VMX_INVEPT_SINGLE_CONTEXT, far | EPTP_WB_WALK4);
	report(vmx_ok(r), "ept-beyond: INVEPT of an EPTP at 0x%lx: VMsucceed (got %u/%u)",
	       far, r.status, r.error);
	r = invept(VMX_INVEPT_SINGLE_CONTEXT, over | EPTP_WB_WALK4);
	report(attacks__fail_valid(r, ERR_INV_OPERAND), "ept-beyond: INVEPT of an EPTP at 2^MAXPHYADDR "
	       "(SDM 31.3, 27.2.1.1): VMfailValid %u (got %u/%u)", ERR_INV_OPERAND,
	       r.status, r.error);
	return true;
}

bool attacks_ept__beyond_armed(struct hv *hv, const struct l2_entry *entry)
{
	ept__table(2)[CMDLINE_GPA / SIZE_2M] = beyond_ram() | EPT_RWX;
	return true;
}

enum attack_exit attacks_ept__beyond_exit(struct hv *hv, u32 reason, u64 qual)
{
	return cmdline_exit("ept-beyond", reason, qual, EXIT_REASON_EPT_MISCONFIG, 0);
}

/* ept-misconfig: bits 2:0 = 010b (write, not read) in the leaf of the
 * top 2 MiB, hit by a data read (SDM 29.3.3.1). */
bool attacks_ept__misconfig_armed(struct hv *hv, const struct l2_entry *entry)
{
	u64 *pde = &ept__table(2)[CMDLINE_GPA / SIZE_2M];

	*pde = (ept__leaf_2m(CMDLINE_GPA) & ~EPT_RWX) | EPT_WRITE_ONLY;
	return true;
}

enum attack_exit attacks_ept__misconfig_exit(struct hv *hv, u32 reason, u64 qual)
{
	return cmdline_exit("ept-misconfig", reason, qual, EXIT_REASON_EPT_MISCONFIG, 0);
}

/* ept-misconfig-fetch and -walk: memory type 2 in the PTE of L2's first
 * instruction's page, or of its PML4 (L2's CR3): the first fetch, or the
 * page walk before it, is an EPT misconfiguration at that gpa. */
static u64 misconfig_gpa;
static u64 misconfig_pte;

static bool misconfig_page(u64 gpa)
{
	u64 *pte = &ept__table(1)[gpa / SIZE_4K];

	misconfig_gpa = gpa;
	misconfig_pte = *pte;
	*pte = (*pte & ~EPT_MT_MASK) | EPT_MT_RESERVED;
	return gpa < SIZE_2M;	/* ept.c's PT maps the first 2 MiB */
}

bool attacks_ept__fetch_armed(struct hv *hv, const struct l2_entry *entry)
{
	return misconfig_page(entry->rip);
}

bool attacks_ept__walk_armed(struct hv *hv, const struct l2_entry *entry)
{
	return misconfig_page(L2_PML4_GPA);
}

enum attack_exit attacks_ept__page_exit(struct hv *hv, u32 reason, u64 qual)
{
	static bool seen;
	u64 gpa = attacks__vmread(VMCS_GUEST_PHYSICAL_ADDRESS);

	if (seen)
		return ATTACK_PASS;
	seen = true;
	report(reason == EXIT_REASON_EPT_MISCONFIG && gpa == misconfig_gpa,
	       "%s: exit %u at L2 gpa 0x%lx (got exit %u at 0x%lx)", hv->attack->name,
	       EXIT_REASON_EPT_MISCONFIG, misconfig_gpa, reason, gpa);
	ept__table(1)[misconfig_gpa / SIZE_4K] = misconfig_pte;
	return ATTACK_RESUME;
}
