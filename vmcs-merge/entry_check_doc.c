/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_doc.c: docs/vmentry-checks.md, generated from
 * entry_check.def so the table can never drift from the code.  The unit
 * test tests/unit/vmcs-merge/entry_check_doc.c compares the committed file
 * with this output and rewrites it on request. */
#include <stdarg.h>
#include <stdio.h>

#include "vmcs-merge/entry_check_int.h"

struct doc {
	char *buf;
	size_t len, used;
};

static void put(struct doc *d, const char *fmt, ...)
{
	size_t room = d->used < d->len ? d->len - d->used : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(d->buf ? d->buf + d->used : NULL, d->buf ? room : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->used += (size_t)n;
}

static const char *const family_names[] = {
	[ENTRY_FAMILY_CONTROLS] = "controls",
	[ENTRY_FAMILY_HOST] = "host",
	[ENTRY_FAMILY_GUEST] = "guest",
	[ENTRY_FAMILY_MSR_LOAD] = "MSR load",
};

/* What L1 sees when the check fails (SDM 27.2, 27.8). */
static void result(struct doc *d, enum entry_check_id id)
{
	struct entry_check_result r = { .id = id };
	struct entry_check_ctx c = { .res = &r };
	int code = entry_check__fail(&c, id, NULL, 0);

	switch ((enum entry_check_family)entry_check__family(id)) {
	case ENTRY_FAMILY_CONTROLS:
	case ENTRY_FAMILY_HOST:
		put(d, "VMfail %d", code);
		break;
	case ENTRY_FAMILY_GUEST:
		put(d, "exit %d, qual %llu", code,
		     (unsigned long long)r.exit_qualification);
		break;
	case ENTRY_FAMILY_MSR_LOAD:
		put(d, "exit %d, qual = entry index", code);
		break;
	}
}

size_t entry_check__doc(char *buf, size_t len)
{
	struct doc d = { buf, len, 0 };
	unsigned per_family[4] = { 0 };

	for (unsigned id = 1; id < ENTRY_CHECK__END; id++)
		if (entry_check__implemented(id))
			per_family[entry_check__family(id)]++;
	put(&d, "# VM-entry checks\n\n"
	     "<!-- Generated from vmcs-merge/entry_check.def; do not edit by hand.\n"
	     "     Regenerate (no make needed), from the repository root:\n"
	     "     cc -std=gnu11 -I. -o /tmp/ec-doc tests/unit/vmcs-merge/entry_check_doc.c \\\n"
	     "        vmcs-merge/*.c ept-compose/*.c && /tmp/ec-doc --write -->\n\n");
	put(&d, "L2 runs in a plain KVM VM, so L0 makes every check of VMLAUNCH and\n"
	     "VMRESUME in software (`entry_check__run()`), in the SDM's order:\n"
	     "controls (SDM 27.2.1), host state (27.2.2-27.2.4), guest state (27.3),\n"
	     "MSR loading (27.4).  The first failure wins and is named by its id.\n"
	     "Section numbers follow the SDM edition pinned in docs/architecture.md.\n\n");
	put(&d, "%u checks listed, %u implemented: %u on controls, %u on host state,\n"
	     "%u on guest state, %u on MSR loading (Linux KVM checks about 130\n"
	     "conditions, Bochs about 195).\n\n", (unsigned)ENTRY_CHECK_COUNT,
	     entry_check__count_implemented(), per_family[ENTRY_FAMILY_CONTROLS],
	     per_family[ENTRY_FAMILY_HOST], per_family[ENTRY_FAMILY_GUEST],
	     per_family[ENTRY_FAMILY_MSR_LOAD]);
	put(&d, "| # | check | family | SDM | result | implemented | condition |\n"
	     "|---|---|---|---|---|---|---|\n");
	for (unsigned id = 1; id < ENTRY_CHECK__END; id++) {
		put(&d, "| %u | `%s` | %s | %s | ", id, entry_check__name(id),
		     family_names[entry_check__family(id)], entry_check__section(id));
		result(&d, id);
		put(&d, " | %s | %s |\n", entry_check__implemented(id) ? "yes" : "no",
		     entry_check__condition(id));
	}
	return d.used;
}
