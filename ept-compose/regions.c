/* SPDX-License-Identifier: GPL-2.0-only */
/* ept-compose/regions.c: sorted sets of L2 regions and their differences.
 *
 * Every memslot change costs L0 ~10-35 us (docs/ept.md), so a recomposition
 * keeps the regions that did not change and only touches the others.
 */
#include <string.h>

#include "ept-compose/regions.h"

static bool same(const struct ept_region *a, const struct ept_region *b)
{
	return a->l2_gpa == b->l2_gpa && a->l1_gpa == b->l1_gpa &&
	       a->len == b->len && a->writable == b->writable;
}

bool ept_regions__append(struct ept_region_set *s, const struct ept_region *r)
{
	struct ept_region *last = s->nr ? &s->r[s->nr - 1] : NULL;

	if (last && ept_region__l2_end(last) == r->l2_gpa &&
	    last->l1_gpa + last->len == r->l1_gpa &&
	    last->writable == r->writable) {
		last->len += r->len;
		return true;
	}
	if (s->nr == s->cap)
		return false;
	s->r[s->nr++] = *r;
	return true;
}

/* First index whose region ends above @l2_gpa (binary search). */
static size_t lower_bound(const struct ept_region_set *s, uint64_t l2_gpa)
{
	size_t lo = 0, hi = s->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ept_region__l2_end(&s->r[mid]) <= l2_gpa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ept_regions__find(const struct ept_region_set *s, uint64_t l2_gpa)
{
	size_t i = lower_bound(s, l2_gpa);

	return i < s->nr && s->r[i].l2_gpa <= l2_gpa ? i : s->nr;
}

size_t ept_regions__overlap(const struct ept_region_set *s, uint64_t l2_gpa,
			    uint64_t len, size_t *first)
{
	size_t i = lower_bound(s, l2_gpa), n = 0;

	*first = i;
	while (i + n < s->nr && s->r[i + n].l2_gpa < l2_gpa + len)
		n++;
	return n;
}

bool ept_regions__insert(struct ept_region_set *s, const struct ept_region *r)
{
	size_t i = lower_bound(s, r->l2_gpa);

	if (s->nr == s->cap)
		return false;
	memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(*s->r));
	s->r[i] = *r;
	s->nr++;
	return true;
}

static void record(struct ept_ops *ops, enum ept_op_kind kind,
		   const struct ept_region *r)
{
	ops->op[ops->nr].kind = kind;
	ops->op[ops->nr].region = *r;
	ops->nr++;
}

void ept_regions__remove(struct ept_region_set *s, size_t first, size_t n,
			 struct ept_ops *ops)
{
	for (size_t i = first; i < first + n; i++)
		record(ops, EPT_OP_REMOVE, &s->r[i]);
	memmove(&s->r[first], &s->r[first + n],
		(s->nr - first - n) * sizeof(*s->r));
	s->nr -= n;
}

/* Is @r, exactly, in @s? */
static bool has(const struct ept_region_set *s, const struct ept_region *r)
{
	size_t i = ept_regions__find(s, r->l2_gpa);

	return i < s->nr && same(&s->r[i], r);
}

size_t ept_regions__diff_count(const struct ept_region_set *from,
			       const struct ept_region_set *to)
{
	size_t n = 0;

	for (size_t i = 0; i < from->nr; i++)
		n += !has(to, &from->r[i]);
	for (size_t i = 0; i < to->nr; i++)
		n += !has(from, &to->r[i]);
	return n;
}

void ept_regions__diff(const struct ept_region_set *from,
		       const struct ept_region_set *to, struct ept_ops *ops)
{
	for (size_t i = 0; i < from->nr; i++)
		if (!has(to, &from->r[i]))
			record(ops, EPT_OP_REMOVE, &from->r[i]);
	for (size_t i = 0; i < to->nr; i++)
		if (!has(from, &to->r[i]))
			record(ops, EPT_OP_ADD, &to->r[i]);
}
