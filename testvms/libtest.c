/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libtest.elf: unit tests of the guest library's pure logic (formatting,
 * number parsing, argv splitting, string helpers, page allocator), run as
 * a guest because the library is built for the guest only.
 */
#include "testvms/lib/guest.h"

#define FMT_BUF	64

#define CHECK_FMT(want, ...)						\
	do {								\
		char buf_[FMT_BUF];					\
		int n_ = snprintf(buf_, sizeof(buf_), __VA_ARGS__);	\
		report(!strcmp(buf_, want) && n_ == (int)strlen(want),	\
		       "%s -> '%s'", #__VA_ARGS__, buf_);		\
	} while (0)

static void test_printf(void)
{
	char small[4];
	int n;

	report_prefix_push("printf");
	CHECK_FMT("-42 42", "%d %u", -42, 42u);
	CHECK_FMT("ff FF deadbeefcafe", "%x %X %lx", 255u, 255u, 0xdeadbeefcafeul);
	CHECK_FMT("18446744073709551615", "%llu", ~0ull);
	CHECK_FMT("-9223372036854775808", "%ld", (long)(1ul << 63));
	CHECK_FMT("[  7][007][7  ][-07]", "[%3d][%03d][%-3d][%03d]", 7, 7, 7, -7);
	CHECK_FMT("[ab   ][  ab]c%", "[%-5s][%4s]%c%%", "ab", "ab", 'c');
	CHECK_FMT("0x1000 (null)", "%p %s", (void *)0x1000, (char *)NULL);
	CHECK_FMT("00000000000000ab", "%016lx", 0xabul);
	n = snprintf(small, sizeof(small), "%s", "truncated");
	report(n == 9 && !strcmp(small, "tru"), "truncation keeps the length");
	report_prefix_pop();
}

static void test_numbers(void)
{
	char *end;

	report_prefix_push("strtoul");
	report(strtoul("1234", &end, 0) == 1234 && !*end, "decimal");
	report(strtoul("0x1F", &end, 0) == 31 && !*end, "hex with 0x");
	report(strtoul("ff", &end, 16) == 255 && !*end, "hex, base 16");
	report(strtoul("017", &end, 0) == 15 && !*end, "octal");
	report(strtoul("12ab", &end, 10) == 12 && !strcmp(end, "ab"), "stops at a non-digit");
	report(atoi("-17") == -17 && atoi("  5") == 5, "atoi");
	report_prefix_pop();
}

static void test_args(void)
{
	char line[] = "  img.elf  a bb   ccc ";
	char *argv[5];
	unsigned long v;
	int argc;

	report_prefix_push("args");
	argc = args__split(line, argv, 4);
	report(argc == 4 && !strcmp(argv[0], "img.elf") && !strcmp(argv[1], "a") &&
	       !strcmp(argv[2], "bb") && !strcmp(argv[3], "ccc") && !argv[4],
	       "split on runs of spaces (%d args)", argc);
	report(args__ulong(argc, argv, 7, 99, &v) && v == 99, "absent argument gives the default");
	argv[1] = "0x10";
	report(args__ulong(argc, argv, 1, 0, &v) && v == 16, "numeric argument");
	report_prefix_pop();
}

static void test_strings(void)
{
	char a[8], b[8];

	report_prefix_push("string");
	memset(a, 'x', sizeof(a));
	memcpy(b, a, sizeof(b));
	report(!memcmp(a, b, sizeof(a)) && a[7] == 'x', "memset, memcpy, memcmp");
	report(strlen("abc") == 3 && strlen("") == 0, "strlen");
	report(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && !strcmp("x", "x"), "strcmp");
	report(strchr("hello", 'l') && *strchr("hello", 'l') == 'l' && !strchr("hello", 'z'),
	       "strchr");
	report_prefix_pop();
}

static void test_alloc(void)
{
	u8 *p = alloc__page(), *q = alloc__pages(3), *r = alloc__page();
	u64 end = setup__boot_info()->mem_end;

	report_prefix_push("alloc");
	report(p && !((u64)p % PAGE_SIZE) && q == p + PAGE_SIZE &&
	       r == q + 3 * PAGE_SIZE, "page-aligned and consecutive");
	if (end)
		report(!alloc__pages(end / PAGE_SIZE), "refuses more than RAM");
	else
		report_skip("RAM size unknown under this entry");
	report_prefix_pop();
}

int main(int argc, char **argv)
{
	report_prefix_push("libtest");
	test_printf();
	test_numbers();
	test_args();
	test_strings();
	test_alloc();
	report_prefix_pop();
	return report_summary();
}
