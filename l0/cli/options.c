/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cli/options.c: parse `turtle [--help|--version] run [options] IMAGE [-- ARGS...]`. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "l0/cli/options.h"
#include "l0/exit_status.h"
#include "l0/engine/engine.h"
#include "l0/cli/version.h"

struct option_desc {
	const char *name;
	char letter;
	const char *metavar;
	const char *help;
};

static const struct option_desc option_descs[OPTION__COUNT] = {
#define X(id, name, letter, metavar, help) [OPTION_##id] = { name, letter, metavar, help },
#include "l0/cli/options.def"
#undef X
};

/* "[=yes|no]": the value may only follow '=' and may be left out. */
static bool optional_value(const struct option_desc *d)
{
	return d->metavar && !strncmp(d->metavar, "[=", 2);
}

static int parse_switch(const char *name, const char *val, enum options_switch *out,
			struct error *err)
{
	if (!val || !strcmp(val, "yes"))
		*out = OPTIONS__ON;
	else if (!strcmp(val, "no"))
		*out = OPTIONS__OFF;
	else
		return error__set(err, "--%s=%s: expected yes or no", name, val);
	return 0;
}

int options__parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned shift = 0;
	char *end;

	/* strtoull accepts leading blanks and a sign; a size has neither. */
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case '\0':				break;
	case 'k': case 'K':	shift = 10;	end++; break;
	case 'm': case 'M':	shift = 20;	end++; break;
	case 'g': case 'G':	shift = 30;	end++; break;
	default:		return -1;
	}
	if (*end != '\0' || v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/* Decimal seconds: digits with at most one '.', e.g. "5", "0.5", ".25".
 * strtod alone would also take "0x10", "1e3", "inf" and blanks. */
static int parse_seconds(const char *s, uint64_t *ns)
{
	static const char digits[] = "0123456789";
	const char *p = s;
	size_t n;
	char *end;
	double v;

	if (!s)
		return -1;
	n = strspn(p, digits);
	p += n;
	if (*p == '.') {
		size_t frac = strspn(++p, digits);

		n += frac;
		p += frac;
	}
	if (*p || !n)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v <= 0 || v > 1e9)
		return -1;
	*ns = (uint64_t)(v * 1e9);
	return *ns ? 0 : -1;
}

/* "--name", "--name=value" or "-q": which option, and an inline value. */
static int lookup(const char *arg, const char **inline_val)
{
	size_t len;
	int i;

	*inline_val = NULL;
	if (arg[0] == '-' && arg[1] != '-' && arg[1] && !arg[2]) {
		for (i = 0; i < OPTION__COUNT; i++)
			if (option_descs[i].letter == arg[1])
				return i;
		return -1;
	}
	if (strncmp(arg, "--", 2))
		return -1;
	arg += 2;
	len = strcspn(arg, "=");
	for (i = 0; i < OPTION__COUNT; i++) {
		if (strlen(option_descs[i].name) != len || strncmp(option_descs[i].name, arg, len))
			continue;
		if (arg[len] == '=')
			*inline_val = arg + len + 1;
		return i;
	}
	return -1;
}

static int add_module(struct options *o, const char *spec, struct error *err)
{
	struct option_module *m;
	const char *eq = strchr(spec, '=');
	size_t flen = eq ? (size_t)(eq - spec) : strlen(spec);

	if (o->nr_modules == OPTIONS__MAX_MODULES)
		return error__set(err, "too many --module options (at most %d)", OPTIONS__MAX_MODULES);
	if (!flen)
		return error__set(err, "--module '%s': missing file name", spec);
	m = &o->modules[o->nr_modules];
	m->file = strndup(spec, flen);
	m->args = eq ? strdup(eq + 1) : NULL;
	if (!m->file || (eq && !m->args)) {
		free(m->file);
		free(m->args);
		return error__set(err, "out of memory");
	}
	o->nr_modules++;
	return 0;
}

/* --smp N: a decimal count of level-1 vCPUs. */
static int parse_smp(const char *val, unsigned *out, struct error *err)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(val, &end, 10);
	if (!isdigit((unsigned char)val[0]) || *end || errno)
		return error__set(err, "--smp '%s': not a number of vCPUs", val);
	if (n < 1 || n > OPTIONS__SMP_MAX)
		return error__set(err, "--smp %s: out of range (1..%d)", val, OPTIONS__SMP_MAX);
	*out = (unsigned)n;
	return 0;
}

static int set_value(struct options *o, enum option_id id, const char *val, struct error *err)
{
	switch (id) {
	case OPTION_MEM:
		if (options__parse_size(val, &o->mem))
			return error__set(err, "--mem '%s': not a size (use e.g. 256M)", val);
		if (o->mem < OPTIONS__MEM_MIN)
			return error__set(err, "--mem %s: too small (at least 2M)", val);
		if (o->mem > OPTIONS__MEM_MAX)
			return error__set(err, "--mem %s: too large (at most 3G)", val);
		if (o->mem & 0xfff)
			return error__set(err, "--mem %s: not a multiple of 4K", val);
		return 0;
	case OPTION_SMP:
		return parse_smp(val, &o->smp, err);
	case OPTION_MODULE:
		return add_module(o, val, err);
	case OPTION_STATS:		o->stats = val;		return 0;
	case OPTION_TRACE:		o->trace = val;		return 0;
	case OPTION_SERIAL:		o->serial = val;	return 0;
	case OPTION_KVM_DEVICE:		o->kvm_device = val;	return 0;
	case OPTION_ENGINE:
	case OPTION_L1_ENGINE:
		o->engine = id == OPTION_L1_ENGINE && !strcmp(val, "auto") ? ENGINE_TCG
									   : engine__parse(val);
		if (o->engine < 0)
			return error__set(err, "--%s '%s': not an engine (kvm or tcg%s)",
					  option_descs[id].name, val,
					  id == OPTION_L1_ENGINE ? ", or auto" : "");
		return 0;
	case OPTION_TIMEOUT:
		if (parse_seconds(val, &o->timeout_ns))
			return error__set(err, "--timeout '%s': not a positive decimal number of seconds", val);
		return 0;
	case OPTION_QUIET:		o->quiet = true;	return 0;
	case OPTION_QEMU_EXIT_CODES:	o->qemu_exit_codes = true; return 0;
	case OPTION_EXPLAIN_VMFAIL:
		return parse_switch(option_descs[id].name, val, &o->explain_vmfail, err);
	case OPTION_HELP:
	case OPTION__COUNT:
		break;
	}
	return 0;
}

/* Options may stand before or after IMAGE (as in the documented
 * "turtle run IMAGE --module FILE"); everything after "--" is the guest's. */
static int parse_run(struct options *o, int argc, char **argv, struct error *err)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val;
		int id;

		if (!strcmp(arg, "--")) {
			o->args = argv + i + 1;
			o->nr_args = argc - i - 1;
			break;
		}
		if (arg[0] != '-' || !arg[1]) {
			if (o->image)
				return error__set(err, "unexpected '%s' after IMAGE '%s' (guest arguments go after --)",
						  arg, o->image);
			o->image = arg;
			continue;
		}
		id = lookup(arg, &val);
		if (id < 0)
			return error__set(err, "unknown option '%s' (try 'turtle run --help')", arg);
		if (id == OPTION_HELP)
			return OPTIONS__RUN_HELP;
		if (!option_descs[id].metavar) {
			if (val)
				return error__set(err, "option '--%s' takes no value", option_descs[id].name);
		} else if (!val && !optional_value(&option_descs[id])) {
			if (++i == argc)
				return error__set(err, "option '%s' needs a value (%s)", arg,
						  option_descs[id].metavar);
			val = argv[i];
		}
		if (set_value(o, id, val, err))
			return -1;
	}
	if (!o->image)
		return error__set(err, "missing IMAGE (try 'turtle run --help')");
	return OPTIONS__RUN;
}

int options__parse(struct options *o, int argc, char **argv, struct error *err)
{
	memset(o, 0, sizeof(*o));
	o->mem = OPTIONS__MEM_DEFAULT;
	o->smp = 1;
	o->serial = "stdio";
	o->kvm_device = "/dev/kvm";
	o->engine = ENGINE_TCG;	/* docs/engines.md: why tcg runs L1 by default */

	if (argc < 2)
		return error__set(err, "missing command (try 'turtle --help')");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return OPTIONS__HELP;
	if (!strcmp(argv[1], "--version"))
		return OPTIONS__VERSION;
	if (strcmp(argv[1], "run"))
		return error__set(err, "unknown command '%s' (try 'turtle --help')", argv[1]);
	return parse_run(o, argc - 2, argv + 2, err);
}

void options__release(struct options *o)
{
	unsigned i;

	for (i = 0; i < o->nr_modules; i++) {
		free(o->modules[i].file);
		free(o->modules[i].args);
	}
	o->nr_modules = 0;
}

static const char exit_status_help[] =
	"Exit status (as timeout(1) and env(1)):\n"
	"  N        the value the guest wrote to the debug-exit port 0xf4\n"
	"           ((N << 1) | 1 with --qemu-exit-codes)\n"
#define STATUS_HELP(name, status, help) "  " #status "      " help "\n"
	TURTLE_STATUSES(STATUS_HELP)
#undef STATUS_HELP
	"  128+N    stopped by signal N (SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM),\n"
	"           after writing stats and trace\n";

void options__print_help(FILE *f, bool run_only)
{
	int i;

	if (!run_only)
		fprintf(f, "turtle %s: nested virtualization over Linux KVM\n\n"
			"Usage: turtle --help | --version\n"
			"       turtle run [options] IMAGE [-- ARGS...]\n\n"
			"Commands:\n"
			"  run      boot IMAGE (Multiboot v1 ELF32/ELF64) as the guest; its command\n"
			"           line is IMAGE's basename followed by ARGS\n\n", TURTLE_VERSION);
	else
		fprintf(f, "Usage: turtle run [options] IMAGE [-- ARGS...]\n\n");
	fprintf(f, "Options of run:\n");
	for (i = 0; i < OPTION__COUNT; i++) {
		const struct option_desc *d = &option_descs[i];
		const char *sep = optional_value(d) ? "" : " ";
		char head[48];

		if (d->letter)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", d->letter, d->name, sep,
				 d->metavar ? d->metavar : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", d->name, sep,
				 d->metavar ? d->metavar : "");
		fprintf(f, "  %-28s %s\n", head, d->help);
	}
	fprintf(f, "\n%s", exit_status_help);
}
