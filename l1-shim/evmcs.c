/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/evmcs.c: VMREAD/VMWRITE semantics (SDM 31.3) on the enlightened
 * VMCS page.  The encoding-to-slot map is generated from
 * vmcs-merge/vmcs_fields.def, the list L0 lays out the page from. */
#include "l1-shim/evmcs.h"

#include "vmcs-merge/vmcs12.h"

_Static_assert(VMCS_FIELD_COUNT <= TURTLE_EVMCS_SLOTS,
	       "every field of vmcs_fields.def needs a slot in struct turtle_evmcs");

static const uint64_t width_mask[] = {
	[VMCS_WIDTH_W16]  = 0xffffull,
	[VMCS_WIDTH_W64]  = ~0ull,
	[VMCS_WIDTH_W32]  = 0xffffffffull,
	[VMCS_WIDTH_WNAT] = ~0ull,	/* the shim runs in 64-bit mode only */
};

/*
 * Encoding -> slot in a few instructions: L1's code runs in KVM's
 * instruction emulator on this host (~1 us per instruction), so a VMREAD
 * that walked a compiled binary search would cost more than the trap it
 * saves.  A full encoding is width (bits 14:13), type (11:10) and index
 * (9:1) (SDM 25.11.2); the table holds slot + 1, 0 for no field.
 */
#define EVMCS_MAX_INDEX 64
#define EVMCS_KEY(enc) ((((enc) >> 13) & 3) << 8 | (((enc) >> 10) & 3) << 6 | \
			(((enc) >> 1) & (EVMCS_MAX_INDEX - 1)))

static const uint16_t slot_of[4 * 4 * EVMCS_MAX_INDEX] = {
#define X(NAME, member, enc, w, t, ro) [EVMCS_KEY(enc)] = VMCS_IDX_##NAME + 1,
#include "vmcs-merge/vmcs_fields.def"
#undef X
};

#define X(NAME, member, enc, w, t, ro)						\
	_Static_assert((((enc) >> 1) & 0x1ff) < EVMCS_MAX_INDEX,		\
		       "field index beyond the eVMCS lookup table: " #NAME);
#include "vmcs-merge/vmcs_fields.def"
#undef X

static int lookup_full(uint64_t encoding, struct evmcs_field *f)
{
	unsigned slot;

	/* Reserved bits (31:15, 12) and indexes the table does not cover
	 * name no field; bit 0 is the caller's business. */
	if (encoding & ~0x6ffeull || ((encoding >> 1) & 0x1ff) >= EVMCS_MAX_INDEX)
		return -1;
	slot = slot_of[EVMCS_KEY(encoding)];
	if (!slot)
		return -1;
	f->slot = slot - 1;
	f->width = (encoding >> 13) & 3;
	/* read-only exactly for the VM-exit information type (vmcs_fields.def) */
	f->read_only = ((encoding >> 10) & 3) == VMCS_TYPE_EXIT;
	f->high = 0;
	return 0;
}

int evmcs__lookup(uint64_t encoding, struct evmcs_field *f)
{
	if (lookup_full(encoding, f) == 0)
		return 0;
	/* SDM 25.11.2: access type 1 ("high") exists for 64-bit fields only. */
	if ((encoding & 1) && lookup_full(encoding & ~1ull, f) == 0 &&
	    f->width == VMCS_WIDTH_W64) {
		f->high = 1;
		return 0;
	}
	return -1;
}

static struct vmx_result result(enum vmx_status status, uint32_t error)
{
	return (struct vmx_result){ .status = status, .error = error };
}

static struct vmx_result fail_valid(struct turtle_evmcs *page, uint32_t error)
{
	evmcs__record_error(page, error);
	return result(VMX_FAIL_VALID, error);
}

void evmcs__record_error(struct turtle_evmcs *page, uint32_t error)
{
	page->field[VMCS_IDX_VM_INSTRUCTION_ERROR] = error;
	page->dirty |= 1u << turtle_evmcs__group(VMCS_VM_INSTRUCTION_ERROR);
}

struct vmx_result evmcs__read(struct turtle_evmcs *page, uint64_t encoding,
			      uint64_t *value)
{
	struct evmcs_field f;
	uint64_t v;

	/* SDM 31.3 VMREAD: the current-VMCS check comes first. */
	if (page->vmcs_gpa == 0)
		return result(VMX_FAIL_INVALID, 0);
	if (evmcs__lookup(encoding, &f) < 0)
		return fail_valid(page, VMX_ERR_UNSUPPORTED_FIELD);
	v = page->field[f.slot];
	*value = f.high ? v >> 32 : v & width_mask[f.width];
	return result(VMX_SUCCEED, 0);
}

struct vmx_result evmcs__write(struct turtle_evmcs *page, uint64_t encoding,
			       uint64_t value, bool vmwrite_any)
{
	struct evmcs_field f;
	uint64_t *slot;

	if (page->vmcs_gpa == 0)
		return result(VMX_FAIL_INVALID, 0);
	if (evmcs__lookup(encoding, &f) < 0)
		return fail_valid(page, VMX_ERR_UNSUPPORTED_FIELD);
	if (f.read_only && !vmwrite_any)
		return fail_valid(page, VMX_ERR_READ_ONLY_FIELD);
	slot = &page->field[f.slot];
	/* SDM 31.3 VMWRITE: source bits beyond the field's width are ignored;
	 * a high access replaces bits 63:32 only. */
	if (f.high)
		*slot = (*slot & 0xffffffffull) | (value << 32);
	else
		*slot = value & width_mask[f.width];
	page->dirty |= 1u << turtle_evmcs__group((uint32_t)encoding);
	return result(VMX_SUCCEED, 0);
}
