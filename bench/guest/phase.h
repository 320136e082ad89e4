/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lines a bench guest prints around each timed phase, read back by
 * bench/lib/Bench/Guest.pm:
 *   bench: begin PHASE
 *   bench: end PHASE ops=<20 digits> tsc=<20 digits> check=<16 hex>
 * The numbers have a fixed width so that a run with N = 0 prints exactly as
 * many characters as one with N > 0: the driver subtracts the exit counts of
 * the two to get exits per operation, and every character printed is two
 * exits (testvms/README.md).  The "begin" line lets a driver that reads the
 * serial stream as it comes (Bochs, whose TSC is virtual) time the phase
 * with the host clock.
 */
#ifndef BENCH__PHASE_H
#define BENCH__PHASE_H

#include "testvms/lib/types.h"

void phase__begin(const char *phase);
/* t0: the TSC read just after phase__begin(). */
void phase__end(const char *phase, u64 ops, u64 t0, u64 check);

#endif
