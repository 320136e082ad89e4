/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_store.c: the store behind an L2 MMIO write.
 *
 * KVM's emulator finishes a write to a gpa without memslot before it exits
 * to userspace: RIP is already past the store (its completion handler
 * returns at once for writes).  Reflected to L1 as an EPT violation, the
 * exit must leave GUEST_RIP at the store, which is fault-like (SDM 28.2);
 * L1 maps the page and resumes, and the store runs again, now into
 * memory.  KVM does not say where the store began, so L0 decodes the
 * candidates before RIP and takes the one whose written memory operand
 * has the exit's size and, through L2's paging, the exit's gpa.
 */
#include <capstone/capstone.h>

#include "l0/cs_gpr.h"
#include "l0/nested/nested_int.h"

#define MAX_INSN 15

/* Whether the instruction at start, k bytes long, writes len bytes at a
 * linear address that L2's paging maps to gpa. */
static bool is_the_store(csh cs, const uint8_t *code, size_t k, uint64_t start,
			 const struct cpu_state *l2, const struct guest_mem *mem, uint64_t gpa,
			 unsigned len)
{
	struct paging_mode pm = guest_paging__mode(l2);
	struct paging_fault pf;
	cs_insn *insn = NULL;
	bool found = false;

	if (cs_disasm(cs, code, k, start, 1, &insn) != 1)
		return false;
	if (insn->size == k) {
		const cs_x86 *x = &insn->detail->x86;

		for (unsigned i = 0; i < x->op_count && !found; i++) {
			const cs_x86_op *o = &x->operands[i];
			uint64_t la, pa;
			bool kb, ki;

			if (o->type != X86_OP_MEM || !(o->access & CS_AC_WRITE) || o->size != len)
				continue;
			la = cs_gpr__value(l2, o->mem.base, &kb) +
			     cs_gpr__value(l2, o->mem.index, &ki) * (uint64_t)o->mem.scale +
			     (uint64_t)o->mem.disp;
			if (o->mem.base == X86_REG_RIP)
				la = start + k + (uint64_t)o->mem.disp, kb = true;
			if (o->mem.segment == X86_REG_FS)
				la += l2->seg[CPU_SEG_FS].base;
			else if (o->mem.segment == X86_REG_GS)
				la += l2->seg[CPU_SEG_GS].base;
			found = kb && ki && !guest_paging__translate(mem, &pm, la, PAGING_WRITE, &pa, &pf) &&
				pa == gpa;
		}
	}
	cs_free(insn, 1);
	return found;
}

unsigned nested_store__len(struct nested *n, const struct cpu_state *l2, uint64_t gpa,
			   unsigned len)
{
	struct guest_mem mem = nested_ept__l2_mem(n);
	struct paging_mode pm = guest_paging__mode(l2);
	struct paging_fault pf;
	uint8_t code[MAX_INSN];
	unsigned found = 0;
	csh cs;

	if (!(l2->seg[CPU_SEG_CS].ar & CPU_AR_L) || l2->rip < MAX_INSN ||
	    guest_paging__read(&mem, &pm, l2->rip - MAX_INSN, code, MAX_INSN, PAGING_FETCH, &pf) ||
	    cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return 0;
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	/* The longest candidate that fits: a shorter one is its tail (a
	 * prefix or REX dropped), which would give the wrong size or miss. */
	for (unsigned k = MAX_INSN; k >= 1 && !found; k--)
		if (is_the_store(cs, code + MAX_INSN - k, k, l2->rip - k, l2, &mem, gpa, len))
			found = k;
	cs_close(&cs);
	return found;
}
