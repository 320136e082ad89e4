/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_ctls.c: the routing slice of a vmcs12 (SDM 25.6). */
#include "exit-forwarder/exit_ctls.h"
#include "vmcs-merge/vmcs12.h"

void exit_ctls__from_vmcs12(const struct vmcs12 *v, struct exit_ctls *c)
{
	*c = (struct exit_ctls){
		.pin = v->pin_based_controls,
		.proc = v->proc_based_controls,
		.proc2 = v->secondary_proc_controls,
		.exception_bitmap = v->exception_bitmap,
		.pf_ec_mask = v->pf_error_code_mask,
		.pf_ec_match = v->pf_error_code_match,
		.cr0_mask = v->cr0_guest_host_mask,
		.cr0_shadow = v->cr0_read_shadow,
		.cr4_mask = v->cr4_guest_host_mask,
		.cr4_shadow = v->cr4_read_shadow,
		.cr3_target_count = v->cr3_target_count,
		.cr3_target = { v->cr3_target_value0, v->cr3_target_value1,
				v->cr3_target_value2, v->cr3_target_value3 },
		.io_bitmap_a = v->io_bitmap_a,
		.io_bitmap_b = v->io_bitmap_b,
		.msr_bitmap = v->msr_bitmap,
	};
}
