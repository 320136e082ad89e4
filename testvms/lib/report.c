/* SPDX-License-Identifier: GPL-2.0-only */
/* PASS/FAIL lines with a prefix stack, and the summary (see report.h). */
#include "testvms/lib/libc.h"
#include "testvms/lib/report.h"

#define MAX_PREFIXES	8

static const char *prefixes[MAX_PREFIXES];
static int nr_prefixes;
static unsigned int tests, failures, kfailures, skipped;

void report_prefix_push(const char *prefix)
{
	/* Deeper nesting is a bug in the image: keep counting, drop names. */
	if (nr_prefixes < MAX_PREFIXES)
		prefixes[nr_prefixes] = prefix;
	nr_prefixes++;
}

void report_prefix_pop(void)
{
	if (nr_prefixes > 0)
		nr_prefixes--;
}

static void report_line(const char *tag, const char *fmt, va_list ap)
{
	int i;

	puts(tag);
	puts(": ");
	for (i = 0; i < nr_prefixes && i < MAX_PREFIXES; i++) {
		puts(prefixes[i]);
		puts(": ");
	}
	vprintf(fmt, ap);
	putchar('\n');
}

void report(bool pass, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!pass)
		failures++;
	va_start(ap, fmt);
	report_line(pass ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
}

void report_kfail(bool kfail, bool pass, const char *fmt, ...)
{
	va_list ap;
	bool known = !pass && kfail;

	tests++;
	if (known)
		kfailures++;
	else if (!pass)
		failures++;
	va_start(ap, fmt);
	report_line(pass ? "PASS" : known ? "KFAIL" : "FAIL", fmt, ap);
	va_end(ap);
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	skipped++;
	va_start(ap, fmt);
	report_line("SKIP", fmt, ap);
	va_end(ap);
}

int report_summary(void)
{
	printf("SUMMARY: %u tests, %u failures", tests, failures);
	if (kfailures)
		printf(", %u known failures", kfailures);
	if (skipped)
		printf(", %u skipped", skipped);
	putchar('\n');
	return failures ? 1 : 0;
}
