/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/stats.c: the stats document's shape (docs/stats.md), the
 * atomic file write and the table form. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "l0/observe/stats.h"
#include "tests/tap.h"

static void noop(void *o, uint64_t off, uint8_t *d, unsigned s, bool w) { }

static json_int_t get_int(json_t *doc, const char *path)
{
	char buf[256], *tok, *save;
	json_t *v = doc;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok && v; tok = strtok_r(NULL, "/", &save))
		v = json_object_get(v, tok);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static json_t *build(struct stats *s, struct devices *d)
{
	struct run_result r = { 0, STOP_DEBUG_EXIT, "", 12345 };
	struct level_stats *l1 = &s->level[1];

	stats__init(s);
	memset(d, 0, sizeof(*d));
	devices__register_mmio(d, 0xfee00000, 0x1000, noop, NULL, "lapic");
	l1->active = true;
	l1->exits = 1003;
	l1->kvm_exits[2] = 1001;	/* IO */
	l1->kvm_exits[5] = 2;		/* HLT */
	l1->io_ports[0x80].writes = 1000;
	l1->io_ports[0x3F8].reads = 1;
	l1->mmio[0].reads = 4;
	l1->unclaimed.pio_writes = 7;
	l1->msrs.gp_injected = 1;
	l1->time.l0_cpu_ns = 2006;
	l1->ioctls.kvm_run = 1003;
	s->machine.vcpus = 4;
	s->machine.lock_kicks = 17;
	return stats__to_json(s, d, "pio.elf", &r);
}

static void check_shape(json_t *doc)
{
	json_t *l1 = json_object_get(json_object_get(doc, "levels"), "L1");

	is_str(json_string_value(json_object_get(doc, "schema")), "turtle-stats/2", "schema");
	ok(json_is_string(json_object_get(doc, "version")), "version");
	is_str(json_string_value(json_object_get(doc, "image")), "pio.elf", "image");
	is_u64(get_int(doc, "result/status"), 0, "result.status");
	is_str(json_string_value(json_object_get(json_object_get(doc, "result"), "reason")),
	       "debug-exit", "result.reason");
	is_u64(get_int(doc, "result/wall_ns"), 12345, "result.wall_ns");
	is_u64(get_int(doc, "machine/vcpus"), 4, "machine.vcpus");
	is_u64(get_int(doc, "machine/lock_kicks"), 17, "machine.lock_kicks");
	ok(l1 != NULL, "levels.L1 present");
	ok(json_object_get(json_object_get(doc, "levels"), "L2") == NULL, "inactive L2 absent");
	is_u64(get_int(doc, "levels/L1/exits"), 1003, "exits");
	is_u64(get_int(doc, "levels/L1/kvm_exits/IO"), 1001, "kvm_exits.IO by name");
	is_u64(get_int(doc, "levels/L1/kvm_exits/HLT"), 2, "kvm_exits.HLT");
	is_u64(json_object_size(json_object_get(l1, "kvm_exits")), 2, "only reasons that occurred");
	is_u64(get_int(doc, "levels/L1/io_ports/0x80/writes"), 1000, "io_ports.0x80.writes");
	is_u64(get_int(doc, "levels/L1/io_ports/0x80/reads"), 0, "io_ports.0x80.reads");
	is_u64(get_int(doc, "levels/L1/io_ports/0x3f8/reads"), 1, "port keys in lowercase hex");
	is_u64(get_int(doc, "levels/L1/mmio/lapic/reads"), 4, "mmio by range name");
	is_u64(get_int(doc, "levels/L1/unclaimed/pio_writes"), 7, "unclaimed.pio_writes");
	is_u64(get_int(doc, "levels/L1/unclaimed/mmio_reads"), 0, "unclaimed.mmio_reads");
	is_u64(get_int(doc, "levels/L1/msrs/gp_injected"), 1, "msrs.gp_injected");
	is_u64(get_int(doc, "levels/L1/msrs/user_exits"), 0, "msrs.user_exits");
	is_u64(get_int(doc, "levels/L1/time/l0_cpu_ns_per_exit"), 2, "l0_cpu_ns_per_exit = l0_cpu_ns / exits");
	is_u64(get_int(doc, "levels/L1/time/guest_ns"), 0, "time.guest_ns");
	is_u64(get_int(doc, "levels/L1/ioctls/KVM_RUN"), 1003, "ioctls.KVM_RUN");
	is_u64(get_int(doc, "levels/L1/ioctls/other"), 0, "ioctls.other");
}

static unsigned count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void check_write(json_t *doc)
{
	char dir[] = "/tmp/turtle-stats-XXXXXX", path[64], sub[64];
	struct error err = { "" };
	json_t *back;

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(path, sizeof(path), "%s/s.json", dir);
	is_u64(stats__write_file(doc, path, &err), 0, "write (%s)", err.msg);
	back = json_load_file(path, 0, NULL);
	ok(back && json_equal(back, doc), "file holds the document");
	json_decref(back);
	is_u64(count_entries(dir), 1, "no temporary file left behind");
	is_u64(stats__write_file(doc, path, &err), 0, "overwrite");
	is_u64(count_entries(dir), 1, "still one file");
	snprintf(sub, sizeof(sub), "%s/d", dir);
	mkdir(sub, 0700);
	ok(stats__write_file(doc, sub, &err) < 0, "a directory as target fails");
	ok(strstr(err.msg, sub) != NULL, "the error names the path: %s", err.msg);
	is_u64(count_entries(dir), 2, "failed write leaves no temporary file");
	snprintf(sub, sizeof(sub), "%s/none/s.json", dir);
	ok(stats__write_file(doc, sub, &err) < 0, "missing directory fails");
	rmdir(path);
	unlink(path);
	snprintf(sub, sizeof(sub), "%s/d", dir);
	rmdir(sub);
	rmdir(dir);
}

static void check_table(json_t *doc)
{
	char buf[8192] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	stats__print_table(doc, f);
	fclose(f);
	ok(strstr(buf, "levels.L1.io_ports.0x80.writes") != NULL, "table has dotted paths");
	ok(strstr(buf, "1000") != NULL, "table has values");
	ok(strstr(buf, "debug-exit") != NULL, "table has strings");
}

int main(void)
{
	struct stats s;
	struct devices d;
	json_t *doc = build(&s, &d);

	ok(doc != NULL, "document built");
	check_shape(doc);
	check_write(doc);
	check_table(doc);
	json_decref(doc);
	stats__release(&s);
	return done_testing();
}
