/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/tap.h: a minimal TAP producer for the C unit tests, run by prove.
 *
 *   ok(cond, "name %d", i);       one test point
 *   is_u64(got, want, "name");    equality with both values shown on failure
 *   is_str(got, want, "name");
 *   return done_testing();        prints the plan, exit status 0 iff all passed
 */
#ifndef TESTS__TAP_H
#define TESTS__TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap__count, tap__failed;

static inline int tap__vok(int pass, const char *file, int line,
			   const char *fmt, va_list ap)
{
	tap__count++;
	if (!pass)
		tap__failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap__count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return pass;
}

static inline int tap__ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pass = tap__vok(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static inline int tap__is_u64(uint64_t got, uint64_t want, const char *file,
			      int line, const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;
	va_start(ap, fmt);
	tap__vok(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  0x%" PRIx64 " (%" PRIu64 ")\n#   want: 0x%" PRIx64
		       " (%" PRIu64 ")\n", got, got, want, want);
	return pass;
}

static inline int tap__is_str(const char *got, const char *want, const char *file,
			      int line, const char *fmt, ...)
{
	va_list ap;
	int pass = got && want ? strcmp(got, want) == 0 : got == want;
	va_start(ap, fmt);
	tap__vok(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
	return pass;
}

#define ok(cond, ...)          tap__ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_u64(got, want, ...) tap__is_u64((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap__is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define diag(...)              (printf("# "), printf(__VA_ARGS__), putchar('\n'))

static inline int done_testing(void)
{
	printf("1..%d\n", tap__count);
	return tap__failed ? 1 : 0;
}

#endif /* TESTS__TAP_H */
