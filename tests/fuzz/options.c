/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/options.c: turtle's command line (l0/cli/options.c) over any
 * argv, freed as l0/main.c frees it.  Findings beyond the sanitizers' (a
 * leak included): an error without its message, a run accepted without
 * IMAGE, with --mem outside 2M..3G or not a multiple of 4K, or with more
 * modules than OPTIONS__MAX_MODULES.
 *
 * Input: the arguments after "turtle", each ended by a NUL byte. */
#include "tests/fuzz/fuzz.h"
#include "l0/cli/options.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2] = { "turtle" };
	struct options o;
	struct error err = { "" };
	int argc = 1, rc;

	memcpy(buf, data, size);
	buf[size] = 0;
	for (char *p = buf; p < buf + size && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	rc = options__parse(&o, argc, argv, &err);
	FUZZ_ASSERT(rc >= 0 || err.msg[0]);
	if (rc == OPTIONS__RUN) {
		FUZZ_ASSERT(o.image && o.nr_modules <= OPTIONS__MAX_MODULES);
		FUZZ_ASSERT(o.mem >= OPTIONS__MEM_MIN && o.mem <= OPTIONS__MEM_MAX && !(o.mem & 0xfff));
	}
	options__release(&o);
	free(buf);
	return 0;
}
