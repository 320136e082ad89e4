/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In VMX operation, CR0 and CR4 bits fixed to 1 by IA32_VMX_CR0_FIXED0
 * and IA32_VMX_CR4_FIXED0 cannot be cleared: MOV to CR0/CR4 then raises
 * #GP(0) and leaves the register as it was (SDM 24.8).  One row per fixed
 * bit.  PE and PG would #GP in 64-bit mode anyway (Vol. 2B "MOV to/from
 * Control Registers": PG = 1 with PE = 0, or PG cleared in 64-bit mode);
 * NE and VMXE #GP only because of VMX operation.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

static const char *cr0_name(unsigned bit)
{
	switch (bit) {
	case 0:  return "PE";
	case 5:  return "NE";
	case 31: return "PG";
	default: return NULL;
	}
}

void cr_fixed__run(struct suite *s)
{
	const struct vmx_caps *c = &s->caps;
	u64 cr0 = read_cr0(), cr4 = read_cr4(), bit;
	unsigned i;
	int vector;

	report_prefix_push("fixed CR bits in VMX operation");
	for (i = 0; i < 32; i++) {
		bit = 1ul << i;
		if (!(c->cr0_fixed0 & bit))
			continue;
		vector = write_cr0_safe(cr0 & ~bit);
		if (cr0_name(i))
			expect_and(raw__vector(vector), FAULT_EC(GP_VECTOR, 0),
				   read_cr0() == cr0, "CR0 unchanged",
				   "MOV to CR0 clearing %s", cr0_name(i));
		else
			expect_and(raw__vector(vector), FAULT_EC(GP_VECTOR, 0),
				   read_cr0() == cr0, "CR0 unchanged",
				   "MOV to CR0 clearing bit %u", i);
		if (read_cr0() != cr0)
			write_cr0(cr0);
	}
	for (i = 0; i < 32; i++) {
		bit = 1ul << i;
		if (!(c->cr4_fixed0 & bit))
			continue;
		vector = write_cr4_safe(cr4 & ~bit);
		if (bit == X86_CR4_VMXE)
			expect_and(raw__vector(vector), FAULT_EC(GP_VECTOR, 0),
				   read_cr4() == cr4, "CR4 unchanged",
				   "MOV to CR4 clearing VMXE");
		else
			expect_and(raw__vector(vector), FAULT_EC(GP_VECTOR, 0),
				   read_cr4() == cr4, "CR4 unchanged",
				   "MOV to CR4 clearing bit %u", i);
		if (read_cr4() != cr4)
			write_cr4(cr4);
	}
	report_prefix_pop();
}
