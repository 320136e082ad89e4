/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_unreached.c: the gpa of an L2 access that KVM stopped
 * at without saying where: a fetch, a page walk, or the delivery of the
 * event L1 injected.
 *
 * On this host an L2 instruction fetch through a gpa with no memslot ends
 * KVM_RUN as an internal error with no bytes and no address, and a page
 * walk through one as a shutdown (the walk's failure becomes a triple
 * fault): host-facts.md.  Data accesses exit as MMIO with their gpa; these
 * two do not.  L0 finds the gpa itself: it translates L2's RIP through
 * L2's own page tables (SDM Vol. 3A 4.5), reading the paging-structure
 * entries and then the code byte only where L2's memslots reach, and the
 * first gpa that has no memslot is where L2 stopped.  The caller then
 * treats it as the MMIO exit it would have been: EPT12 maps it (absorbed,
 * the region added) or gives a violation or misconfiguration (reflected).
 *
 * An injected event whose delivery reaches such a gpa (its IDT entry, or
 * the stack its frame goes on) is a shutdown too, after which this host's
 * KVM does not run the vCPU again (as for a page walk).  L0 replays the
 * delivery on L2's state with the tcg engine's delivery (deliver.c, the
 * same SDM ch. 6 rules) over L2's memslots, its writes discarded: the
 * first gpa it cannot reach is where KVM stopped.
 */
#include "l0/engine/tcg/deliver.h"
#include "l0/nested/nested_int.h"

#define CR0_PG (1ull << 31)

struct probe {
	struct nested *n;
	bool hit;
	uint64_t gpa;		/* the first gpa without a memslot */
	bool write;		/* ...and whether a write reached it */
};

/* guest_mem over L2's memslots only: L2's gpa through the installed
 * regions, so a read fails exactly where KVM's did. */
static int slot_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct probe *p = opaque;
	const struct ept_region *r = ept_compose__lookup(&p->n->ept, gpa);

	if (r && gpa - r->l2_gpa <= r->len - len)
		return guest_mem__read(&p->n->m->mem, r->l1_gpa + (gpa - r->l2_gpa), buf, len);
	if (!p->hit) {
		p->hit = true;
		p->gpa = gpa;
	}
	return -1;
}

static int no_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	return -1;
}

/* A replayed delivery's writes go nowhere: KVM redoes them for real. */
static int probe_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct probe *p = opaque;
	const struct ept_region *r = ept_compose__lookup(&p->n->ept, gpa);

	if (r && gpa - r->l2_gpa <= r->len - len)
		return 0;
	if (!p->hit) {
		p->hit = true;
		p->gpa = gpa;
		p->write = true;
	}
	return -1;
}

/* The VM-entry interruption types (SDM 25.8.3) as deliver.c's. */
static enum deliver_type delivery_type(uint32_t info)
{
	switch (CPU_EVENT_TYPE(info)) {
	case CPU_EVENT_EXTERNAL: return DELIVER_EXTERNAL;
	case CPU_EVENT_NMI: return DELIVER_NMI;
	case CPU_EVENT_SW_INTERRUPT: return DELIVER_SW_INT;
	case CPU_EVENT_PRIV_SW_EXCEPTION: return DELIVER_PRIV_SW_EXCEPTION;
	case CPU_EVENT_SW_EXCEPTION: return DELIVER_SW_EXCEPTION;
	default: return DELIVER_HW_EXCEPTION;
	}
}

bool nested_unreached__delivery(struct nested *n, const struct cpu_state *l2,
				const struct cpu_event *ev, uint64_t *gpa, struct ept_access *acc)
{
	struct probe p = { .n = n };
	struct guest_mem slots = { .opaque = &p, .read = slot_read, .write = probe_write };
	struct deliver_event de = {
		.vector = (uint8_t)ev->info, .type = delivery_type(ev->info),
		.has_error = ev->info & CPU_EVENT_HAS_ERROR, .error_code = ev->error_code,
		.cr2 = l2->cr2, .insn_len = (uint8_t)ev->instruction_len,
	};
	struct cpu_state c = *l2;

	if (!n->ept.eptp)
		return false;
	deliver__event(&c, &slots, &de);
	*acc = (struct ept_access){ .type = p.write ? EPT_ACCESS_WRITE : EPT_ACCESS_READ };
	*gpa = p.gpa;
	return p.hit;
}

bool nested_unreached__find(struct nested *n, const struct cpu_state *l2,
			    uint64_t *gpa, struct ept_access *acc)
{
	struct probe p = { .n = n };
	struct guest_mem slots = { .opaque = &p, .read = slot_read, .write = no_write };
	struct paging_mode pm = guest_paging__mode(l2);
	struct paging_fault pf;
	uint64_t code;
	uint8_t byte;

	/* Without EPT, L1's RAM is one slot: nothing can be unreached. */
	if (!n->ept.eptp || !(l2->cr0 & CR0_PG))
		return false;
	if (guest_paging__translate(&slots, &pm, l2->rip, PAGING_FETCH, &code, &pf)) {
		/* A paging-structure entry: a data read, for a linear address
		 * that is not its translation (SDM 28.2.1, Table 28-7 bit 8). */
		*acc = (struct ept_access){ EPT_ACCESS_READ, true, false, false };
	} else {
		guest_mem__read(&slots, code, &byte, 1);
		*acc = (struct ept_access){ EPT_ACCESS_FETCH, true, true, false };
	}
	*gpa = p.gpa;
	return p.hit;
}
