/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/cli/options.h: command line of the turtle binary.
 *
 * Parsing is a pure function over argv (no I/O, no exit), so every accepted
 * and rejected spelling is unit-tested; the option list is options.def.
 */
#ifndef L0__OPTIONS_H
#define L0__OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "l0/error.h"

#define OPTIONS__MAX_MODULES 32
#define OPTIONS__MEM_DEFAULT (256ull << 20)
#define OPTIONS__MEM_MIN     (2ull << 20)
/* One memslot below the 32-bit PCI hole keeps the guest physical map flat. */
#define OPTIONS__MEM_MAX     (3ull << 30)
/* The machine's level-1 vCPUs (l0/platform/platform.h PLATFORM__MAX_CPUS). */
#define OPTIONS__SMP_MAX     16

enum option_id {
#define X(id, name, letter, metavar, help) OPTION_##id,
#include "l0/cli/options.def"
#undef X
	OPTION__COUNT
};

/* An option that is on, off, or left to turtle (e.g. "is stderr a terminal"). */
enum options_switch {
	OPTIONS__AUTO,
	OPTIONS__ON,
	OPTIONS__OFF,
};

struct option_module {
	char *file;		/* path as given */
	char *args;		/* text after '=', or NULL */
};

struct options {
	uint64_t mem;
	unsigned smp;		/* level-1 vCPUs */
	struct option_module modules[OPTIONS__MAX_MODULES];
	unsigned nr_modules;
	const char *stats;	/* NULL: none, "-": table on stderr */
	const char *trace;
	uint64_t timeout_ns;	/* 0: no timeout */
	const char *serial;	/* "stdio", "none" or a path */
	const char *kvm_device;
	int engine;		/* enum engine_kind of level 1 */
	bool quiet;
	bool qemu_exit_codes;
	enum options_switch explain_vmfail;
	const char *image;
	char **args;		/* guest arguments after "--" */
	int nr_args;
};

enum options_command {
	OPTIONS__RUN,
	OPTIONS__HELP,		/* turtle --help */
	OPTIONS__RUN_HELP,	/* turtle run --help */
	OPTIONS__VERSION,
};

/* Fill *o from argv; returns an options_command, or -1 with err set. */
int options__parse(struct options *o, int argc, char **argv, struct error *err);
/* Free what options__parse allocated (module strings). */
void options__release(struct options *o);
/* "256M" -> 268435456; -1 on garbage, a bad suffix or overflow. */
int options__parse_size(const char *s, uint64_t *out);
/* Help texts, generated from options.def. */
void options__print_help(FILE *f, bool run_only);

#endif /* L0__OPTIONS_H */
