/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/exit_status.h: turtle's own exit statuses, the one list (`--help` and
 * docs/cli.md say them); below them the guest's, above 128 a signal's, as
 * timeout(1) and env(1) do. */
#ifndef L0__EXIT_STATUS_H
#define L0__EXIT_STATUS_H

/* X(NAME, status, help: what it means, wrapped for --help) */
#define TURTLE_STATUSES(X) \
	X(CRASH, 123, "the guest died without exiting (triple fault, halt with no\n" \
		      "           wake-up source, KVM internal error); registers on stderr") \
	X(TIMEOUT, 124, "--timeout expired") \
	X(ERROR, 125, "turtle itself failed (usage or runtime error, one line on stderr)")

enum turtle_status {
#define TURTLE_STATUS_ENUM(name, status, help) TURTLE_STATUS_##name = status,
	TURTLE_STATUSES(TURTLE_STATUS_ENUM)
#undef TURTLE_STATUS_ENUM
};

#endif /* L0__EXIT_STATUS_H */
