/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/ept_fixture.h: a fake L1 for the ept-compose tests.
 *
 * L1 RAM is two plain buffers with a hole between them:
 *   [0, 16 MiB)  RAM      tables are allocated from 1 MiB up
 *   [16, 32 MiB) hole     (an L1 device range: not RAM)
 *   [32, 40 MiB) RAM
 * EPT12 tables are built by hand in that RAM, entry by entry.
 */
#ifndef TESTS__EPT_FIXTURE_H
#define TESTS__EPT_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "ept-compose/ept_bits.h"
#include "ept-compose/ept12_cfg.h"

#define MiB		(1ULL << 20)
#define GiB		(1ULL << 30)
#define FX_HOLE		(16 * MiB)	/* first byte of the hole */
#define FX_HIGH		(32 * MiB)	/* second RAM chunk */
#define FX_TABLES	(1 * MiB)
#define FX_WB		(6ULL << EPT_MEMTYPE_SHIFT)
#define FX_EPTP_FLAGS	(EPT_MT_WB | (3ULL << EPTP_WALK_SHIFT))

struct fx_chunk {
	uint64_t gpa, size;
	uint8_t *buf;
};

struct fx {
	struct fx_chunk chunk[2];
	struct guest_mem mem;
	struct ept12_cfg cfg;
	uint64_t next_table, root, eptp;
	unsigned reads;		/* guest_mem reads, to prove walks use it */
	unsigned reads_max;	/* when non-zero, reads beyond it fail, so a
				 * walk that does not end shows as a count */
	uint64_t extent_calls;	/* ram_extent and hole_extent calls */
};

static inline uint8_t *fx_ptr(struct fx *f, uint64_t gpa, uint64_t len)
{
	for (int i = 0; i < 2; i++) {
		struct fx_chunk *c = &f->chunk[i];

		if (gpa >= c->gpa && len <= c->size && gpa - c->gpa <= c->size - len)
			return c->buf + (gpa - c->gpa);
	}
	return NULL;
}

static inline int fx_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct fx *f = opaque;
	uint8_t *p = fx_ptr(f, gpa, len);

	f->reads++;
	if (!p || (f->reads_max && f->reads > f->reads_max))
		return -1;
	memcpy(buf, p, len);
	return 0;
}

static inline int fx_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	uint8_t *p = fx_ptr(opaque, gpa, len);

	if (!p)
		return -1;
	memcpy(p, buf, len);
	return 0;
}

static inline uint64_t fx_extent(void *opaque, uint64_t gpa, uint64_t max)
{
	struct fx *f = opaque;

	f->extent_calls++;
	for (int i = 0; i < 2; i++) {
		struct fx_chunk *c = &f->chunk[i];

		if (gpa >= c->gpa && gpa - c->gpa < c->size) {
			uint64_t left = c->size - (gpa - c->gpa);
			return left < max ? left : max;
		}
	}
	return 0;
}

/* Bytes from @gpa up to the next chunk (or @max): 0 inside a chunk. */
static inline uint64_t fx_hole(void *opaque, uint64_t gpa, uint64_t max)
{
	struct fx *f = opaque;
	uint64_t next = UINT64_MAX;

	f->extent_calls++;
	for (int i = 0; i < 2; i++) {
		struct fx_chunk *c = &f->chunk[i];

		if (gpa >= c->gpa && gpa - c->gpa < c->size)
			return 0;
		if (c->gpa > gpa && c->gpa < next)
			next = c->gpa;
	}
	return next - gpa < max ? next - gpa : max;
}

static inline uint64_t fx_table(struct fx *f)
{
	uint64_t t = f->next_table;

	f->next_table += EPT_PAGE_SIZE;
	memset(fx_ptr(f, t, EPT_PAGE_SIZE), 0, EPT_PAGE_SIZE);
	return t;
}

/* @with_extent: back guest_mem__ram_extent with a callback, or let it probe. */
static inline void fx_init(struct fx *f, bool with_extent)
{
	memset(f, 0, sizeof(*f));
	f->chunk[0] = (struct fx_chunk){ 0, FX_HOLE, calloc(1, FX_HOLE) };
	f->chunk[1] = (struct fx_chunk){ FX_HIGH, 8 * MiB, calloc(1, 8 * MiB) };
	f->mem = (struct guest_mem){ f, fx_read, fx_write,
				     with_extent ? fx_extent : NULL,
				     with_extent ? fx_hole : NULL };
	f->cfg = (struct ept12_cfg){ &f->mem, 39, true };
	f->next_table = FX_TABLES;
	f->root = fx_table(f);
	f->eptp = f->root | FX_EPTP_FLAGS;
}

static inline void fx_fini(struct fx *f)
{
	free(f->chunk[0].buf);
	free(f->chunk[1].buf);
}

static inline uint64_t fx_get(struct fx *f, uint64_t at)
{
	uint64_t e;

	memcpy(&e, fx_ptr(f, at, 8), 8);
	return e;
}

static inline void fx_poke(struct fx *f, uint64_t at, uint64_t e)
{
	memcpy(fx_ptr(f, at, 8), &e, 8);
}

/* Address of the entry at @level for @l2, creating RWX tables above it. */
static inline uint64_t fx_entry(struct fx *f, uint64_t l2, unsigned level)
{
	uint64_t table = f->root;

	for (unsigned l = EPT_LEVELS; ; l--) {
		uint64_t at = table + 8 * ept__index(l2, l);
		uint64_t e;

		if (l == level)
			return at;
		e = fx_get(f, at);
		if (!(e & EPT_RWX) || (e & EPT_PAGE_BIT)) {
			e = fx_table(f) | EPT_RWX;
			fx_poke(f, at, e);
		}
		table = e & ept__addr_mask(f->cfg.pa_bits);
	}
}

/* Map @l2 to @l1 with a leaf at @level (1: 4K, 2: 2M, 3: 1G), perms @rwx. */
static inline void fx_map(struct fx *f, uint64_t l2, uint64_t l1,
			  unsigned level, uint64_t rwx)
{
	uint64_t e = l1 | rwx | FX_WB | (level > 1 ? EPT_PAGE_BIT : 0);

	fx_poke(f, fx_entry(f, l2, level), e);
}

#endif /* TESTS__EPT_FIXTURE_H */
