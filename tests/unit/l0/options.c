/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/options.c: command-line parsing, accepted and rejected. */
#include "l0/cli/options.h"
#include "tests/tap.h"

#define ARGV(...) ((char *[]){ "turtle", __VA_ARGS__, NULL })
#define ARGC(v) ((int)(sizeof(v) / sizeof(char *)) - 1)

static int parse(struct options *o, struct error *err, int argc, char **argv)
{
	err->msg[0] = '\0';
	return options__parse(o, argc, argv, err);
}

#define PARSE(o, err, ...) \
	parse(o, err, ARGC(ARGV(__VA_ARGS__)), ARGV(__VA_ARGS__))

struct size_row {
	const char *text;
	int ok;
	uint64_t want;
};

static const struct size_row sizes[] = {
	{ "4096", 0, 4096 }, { "2M", 0, 2ull << 20 }, { "256m", 0, 256ull << 20 },
	{ "3G", 0, 3ull << 30 }, { "64k", 0, 64 << 10 }, { "0", 0, 0 },
	{ "", -1, 0 }, { "M", -1, 0 }, { "12X", -1, 0 }, { "1MB", -1, 0 }, { "-1M", -1, 0 },
	{ " 1M", -1, 0 }, { "99999999999999999999", -1, 0 }, { "17179869184G", -1, 0 },
};

static void check_sizes(void)
{
	unsigned i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t v = 0;
		int rc = options__parse_size(sizes[i].text, &v);

		is_u64(rc, sizes[i].ok, "size '%s' %s", sizes[i].text, rc ? "rejected" : "accepted");
		if (!sizes[i].ok)
			is_u64(v, sizes[i].want, "size '%s' value", sizes[i].text);
	}
}

static void check_run(void)
{
	struct options o;
	struct error err;
	int rc;

	rc = PARSE(&o, &err, "run", "img.elf");
	is_u64(rc, OPTIONS__RUN, "run IMAGE");
	is_u64(o.mem, 256ull << 20, "default --mem 256M");
	is_str(o.serial, "stdio", "default --serial stdio");
	is_str(o.kvm_device, "/dev/kvm", "default --kvm-device");
	ok(!o.stats && !o.trace && !o.timeout_ns && !o.quiet, "other defaults off");
	is_u64(o.smp, 1, "default --smp 1");

	rc = PARSE(&o, &err, "run", "--mem", "64M", "--mem=1G", "-q", "--qemu-exit-codes",
		   "--module", "dir/a.bin=x y", "--module=b.bin", "--stats", "-", "--trace=t.jsonl",
		   "--timeout", "1.5", "--serial", "none", "--kvm-device", "/dev/null",
		   "--smp", "16", "k.elf", "--", "a", "--mem", "b");
	is_u64(rc, OPTIONS__RUN, "all options (%s)", err.msg);
	is_u64(o.mem, 1ull << 30, "last --mem wins, --opt=value form");
	ok(o.quiet && o.qemu_exit_codes, "flags");
	is_u64(o.nr_modules, 2, "two modules");
	is_str(o.modules[0].file, "dir/a.bin", "module file before '='");
	is_str(o.modules[0].args, "x y", "module ARGS after '='");
	ok(o.modules[1].args == NULL, "module without ARGS");
	is_str(o.stats, "-", "--stats -");
	is_str(o.trace, "t.jsonl", "--trace");
	is_u64(o.timeout_ns, 1500000000ull, "--timeout 1.5 in ns");
	is_str(o.serial, "none", "--serial");
	is_str(o.kvm_device, "/dev/null", "--kvm-device");
	is_u64(o.smp, 16, "--smp 16");
	is_str(o.image, "k.elf", "IMAGE");
	is_u64(o.nr_args, 3, "guest arguments after --");
	is_str(o.args[1], "--mem", "options after -- belong to the guest");
	options__release(&o);

	/* --explain-vmfail: a switch with an automatic default. */
	rc = PARSE(&o, &err, "run", "x.elf");
	is_u64(o.explain_vmfail, OPTIONS__AUTO, "--explain-vmfail defaults to auto (a terminal decides)");
	options__release(&o);
	rc = PARSE(&o, &err, "run", "--explain-vmfail", "x.elf");
	is_u64(o.explain_vmfail, OPTIONS__ON, "--explain-vmfail alone is yes");
	options__release(&o);
	rc = PARSE(&o, &err, "run", "--explain-vmfail=no", "--explain-vmfail=yes", "x.elf");
	is_u64(o.explain_vmfail, OPTIONS__ON, "--explain-vmfail=yes, the last one wins");
	options__release(&o);
	rc = PARSE(&o, &err, "run", "--explain-vmfail=no", "x.elf");
	is_u64(o.explain_vmfail, OPTIONS__OFF, "--explain-vmfail=no");
	options__release(&o);
	rc = PARSE(&o, &err, "run", "--explain-vmfail=maybe", "x.elf");
	ok(rc < 0 && strstr(err.msg, "--explain-vmfail=maybe: expected yes or no"),
	   "--explain-vmfail=maybe is refused: '%s'", err.msg);

	/* The issue's own command line puts --module after IMAGE. */
	rc = PARSE(&o, &err, "run", "--stats", "s.json", "l1.elf", "--module", "l2.elf=7", "-q");
	is_u64(rc, OPTIONS__RUN, "options after IMAGE (%s)", err.msg);
	is_str(o.image, "l1.elf", "IMAGE between options");
	ok(o.nr_modules == 1 && !strcmp(o.modules[0].args, "7") && o.quiet && o.nr_args == 0,
	   "options after IMAGE are turtle's");
	options__release(&o);

	is_u64(parse(&o, &err, 1, ARGV(NULL)), (uint64_t)-1, "no command");
	ok(strstr(err.msg, "missing command") != NULL, "no command: '%s'", err.msg);
	is_u64(PARSE(&o, &err, "--help"), OPTIONS__HELP, "--help");
	is_u64(PARSE(&o, &err, "--version"), OPTIONS__VERSION, "--version");
	is_u64(PARSE(&o, &err, "run", "--help"), OPTIONS__RUN_HELP, "run --help");
	is_u64(PARSE(&o, &err, "run", "-h", "x"), OPTIONS__RUN_HELP, "run -h");
}

struct bad_row {
	char **argv;
	int argc;
	const char *msg;
};

#define BAD(msg, ...) { ARGV(__VA_ARGS__), ARGC(ARGV(__VA_ARGS__)), msg }

static void check_bad(void)
{
	const struct bad_row rows[] = {
		BAD("unknown command '--'", "--"),
		BAD("unknown command 'go'", "go"),
		BAD("missing IMAGE", "run"),
		BAD("unknown option '--bogus'", "run", "--bogus", "x.elf"),
		BAD("unknown option '-z'", "run", "-z", "x.elf"),
		BAD("--mem 'lots'", "run", "--mem", "lots", "x.elf"),
		BAD("--mem 1M: too small", "run", "--mem", "1M", "x.elf"),
		BAD("--mem 4G: too large", "run", "--mem", "4G", "x.elf"),
		BAD("not a multiple of 4K", "run", "--mem", "2049K", "x.elf"),
		BAD("needs a value", "run", "x.elf" , "--", "y", "--timeout"),
		BAD("'--timeout' needs a value", "run", "--timeout"),
		BAD("--timeout 'soon'", "run", "--timeout", "soon", "x.elf"),
		BAD("--timeout '0'", "run", "--timeout", "0", "x.elf"),
		BAD("--timeout '-1'", "run", "--timeout=-1", "x.elf"),
		BAD("missing file name", "run", "--module", "=args", "x.elf"),
		BAD("takes no value", "run", "--quiet=yes", "x.elf"),
		BAD("unexpected 'y' after IMAGE", "run", "x.elf", "y"),
		BAD("--smp 0: out of range (1..16)", "run", "--smp", "0", "x.elf"),
		BAD("--smp 17: out of range (1..16)", "run", "--smp=17", "x.elf"),
		BAD("--smp 'two': not a number of vCPUs", "run", "--smp", "two", "x.elf"),
		BAD("--smp '-1': not a number", "run", "--smp", "-1", "x.elf"),
		BAD("--smp '4x': not a number", "run", "--smp", "4x", "x.elf"),
		BAD("--smp '99999999999999999999': not", "run", "--smp", "99999999999999999999", "x.elf"),
	};
	unsigned i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct options o;
		struct error err;
		int rc = parse(&o, &err, rows[i].argc, rows[i].argv);

		/* "run x.elf -- y --timeout" is fine: that row checks the guest
		 * keeps its own options. */
		if (i == 9) {
			is_u64(rc, OPTIONS__RUN, "guest arguments are not parsed");
			options__release(&o);
			continue;
		}
		is_u64(rc, (uint64_t)-1, "rejected: %s", rows[i].msg);
		ok(strstr(err.msg, rows[i].msg) != NULL, "message '%s' contains '%s'", err.msg,
		   rows[i].msg);
		options__release(&o);
	}
}

static void check_help(void)
{
	char buf[8192] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	options__print_help(f, false);
	fclose(f);
	ok(strstr(buf, "--mem SIZE") != NULL, "help lists --mem from the table");
	ok(strstr(buf, "-q, --quiet") != NULL, "help shows short letters");
	ok(strstr(buf, "124") && strstr(buf, "125") && strstr(buf, "123"), "help documents exit statuses");
}

int main(void)
{
	check_sizes();
	check_run();
	check_bad();
	check_help();
	return done_testing();
}
