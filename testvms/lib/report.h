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
/* Prints the summary; returns 0 if nothing failed, else 1. */
int report_summary(void);

#endif
