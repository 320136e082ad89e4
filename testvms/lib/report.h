/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test reporting: one line per check, "PASS: prefix: message" or
 * "FAIL: ...", and a closing "SUMMARY: N tests, M failures" whose status
 * the image hands to exit().
 */
#ifndef TESTVMS__REPORT_H
#define TESTVMS__REPORT_H

#include "testvms/lib/types.h"

void report_prefix_push(const char *prefix);
void report_prefix_pop(void);
void report(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * A check with a known failure (kvm-unit-tests' report_kfail): when pass
 * is false and kfail is true the line reads "KFAIL: ..." and counts as a
 * known failure, not a failure; otherwise it is report(pass, ...).  For a
 * reference platform that is known to deviate from the specification.
 */
void report_kfail(bool kfail, bool pass, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints the summary ("SUMMARY: N tests, M failures[, K known failures]
 * [, S skipped]"); returns 0 if nothing failed, else 1. */
int report_summary(void);

#endif
