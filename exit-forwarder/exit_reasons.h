/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_reasons.h: basic exit reasons from exit_reasons.def. */
#ifndef EXIT_FORWARDER__EXIT_REASONS_H
#define EXIT_FORWARDER__EXIT_REASONS_H

enum exit_reason {
#define X(num, name, ...) EXIT_REASON_##name = num,
#include "exit-forwarder/exit_reasons.def"
#undef X
};

/* The highest basic reason in the list: a union of one array per reason,
 * each one longer than its number, is as large as the largest. */
union exit_reason_span {
#define X(num, name, ...) char name[num + 1];
#include "exit-forwarder/exit_reasons.def"
#undef X
};
#define EXIT_REASON_MAX ((unsigned)sizeof(union exit_reason_span) - 1)
#define EXIT_REASON_ENTRY_FAILURE (1u << 31)  /* SDM 25.9.1: bit 31 of the exit reason */

enum exit_reason_host { HOST_KVM_EXIT, HOST_SYNTH, HOST_ABSORBED, HOST_NEVER };

/* "EPT_VIOLATION"; NULL for a number not in the list. */
const char *exit_reason__name(unsigned basic_reason);
/* How such an L2 event reaches L0 on this host; HOST_NEVER when unknown. */
enum exit_reason_host exit_reason__host(unsigned basic_reason);

#endif /* EXIT_FORWARDER__EXIT_REASONS_H */
