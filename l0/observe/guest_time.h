/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/guest_time.h: the vCPU thread's time split into guest code
 * and L0's own.  The engines call guest_time__enter/exit around the part
 * of their run that is guest code (KVM_RUN, uc_emu_start), so that L0's
 * time is what lies between; the run loop starts and ends the count and
 * marks level switches (L0's CPU time from one level's exit to the other's
 * entry). */
#ifndef L0__OBSERVE__GUEST_TIME_H
#define L0__OBSERVE__GUEST_TIME_H

#include "l0/observe/stats.h"

void guest_time__start(void);
void guest_time__enter(struct level_stats *st, struct stats_nested *nested);
void guest_time__exit(struct level_stats *st);
void guest_time__switched(void);
void guest_time__end(struct level_stats *st);
/* Whether this thread is in guest code now (between enter and exit). */
bool guest_time__inside(void);

#endif /* L0__OBSERVE__GUEST_TIME_H */
