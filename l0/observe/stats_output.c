/* l0/observe/stats_output.c: where the stats document goes: a file written
 * atomically (a reader never sees half a document, also when turtle is
 * killed mid-write), or a table on stderr for `--stats -`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l0/observe/stats.h"

int stats__write_file(json_t *doc, const char *path, struct error *err)
{
	size_t len = strlen(path) + 32;
	char *tmp = malloc(len);
	FILE *f;
	int ok;

	if (!tmp)
		return error__set(err, "stats '%s': out of memory", path);
	snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		error__set(err, "stats '%s': %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0;
	ok &= fputc('\n', f) != EOF;
	ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path)) {
		error__set(err, "stats '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
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
