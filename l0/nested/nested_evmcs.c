/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_evmcs.c: the enlightened VMCS (turtle_hypercall.h): one page
 * of L1 memory mirrors the current vmcs12, so L1's VMREAD/VMWRITE are
 * plain loads and stores.  L0 pulls the groups L1 dirtied before each
 * trapped operation, and pushes what a VM exit or a VMPTRLD changes.
 * The page goes through guest_mem like every L1 pointer: never followed
 * outside L1 RAM. */
#include <stddef.h>

#include "l0/nested/nested_int.h"
#include "l1-shim/turtle_hypercall.h"

_Static_assert(VMCS_FIELD_COUNT <= TURTLE_EVMCS_SLOTS, "a slot per vmcs_fields.def line");

int nested_evmcs__enable(struct nested *n, uint64_t gpa)
{
	uint8_t probe;

	if (gpa && ((gpa & 4095) || guest_mem__read(&n->m->mem, gpa, &probe, 1) ||
		    guest_mem__read(&n->m->mem, gpa + 4095, &probe, 1)))
		return -1;
	n->evmcs_gpa = gpa;
	nested_evmcs__push_all(n);
	return 0;
}

void nested_evmcs__pull(struct nested *n)
{
	struct turtle_evmcs page;
	struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);
	uint32_t zero = 0;

	if (!n->evmcs_gpa || guest_mem__read(&n->m->mem, n->evmcs_gpa, &page, sizeof(page)) ||
	    !page.dirty)
		return;
	for (unsigned i = 0; v && i < VMCS_FIELD_COUNT; i++) {
		const struct vmcs_field_info *f = &vmcs_fields[i];

		if ((page.dirty & (1u << turtle_evmcs__group(f->encoding))) &&
		    !TURTLE_EVMCS_FIELD_TRAPS(f->encoding))
			vmcs12__set(v, f, page.field[i]);
	}
	guest_mem__write(&n->m->mem, n->evmcs_gpa + offsetof(struct turtle_evmcs, dirty), &zero,
			 sizeof(zero));
}

/* Write the fields whose type is in @types (bit per enum vmcs_type). */
static void push(struct nested *n, unsigned types, bool header)
{
	struct turtle_evmcs page;
	const struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);

	if (!n->evmcs_gpa || guest_mem__read(&n->m->mem, n->evmcs_gpa, &page, sizeof(page)))
		return;
	if (header) {
		page.magic = TURTLE_EVMCS_MAGIC;
		page.dirty = 0;
		page.vmcs_gpa = v ? n->cpu.current_vmcs : 0;
	}
	for (unsigned i = 0; v && i < VMCS_FIELD_COUNT; i++)
		if (types & (1u << vmcs_fields[i].type) &&
		    !TURTLE_EVMCS_FIELD_TRAPS(vmcs_fields[i].encoding))
			page.field[i] = vmcs12__get(v, &vmcs_fields[i]);
	guest_mem__write(&n->m->mem, n->evmcs_gpa, &page, sizeof(page));
}

void nested_evmcs__push_all(struct nested *n)
{
	push(n, ~0u, true);
}

/* SDM 28.2-28.3: a VM exit writes the exit-information and guest-state
 * areas (and the VM-instruction error, a "read-only data" field too), and
 * clears the valid bit of one control, the VM-entry interruption
 * information: the page must not offer L1 the event again. */
void nested_evmcs__push_exit(struct nested *n)
{
	const struct vmcs12 *v = vmx_cpu__vmcs12(&n->cpu);
	uint64_t info;

	push(n, 1u << VMCS_TYPE_EXIT | 1u << VMCS_TYPE_GUEST, false);
	if (!n->evmcs_gpa || !v)
		return;
	info = v->entry_intr_info;
	guest_mem__write(&n->m->mem, n->evmcs_gpa + offsetof(struct turtle_evmcs,
							      field[VMCS_IDX_ENTRY_INTR_INFO]),
			 &info, sizeof(info));
}
