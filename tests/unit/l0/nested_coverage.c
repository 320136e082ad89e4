/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/nested_coverage.c: docs/vmx-coverage.md is what
 * nested_coverage__doc() generates from the lists (TURTLE_WRITE_DOCS=1
 * rewrites it), and the generator covers every reason and control. */
#include <stdlib.h>
#include <string.h>

#include "exit-forwarder/exit_reasons.h"
#include "l0/nested/nested.h"
#include "tests/tap.h"
#include "vmcs-merge/vmx_controls.h"

#define DOC "docs/vmx-coverage.md"

int main(void)
{
	size_t len = nested_coverage__doc(NULL, 0);
	char *doc = malloc(len + 1), *file = calloc(1, len + 2), row[96];
	FILE *f;
	size_t got = 0;

	nested_coverage__doc(doc, len + 1);
	ok(strlen(doc) == len, "generator output is %zu bytes", len);
	for (unsigned r = 0; r <= EXIT_REASON_MAX; r++) {
		if (!exit_reason__name(r))
			continue;
		snprintf(row, sizeof(row), "| %u | %s |", r, exit_reason__name(r));
		ok(strstr(doc, row) != NULL, "exit reason %u %s has a row", r, exit_reason__name(r));
	}
	for (unsigned i = 0; i < vmx_controls_count; i++) {
		snprintf(row, sizeof(row), "| %u | %s |", vmx_controls[i].bit, vmx_controls[i].name);
		ok(strstr(doc, row) != NULL, "control %s has a row", vmx_controls[i].name);
	}
	ok(strstr(doc, "| 10 | CPUID | never reflected |") != NULL, "CPUID: KVM keeps it");
	ok(strstr(doc, "| 30 | IO_INSTRUCTION | routed |") != NULL, "I/O: routed");
	if (getenv("TURTLE_WRITE_DOCS")) {
		f = fopen(DOC, "w");
		ok(f && fwrite(doc, 1, len, f) == len && !fclose(f), "rewrote " DOC);
	}
	f = fopen(DOC, "r");
	if (f) {
		got = fread(file, 1, len + 1, f);
		fclose(f);
	}
	ok(got == len && !memcmp(file, doc, len), DOC " is up to date (%zu bytes, want %zu)",
	   got, len);
	free(doc);
	free(file);
	return done_testing();
}
