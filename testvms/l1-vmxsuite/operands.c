/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory operands of the VMX instructions, VMCS A current:
 *   addressing forms: base + displacement, base + index * scale,
 *   RIP-relative, a 32-bit address size (0x67 prefix: the effective
 *   address is truncated to 32 bits, SDM Vol. 1 3.3.7), R8-R15 registers;
 *   VMREAD to memory writes 64 bits in 64-bit mode, zero-extended (SDM
 *   25.11.2, 31.3);
 *   an 8-byte operand split across two 4 KiB pages whose frames are not
 *   adjacent (each half goes to its own frame), and one whose second page
 *   is not present: #PF with CR2 at that page;
 *   a non-canonical address: #GP(0), or #SS(0) through RBP (SS segment);
 *   the order of checks (SDM 31.3): VMREAD checks the field before it
 *   touches memory (VMfailValid(12), no #PF), VMWRITE reads memory before
 *   it checks the field (#PF, not VMfailValid).
 * The split operands live at a virtual address above the 4 GiB identity
 * map, in page tables this file adds under the library's PML4.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_result.h"

#define NONCANONICAL	0x8000000000000000ul
#define FIELD		VMCS_CR3_TARGET_VALUE0	/* natural width, unused */
#define VALUE		0x1122334455667788ul
#define GUARD		0x5a5a5a5a5a5a5a5aul
#define BAD_FIELD	0x8000ul

/* Split mapping: PDPT slot 5 of the library's PML4[0] (VA 5 GiB). */
#define SPLIT_PDPT	5
#define SPLIT_VA	((u64)SPLIT_PDPT << 30)
#define PTE_PRESENT_RW	0x3ul
#define PTE_TABLE	0x7ul
#define PTE_ADDR_MASK	0x000ffffffffff000ul
#define PFEC_WRITE	0x2ul

extern u64 pml4[];	/* entry.S */

/* RIP-relative operand: a global, so the assembler can name it. */
u64 l1_vmxsuite_rip_slot;

struct split {
	u64 va;			/* 8 bytes at va + 0xffc cross into the next page */
	u8 *lo, *hi;		/* the two frames, through the identity map */
};

static bool map_split(struct split *sp)
{
	u64 *pdpt = (u64 *)(pml4[0] & PTE_ADDR_MASK);
	u64 *pd, *pt;
	u8 *hi, *lo;

	if (pdpt[SPLIT_PDPT] != 0) {
		report(false, "PDPT slot %u already in use", SPLIT_PDPT);
		return false;
	}
	pd = suite__zero_pages(1);
	pt = suite__zero_pages(1);
	hi = suite__zero_pages(1);	/* hi below lo: not adjacent in order */
	if (!pd || !pt || !hi || !suite__zero_pages(1) || !(lo = suite__zero_pages(1))) {
		report(false, "out of memory for the split mapping");
		return false;
	}
	pt[0] = (u64)lo | PTE_PRESENT_RW;
	pt[1] = (u64)hi | PTE_PRESENT_RW;
	pt[2] = 0;			/* page 2: not present */
	pd[0] = (u64)pt | PTE_TABLE;
	pdpt[SPLIT_PDPT] = (u64)pd | PTE_TABLE;
	invlpg((void *)SPLIT_VA);
	invlpg((void *)(SPLIT_VA + SUITE_PAGE));
	invlpg((void *)(SPLIT_VA + 2 * SUITE_PAGE));
	sp->va = SPLIT_VA;
	sp->lo = lo;
	sp->hi = hi;
	return true;
}

static u64 split_value(const struct split *sp)
{
	u32 l, h;

	memcpy(&l, sp->lo + SUITE_PAGE - 4, 4);
	memcpy(&h, sp->hi, 4);
	return l | (u64)h << 32;
}

static void split(const struct suite *s)
{
	struct split sp;
	u64 *across, *into_np, v = 0, a = s->vmcs_a;
	struct raw_result r;

	if (!map_split(&sp))
		return;
	across = (u64 *)(sp.va + SUITE_PAGE - 4);
	into_np = (u64 *)(sp.va + 2 * SUITE_PAGE - 4);

	*across = VALUE;
	r = raw_vmwrite_mem(FIELD, across);
	expect_and(r, SUCCEED, vmcs_read(FIELD) == VALUE,
		   "the field holds both halves",
		   "VMWRITE from an operand split across two pages");
	memset(sp.lo + SUITE_PAGE - 4, 0, 4);
	memset(sp.hi, 0, 4);
	r = raw_vmread_mem(FIELD, across);
	expect_and(r, SUCCEED, split_value(&sp) == VALUE,
		   "each half in its own frame",
		   "VMREAD to an operand split across two pages");
	r = raw_vmptrst(across);
	expect_and(r, SUCCEED, split_value(&sp) == a,
		   "each half in its own frame",
		   "VMPTRST to an operand split across two pages");
	r = raw_vmptrld(across);
	raw_vmptrst(&v);
	expect_and(r, SUCCEED, v == a, "VMCS A current",
		   "VMPTRLD from an operand split across two pages");

	r = raw_vmread_mem(FIELD, into_np);
	expect_and(r, FAULT_EC(PF_VECTOR, PFEC_WRITE),
		   exception__last()->cr2 == sp.va + 2 * SUITE_PAGE, "CR2 at the second page",
		   "VMREAD to an operand reaching a non-present page");
	vmcs_write(FIELD, VALUE);
	r = raw_vmwrite_mem(FIELD, into_np);
	expect_and(r, FAULT_EC(PF_VECTOR, 0),
		   exception__last()->cr2 == sp.va + 2 * SUITE_PAGE &&
		   vmcs_read(FIELD) == VALUE, "CR2 at the second page, field unchanged",
		   "VMWRITE from an operand reaching a non-present page");
	expect(raw_vmptrld(into_np), FAULT_EC(PF_VECTOR, 0),
	       "VMPTRLD from an operand reaching a non-present page");
	expect(raw_vmptrst(into_np), FAULT_EC(PF_VECTOR, PFEC_WRITE),
	       "VMPTRST to an operand reaching a non-present page");
	expect(raw_vmread_mem(BAD_FIELD, into_np), FAIL_VALID(VMX_ERR_UNSUPPORTED_COMPONENT),
	       "VMREAD of an unsupported field to a non-present page (field checked first)");
	expect(raw_vmwrite_mem(BAD_FIELD, into_np), FAULT_EC(PF_VECTOR, 0),
	       "VMWRITE of an unsupported field from a non-present page (operand read first)");
}

static void noncanonical(const struct suite *s)
{
	u64 fl;

	expect(raw_vmread_mem(FIELD, (u64 *)NONCANONICAL), FAULT_EC(GP_VECTOR, 0),
	       "VMREAD to a non-canonical address");
	expect(raw_vmwrite_mem(FIELD, (const u64 *)NONCANONICAL), FAULT_EC(GP_VECTOR, 0),
	       "VMWRITE from a non-canonical address");
	expect(raw_vmptrld((const u64 *)NONCANONICAL), FAULT_EC(GP_VECTOR, 0),
	       "VMPTRLD from a non-canonical address");
	expect(raw_vmptrst((u64 *)NONCANONICAL), FAULT_EC(GP_VECTOR, 0),
	       "VMPTRST to a non-canonical address");
	expect(raw_vmclear((const u64 *)NONCANONICAL), FAULT_EC(GP_VECTOR, 0),
	       "VMCLEAR of a non-canonical address");
	/* RBP as base selects SS: a non-canonical address there is #SS(0).
	 * RBP is saved around it; the flags come back in RAX. */
	exception__clear();
	asm volatile("push %%rbp\n\tmov %[p], %%rbp\n\t"
		     "pushq $" RFLAGS_PRESET_STR "\n\tpopfq\n"
		     "1:\tvmptrld (%%rbp)\n"
		     "2:\tpushfq\n\tpopq %%rax\n\tpop %%rbp\n\t" EX_ENTRY("1b", "2b")
		     : "=a"(fl) : [p] "r"(NONCANONICAL) : "cc", "memory");
	expect(raw__result(fl), FAULT_EC(SS_VECTOR, 0),
	       "VMPTRLD from a non-canonical address based on RBP");
}

/* VMREAD/VMWRITE through one addressing form; buf[1..3] around the slot. */
static void forms(void)
{
	u64 buf[5], v = 0, fl, idx = 3;
	struct raw_result r;
	u64 base32 = 0xdead000000000000ul | (u64)&buf[2];

	vmcs_write(FIELD, VALUE);
	buf[1] = buf[2] = buf[3] = GUARD;
	asm volatile(RAW_PRE "vmread %[f], 8(%[b])" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD), [b] "r"(&buf[1]) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, buf[2] == VALUE && buf[1] == GUARD && buf[3] == GUARD,
		   "the value in place, neighbours untouched", "VMREAD to base + displacement");
	buf[1] = buf[2] = buf[3] = GUARD;
	asm volatile(RAW_PRE "vmread %[f], -8(%[b],%[i],8)" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD), [b] "r"(&buf[0]), [i] "r"(idx)
		     : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, buf[2] == VALUE && buf[1] == GUARD && buf[3] == GUARD,
		   "the value in place, neighbours untouched",
		   "VMREAD to base + index * 8 + displacement");
	l1_vmxsuite_rip_slot = 0;
	asm volatile(RAW_PRE "vmread %[f], l1_vmxsuite_rip_slot(%%rip)" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, l1_vmxsuite_rip_slot == VALUE, "the value in place",
		   "VMREAD to a RIP-relative operand");
	buf[2] = GUARD;
	asm volatile(RAW_PRE "vmread %[f], (%k[b])" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD), [b] "r"(base32) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, buf[2] == VALUE,
		   "address truncated to 32 bits",
		   "VMREAD to a 32-bit address (0x67, base bits 63:32 ignored)");

	buf[2] = ~VALUE;
	asm volatile(RAW_PRE "vmwrite 8(%[b]), %[f]" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD), [b] "r"(&buf[1]) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, vmcs_read(FIELD) == ~VALUE, "the value written",
		   "VMWRITE from base + displacement");
	buf[2] = VALUE;
	asm volatile(RAW_PRE "vmwrite -8(%[b],%[i],8), %[f]" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD), [b] "r"(&buf[0]), [i] "r"(idx)
		     : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, vmcs_read(FIELD) == VALUE, "the value written",
		   "VMWRITE from base + index * 8 + displacement");
	l1_vmxsuite_rip_slot = ~VALUE;
	asm volatile(RAW_PRE "vmwrite l1_vmxsuite_rip_slot(%%rip), %[f]" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, vmcs_read(FIELD) == ~VALUE, "the value written",
		   "VMWRITE from a RIP-relative operand");
	buf[2] = VALUE;
	asm volatile(RAW_PRE "vmwrite (%k[b]), %[f]" RAW_POST
		     : [fl] "=r"(fl) : [f] "r"((u64)FIELD), [b] "r"(base32) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, vmcs_read(FIELD) == VALUE,
		   "address truncated to 32 bits",
		   "VMWRITE from a 32-bit address (0x67, base bits 63:32 ignored)");

	asm volatile("mov %[f], %%r13\n\tmov %[v], %%r12\n\t"
		     RAW_PRE "vmwrite %%r12, %%r13" RAW_POST "\n\t"
		     "xor %%r12, %%r12\n\tvmread %%r13, %%r12\n\tmov %%r12, %[out]"
		     : [fl] "=&r"(fl), [out] "=r"(v) : [f] "r"((u64)FIELD), [v] "r"(~VALUE)
		     : "cc", "memory", "r12", "r13");
	r = raw__result(fl);
	expect_and(r, SUCCEED, v == ~VALUE, "the value read back",
		   "VMWRITE and VMREAD with R12/R13 (REX prefix)");

	/* 64-bit mode: a 16-bit field read to memory fills all 8 bytes. */
	vmcs_write(VMCS_GUEST_ES_SELECTOR, 0x18);
	buf[1] = buf[2] = buf[3] = GUARD;
	r = raw_vmread_mem(VMCS_GUEST_ES_SELECTOR, &buf[2]);
	expect_and(r, SUCCEED,
		   buf[2] == 0x18 && buf[1] == GUARD && buf[3] == GUARD,
		   "64 bits written, zero-extended, neighbours untouched",
		   "VMREAD of a 16-bit field to memory");
}

/* VMPTRST and VMPTRLD through other forms. */
static void ptr_forms(const struct suite *s)
{
	u64 fl, idx = 2, buf[4] = { 0, 0, 0, 0 };
	struct raw_result r;

	l1_vmxsuite_rip_slot = 0;
	asm volatile(RAW_PRE "vmptrst l1_vmxsuite_rip_slot(%%rip)" RAW_POST
		     : [fl] "=r"(fl) :: "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, l1_vmxsuite_rip_slot == s->vmcs_a,
		   "the pointer of VMCS A", "VMPTRST to a RIP-relative operand");
	asm volatile(RAW_PRE "vmptrld l1_vmxsuite_rip_slot(%%rip)" RAW_POST
		     : [fl] "=r"(fl) :: "cc", "memory");
	expect(raw__result(fl), SUCCEED, "VMPTRLD from a RIP-relative operand");
	asm volatile(RAW_PRE "vmptrst 8(%[b],%[i],4)" RAW_POST
		     : [fl] "=r"(fl) : [b] "r"(&buf[0]), [i] "r"(idx) : "cc", "memory");
	r = raw__result(fl);
	expect_and(r, SUCCEED, buf[2] == s->vmcs_a, "the pointer of VMCS A",
		   "VMPTRST to base + index * 4 + displacement");
	asm volatile(RAW_PRE "vmclear 8(%[b],%[i],4)" RAW_POST
		     : [fl] "=r"(fl) : [b] "r"(&buf[0]), [i] "r"(idx) : "cc", "memory");
	expect(raw__result(fl), SUCCEED, "VMCLEAR from base + index * 4 + displacement");
	asm volatile(RAW_PRE "vmptrld 8(%[b],%[i],4)" RAW_POST
		     : [fl] "=r"(fl) : [b] "r"(&buf[0]), [i] "r"(idx) : "cc", "memory");
	expect(raw__result(fl), SUCCEED, "VMPTRLD from base + index * 4 + displacement");
}

void operands__run(struct suite *s)
{
	report_prefix_push("memory operands");
	forms();
	ptr_forms(s);
	noncanonical(s);
	split(s);
	report_prefix_pop();
}
