/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_controls.c: the control list as data. */
#include <stddef.h>

#include "vmcs-merge/vmx_controls.h"

const struct vmx_control_info vmx_controls[] = {
#define X(group, bit, name, l0) { VMX_GROUP_##group, bit, #name, l0 },
#include "vmcs-merge/vmx_controls.def"
#undef X
};
const unsigned vmx_controls_count = sizeof(vmx_controls) / sizeof(vmx_controls[0]);

uint32_t vmx_controls__default1(enum vmx_control_group group)
{
	switch (group) {
	case VMX_GROUP_PIN:   return VMX_PIN_DEFAULT1;
	case VMX_GROUP_PROC:  return VMX_PROC_DEFAULT1;
	case VMX_GROUP_EXIT:  return VMX_EXIT_DEFAULT1;
	case VMX_GROUP_ENTRY: return VMX_ENTRY_DEFAULT1;
	case VMX_GROUP_PROC2:
	case VMX_GROUP_COUNT:
		break;
	}
	return 0;	/* SDM A.3.3: the secondary controls have no default1 bits */
}

uint32_t vmx_controls__supported(enum vmx_control_group group)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < vmx_controls_count; i++)
		if (vmx_controls[i].group == group && vmx_controls[i].l0_supported)
			mask |= 1u << vmx_controls[i].bit;
	return mask;
}

const char *vmx_controls__name(enum vmx_control_group group, unsigned bit)
{
	for (unsigned i = 0; i < vmx_controls_count; i++)
		if (vmx_controls[i].group == group && vmx_controls[i].bit == bit)
			return vmx_controls[i].name;
	return NULL;
}
