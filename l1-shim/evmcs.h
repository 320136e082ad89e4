/* SPDX-License-Identifier: GPL-2.0-only */
/* l1-shim/evmcs.h: VMREAD and VMWRITE on the enlightened VMCS page
 * (struct turtle_evmcs in turtle_hypercall.h).
 *
 * Pure functions of the page: no hypercalls, no globals, so the same code
 * serves the pv flavour and host-side unit tests.
 */
#ifndef L1_SHIM__EVMCS_H
#define L1_SHIM__EVMCS_H

#include <stdbool.h>
#include <stdint.h>

#include "l1-shim/turtle_hypercall.h"
#include "l1-shim/vmx_ops.h"

/* Where a field encoding lives in the page. */
struct evmcs_field {
	uint16_t slot;		/* index in vmcs_fields.def = index in field[] */
	uint8_t width;		/* enum vmcs_width */
	uint8_t read_only;	/* a VM-exit information field */
	uint8_t high;		/* the "high" access of a 64-bit field */
};

/* 0 and *f filled in, or -1 when the encoding names no field of the list. */
int evmcs__lookup(uint64_t encoding, struct evmcs_field *f);

/* VMREAD (SDM 31.3): FAIL_INVALID without a current VMCS, FAIL_VALID 12 for
 * an unknown field; the value is zero-extended from the field's width.
 * Every FAIL_VALID is recorded in the page as hardware records it
 * (evmcs__record_error), hence the page is not const. */
struct vmx_result evmcs__read(struct turtle_evmcs *page, uint64_t encoding,
			      uint64_t *value);

/* VMWRITE (SDM 31.3): as VMREAD, plus FAIL_VALID 13 for a read-only field
 * unless vmwrite_any (IA32_VMX_MISC bit 29, SDM A.6).  Truncates to the
 * field's width, sets the dirty bit of the field's group. */
struct vmx_result evmcs__write(struct turtle_evmcs *page, uint64_t encoding,
			       uint64_t value, bool vmwrite_any);

/* Store a VMfailValid number in the VM-instruction error field (SDM 31.2)
 * and mark its group dirty, so that L0's copy of vmcs12 agrees. */
void evmcs__record_error(struct turtle_evmcs *page, uint32_t error);

#endif /* L1_SHIM__EVMCS_H */
