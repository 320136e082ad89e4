/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/compose.h: EPT02 as KVM memslots, composed from EPT12.
 *
 * A context follows one EPT12 (one vmcs12 EPTP) and remembers the regions
 * L0 has installed as L2 memslots.  Every call that changes them returns the
 * memslot operations in an ept_ops buffer instead of calling KVM; a call
 * that lacks room in it changes nothing and says so.
 *
 * Eager mode composes all of EPT12 at once, merged into as few regions as
 * possible; lazy mode installs one leaf's worth at each L2 fault.  Both
 * handle faults the same way, so an eager context that ran out of region
 * room (TRUNCATED) still serves the rest lazily.
 *
 * An eager walk's cost is bounded by what it maps, not by how often L1's
 * tables refer to each other (docs/ept.md, "Cost"): a subtree that maps
 * nothing is read once per composition, however many entries point at it,
 * and the caller's stop callback is polled as the walk goes.
 */
#ifndef EPT_COMPOSE__COMPOSE_H
#define EPT_COMPOSE__COMPOSE_H

#include "ept-compose/ept12_walk.h"
#include "ept-compose/regions.h"

enum ept_compose_mode {
	EPT_COMPOSE_LAZY,
	EPT_COMPOSE_EAGER,
};

enum ept_compose_status {
	EPT_COMPOSE_OK,
	EPT_COMPOSE_TRUNCATED,	/* EPT12 needs more than cap regions: the
				 * lowest cap are installed, the rest fault */
	EPT_COMPOSE_NO_ROOM,	/* ops buffer too small: nothing changed */
	EPT_COMPOSE_STOPPED,	/* the limits' stop callback said so: nothing
				 * changed */
};

enum ept_fault_result {
	EPT_FAULT_MAPPED,	/* ops hold the new region: re-run L2 */
	EPT_FAULT_REFLECT,	/* walk says violation/misconfig: exit to L1 */
	EPT_FAULT_NOT_RAM,	/* translates outside L1 RAM (walk->l1_gpa):
				 * an L1 device access, L0 emulates it */
	EPT_FAULT_NO_ROOM,	/* ops buffer too small: nothing changed */
};

/* The eager walk polls @stop every EPT_COMPOSE_POLL_TABLES tables read. */
#define EPT_COMPOSE_POLL_TABLES 64

/* Memo words for the tables in L1 gpas [0, pages * 4 KiB): one bit per
 * page at each of the three levels a table pointer reaches. */
#define EPT_COMPOSE_MEMO_WORDS(pages) ((3 * (uint64_t)(pages) + 63) / 64)

/* What bounds an eager composition's work besides its region cap.  @empty
 * (EPT_COMPOSE_MEMO_WORDS(@pages) words of caller storage, or NULL) marks
 * the tables found to map nothing during one walk; tables at or above
 * @pages * 4 KiB are not remembered.  @stop (may be NULL) ends the walk,
 * for L0's stop requests. */
struct ept_compose_limits {
	uint64_t *empty;
	uint64_t pages;
	bool (*stop)(void *opaque);
	void *opaque;
};

struct ept_compose {
	const struct ept12_cfg *cfg;
	struct ept_compose_limits limits;
	uint64_t tables_read;		/* by the last eager walk */
	enum ept_compose_mode mode;
	uint64_t eptp;			/* vmcs12 EPTP being composed */
	struct ept_region_set installed;
	struct ept_region_set scratch;	/* eager: the next composition */
};

/* @installed and @scratch are caller storage of @cap regions each (scratch
 * may be NULL in lazy mode); they bound the context's memory.  An ops
 * buffer of 2 * cap + 1 entries is always enough. */
void ept_compose__init(struct ept_compose *c, const struct ept12_cfg *cfg,
		       enum ept_compose_mode mode, uint64_t eptp,
		       struct ept_region *installed, struct ept_region *scratch,
		       size_t cap);

/* The eager walk's memo and stop poll (none until this is called). */
void ept_compose__set_limits(struct ept_compose *c, const struct ept_compose_limits *l);

/* Eager: walk all of EPT12 and diff against what is installed. */
enum ept_compose_status ept_compose__recompose(struct ept_compose *c,
					       struct ept_ops *ops);

/* L2 touched @l2_gpa and KVM found no memslot (or a read-only one for a
 * write): translate and install, or say why not.  @walk gets the walk. */
enum ept_fault_result ept_compose__fault(struct ept_compose *c, uint64_t l2_gpa,
					 const struct ept_access *acc,
					 struct ept12_walk *walk,
					 struct ept_ops *ops);

/* Drop every installed region. */
enum ept_compose_status ept_compose__flush(struct ept_compose *c,
					   struct ept_ops *ops);

/* Drop what was derived from EPT12: lazy mode flushes (L2 refaults), eager
 * mode recomposes (unchanged regions stay). */
enum ept_compose_status ept_compose__invalidate(struct ept_compose *c,
						struct ept_ops *ops);

/* L1 wrote a new EPTP to vmcs12 (or loaded another vmcs12): everything
 * installed is suspect.  Same as invalidate, for the new root. */
enum ept_compose_status ept_compose__set_eptp(struct ept_compose *c,
					      uint64_t eptp, struct ept_ops *ops);

/* The installed region containing @l2_gpa, or NULL. */
const struct ept_region *ept_compose__lookup(const struct ept_compose *c,
					     uint64_t l2_gpa);

#endif /* EPT_COMPOSE__COMPOSE_H */
