/* l0/trace.h: `--trace FILE`, one JSON object per exit per line.
 *
 * Buffered (a line per exit at ~6 us per exit would otherwise dominate);
 * trace__close flushes, and main calls it on every way out.
 */
#ifndef L0__TRACE_H
#define L0__TRACE_H

#include <stdint.h>
#include <stdio.h>

#include <linux/kvm.h>

#include "l0/error.h"

struct trace {
	FILE *f;		/* NULL: tracing off */
	uint64_t seq;
	char *buf;
};

int trace__open(struct trace *t, const char *path, struct error *err);
/* After the exit was handled, so an IN or RDMSR line carries the value read. */
void trace__exit(struct trace *t, unsigned level, const struct kvm_run *run);
int trace__close(struct trace *t);

#endif /* L0__TRACE_H */
