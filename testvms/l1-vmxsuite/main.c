/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-vmxsuite.elf: the topics of suite.h in order, then the summary.
 * Exit status 0 iff every row passed.  A topic whose failure would make
 * the rows after it meaningless (no VMX, no VMXON, no VMCS) ends the run
 * early, with the summary.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"

/* The suite's pages, zeroed, each region with the processor's revision
 * identifier in its first 4 bytes (SDM 25.2; bit 31 for the shadow one,
 * SDM 25.10). */
static bool regions(struct suite *s)
{
	u64 *p = suite__zero_pages(5);
	u32 rev = s->caps.revision;

	if (!p) {
		report(false, "5 pages for the VMXON region and the VMCSs");
		return false;
	}
	s->vmxon_pa = (u64)p;
	s->vmcs_a = s->vmxon_pa + SUITE_PAGE;
	s->vmcs_b = s->vmcs_a + SUITE_PAGE;
	s->bad_rev = s->vmcs_b + SUITE_PAGE;
	s->shadow = s->bad_rev + SUITE_PAGE;
	*(u32 *)s->vmxon_pa = rev;
	*(u32 *)s->vmcs_a = rev;
	*(u32 *)s->vmcs_b = rev;
	*(u32 *)s->bad_rev = rev ^ 1;
	*(u32 *)s->shadow = rev | 0x80000000u;
	return true;
}

static void in_vmx_operation(struct suite *s)
{
	cr_fixed__run(s);
	no_current__run(s);
	if (!vmptr__run(s))
		return;
	vmrw__run(s);
	operands__run(s);
	if (entry_fail__run(s))
		exits__run(s);
	inv__run(s);
	cpl3__run(s);
	vmxoff__run(s);
}

int main(int argc, char **argv)
{
	static struct suite s;

	report_prefix_push("l1-vmxsuite");
	if (caps__run(&s) && regions(&s)) {
		outside__run(&s);
		if (feature_ctl__run(&s) && vmxon__run(&s))
			in_vmx_operation(&s);
	}
	report_prefix_pop();
	return report_summary();
}
