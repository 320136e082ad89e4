/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/vmcs12.c: the field table and the encoding lookup, generated
 * from vmcs_fields.def, with compile-time checks of the list itself. */
#include <stddef.h>
#include <string.h>

#include "vmcs-merge/vmcs12.h"

/* SDM 25.11.2 (Table 25-21): each encoding carries its own width (bits
 * 14:13) and type (bits 11:10); bit 12 and bits 31:15 are reserved and the
 * listed encoding is the full access (bit 0 clear).  A typo in the list
 * fails the build here; a duplicate encoding fails in vmcs_field__find(). */
#define X(NAME, member, enc, width, type, ro)				\
	_Static_assert((((enc) >> 13) & 3) == VMCS_WIDTH_##width,	\
		       #NAME ": width disagrees with encoding bits 14:13"); \
	_Static_assert((((enc) >> 10) & 3) == VMCS_TYPE_##type,		\
		       #NAME ": type disagrees with encoding bits 11:10"); \
	_Static_assert(((enc) & ~0x6ffeu) == 0,				\
		       #NAME ": reserved or access-type bit set");	\
	_Static_assert((ro) == (VMCS_TYPE_##type == VMCS_TYPE_EXIT),	\
		       #NAME ": only VM-exit information is read-only");
#include "vmcs-merge/vmcs_fields.def"
#undef X

const struct vmcs_field_info vmcs_fields[VMCS_FIELD_COUNT] = {
#define X(NAME, member, enc, width, type, ro)				\
	[VMCS_IDX_##NAME] = { enc, offsetof(struct vmcs12, member),	\
			      VMCS_WIDTH_##width, VMCS_TYPE_##type, ro, #NAME },
#include "vmcs-merge/vmcs_fields.def"
#undef X
};

static const struct vmcs_field_info *find_full(uint64_t encoding)
{
	switch (encoding) {
#define X(NAME, member, enc, width, type, ro) \
	case enc: return &vmcs_fields[VMCS_IDX_##NAME];
#include "vmcs-merge/vmcs_fields.def"
#undef X
	default:
		return NULL;
	}
}

const struct vmcs_field_info *vmcs_field__find(uint64_t encoding, int *high)
{
	const struct vmcs_field_info *f;
	int is_high = (int)(encoding & 1);

	f = find_full(encoding & ~1ull);
	if (f && is_high && f->width != VMCS_WIDTH_W64)
		f = NULL;
	if (high)
		*high = f ? is_high : 0;
	return f;
}

const char *vmcs_field__name(uint64_t encoding)
{
	const struct vmcs_field_info *f = vmcs_field__find(encoding, NULL);

	return f ? f->name : NULL;
}

unsigned vmcs_field__max_index(void)
{
	unsigned max = 0;

	for (unsigned i = 0; i < VMCS_FIELD_COUNT; i++) {
		unsigned index = (vmcs_fields[i].encoding >> 1) & 0x1ff;

		if (index > max)
			max = index;
	}
	return max;
}

uint64_t vmcs12__get(const struct vmcs12 *vmcs, const struct vmcs_field_info *f)
{
	const char *p = (const char *)vmcs + f->offset;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch ((enum vmcs_width)f->width) {
	case VMCS_WIDTH_W16:
		memcpy(&v16, p, sizeof(v16));
		return v16;
	case VMCS_WIDTH_W32:
		memcpy(&v32, p, sizeof(v32));
		return v32;
	case VMCS_WIDTH_W64:
	case VMCS_WIDTH_WNAT:
		break;
	}
	memcpy(&v64, p, sizeof(v64));
	return v64;
}

void vmcs12__set(struct vmcs12 *vmcs, const struct vmcs_field_info *f, uint64_t value)
{
	char *p = (char *)vmcs + f->offset;
	uint16_t v16 = (uint16_t)value;
	uint32_t v32 = (uint32_t)value;

	switch ((enum vmcs_width)f->width) {
	case VMCS_WIDTH_W16:
		memcpy(p, &v16, sizeof(v16));
		return;
	case VMCS_WIDTH_W32:
		memcpy(p, &v32, sizeof(v32));
		return;
	case VMCS_WIDTH_W64:
	case VMCS_WIDTH_WNAT:
		break;
	}
	memcpy(p, &value, sizeof(value));
}

int vmcs12__read(const struct vmcs12 *vmcs, uint64_t encoding, uint64_t *value)
{
	int high;
	const struct vmcs_field_info *f = vmcs_field__find(encoding, &high);

	if (!f)
		return -1;
	*value = vmcs12__get(vmcs, f);
	if (high)
		*value >>= 32;
	return 0;
}

int vmcs12__write(struct vmcs12 *vmcs, uint64_t encoding, uint64_t value)
{
	int high;
	const struct vmcs_field_info *f = vmcs_field__find(encoding, &high);

	if (!f)
		return -1;
	if (high)
		value = (vmcs12__get(vmcs, f) & 0xffffffffull) | (value << 32);
	vmcs12__set(vmcs, f, value);
	return 0;
}
