/* l0/nested_dump.c: vmcs12 in readable form (VMCS_DUMP hypercall, VM-entry
 * failures with --explain-vmfail): every non-zero field by its
 * vmcs_fields.def name, then the controls decoded by vmx_controls.def
 * name, the unnamed bits split into default1 (SDM A.2) and reserved. */
#include <inttypes.h>

#include "l0/nested.h"
#include "vmcs-merge/vmx_controls.h"

/* The reserved bits a group must have set (SDM A.2): shown as one mask,
 * apart from reserved bits L1 should not have set at all. */
static uint32_t _default1(enum vmx_control_group g)
{
	switch (g) {
	case VMX_GROUP_PIN:	return VMX_PIN_DEFAULT1;
	case VMX_GROUP_PROC:	return VMX_PROC_DEFAULT1;
	case VMX_GROUP_EXIT:	return VMX_EXIT_DEFAULT1;
	case VMX_GROUP_ENTRY:	return VMX_ENTRY_DEFAULT1;
	case VMX_GROUP_PROC2:
	case VMX_GROUP_COUNT:
		break;
	}
	return 0;
}

/* "pin-based controls: 0x00000017 = EXTERNAL_INTERRUPT_EXITING + default1 0x16" */
static void _controls(FILE *f, const char *what, enum vmx_control_group g, uint32_t value)
{
	uint32_t unnamed = 0, def1 = _default1(g);
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
	_controls(f, "pin-based controls:", VMX_GROUP_PIN, v->pin_based_controls);
	_controls(f, "primary proc-based:", VMX_GROUP_PROC, v->proc_based_controls);
	_controls(f, "secondary proc-based:", VMX_GROUP_PROC2, v->secondary_proc_controls);
	_controls(f, "VM-exit controls:", VMX_GROUP_EXIT, v->exit_controls);
	_controls(f, "VM-entry controls:", VMX_GROUP_ENTRY, v->entry_controls);
}
