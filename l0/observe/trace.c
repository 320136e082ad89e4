/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/observe/trace.c: JSON lines, written with stdio: every field is a number or a
 * fixed identifier, so no escaping is ever needed.  Addresses and values are
 * hex strings (JSON numbers lose precision above 2^53). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm.h>

#include "l0/engine/engine.h"
#include "l0/observe/output.h"
#include "l0/observe/stats.h"
#include "l0/observe/trace.h"

#define TRACE_BUF (1u << 20)

int trace__open(struct trace *t, const char *path, struct error *err)
{
	memset(t, 0, sizeof(*t));
	if (!path)
		return 0;
	t->path = path;
	t->f = output__fopen("trace", path, err);
	if (!t->f)
		return -1;
	t->buf = malloc(TRACE_BUF);
	if (t->buf)
		setvbuf(t->f, t->buf, _IOFBF, TRACE_BUF);
	return 0;
}

static uint64_t le_value(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	memcpy(&v, p, size > 8 ? 8 : size);
	return v;
}

static void io_fields(FILE *f, const struct engine_event *ev)
{
	fprintf(f, ",\"port\":\"0x%x\",\"size\":%u,\"dir\":\"%s\",\"count\":%u,\"value\":\"0x%" PRIx64 "\"",
		ev->io.port, ev->io.size, ev->io.write ? "out" : "in", ev->io.count,
		le_value(ev->io.data, ev->io.size));
}

void trace__event(struct trace *t, unsigned level, enum engine_kind engine, uint64_t rip,
		  const struct engine_event *ev)
{
	if (!t->f)
		return;
	fprintf(t->f, "{\"seq\":%" PRIu64 ",\"level\":\"%s\",\"exit\":\"%s\"", ++t->seq,
		stats__level_name(level), engine__event_name(ev->kind));
	if (ev->native >= 0)
		fprintf(t->f, ",\"reason\":%d", ev->native);
	fprintf(t->f, ",\"rip\":\"0x%" PRIx64 "\"", rip);
	switch (ev->kind) {
	case ENGINE_EV_IO:
		io_fields(t->f, ev);
		break;
	case ENGINE_EV_MMIO:
		fprintf(t->f, ",\"gpa\":\"0x%" PRIx64 "\",\"len\":%u,\"dir\":\"%s\",\"value\":\"0x%" PRIx64 "\"",
			ev->mmio.gpa, ev->mmio.len, ev->mmio.write ? "write" : "read",
			le_value(ev->mmio.data, ev->mmio.len));
		break;
	case ENGINE_EV_RDMSR:
	case ENGINE_EV_WRMSR:
		fprintf(t->f, ",\"msr\":\"0x%x\",\"dir\":\"%s\",\"value\":\"0x%" PRIx64 "\",\"gp\":%u",
			ev->msr.index, ev->kind == ENGINE_EV_RDMSR ? "read" : "write",
			ev->msr.value, ev->msr.gp);
		break;
	case ENGINE_EV_CPUID:
		fprintf(t->f, ",\"leaf\":\"0x%x\",\"subleaf\":\"0x%x\"", ev->cpuid.leaf,
			ev->cpuid.subleaf);
		break;
	case ENGINE_EV_CR_WRITE:
		fprintf(t->f, ",\"cr\":%u,\"value\":\"0x%" PRIx64 "\",\"gp\":%u", ev->cr.reg,
			ev->cr.value, ev->cr.gp);
		break;
	case ENGINE_EV_INSN:
		if (engine == ENGINE_KVM)
			fprintf(t->f, ",\"suberror\":%u", ev->insn.detail);
		break;
	case ENGINE_EV_FAIL:
		if (ev->native == KVM_EXIT_FAIL_ENTRY)
			fprintf(t->f, ",\"hardware_entry_failure_reason\":\"0x%" PRIx64 "\"", ev->fail.code);
		break;
	case ENGINE_EV_HLT:
	case ENGINE_EV_SHUTDOWN:
	case ENGINE_EV_KICK:
	case ENGINE_EV_IRQ_WINDOW:
	case ENGINE_EV_COUNT:
		break;
	}
	fputs("}\n", t->f);
}

void trace__entry_check(struct trace *t, unsigned level, const char *insn,
			const struct entry_check_result *r)
{
	const char *name = entry_check__name(r->id);

	if (!t->f || r->kind == ENTRY_CHECK_PASSED)
		return;
	fprintf(t->f, "{\"seq\":%" PRIu64 ",\"level\":\"%s\",\"event\":\"VM_ENTRY_FAILED\","
		"\"insn\":\"%s\",\"check\":\"%s\",\"sdm\":\"%s\"",
		++t->seq, stats__level_name(level), insn, name ? name : "NONE",
		name ? entry_check__section(r->id) : "");
	if (r->kind == ENTRY_CHECK_VMFAIL)
		fprintf(t->f, ",\"kind\":\"vmfail\",\"code\":%u", r->vmfail);
	else
		fprintf(t->f, ",\"kind\":\"exit\",\"code\":%u,\"exit_reason\":\"0x%x\","
			"\"qualification\":\"0x%" PRIx64 "\"", r->exit, r->exit_reason,
			r->exit_qualification);
	fputs(",\"fields\":{", t->f);
	for (unsigned i = 0; i < r->nvals; i++)
		fprintf(t->f, "%s\"%s\":\"0x%" PRIx64 "\"", i ? "," : "", r->vals[i].name,
			r->vals[i].value);
	fputs("}}\n", t->f);
}

int trace__close(struct trace *t, struct error *err)
{
	int rc = 0, why = 0;

	if (t->f) {
		/* A write that failed during the run left the error flag. */
		errno = 0;
		rc = ferror(t->f) | fflush(t->f);
		why = errno;
		rc |= fclose(t->f);
		if (!why)
			why = errno;
	}
	if (rc && err)
		error__set(err, "trace '%s': write failed%s%s", t->path, why ? ": " : "",
			   why ? strerror(why) : "");
	free(t->buf);
	memset(t, 0, sizeof(*t));
	return rc ? -1 : 0;
}
