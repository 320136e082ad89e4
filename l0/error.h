/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/error.h: errors as values.
 *
 * Functions that can fail fill a struct error with one human-readable line
 * naming what is wrong and return -1; only l0/main.c decides to print it
 * (as "turtle: <msg>") and to die.
 */
#ifndef L0__ERROR_H
#define L0__ERROR_H

#define ERROR__MSG_MAX 256

struct error {
	char msg[ERROR__MSG_MAX];
};

/* Format the message; always returns -1 so callers can `return error__set(...)`. */
int error__set(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* L0__ERROR_H */
