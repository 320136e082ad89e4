/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/ept-compose/slots.h: a stand-in for KVM's memslot table that
 * applies ept_ops the way L0 will, and notices any operation KVM would
 * refuse (removing a slot that does not exist, adding an overlapping one). */
#ifndef TESTS__EPT_SLOTS_H
#define TESTS__EPT_SLOTS_H

#include "ept-compose/compose.h"

#define SLOTS_MAX 4096

struct slots {
	struct ept_region r[SLOTS_MAX];
	size_t nr;
	unsigned bad;		/* refused operations */
};

static inline bool slots_same(const struct ept_region *a, const struct ept_region *b)
{
	return a->l2_gpa == b->l2_gpa && a->l1_gpa == b->l1_gpa &&
	       a->len == b->len && a->writable == b->writable;
}

static inline void slots_apply(struct slots *s, struct ept_ops *ops)
{
	for (size_t i = 0; i < ops->nr; i++) {
		const struct ept_region *r = &ops->op[i].region;
		size_t j;

		if (ops->op[i].kind == EPT_OP_REMOVE) {
			for (j = 0; j < s->nr && !slots_same(&s->r[j], r); j++)
				;
			if (j == s->nr) {
				s->bad++;
				continue;
			}
			s->r[j] = s->r[--s->nr];
			continue;
		}
		for (j = 0; j < s->nr; j++)
			if (r->l2_gpa < ept_region__l2_end(&s->r[j]) &&
			    s->r[j].l2_gpa < ept_region__l2_end(r))
				s->bad++;
		if (s->nr == SLOTS_MAX || !r->len)
			s->bad++;
		else
			s->r[s->nr++] = *r;
	}
	ops->nr = 0;
}

/* Do the slots hold exactly what the context believes is installed? */
static inline bool slots_match(const struct slots *s, const struct ept_compose *c)
{
	if (s->nr != c->installed.nr || s->bad)
		return false;
	for (size_t i = 0; i < s->nr; i++) {
		const struct ept_region *r = ept_compose__lookup(c, s->r[i].l2_gpa);

		if (!r || !slots_same(r, &s->r[i]))
			return false;
	}
	return true;
}

#endif /* TESTS__EPT_SLOTS_H */
