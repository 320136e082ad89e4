/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_doc.c: the list as data (names,
 * sections, counts), the one-line failure format, the per-check stats, and
 * docs/vmentry-checks.md: it must be exactly what the list generates.
 *
 * With --write it regenerates the doc instead (run from the repository
 * root; the doc's header gives a command that needs no make). */
#include <stdlib.h>

#include "tests/unit/vmcs-merge/entry_check_fixture.h"

#define DOC "docs/vmentry-checks.md"
#define REGEN "cc -std=gnu11 -I. -o /tmp/ec-doc tests/unit/vmcs-merge/entry_check_doc.c " \
	      "vmcs-merge/*.c ept-compose/*.c && /tmp/ec-doc --write"

static char *generate(size_t *len)
{
	char *buf;

	*len = entry_check__doc(NULL, 0);
	buf = malloc(*len + 1);
	if (buf)
		entry_check__doc(buf, *len + 1);
	return buf;
}

/* The committed doc, from the current directory or the source tree. */
static FILE *open_doc(const char *mode)
{
	char path[4096];
	const char *tail = "tests/unit/vmcs-merge/entry_check_doc.c";
	size_t n = strlen(__FILE__), t = strlen(tail);
	FILE *fp = fopen(DOC, mode);

	if (fp || n < t || strcmp(__FILE__ + n - t, tail) != 0)
		return fp;
	snprintf(path, sizeof(path), "%.*s%s", (int)(n - t), __FILE__, DOC);
	return fopen(path, mode);
}

static void doc_matches(void)
{
	size_t len, got = 0;
	char *want = generate(&len), *have = malloc(len + 2);
	FILE *fp = open_doc("r");

	if (fp && have) {
		got = fread(have, 1, len + 1, fp);
		fclose(fp);
	}
	ok(fp && want && have && got == len && memcmp(want, have, len) == 0,
	   DOC " is what entry_check.def generates");
	if (!fp || got != len || (want && have && memcmp(want, have, len)))
		diag("out of date; regenerate from the repository root with:\n#   " REGEN);
	free(want);
	free(have);
}

static int write_doc(void)
{
	size_t len;
	char *doc = generate(&len);
	FILE *fp = fopen(DOC, "w");

	if (!doc || !fp || fwrite(doc, 1, len, fp) != len || fclose(fp) != 0) {
		fprintf(stderr, "cannot write %s\n", DOC);
		return 1;
	}
	free(doc);
	return 0;
}

static void list(void)
{
	unsigned fam[4] = { 0 }, bad = 0;

	for (unsigned id = 1; id < ENTRY_CHECK__END; id++) {
		const char *name = entry_check__name(id);

		if (!name || !entry_check__condition(id) ||
		    strncmp(entry_check__section(id), "27.", 3) != 0)
			bad++;
		for (unsigned j = 1; j < id; j++)
			bad += strcmp(name, entry_check__name(j)) == 0;
		fam[entry_check__family(id)]++;
	}
	ok(bad == 0, "every check has a unique name, an SDM 27.x section and a condition");
	ok(entry_check__count_implemented() > 195, "%u checks implemented (Bochs about 195, KVM about 130)",
	   entry_check__count_implemented());
	diag("listed %u: controls %u, host %u, guest %u, MSR load %u", ENTRY_CHECK_COUNT,
	     fam[0], fam[1], fam[2], fam[3]);
	ok(entry_check__name(ENTRY_CHECK_NONE) == NULL && entry_check__name(ENTRY_CHECK__END) == NULL &&
	   entry_check__family(ENTRY_CHECK__END) == -1, "no names outside the list");
	is_str(entry_check__name(ENTRY_CHECK_GUEST_CS_AR_DPL), "GUEST_CS_AR_DPL", "name of an id");
	is_str(entry_check__section(ENTRY_CHECK_MSR_LOAD_X2APIC), "27.4", "section of an id");
	is_u64(entry_check__implemented(ENTRY_CHECK_HOST_32_IA32E_GUEST), 0, "listed but unreachable");
}

static struct fx F;

static void format(void)
{
	struct entry_check_result r;
	char line[512], tiny[16];
	int n;

	fx_init(&F);
	F.v.guest_cs_ar = 0xa0fb;
	r = entry_check__run(&F.in);
	n = entry_check__format(&r, line, sizeof(line));
	is_str(line, "VM-entry failed: GUEST_CS_AR_DPL (SDM 27.3.1.2): CS.DPL must equal SS.DPL "
	       "for a non-conforming code segment; guest_cs_ar=0xa0fb guest_ss_ar=0xc093",
	       "one line naming check, section, condition and values");
	is_u64(n, strlen(line), "returns the length");
	is_u64(entry_check__format(&r, tiny, sizeof(tiny)), strlen(line), "needed length when truncated");
	is_u64(strlen(tiny), sizeof(tiny) - 1, "truncated and terminated");
	fx_init(&F);
	r = entry_check__run(&F.in);
	entry_check__format(&r, line, sizeof(line));
	is_str(line, "VM entry passed", "a pass");
}

static void stats(void)
{
	struct entry_check_stats s = { 0 };
	struct entry_check_result r;

	fx_init(&F);
	r = entry_check__run(&F.in);
	entry_check__count(&s, &r);
	F.v.vpid = 0;
	r = entry_check__run(&F.in);
	entry_check__count(&s, &r);
	entry_check__count(&s, &r);
	is_u64(s.passed, 1, "stats: one pass");
	is_u64(s.failed[ENTRY_CHECK_CTL_VPID_ZERO], 2, "stats: two failures of CTL_VPID_ZERO");
	is_u64(s.failed[ENTRY_CHECK_CTL_PIN_ALLOWED0], 0, "stats: none of another check");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--write") == 0)
		return write_doc();
	list();
	format();
	stats();
	doc_matches();
	return done_testing();
}
