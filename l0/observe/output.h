/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/output.h: where turtle's outputs go (--stats, --trace,
 * --serial), one rule for all of them (docs/cli.md, "Output files").
 *
 * /dev/stdout, /dev/stderr and /dev/fd/N name a descriptor turtle already
 * has: it is written at its own offset, never reopened, truncated or
 * replaced.  A write error is a value here; what it means (a warning, a
 * stop, status 125) is decided by the caller.
 */
#ifndef L0__OUTPUT_H
#define L0__OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "l0/error.h"

/* The descriptor PATH names if it is /dev/stdout, /dev/stderr or
 * /dev/fd/N, else -1. */
int output__std_fd(const char *path);

/* A new descriptor to write PATH: a dup of output__std_fd(PATH), or PATH
 * opened (created, truncated, symlinks followed).  A FIFO waits for its
 * reader, as a shell's '>' does.  -1 with err "WHAT 'PATH': why". */
int output__open(const char *what, const char *path, struct error *err);
/* The same as a stdio stream. */
FILE *output__fopen(const char *what, const char *path, struct error *err);

/* Write all len bytes (a short write, EINTR and a non-blocking descriptor
 * are handled); 0, or -1 with errno. */
int output__write_all(int fd, const void *buf, size_t len);

/* The guest's serial output: a stdio stream over fd (closed at fclose
 * when own).  A failed write is never an error of the stream: the first
 * one is reported, through broken_pipe(opaque) for EPIPE (the reader is
 * gone) if that returns true, else as one warning on stderr (unless
 * quiet), and from then on output is dropped. */
struct output_serial {
	int fd;
	bool own;
	bool quiet;
	const char *name;		/* for the warning */
	bool (*broken_pipe)(void *opaque);
	void *opaque;
};
FILE *output__serial(const struct output_serial *s, bool line_buffered);

#endif /* L0__OUTPUT_H */
