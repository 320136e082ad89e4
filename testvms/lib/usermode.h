/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running a function at CPL3 and coming back.
 *
 * usermode__call() enters fn(arg) at CPL3 with IRETQ on a private user
 * stack, IF = 0.  fn returns to a trampoline that executes INT3 (the one
 * software interrupt this host delivers from CPL3, see host-facts.md); the
 * #BP handler recognises it and unwinds to the caller.  Any other exception
 * at CPL3 ends the call the same way and is reported as its vector.
 */
#ifndef TESTVMS__USERMODE_H
#define TESTVMS__USERMODE_H

#include "testvms/lib/desc.h"

typedef u64 (*usermode_fn)(u64 arg);

/* Returns NO_EXCEPTION and *ret = fn(arg), or the vector fn raised. */
int usermode__call(usermode_fn fn, u64 arg, u64 *ret);

/* For exception__handle(): an exception taken at CPL3. */
bool usermode__is_return(const struct ex_regs *regs);
void usermode__trap(struct ex_regs *regs) __attribute__((noreturn));

#endif
