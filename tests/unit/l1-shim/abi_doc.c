/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l1-shim/abi_doc.c: docs/abi.md's table of calls has one row
 * per TURTLE_HC_CALLS line, with its number and name, in the list's order
 * (the doc is written by hand; the list is the one truth). */
#include <stdio.h>
#include <string.h>

#include "l1-shim/turtle_hypercall.h"
#include "tests/tap.h"

#define DOC "docs/abi.md"

/* The doc, from the current directory or the source tree. */
static FILE *open_doc(void)
{
	char path[4096];
	const char *tail = "tests/unit/l1-shim/abi_doc.c";
	size_t n = strlen(__FILE__), t = strlen(tail);
	FILE *fp = fopen(DOC, "r");

	if (fp || n < t || strcmp(__FILE__ + n - t, tail) != 0)
		return fp;
	snprintf(path, sizeof(path), "%.*s%s", (int)(n - t), __FILE__, DOC);
	return fopen(path, "r");
}

static const struct call {
	unsigned num;
	const char *name;
} calls[] = {
#define CALL(num, name, ...) { num, #name },
	TURTLE_HC_CALLS(CALL)
#undef CALL
};

int main(void)
{
	FILE *fp = open_doc();
	char line[512], name[64];
	unsigned num, row = 0, n = sizeof(calls) / sizeof(calls[0]);
	int in_table = 0;

	if (!ok(fp != NULL, "%s opens", DOC))
		return done_testing();
	while (fgets(line, sizeof(line), fp)) {
		if (!strncmp(line, "## Calls", 8)) {
			in_table = 1;
			continue;
		}
		if (in_table && !strncmp(line, "## ", 3))
			break;
		if (!in_table || sscanf(line, "| %u | %63[A-Z_0-9] |", &num, name) != 2)
			continue;
		if (row < n) {
			is_u64(num, calls[row].num, "row %u: call number", row);
			is_str(name, calls[row].name, "row %u: call name", row);
		}
		row++;
	}
	fclose(fp);
	is_u64(row, n, "a row for each of the %u calls", n);
	return done_testing();
}
