/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line splitting and numeric arguments (see args.h). */
#include "testvms/lib/args.h"
#include "testvms/lib/libc.h"
#include "testvms/lib/report.h"

int args__split(char *line, char **args, int max)
{
	int argc = 0;

	while (argc < max) {
		while (*line == ' ')
			line++;
		if (!*line)
			break;
		args[argc++] = line;
		while (*line && *line != ' ')
			line++;
		/* Terminate each word now: the loop may stop at max. */
		if (*line)
			*line++ = '\0';
	}
	args[argc] = NULL;
	return argc;
}

bool args__ulong(int argc, char **argv, int i, unsigned long def,
		 unsigned long *out)
{
	char *end;

	*out = def;
	if (i >= argc)
		return true;
	*out = strtoul(argv[i], &end, 0);
	if (end != argv[i] && !*end)
		return true;
	report(false, "argument %d ('%s') is a number", i, argv[i]);
	return false;
}
