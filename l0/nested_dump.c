/* l0/nested_dump.c: vmcs12 in readable form (VMCS_DUMP hypercall, VM-entry
 * failures): every non-zero field by its vmcs_fields.def name, the
 * controls decoded bit by bit with vmx_controls__name. */
#include <inttypes.h>

#include "l0/nested.h"
#include "vmcs-merge/vmx_controls.h"

static void _controls(FILE *f, const char *what, enum vmx_control_group g, uint64_t value)
{
	fprintf(f, "  %-28s", what);
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *name;

		if (!(value >> bit & 1))
			continue;
		name = vmx_controls__name(g, bit);
		if (name)
			fprintf(f, " %s", name);
		else
			fprintf(f, " bit%u", bit);
	}
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
	_controls(f, "pin-based controls:", VMX_GROUP_PIN, v->pin_based_controls);
	_controls(f, "primary proc-based:", VMX_GROUP_PROC, v->proc_based_controls);
	_controls(f, "secondary proc-based:", VMX_GROUP_PROC2, v->secondary_proc_controls);
	_controls(f, "VM-exit controls:", VMX_GROUP_EXIT, v->exit_controls);
	_controls(f, "VM-entry controls:", VMX_GROUP_ENTRY, v->entry_controls);
}
