/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/ept_bits.h: bit layout of the EPTP and of EPT paging-structure
 * entries, as SDM 25.6.11 (EPTP) and SDM 29.3.2 Tables 29-1..29-6 define them
 * (SDM edition pinned in docs/architecture.md).  Only what the walker, the EPTP check
 * and the composer need; no logic beyond masks.
 */
#ifndef EPT_COMPOSE__EPT_BITS_H
#define EPT_COMPOSE__EPT_BITS_H

#include <stdint.h>

#define EPT_PAGE_SHIFT		12
#define EPT_PAGE_SIZE		(1ULL << EPT_PAGE_SHIFT)
#define EPT_ENTRIES		512
#define EPT_LEVELS		4	/* page-walk length 4: PML4, PDPT, PD, PT */

/* Levels count down from the root, as the SDM walks them. */
enum ept_level {
	EPT_LEVEL_PT   = 1,
	EPT_LEVEL_PD   = 2,
	EPT_LEVEL_PDPT = 3,
	EPT_LEVEL_PML4 = 4,
};

/* Bits 2:0 of every entry: read, write, execute (SDM 29.3.2). */
#define EPT_R			(1ULL << 0)
#define EPT_W			(1ULL << 1)
#define EPT_X			(1ULL << 2)
#define EPT_RWX			(EPT_R | EPT_W | EPT_X)
#define EPT_MEMTYPE_SHIFT	3	/* leaves: bits 5:3 */
#define EPT_MEMTYPE_MASK	(7ULL << EPT_MEMTYPE_SHIFT)
#define EPT_PAGE_BIT		(1ULL << 7)	/* PDPTE/PDE: maps a page */
#define EPT_NONLEAF_RSVD	(0xfULL << 3)	/* bits 6:3 of a non-leaf PDPTE/PDE */
#define EPT_PML4E_RSVD		(0x1fULL << 3)	/* bits 7:3 of a PML4E */
#define EPT_1G_RSVD		(((1ULL << 30) - 1) & ~(EPT_PAGE_SIZE - 1)) /* 29:12 */
#define EPT_2M_RSVD		(((1ULL << 21) - 1) & ~(EPT_PAGE_SIZE - 1)) /* 20:12 */

/* EPTP (SDM 25.6.11). */
#define EPTP_MEMTYPE_MASK	7ULL		/* bits 2:0 */
#define EPTP_WALK_SHIFT		3		/* bits 5:3: walk length - 1 */
#define EPTP_WALK_MASK		(7ULL << EPTP_WALK_SHIFT)
#define EPTP_AD			(1ULL << 6)
#define EPTP_RSVD_LOW		(0x1fULL << 7)	/* bits 11:7 (bit 7 is the
						 * shadow-stack control, which
						 * L0 does not offer) */

/* IA32_VMX_EPT_VPID_CAP, its EPT bits (SDM A.10); vmx_caps.h adds VPID's. */
#define EPT_CAP_EXEC_ONLY      (1ULL << 0)
#define EPT_CAP_WALK_4         (1ULL << 6)
#define EPT_CAP_WALK_5         (1ULL << 7)
#define EPT_CAP_UC             (1ULL << 8)
#define EPT_CAP_WB             (1ULL << 14)
#define EPT_CAP_2M             (1ULL << 16)
#define EPT_CAP_1G             (1ULL << 17)
#define EPT_CAP_INVEPT         (1ULL << 20)
#define EPT_CAP_AD             (1ULL << 21)
#define EPT_CAP_INVEPT_TYPE(t) (1ULL << (24 + (t)))	/* t = 1 single, 2 all */

/* Memory types (SDM 29.3.7 / 25.6.11). */
#define EPT_MT_UC		0
#define EPT_MT_WB		6

/* Entries and the EPTP carry a 4 KiB-aligned address in bits N-1:12, N being
 * the physical-address width; bits 51:N are reserved, bits 63:52 ignored. */
static inline uint64_t ept__addr_mask(unsigned pa_bits)
{
	return ((1ULL << pa_bits) - 1) & ~(EPT_PAGE_SIZE - 1);
}

static inline uint64_t ept__above_pa_mask(unsigned pa_bits)
{
	return ((1ULL << 52) - 1) & ~((1ULL << pa_bits) - 1);
}

/* Bits of the guest-physical address translated by one entry at @level. */
static inline unsigned ept__level_shift(unsigned level)
{
	return EPT_PAGE_SHIFT + 9 * (level - 1);
}

static inline uint64_t ept__level_size(unsigned level)
{
	return 1ULL << ept__level_shift(level);
}

static inline unsigned ept__index(uint64_t gpa, unsigned level)
{
	return (gpa >> ept__level_shift(level)) & (EPT_ENTRIES - 1);
}

#endif /* EPT_COMPOSE__EPT_BITS_H */
