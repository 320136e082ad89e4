/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMLAUNCH and VMRESUME that must not enter, VMCS A current and filled by
 * vmcs_l2.c, in the order SDM 27.1 checks:
 *   MOV-SS blocking: VMfailValid(26), before the launch state;
 *   VMRESUME of a clear VMCS: VMfailValid(5);
 *   VM-execution controls (27.2.1.1): VMfailValid(7);
 *   host state (27.2.2, 27.2.3): VMfailValid(8);
 *   guest state (27.3.1): a VM-entry failure, loaded like a VM exit with
 *   exit reason 33 and bit 31 set, qualification 0 (27.8); the launch
 *   state stays clear (31.3 sets it only once VM entry succeeded).
 * VMLAUNCH of a launched VMCS (4) needs a launch first: exits.c.
 * Each row spoils one field and puts it back.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "exit-forwarder/exit_reasons.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_result.h"

#define MISC_CR3_TARGETS(m)	((unsigned)(((m) >> 16) & 0x1ff))	/* SDM A.6 */
#define NONCANONICAL		0x8000000000000000ul
#define RFLAGS_BIT1		0x2ul

/* VMLAUNCH with one field set to value, the field restored after. */
static void spoiled(u64 field, u64 value, struct expect want, const char *what)
{
	u64 saved = vmcs_read(field);
	struct raw_result r;

	vmcs_write(field, value);
	r = vmentry__enter(0);
	vmcs_write(field, saved);
	expect(r, want, "VMLAUNCH with %s", what);
}

static void controls(const struct suite *s)
{
	const struct l2_controls *ctl = vmcs_l2__controls();
	struct expect e7 = FAIL_VALID(VMX_ERR_ENTRY_INVALID_CONTROL);
	u32 may1 = (u32)(s->caps.pin >> 32), must1 = (u32)s->caps.pin;
	unsigned i;

	for (i = 0; i < 32 && (may1 & (1u << i)); i++)
		;
	if (i < 32)
		spoiled(VMCS_PIN_BASED_CONTROLS, ctl->pin | 1u << i, e7,
			 "a pin-based control set that allowed-1 forbids (SDM 27.2.1.1)");
	else
		report_skip("pin-based control beyond allowed-1: all 32 allowed");
	if (must1)
		spoiled(VMCS_PIN_BASED_CONTROLS, ctl->pin & ~must1, e7,
			 "a pin-based control cleared that allowed-0 requires (SDM 27.2.1.1)");
	else
		report_skip("pin-based control below allowed-0: none required");
	spoiled(VMCS_IO_BITMAP_A, vmcs_read(VMCS_IO_BITMAP_A) | 0x800, e7,
		 "I/O bitmap A not 4 KiB aligned (SDM 27.2.1.1)");
	spoiled(VMCS_CR3_TARGET_COUNT, MISC_CR3_TARGETS(s->caps.misc) + 1, e7,
		 "CR3-target count above IA32_VMX_MISC[24:16] (SDM 27.2.1.1)");
}

static void host(void)
{
	struct expect e8 = FAIL_VALID(VMX_ERR_ENTRY_INVALID_HOST_STATE);

	spoiled(VMCS_HOST_CR4, read_cr4() & ~X86_CR4_VMXE, e8,
		 "HOST_CR4.VMXE = 0 (SDM 27.2.2)");
	spoiled(VMCS_HOST_CR0, read_cr0() & ~X86_CR0_NE, e8,
		 "HOST_CR0.NE = 0 (SDM 27.2.2)");
	spoiled(VMCS_HOST_RIP, NONCANONICAL, e8,
		 "a non-canonical HOST_RIP (SDM 27.2.2)");
	spoiled(VMCS_HOST_TR_SELECTOR, 0, e8,
		 "HOST_TR_SELECTOR = 0 (SDM 27.2.3)");
	spoiled(VMCS_HOST_CS_SELECTOR, KERNEL_CS | 3, e8,
		 "HOST_CS_SELECTOR with RPL 3 (SDM 27.2.3)");
}

/* Guest RFLAGS bit 1 clear (SDM 27.3.1.4): a VM-entry failure. */
static void guest(void)
{
	struct raw_result r;
	u64 reason, qual;

	vmcs_write(VMCS_GUEST_RFLAGS, 0);
	r = vmentry__enter(0);
	vmcs_write(VMCS_GUEST_RFLAGS, RFLAGS_BIT1);
	reason = vmcs_read(VMCS_EXIT_REASON);
	qual = vmcs_read(VMCS_EXIT_QUALIFICATION);
	expect_and(r, SUCCEED, reason == (EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_GUEST_STATE),
		   "exit reason 0x80000021",
		   "VMLAUNCH with guest RFLAGS bit 1 clear: back at HOST_RIP (VM-entry failure, SDM 27.8)");
	if (reason != (EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_GUEST_STATE))
		printf("info: exit reason 0x%lx\n", reason);
	report(reason == (EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_GUEST_STATE),
	       "VM-entry failure: exit reason 0x80000021 (33, bit 31 set)");
	report(qual == 0, "VM-entry failure: exit qualification 0 (SDM 27.8)");
	expect(vmentry__enter(ENTRY_RESUME), FAIL_VALID(VMX_ERR_VMRESUME_NONLAUNCHED),
	       "VMRESUME after the failed VMLAUNCH (launch state still clear)");
}

bool entry_fail__run(struct suite *s)
{
	u64 a = s->vmcs_a;
	bool ok;

	report_prefix_push("VM entry failures");
	raw_vmclear(&a);
	raw_vmptrld(&a);
	ok = vmcs_l2__setup(s);
	report(ok, "VMCS for the suite's L2 written");
	if (!ok) {
		report_prefix_pop();
		return false;
	}
	expect(vmentry__enter(ENTRY_RESUME), FAIL_VALID(VMX_ERR_VMRESUME_NONLAUNCHED),
	       "VMRESUME of a clear VMCS");
	expect(vmentry__enter(ENTRY_MOV_SS), FAIL_VALID(VMX_ERR_ENTRY_MOV_SS_BLOCKING),
	       "VMLAUNCH right after MOV to SS");
	expect(vmentry__enter(ENTRY_MOV_SS | ENTRY_RESUME),
	       FAIL_VALID(VMX_ERR_ENTRY_MOV_SS_BLOCKING),
	       "VMRESUME of a clear VMCS right after MOV to SS (blocking checked first)");
	controls(s);
	host();
	guest();
	report_prefix_pop();
	return true;
}
