/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/output.c: opening and writing turtle's output files. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l0/observe/output.h"

int output__std_fd(const char *path)
{
	unsigned long n;
	char *end;

	if (!strcmp(path, "/dev/stdout"))
		return STDOUT_FILENO;
	if (!strcmp(path, "/dev/stderr"))
		return STDERR_FILENO;
	if (strncmp(path, "/dev/fd/", 8) || path[8] < '0' || path[8] > '9')
		return -1;
	errno = 0;
	n = strtoul(path + 8, &end, 10);
	return errno || *end || n > INT_MAX ? -1 : (int)n;
}

int output__open(const char *what, const char *path, struct error *err)
{
	int std = output__std_fd(path), fd;

	if (std >= 0)
		fd = fcntl(std, F_DUPFD_CLOEXEC, 3);
	else
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);
	if (fd < 0)
		return error__set(err, "%s '%s': %s", what, path, strerror(errno));
	return fd;
}

FILE *output__fopen(const char *what, const char *path, struct error *err)
{
	int fd = output__open(what, path, err);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f) {
		error__set(err, "%s '%s': %s", what, path, strerror(errno));
		close(fd);
	}
	return f;
}

int output__write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* Someone else's O_NONBLOCK on a shared descriptor. */
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct serial_sink {
	struct output_serial s;
	bool failed;
};

static ssize_t serial_write(void *cookie, const char *buf, size_t len)
{
	struct serial_sink *k = cookie;

	if (k->failed || !output__write_all(k->s.fd, buf, len))
		return (ssize_t)len;
	k->failed = true;
	if (errno == EPIPE && k->s.broken_pipe && k->s.broken_pipe(k->s.opaque))
		return (ssize_t)len;
	if (!k->s.quiet) {
		fprintf(stderr, "turtle: warning: serial '%s': write failed: %s; further output is dropped\n",
			k->s.name, strerror(errno));
	}
	/* Taken as written: the stream stays usable and the guest runs on. */
	return (ssize_t)len;
}

static int serial_close(void *cookie)
{
	struct serial_sink *k = cookie;

	if (k->s.own)
		close(k->s.fd);
	free(k);
	return 0;
}

FILE *output__serial(const struct output_serial *s, bool line_buffered)
{
	cookie_io_functions_t io = { .write = serial_write, .close = serial_close };
	struct serial_sink *k = calloc(1, sizeof(*k));
	FILE *f;

	if (!k)
		return NULL;
	k->s = *s;
	f = fopencookie(k, "w", io);
	if (!f) {
		free(k);
		return NULL;
	}
	if (line_buffered)
		setvbuf(f, NULL, _IOLBF, 0);
	return f;
}
