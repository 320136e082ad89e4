/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_dump.c: vmcs12 in readable form (VMCS_DUMP hypercall, VM-entry
 * failures with --explain-vmfail): every non-zero field by its
 * vmcs_fields.def name, then the controls decoded by vmx_controls.def
 * name, the unnamed bits split into default1 (SDM A.2) and reserved. */
#include <inttypes.h>

#include "l0/nested/nested.h"
#include "vmcs-merge/vmx_controls.h"

/* "pin-based controls: 0x00000017 = EXTINT_EXITING + default1 0x16" */
static void controls(FILE *f, const char *what, enum vmx_control_group g, uint32_t value)
{
	/* Reserved bits that must be 1 (SDM A.2) apart from those that
	 * must not be set at all. */
	uint32_t unnamed = 0, def1 = vmx_controls__default1(g);
	const char *sep = " ";

	fprintf(f, "  %-28s 0x%08x =", what, value);
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *name = vmx_controls__name(g, bit);

		if (!(value >> bit & 1))
			continue;
		if (!name) {
			unnamed |= 1u << bit;
			continue;
		}
		fprintf(f, "%s%s", sep, name);
		sep = " + ";
	}
	if (unnamed & def1) {
		fprintf(f, "%sdefault1 0x%x", sep, unnamed & def1);
		sep = " + ";
	}
	if (unnamed & ~def1)
		fprintf(f, "%sreserved 0x%x", sep, unnamed & ~def1);
	if (!value)
		fputs(" none", f);
	fputc('\n', f);
}

void nested_dump__vmcs12(const struct vmcs12 *v, FILE *f)
{
	fprintf(f, "turtle: vmcs12 (non-zero fields):\n");
	for (unsigned i = 0; i < VMCS_FIELD_COUNT; i++) {
		uint64_t val = vmcs12__get(v, &vmcs_fields[i]);

		if (val)
			fprintf(f, "  %-28s 0x%04x = 0x%" PRIx64 "\n", vmcs_fields[i].name,
				vmcs_fields[i].encoding, val);
	}
	controls(f, "pin-based controls:", VMX_GROUP_PIN, v->pin_based_controls);
	controls(f, "primary proc-based:", VMX_GROUP_PROC, v->proc_based_controls);
	controls(f, "secondary proc-based:", VMX_GROUP_PROC2, v->secondary_proc_controls);
	controls(f, "VM-exit controls:", VMX_GROUP_EXIT, v->exit_controls);
	controls(f, "VM-entry controls:", VMX_GROUP_ENTRY, v->entry_controls);
}
