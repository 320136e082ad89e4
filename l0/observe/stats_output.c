/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/stats_output.c: where the stats document goes: a regular file
 * replaced atomically (a reader never sees half a document, also when
 * turtle is killed mid-write), anything else written in place, or a table
 * on stderr for `--stats -`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "l0/observe/output.h"
#include "l0/observe/stats.h"

/* A temporary file beside PATH, renamed over it. */
static int write_replace(const char *text, size_t len, const char *path, struct error *err)
{
	size_t tlen = strlen(path) + 32;
	char *tmp = malloc(tlen);
	int fd, ok;

	if (!tmp)
		return error__set(err, "stats '%s': out of memory", path);
	snprintf(tmp, tlen, "%s.tmp.%ld", path, (long)getpid());
	/* Never through what a crashed run (same pid) or someone else left. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0666);
	if (fd < 0) {
		error__set(err, "stats '%s': %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = !output__write_all(fd, text, len) && !fsync(fd);
	ok &= !close(fd);
	if (!ok || rename(tmp, path)) {
		error__set(err, "stats '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* A device, FIFO, symlink or descriptor: opened and written as it is,
 * never created or replaced.  Opening does not wait for a FIFO's reader:
 * the run is over and nobody may be coming. */
static int write_in_place(const char *text, size_t len, const char *path, struct error *err)
{
	int std = output__std_fd(path), fd;
	struct stat sb;

	if (std >= 0)
		fd = fcntl(std, F_DUPFD_CLOEXEC, 3);
	else
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		if (e == ENXIO && !stat(path, &sb) && S_ISFIFO(sb.st_mode))
			return error__set(err, "stats '%s': a FIFO with no reader", path);
		return error__set(err, "stats '%s': %s", path, strerror(e));
	}
	if (std < 0 && (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) ||
			(!fstat(fd, &sb) && S_ISREG(sb.st_mode) && ftruncate(fd, 0)))) {
		error__set(err, "stats '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (output__write_all(fd, text, len)) {
		error__set(err, "stats '%s': write: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) && std < 0)
		return error__set(err, "stats '%s': %s", path, strerror(errno));
	return 0;
}

int stats__write_file(json_t *doc, const char *path, struct error *err)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	size_t len;
	struct stat sb;
	bool replace;
	int rc;

	if (!text)
		return error__set(err, "stats '%s': out of memory", path);
	len = strlen(text);
	text[len] = '\n';	/* over the terminating NUL: the length is known */
	/* A regular file, or nothing yet: the path itself, not a symlink. */
	replace = output__std_fd(path) < 0 &&
		  (lstat(path, &sb) ? errno == ENOENT : S_ISREG(sb.st_mode));
	rc = replace ? write_replace(text, len + 1, path, err)
		     : write_in_place(text, len + 1, path, err);
	free(text);
	return rc;
}

/* One line per scalar, its dotted path aligned left of the value. */
static void print_flat(json_t *v, char *path, size_t used, size_t cap, FILE *f)
{
	const char *key;
	json_t *child;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, child) {
			int n = snprintf(path + used, cap - used, "%s%s", used ? "." : "", key);

			if (n > 0 && (size_t)n < cap - used)
				print_flat(child, path, used + n, cap, f);
			path[used] = '\0';
		}
		break;
	case JSON_INTEGER:
		fprintf(f, "  %-44s %" JSON_INTEGER_FORMAT "\n", path, json_integer_value(v));
		break;
	case JSON_STRING:
		fprintf(f, "  %-44s %s\n", path, json_string_value(v));
		break;
	case JSON_REAL:		/* the nested ratios (turtle-stats/2) */
		fprintf(f, "  %-44s %.3f\n", path, json_real_value(v));
		break;
	case JSON_ARRAY:
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL:
		break;		/* the schema has none */
	}
}

void stats__print_table(json_t *doc, FILE *f)
{
	char path[256] = "";

	fprintf(f, "turtle stats\n");
	print_flat(doc, path, 0, sizeof(path), f);
}
