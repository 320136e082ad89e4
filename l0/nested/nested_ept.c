/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_ept.c: EPT02 as L2's KVM memslots.  ept-compose decides
 * (eager mode: all of EPT12 at each new EPTP and INVEPT, then one leaf
 * per L2 fault for what did not fit) and returns memslot operations;
 * this file applies them to L2's VM, aliasing L1's RAM.
 *
 * L1 decides how much work a composition is; what L0 bounds is that work
 * per byte L2 can use (the memo: ept-compose/compose.h), and how long a
 * stop request waits for it (the poll below). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ept-compose/ept_bits.h"
#include "l0/nested/nested_int.h"

#define OPS_CAP (2 * NESTED__EPT_REGIONS + 1)	/* compose.h: always enough */

/* Polled by the eager walk: a signal or --timeout ends it within
 * EPT_COMPOSE_POLL_TABLES table reads. */
static bool stop_requested(void *opaque)
{
	struct machine *m = opaque;

	return machine__stopping(m);
}

int nested_ept__init(struct nested *n)
{
	uint64_t pages = (n->m->ram_size + EPT_PAGE_SIZE - 1) / EPT_PAGE_SIZE;

	n->ept_cfg = vmx_caps__ept12_cfg(&n->caps, &n->m->mem);
	/* Eager: on this host an L2 instruction fetch or page walk through a
	 * gpa without memslot never reaches L0 (host-facts.md), so EPT02 must
	 * hold all of EPT12 at entry; faults still fill in what did not fit. */
	ept_compose__init(&n->ept, &n->ept_cfg, EPT_COMPOSE_EAGER, 0, n->ept_installed,
			  n->ept_scratch, NESTED__EPT_REGIONS);
	n->ept_memo = calloc(EPT_COMPOSE_MEMO_WORDS(pages), sizeof(uint64_t));
	if (!n->ept_memo)
		return -1;
	ept_compose__set_limits(&n->ept, &(struct ept_compose_limits){
		.empty = n->ept_memo, .pages = pages,
		.stop = stop_requested, .opaque = n->m });
	return 0;
}

/* A composition's status as nested_ept__set_eptp's result, counted when
 * EPT12 was walked. */
static int composed(struct nested *n, enum ept_compose_status st)
{
	if (n->ept.eptp && st != EPT_COMPOSE_STOPPED) {
		n->stats->ept_compositions++;
		n->stats->ept_tables_read += n->ept.tables_read;
	}
	switch (st) {
	case EPT_COMPOSE_OK:
	case EPT_COMPOSE_TRUNCATED:
		return 0;
	case EPT_COMPOSE_STOPPED:
		return NESTED_EPT_STOPPED;
	case EPT_COMPOSE_NO_ROOM:
		break;
	}
	return -1;
}

static int apply(struct nested *n, const struct ept_ops *ops)
{
	struct vm *vm = &n->l2_vm;
	struct error err;

	for (size_t i = 0; i < ops->nr; i++) {
		const struct ept_region *r = &ops->op[i].region;

		if (ops->op[i].kind == EPT_OP_ADD) {
			/* KVM_MEM_READONLY: a write exits as MMIO, which L0 turns
			 * into the EPT violation EPT12 says it is. */
			if (vm__set_slot(vm, r->l2_gpa, r->len, n->m->ram + r->l1_gpa,
					 r->writable ? 0 : KVM_MEM_READONLY, &err) < 0)
				return -1;
			continue;
		}
		for (int s = 0; s < VM__MAX_SLOTS; s++) {
			if (vm->slots[s].used && vm->slots[s].gpa == r->l2_gpa &&
			    vm->slots[s].size == r->len && s != n->identity_slot) {
				if (vm__delete_slot(vm, s, &err))
					return -1;
				break;
			}
		}
	}
	return 0;
}

int nested_ept__set_eptp(struct nested *n, uint64_t eptp)
{
	struct ept_op op[OPS_CAP];
	struct ept_ops ops = { op, 0, OPS_CAP };
	struct error err;
	int rc;

	if (n->identity_slot >= 0) {
		if (vm__delete_slot(&n->l2_vm, n->identity_slot, &err))
			return -1;
		n->identity_slot = -1;
	}
	rc = composed(n, ept_compose__set_eptp(&n->ept, eptp, &ops));
	if (rc)
		return rc;
	if (apply(n, &ops))
		return -1;
	n->ept_valid = true;
	if (eptp)
		return 0;
	/* No EPT: L2's physical addresses are L1's (SDM 29.3). */
	n->identity_slot = vm__set_slot(&n->l2_vm, 0, n->m->ram_size, n->m->ram, 0, &err);
	return n->identity_slot < 0 ? -1 : 0;
}

int nested_ept__invalidate(struct nested *n)
{
	struct ept_op op[OPS_CAP];
	struct ept_ops ops = { op, 0, OPS_CAP };
	int rc;

	if (!n->ept.eptp)
		return 0;
	rc = composed(n, ept_compose__invalidate(&n->ept, &ops));
	return rc ? rc : apply(n, &ops);
}

enum ept_fault_result nested_ept__fault(struct nested *n, uint64_t l2_gpa,
					const struct ept_access *acc, struct ept12_walk *walk)
{
	struct ept_op op[OPS_CAP];
	struct ept_ops ops = { op, 0, OPS_CAP };
	enum ept_fault_result res;

	if (!n->ept.eptp) {
		/* Without EPT, a gpa outside L1 RAM is an L1 device access. */
		memset(walk, 0, sizeof(*walk));
		walk->l1_gpa = l2_gpa;
		return EPT_FAULT_NOT_RAM;
	}
	res = ept_compose__fault(&n->ept, l2_gpa, acc, walk, &ops);
	if (res == EPT_FAULT_MAPPED && apply(n, &ops))
		return EPT_FAULT_NO_ROOM;
	return res;
}

/* guest_mem over L2's physical space: each page through EPT12. */
static int l2_access(void *opaque, uint64_t gpa, void *buf, size_t len, bool write)
{
	struct nested *n = opaque;
	struct ept_access acc = { .type = write ? EPT_ACCESS_WRITE : EPT_ACCESS_READ };

	while (len) {
		size_t chunk = 4096 - (gpa & 4095);
		struct ept12_walk w;
		uint64_t l1 = gpa;
		int rc;

		if (chunk > len)
			chunk = len;
		if (n->ept.eptp) {
			if (ept12__walk(&n->ept_cfg, n->ept.eptp, gpa, &acc, &w) != EPT12_OK)
				return -1;
			l1 = w.l1_gpa;
		}
		rc = write ? guest_mem__write(&n->m->mem, l1, buf, chunk)
			   : guest_mem__read(&n->m->mem, l1, buf, chunk);
		if (rc)
			return -1;
		gpa += chunk;
		buf = (uint8_t *)buf + chunk;
		len -= chunk;
	}
	return 0;
}

static int l2_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return l2_access(opaque, gpa, buf, len, false);
}

static int l2_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	return l2_access(opaque, gpa, (void *)buf, len, true);
}

struct guest_mem nested_ept__l2_mem(struct nested *n)
{
	return (struct guest_mem){ .opaque = n, .read = l2_read, .write = l2_write };
}
