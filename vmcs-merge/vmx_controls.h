/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmx_controls.h: control-bit masks generated from
 * vmx_controls.def, plus the default1 classes (SDM Appendix A.3-A.5).
 */
#ifndef VMCS_MERGE__VMX_CONTROLS_H
#define VMCS_MERGE__VMX_CONTROLS_H

#include <stdint.h>

enum vmx_control_group {
	VMX_GROUP_PIN,
	VMX_GROUP_PROC,
	VMX_GROUP_PROC2,
	VMX_GROUP_EXIT,
	VMX_GROUP_ENTRY,
	VMX_GROUP_COUNT
};

enum {
#define X(group, bit, name, l0) VMX_##group##_##name = (int)(1u << (bit)),
#include "vmcs-merge/vmx_controls.def"
#undef X
};

/* Bits that are 1 in the non-TRUE capability MSRs ("default1"), SDM A.2. */
#define VMX_PIN_DEFAULT1   0x00000016u
#define VMX_PROC_DEFAULT1  0x0401e172u
#define VMX_EXIT_DEFAULT1  0x00036dffu
#define VMX_ENTRY_DEFAULT1 0x000011ffu

struct vmx_control_info {
	enum vmx_control_group group;
	unsigned bit;
	const char *name;
	int l0_supported;
};

/* The whole list, in .def order, for tables, docs and warnings. */
extern const struct vmx_control_info vmx_controls[];
extern const unsigned vmx_controls_count;

/* The default1 bits of a group (0 for PROC2, which has none: SDM A.3.3). */
uint32_t vmx_controls__default1(enum vmx_control_group group);
/* The 1-settings L0 implements in a group (allowed-1 of the capability MSR). */
uint32_t vmx_controls__supported(enum vmx_control_group group);
/* Name of a control bit, or NULL when the bit is reserved. */
const char *vmx_controls__name(enum vmx_control_group group, unsigned bit);

#endif /* VMCS_MERGE__VMX_CONTROLS_H */
