/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/stats_nested.c: the nested part of the stats document
 * (docs/stats.md, turtle-stats/2): L1's traps by VMX operation, L2's exits
 * by VMX reason and route, and the Turtles cost figures. */
#include "exit-forwarder/exit_reasons.h"
#include "exit-forwarder/route.h"
#include "l0/observe/stats.h"

static const char *const transport_names[] = {
#define X(id, text) text,
	STATS__TRANSPORTS(X)
#undef X
};

static json_t *traps(const uint64_t *n, uint64_t *total)
{
	json_t *o = json_object();
	uint64_t sum = 0;

	for (unsigned op = 0; op < VMX_OP_COUNT; op++) {
		if (!n[op])
			continue;
		json_object_set_new(o, vmx_decode__op_name(op), json_integer((json_int_t)n[op]));
		sum += n[op];
	}
	json_object_set_new(o, "total", json_integer((json_int_t)sum));
	*total = sum;
	return o;
}

static void put_l1(const struct stats_nested *s, json_t *l1)
{
	uint64_t all[VMX_OP_COUNT] = { 0 }, total;
	json_t *by = json_object();

	for (unsigned t = 0; t < STATS_TRANSPORT_COUNT; t++) {
		for (unsigned op = 0; op < VMX_OP_COUNT; op++)
			all[op] += s->l1_traps[t][op];
		json_object_set_new(by, transport_names[t], traps(s->l1_traps[t], &total));
	}
	json_object_set_new(l1, "l1_traps", traps(all, &total));
	json_object_set_new(l1, "l1_traps_by_transport", by);
}

/* "vmx_exits": {"IO_INSTRUCTION": {"reflected": N, "absorbed": M, ...}} */
static json_t *vmx_exits(const struct exit_counters *c)
{
	json_t *o = json_object();

	for (unsigned r = 0; r <= EXIT_COUNTERS_OTHER; r++) {
		json_t *row = json_object();
		const char *name = r <= EXIT_REASON_MAX ? exit_reason__name(r) : "OTHER";
		uint64_t sum = 0;

		for (unsigned route = 0; route < EXIT_ROUTE_COUNT; route++) {
			uint64_t n = exit_counters__get(c, r, route);

			sum += n;
			json_object_set_new(row, exit_route__name(route), json_integer((json_int_t)n));
		}
		if (sum && name)
			json_object_set_new(o, name, row);
		else
			json_decref(row);
	}
	return o;
}

/* "entry_check_failures": {"GUEST_CR0_PG": 1, ...}: the checks that
 * failed, by their entry_check.def id, VMfail and exit kinds alike. */
static json_t *entry_checks(const struct entry_check_stats *c)
{
	json_t *o = json_object();

	for (unsigned id = ENTRY_CHECK_NONE + 1; id < ENTRY_CHECK__END; id++)
		if (c->failed[id])
			json_object_set_new(o, entry_check__name(id),
					    json_integer((json_int_t)c->failed[id]));
	return o;
}

static json_t *ratio(uint64_t num, uint64_t den)
{
	return json_real(den ? (double)num / (double)den : 0.0);
}

void stats_nested__add_json(const struct stats *st, json_t *levels, json_t *doc)
{
	const struct stats_nested *s = &st->nested;
	json_t *l1 = json_object_get(levels, "L1"), *l2 = json_object_get(levels, "L2");
	uint64_t reflected = exit_counters__total(&s->exits, EXIT_ROUTE_L1);
	uint64_t absorbed = exit_counters__total(&s->exits, EXIT_ROUTE_L0) +
			    exit_counters__total(&s->exits, EXIT_ROUTE_L0_FOR_L1);

	if (l1)
		put_l1(s, l1);
	if (l2)
		json_object_set_new(l2, "vmx_exits", vmx_exits(&s->exits));
	json_object_set_new(doc, "nested", json_pack("{sIsIsIsosIsIsIsIsosososIsIsI}",
		"entries", (json_int_t)s->entries,
		"entry_failures", (json_int_t)s->entry_failures,
		"entry_vmfails", (json_int_t)s->entry_vmfails,
		"entry_check_failures", entry_checks(&s->entry_checks),
		"reflected", (json_int_t)reflected,
		"absorbed", (json_int_t)absorbed,
		"switches", (json_int_t)s->switches,
		"unmet_wishes", (json_int_t)s->unmet_wishes,
		"exit_multiplication", ratio(s->l1_traps_since_entry, reflected),
		/* Only windows closed by a VM entry: the last one is L1's
		 * teardown (its summary on the console), not exit handling. */
		"ioctls_per_reflected_exit", ratio(s->reflect_ioctls, s->reflect_windows),
		"l0_cpu_ns_per_switch", ratio(s->switch_cpu_ns, s->switches),
		"hypercalls_other", (json_int_t)s->hypercalls_other,
		"ept_compositions", (json_int_t)s->ept_compositions,
		"ept_tables_read", (json_int_t)s->ept_tables_read));
}
