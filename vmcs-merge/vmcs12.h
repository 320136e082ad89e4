/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmcs12.h: the VMCS L1 builds for L2, generated from
 * vmcs_fields.def: field encodings, struct vmcs12, the field table and the
 * encoding lookup.
 *
 * L0 keeps vmcs12 images in L1's VMCS regions (SDM 25.2) and caches the
 * current one, as a processor may (SDM 25.11.1): struct vmcs12_region is the
 * layout of such a region in L1 memory.
 */
#ifndef VMCS_MERGE__VMCS12_H
#define VMCS_MERGE__VMCS12_H

#include <stdint.h>

/* Encoding bits 14:13 and 11:10 (SDM 25.11.2, Table 25-21). */
enum vmcs_width {
	VMCS_WIDTH_W16  = 0,
	VMCS_WIDTH_W64  = 1,
	VMCS_WIDTH_W32  = 2,
	VMCS_WIDTH_WNAT = 3,
};

enum vmcs_type {
	VMCS_TYPE_CTRL  = 0,
	VMCS_TYPE_EXIT  = 1,	/* VM-exit information ("read-only data") */
	VMCS_TYPE_GUEST = 2,
	VMCS_TYPE_HOST  = 3,
};

/* VMCS_GUEST_RIP = 0x681e, ...: the full-access encoding of each field. */
enum vmcs_field {
#define X(NAME, member, enc, width, type, ro) VMCS_##NAME = enc,
#include "vmcs-merge/vmcs_fields.def"
#undef X
};

/* Dense index of each field in vmcs_fields[]. */
enum vmcs_field_index {
#define X(NAME, member, enc, width, type, ro) VMCS_IDX_##NAME,
#include "vmcs-merge/vmcs_fields.def"
#undef X
	VMCS_FIELD_COUNT
};

#define VMCS12__CTYPE_W16  uint16_t
#define VMCS12__CTYPE_W32  uint32_t
#define VMCS12__CTYPE_W64  uint64_t
#define VMCS12__CTYPE_WNAT uint64_t

/* One member per field; a 64-bit field is stored once, its "high" access
 * (encoding | 1) is resolved by vmcs_field__find(). */
struct vmcs12 {
#define X(NAME, member, enc, width, type, ro) VMCS12__CTYPE_##width member;
#include "vmcs-merge/vmcs_fields.def"
#undef X
};

enum vmcs12_launch_state {
	VMCS12_CLEAR    = 0,
	VMCS12_LAUNCHED = 1,
};

#define VMCS12_REGION_SIZE 4096u

/* A VMCS region in L1 memory (SDM 25.2, Table 25-1): revision identifier
 * (bit 31 = shadow-VMCS indicator), VMX-abort indicator, then data whose
 * format is ours to choose: the launch state and the fields. */
struct vmcs12_region {
	uint32_t revision_id;
	uint32_t abort_indicator;
	uint32_t launch_state;
	uint32_t reserved;
	struct vmcs12 vmcs;
};

_Static_assert(sizeof(struct vmcs12_region) <= VMCS12_REGION_SIZE,
	       "vmcs12 must fit the 4 KiB VMCS region advertised in IA32_VMX_BASIC");

struct vmcs_field_info {
	uint32_t encoding;
	uint16_t offset;		/* of the member in struct vmcs12 */
	uint8_t width;			/* enum vmcs_width */
	uint8_t type;			/* enum vmcs_type */
	uint8_t read_only;
	const char *name;		/* "GUEST_RIP" */
};

/* The whole list in .def order, indexed by enum vmcs_field_index. */
extern const struct vmcs_field_info vmcs_fields[VMCS_FIELD_COUNT];

/* The field an encoding names, or NULL when the encoding is not a field of
 * the list.  *high is set to 1 for the high access of a 64-bit field
 * (SDM 25.11.2: access type 1 is valid only for 64-bit fields), else 0. */
const struct vmcs_field_info *vmcs_field__find(uint64_t encoding, int *high);
/* "GUEST_RIP" for 0x681e, "GUEST_PHYSICAL_ADDRESS" for 0x2401; NULL if none. */
const char *vmcs_field__name(uint64_t encoding);
/* Highest index (encoding bits 9:1) in the list, for IA32_VMX_VMCS_ENUM. */
unsigned vmcs_field__max_index(void);

/* Raw accessors: the whole field, zero-extended on read, truncated to the
 * field's width on write.  No read-only or HIGH handling (see vmx_access.h). */
uint64_t vmcs12__get(const struct vmcs12 *vmcs, const struct vmcs_field_info *f);
void vmcs12__set(struct vmcs12 *vmcs, const struct vmcs_field_info *f, uint64_t value);

/* By encoding, HIGH accesses included (read: bits 63:32 of the field;
 * write: replaces bits 63:32 only).  0, or -1 for an unknown encoding. */
int vmcs12__read(const struct vmcs12 *vmcs, uint64_t encoding, uint64_t *value);
int vmcs12__write(struct vmcs12 *vmcs, uint64_t encoding, uint64_t value);

#endif /* VMCS_MERGE__VMCS12_H */
