/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_reasons.c: names and host status of exit reasons. */
#include <stddef.h>

#include "exit-forwarder/exit_reasons.h"

const char *exit_reason__name(unsigned basic_reason)
{
	switch (basic_reason) {
#define X(num, name, ...) case num: return #name;
#include "exit-forwarder/exit_reasons.def"
#undef X
	}
	return NULL;
}

enum exit_reason_host exit_reason__host(unsigned basic_reason)
{
	switch (basic_reason) {
#define X(num, name, host, ...) case num: return HOST_##host;
#include "exit-forwarder/exit_reasons.def"
#undef X
	}
	return HOST_NEVER;
}
