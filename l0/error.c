/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/error.c: struct error helpers. */
#include <stdarg.h>
#include <stdio.h>

#include "l0/error.h"

int error__set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}
