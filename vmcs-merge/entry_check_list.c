/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_list.c: entry_check.def as data (names, sections,
 * conditions, families), the typed result of a failed check, formatting
 * and per-check counts.  The family files record their failures here;
 * entry_check.c runs them. */
#include <stdio.h>

#include "vmcs-merge/entry_check_int.h"

#define QNONE ENTRY_QUAL_DEFAULT
#define Q0    ENTRY_QUAL_DEFAULT
#define QPDPTE ENTRY_QUAL_PDPTE
#define QNMI  ENTRY_QUAL_NMI_STI
#define QLINK ENTRY_QUAL_LINK
#define QIDX  ENTRY_QUAL_DEFAULT	/* replaced by the entry index */

struct entry_check_info {
	const char *name, *section, *condition;
	enum entry_check_family family;
	enum entry_check_qual qual;
	int implemented;
};

static const struct entry_check_info checks[ENTRY_CHECK__END] = {
#define X(ID, fam, sec, q, impl, cond) \
	[ENTRY_CHECK_##ID] = { #ID, sec, cond, ENTRY_FAMILY_##fam, q, impl },
#include "vmcs-merge/entry_check.def"
#undef X
};

static const struct entry_check_info *info_of(enum entry_check_id id)
{
	if (id <= ENTRY_CHECK_NONE || id >= ENTRY_CHECK__END)
		return NULL;
	return &checks[id];
}

const char *entry_check__name(enum entry_check_id id)
{
	return info_of(id) ? info_of(id)->name : NULL;
}

const char *entry_check__section(enum entry_check_id id)
{
	return info_of(id) ? info_of(id)->section : NULL;
}

const char *entry_check__condition(enum entry_check_id id)
{
	return info_of(id) ? info_of(id)->condition : NULL;
}

int entry_check__family(enum entry_check_id id)
{
	return info_of(id) ? (int)info_of(id)->family : -1;
}

int entry_check__implemented(enum entry_check_id id)
{
	return info_of(id) ? info_of(id)->implemented : -1;
}

unsigned entry_check__count_implemented(void)
{
	unsigned n = 0;

	for (unsigned id = 1; id < ENTRY_CHECK__END; id++)
		n += checks[id].implemented != 0;
	return n;
}

int entry_check__fail(struct entry_check_ctx *c, enum entry_check_id id,
		      const struct entry_check_val *vals, unsigned n)
{
	const struct entry_check_info *info = &checks[id];
	struct entry_check_result *r = c->res;

	r->id = id;
	r->nvals = n;
	for (unsigned i = 0; i < n; i++)
		r->vals[i] = vals[i];
	switch (info->family) {
	case ENTRY_FAMILY_CONTROLS:
		return VMX_ERR_ENTRY_INVALID_CONTROL;
	case ENTRY_FAMILY_HOST:
		return VMX_ERR_ENTRY_INVALID_HOST_STATE;
	case ENTRY_FAMILY_GUEST:
		r->exit_qualification = info->qual;
		return ENTRY_EXIT_GUEST_STATE;
	case ENTRY_FAMILY_MSR_LOAD:
		/* SDM 27.8: the qualification is the failing entry's index. */
		r->exit_qualification = c->msr_index;
		return ENTRY_EXIT_MSR_LOADING;
	}
	return 0;
}

int entry_check__format(const struct entry_check_result *r, char *buf, size_t len)
{
	const struct entry_check_info *info = info_of(r->id);
	int n, total;

	if (r->kind == ENTRY_CHECK_PASSED || !info)
		return snprintf(buf, len, "VM entry passed");
	total = snprintf(buf, len, "VM-entry failed: %s (SDM %s): %s;", info->name,
			 info->section, info->condition);
	for (unsigned i = 0; i < r->nvals && total >= 0; i++) {
		size_t off = (size_t)total < len ? (size_t)total : len;

		n = snprintf(buf ? buf + off : NULL, len - off, " %s=0x%llx",
			     r->vals[i].name, (unsigned long long)r->vals[i].value);
		total = n < 0 ? n : total + n;
	}
	return total;
}

void entry_check__count(struct entry_check_stats *s, const struct entry_check_result *r)
{
	if (r->kind == ENTRY_CHECK_PASSED)
		s->passed++;
	else if (info_of(r->id))
		s->failed[r->id]++;
}
