/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/exit_ctls.c: the routing slice of a vmcs12
 * (exit_ctls__from_vmcs12), each field from its own vmcs12 field. */
#include "exit-forwarder/exit_ctls.h"
#include "tests/tap.h"
#include "vmcs-merge/vmcs12.h"

int main(void)
{
	struct vmcs12 v = {
		.pin_based_controls = 0x11, .proc_based_controls = 0x22,
		.secondary_proc_controls = 0x33, .exception_bitmap = 0x44,
		.pf_error_code_mask = 0x55, .pf_error_code_match = 0x66,
		.cr0_guest_host_mask = 0x77, .cr0_read_shadow = 0x88,
		.cr4_guest_host_mask = 0x99, .cr4_read_shadow = 0xaa,
		.cr3_target_count = 3, .cr3_target_value0 = 0x1000,
		.cr3_target_value1 = 0x2000, .cr3_target_value2 = 0x3000,
		.cr3_target_value3 = 0x4000, .io_bitmap_a = 0x5000,
		.io_bitmap_b = 0x6000, .msr_bitmap = 0x7000,
	};
	struct exit_ctls c;

	exit_ctls__from_vmcs12(&v, &c);
	is_u64(c.pin, 0x11, "pin-based controls");
	is_u64(c.proc, 0x22, "primary processor-based controls");
	is_u64(c.proc2, 0x33, "secondary processor-based controls");
	is_u64(c.exception_bitmap, 0x44, "exception bitmap");
	is_u64(c.pf_ec_mask, 0x55, "#PF error-code mask");
	is_u64(c.pf_ec_match, 0x66, "#PF error-code match");
	is_u64(c.cr0_mask, 0x77, "CR0 guest/host mask");
	is_u64(c.cr0_shadow, 0x88, "CR0 read shadow");
	is_u64(c.cr4_mask, 0x99, "CR4 guest/host mask");
	is_u64(c.cr4_shadow, 0xaa, "CR4 read shadow");
	is_u64(c.cr3_target_count, 3, "CR3-target count");
	for (unsigned i = 0; i < EXIT_CR3_TARGETS_MAX; i++)
		is_u64(c.cr3_target[i], 0x1000 * (i + 1), "CR3-target value %u", i);
	is_u64(c.io_bitmap_a, 0x5000, "I/O bitmap A");
	is_u64(c.io_bitmap_b, 0x6000, "I/O bitmap B");
	is_u64(c.msr_bitmap, 0x7000, "MSR bitmap");
	return done_testing();
}
