/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Block copy and fill as one string instruction each.  L1 runs at CPL0,
 * which this host's KVM emulates instruction by instruction
 * (host-facts.md): a REP MOVSB costs one emulation, the library's byte
 * loops several per byte.
 */
#ifndef L1_HV__REP_H
#define L1_HV__REP_H

#include "testvms/lib/types.h"

static inline void rep_movsb(void *dst, const void *src, u64 n)
{
	asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) :: "memory");
}

static inline void rep_stosb(void *dst, u8 byte, u64 n)
{
	asm volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(byte) : "memory");
}

#endif /* L1_HV__REP_H */
