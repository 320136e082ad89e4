/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested_explain.c: what L0 does with a failed VM entry of L1 besides
 * answering it (VMfailValid, SDM 27.2; an entry-failure exit, SDM 27.8):
 * count it under its check id, trace it, and with --explain-vmfail say on
 * stderr, in one line, which check failed, the SDM section stating the
 * rule and the field values involved, followed by a vmcs12 dump. */
#include <inttypes.h>

#include "l0/nested/nested_int.h"

#define L1_LEVEL 1

/* "turtle: L1's VMLAUNCH failed with VMfailValid 7: ID (SDM s): rule; f=0x.." */
static void line(FILE *f, const char *insn, const struct entry_check_result *r)
{
	fprintf(f, "turtle: L1's %s failed with ", insn);
	if (r->kind == ENTRY_CHECK_VMFAIL)
		fprintf(f, "VMfailValid %u", r->vmfail);
	else
		fprintf(f, "VM exit 0x%x, qualification %" PRIu64, r->exit_reason,
			r->exit_qualification);
	fprintf(f, ": %s (SDM %s): %s;", entry_check__name(r->id), entry_check__section(r->id),
		entry_check__condition(r->id));
	for (unsigned i = 0; i < r->nvals; i++)
		fprintf(f, " %s=0x%" PRIx64, r->vals[i].name, r->vals[i].value);
	fputc('\n', f);
}

void nested_explain__entry(struct nested *n, enum vmx_op op, const struct entry_check_result *r)
{
	const char *insn = vmx_decode__op_name(op);

	if (r->kind == ENTRY_CHECK_PASSED || !entry_check__name(r->id))
		return;
	entry_check__count(&n->stats->entry_checks, r);
	if (r->kind == ENTRY_CHECK_VMFAIL)
		n->stats->entry_vmfails++;
	else
		n->stats->entry_failures++;
	trace__entry_check(&n->m->trace, L1_LEVEL, insn, r);
	if (!n->m->explain_vmfail)
		return;
	line(stderr, insn, r);
	nested_dr7__save(n);
	nested_dump__vmcs12(vmx_cpu__vmcs12(&n->cpu), stderr);
}
