/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line arguments: "IMAGE ARGS..." split on spaces, no quoting. */
#ifndef TESTVMS__ARGS_H
#define TESTVMS__ARGS_H

#include "testvms/lib/types.h"

/* Splits line in place; returns argc (<= max), args[argc] = NULL. */
int args__split(char *line, char **args, int max);

/*
 * argv[i] as an unsigned number (decimal, or 0x... hex), def if absent.
 * A malformed argument is a FAIL through report() and returns false.
 */
bool args__ulong(int argc, char **argv, int i, unsigned long def,
		 unsigned long *out);

#endif
