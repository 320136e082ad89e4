/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/guest_paging.h: linear-to-physical translation through a guest's own
 * page tables (SDM Vol. 3A ch. 4), for the memory operands of the VMX
 * instructions L0 emulates and for instruction fetches it must inspect.
 * Pure: guest memory is reached through ept-compose/guest_mem.h only.
 */
#ifndef L0__GUEST_PAGING_H
#define L0__GUEST_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/cpu_state.h"

struct paging_mode {
	uint64_t cr0, cr3, cr4, efer;
};

/* A vCPU's paging mode, from its state. */
static inline struct paging_mode guest_paging__mode(const struct cpu_state *c)
{
	return (struct paging_mode){ c->cr0, c->cr3, c->cr4, c->efer };
}

/* Access kinds, with the bit positions of the #PF error code (SDM 4.7). */
enum {
	PAGING_WRITE = 1u << 1,
	PAGING_USER  = 1u << 2,
	PAGING_FETCH = 1u << 4,
};

struct paging_fault {
	uint64_t linear;        /* what CR2 gets */
	uint32_t error_code;    /* #PF error code */
};

/* 0 and *gpa set, or -1 with *fault describing the #PF to inject.  A page
 * table outside guest RAM is treated as not present: never followed. */
int guest_paging__translate(const struct guest_mem *mem,
			    const struct paging_mode *mode, uint64_t linear,
			    unsigned access, uint64_t *gpa,
			    struct paging_fault *fault);

/* Copy len bytes at a linear address, page by page. */
int guest_paging__read(const struct guest_mem *mem, const struct paging_mode *mode,
		       uint64_t linear, void *buf, size_t len, unsigned access,
		       struct paging_fault *fault);
int guest_paging__write(const struct guest_mem *mem, const struct paging_mode *mode,
			uint64_t linear, const void *buf, size_t len, unsigned access,
			struct paging_fault *fault);

#endif /* L0__GUEST_PAGING_H */
