/* vmcs-merge/vmx_controls.c: the control list as data. */
#include <stddef.h>

#include "vmcs-merge/vmx_controls.h"

const struct vmx_control_info vmx_controls[] = {
#define X(group, bit, name, l0) { VMX_GROUP_##group, bit, #name, l0 },
#include "vmcs-merge/vmx_controls.def"
#undef X
};
const unsigned vmx_controls_count = sizeof(vmx_controls) / sizeof(vmx_controls[0]);

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
