/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/trace.h: `--trace FILE`, one JSON object per exit per line, and one
 * per failed VM entry of L1 (docs/cli.md has the format).
 *
 * Buffered (a line per exit at ~6 us per exit would otherwise dominate);
 * trace__close flushes, and main calls it on every way out.
 */
#ifndef L0__TRACE_H
#define L0__TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "l0/engine/engine.h"
#include "l0/error.h"
#include "vmcs-merge/entry_check.h"

struct trace {
	FILE *f;		/* NULL: tracing off */
	const char *path;
	uint64_t seq;
	char *buf;
};

int trace__open(struct trace *t, const char *path, struct error *err);

/* After the event was handled, so an IN or RDMSR line carries the value
 * read. */
void trace__event(struct trace *t, unsigned level, enum engine_kind engine, uint64_t rip,
		  const struct engine_event *ev);
/* A failed VMLAUNCH/VMRESUME (insn) of L1: written while L0 handles the
 * trap, so it comes before that exit's own line. */
void trace__entry_check(struct trace *t, unsigned level, const char *insn,
			const struct entry_check_result *r);
/* Flush and close; -1 with err (if not NULL) naming the file when any
 * write failed, during the run or now. */
int trace__close(struct trace *t, struct error *err);

#endif /* L0__TRACE_H */
