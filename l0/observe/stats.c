/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/stats.c: counters and their JSON form (docs/stats.md is the contract). */
#include <stdlib.h>
#include <string.h>

#include "l0/observe/stats.h"
#include "l0/cli/version.h"

static const char *const reason_names[] = {
#define X(id, text) [STOP_##id] = text,
	STATS__REASONS(X)
#undef X
};

const char *stats__reason_name(enum stop_reason r)
{
	return (unsigned)r < sizeof(reason_names) / sizeof(reason_names[0]) ? reason_names[r] : "?";
}

int stats__init(struct stats *s)
{
	unsigned l;

	memset(s, 0, sizeof(*s));
	for (l = 1; l < STATS__LEVELS; l++) {
		s->level[l].io_ports = calloc(STATS__PORTS, sizeof(struct rw_count));
		if (!s->level[l].io_ports) {
			stats__release(s);
			return -1;
		}
	}
	return 0;
}

void stats__release(struct stats *s)
{
	unsigned l;

	for (l = 0; l < STATS__LEVELS; l++) {
		free(s->level[l].io_ports);
		s->level[l].io_ports = NULL;
	}
}

static json_t *rw_json(const struct rw_count *c)
{
	return json_pack("{sIsI}", "reads", (json_int_t)c->reads, "writes", (json_int_t)c->writes);
}

static json_t *level_json(const struct level_stats *l, const struct devices *d)
{
	json_t *exits = json_object(), *ports = json_object(), *mmio = json_object();
	json_t *events = json_object();
	const struct dev_table *mt = &d->space[DEV_MMIO];
	uint64_t per_exit = l->exits ? l->time.l0_cpu_ns / l->exits : 0;
	unsigned i;

	for (i = 0; i < KVM_EXITS__MAX; i++)
		if (l->kvm_exits[i])
			json_object_set_new(exits, kvm_exits__name(i), json_integer(l->kvm_exits[i]));
	if (l->kvm_exits_other)
		json_object_set_new(exits, "OTHER", json_integer(l->kvm_exits_other));
	for (i = 0; i < ENGINE_EV_COUNT; i++)
		if (l->events[i])
			json_object_set_new(events, engine__event_name(i), json_integer(l->events[i]));
	for (i = 0; i < STATS__PORTS; i++) {
		char key[8];

		if (!l->io_ports[i].reads && !l->io_ports[i].writes)
			continue;
		snprintf(key, sizeof(key), "0x%x", i);
		json_object_set_new(ports, key, rw_json(&l->io_ports[i]));
	}
	for (i = 0; i < mt->nr; i++)
		json_object_set_new(mmio, mt->r[i].name, rw_json(&l->mmio[mt->r[i].id]));

	return json_pack("{sssIsosososos{sIsIsIsI}s{sIsI}s{sIsIsIsI}s{sIsI}}",
		"engine", l->engine ? l->engine : "kvm",
		"exits", (json_int_t)l->exits,
		"events", events,
		"kvm_exits", exits,
		"io_ports", ports,
		"mmio", mmio,
		"unclaimed",
			"pio_reads", (json_int_t)l->unclaimed.pio_reads,
			"pio_writes", (json_int_t)l->unclaimed.pio_writes,
			"mmio_reads", (json_int_t)l->unclaimed.mmio_reads,
			"mmio_writes", (json_int_t)l->unclaimed.mmio_writes,
		"msrs",
			"user_exits", (json_int_t)l->msrs.user_exits,
			"gp_injected", (json_int_t)l->msrs.gp_injected,
		"time",
			"guest_ns", (json_int_t)l->time.guest_ns,
			"l0_ns", (json_int_t)l->time.l0_ns,
			"l0_cpu_ns", (json_int_t)l->time.l0_cpu_ns,
			"l0_cpu_ns_per_exit", (json_int_t)per_exit,
		"ioctls",
			"KVM_RUN", (json_int_t)l->ioctls.kvm_run,
			"other", (json_int_t)l->ioctls.other);
}

json_t *stats__to_json(const struct stats *s, const struct devices *d, const char *image,
		       const struct run_result *r)
{
	json_t *levels = json_object();
	unsigned l;

	for (l = 1; l < STATS__LEVELS; l++)
		if (s->level[l].active)
			json_object_set_new(levels, stats__level_name(l), level_json(&s->level[l], d));
	json_t *doc;

	doc = json_pack("{sssssss{sIsssssI}s{sIsI}so}",
		"schema", STATS__SCHEMA,
		"version", TURTLE_VERSION,
		"image", image ? image : "",
		"result",
			"status", (json_int_t)r->status,
			"reason", stats__reason_name(r->reason),
			"message", r->message,
			"wall_ns", (json_int_t)r->wall_ns,
		"machine",
			"vcpus", (json_int_t)s->machine.vcpus,
			"lock_kicks", (json_int_t)s->machine.lock_kicks,
		"levels", levels);
	if (doc)
		stats_nested__add_json(s, levels, doc);
	return doc;
}

uint64_t stats__ioctls_total(const struct stats *s)
{
	uint64_t n = 0;

	for (unsigned l = 1; l < STATS__LEVELS; l++)
		n += s->level[l].ioctls.kvm_run + s->level[l].ioctls.other;
	return n;
}
