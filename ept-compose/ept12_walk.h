/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/ept12_walk.h: translate an L2 guest-physical address through
 * L1's EPT12, as the processor would (SDM 29.3.2), reporting EPT
 * misconfigurations and EPT violations the way the SDM defines them
 * (SDM 29.3.3; exit qualification: SDM 28.2.1 Table 28-7).
 */
#ifndef EPT_COMPOSE__EPT12_WALK_H
#define EPT_COMPOSE__EPT12_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "ept-compose/ept12_cfg.h"
#include "ept-compose/ept_entry.h"

/* What the access was; bits 2:0 double as exit-qualification bits 2:0.
 * A read-modify-write is EPT_ACCESS_READ | EPT_ACCESS_WRITE. */
enum ept_access_type {
	EPT_ACCESS_READ  = 1u << 0,
	EPT_ACCESS_WRITE = 1u << 1,
	EPT_ACCESS_FETCH = 1u << 2,
};

/* Exit qualification for EPT violations (SDM 28.2.1 Table 28-7). */
#define EPT_QUAL_ACCESS_MASK	0x7ULL		/* bits 2:0: the access */
#define EPT_QUAL_PERMS_SHIFT	3		/* bits 5:3: AND of R/W/X */
#define EPT_QUAL_LINEAR_VALID	(1ULL << 7)	/* guest-linear address valid */
#define EPT_QUAL_LINEAR_XLAT	(1ULL << 8)	/* access to the translation of
						 * the linear address, not to a
						 * guest paging structure */
#define EPT_QUAL_NMI_UNBLOCK	(1ULL << 12)	/* NMI unblocking due to IRET */

/* What only the caller (L0, decoding L2's instruction) knows. */
struct ept_access {
	unsigned type;		/* enum ept_access_type bits */
	bool linear_valid;	/* the gpa came from a linear address */
	bool linear_xlat;	/* ...and was its final translation (bit 8) */
	bool nmi_unblocking;	/* the access was by IRET with NMIs blocked */
};

enum ept12_status {
	EPT12_OK,
	EPT12_VIOLATION,	/* VM exit 48 to L1, qual below */
	EPT12_MISCONFIG,	/* VM exit 49 to L1, no qualification */
};

struct ept12_walk {
	enum ept12_status status;
	unsigned level;		/* level of the leaf or of the faulting entry */
	uint64_t entry;		/* that entry's value (diagnostics) */
	enum ept_misconfig why;	/* EPT12_MISCONFIG */
	unsigned perms;		/* AND of bits 2:0 over the entries walked */
	uint64_t l1_gpa;	/* EPT12_OK: the translation */
	uint64_t l2_page;	/* EPT12_OK: the leaf's L2 base ... */
	uint64_t l1_page;	/* ... its L1 base ... */
	uint64_t page_size;	/* ... and its size (4 KiB, 2 MiB, 1 GiB) */
	uint64_t qual;		/* EPT12_VIOLATION: exit qualification */
};

/* Walk EPT12 rooted at @eptp (already valid per eptp__check) for @l2_gpa.
 * Every table read goes through cfg->mem; nothing outside L1 RAM is read.
 * A 4-level walk translates bits 47:0; higher bits of @l2_gpa are not
 * looked at, so L2's physical-address width must not exceed 48. */
enum ept12_status ept12__walk(const struct ept12_cfg *cfg, uint64_t eptp,
			      uint64_t l2_gpa, const struct ept_access *acc,
			      struct ept12_walk *out);

/* The exit qualification for an access denied by @perms (AND of bits 2:0). */
uint64_t ept12__violation_qual(const struct ept_access *acc, unsigned perms);

#endif /* EPT_COMPOSE__EPT12_WALK_H */
