/* l0/observe/trace.c: JSON lines, written with stdio: every field is a number or a
 * fixed identifier, so no escaping is ever needed.  Addresses and values are
 * hex strings (JSON numbers lose precision above 2^53). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "l0/engine/kvm/kvm_exits.h"
#include "l0/observe/stats.h"
#include "l0/observe/trace.h"

#define TRACE_BUF (1u << 20)

int trace__open(struct trace *t, const char *path, struct error *err)
{
	memset(t, 0, sizeof(*t));
	if (!path)
		return 0;
	t->f = fopen(path, "w");
	if (!t->f)
		return error__set(err, "trace '%s': %s", path, strerror(errno));
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

static void io_fields(FILE *f, const struct kvm_run *run)
{
	const uint8_t *data = (const uint8_t *)run + run->io.data_offset;

	fprintf(f, ",\"port\":\"0x%x\",\"size\":%u,\"dir\":\"%s\",\"count\":%u,\"value\":\"0x%" PRIx64 "\"",
		run->io.port, run->io.size, run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
		run->io.count, le_value(data, run->io.size));
}

void trace__exit(struct trace *t, unsigned level, const struct kvm_run *run)
{
	const char *name = kvm_exits__name(run->exit_reason);

	if (!t->f)
		return;
	fprintf(t->f, "{\"seq\":%" PRIu64 ",\"level\":\"%s\",\"exit\":\"%s\",\"reason\":%u,\"rip\":\"0x%llx\"",
		++t->seq, stats__level_name(level), name ? name : "OTHER", run->exit_reason,
		(unsigned long long)run->s.regs.regs.rip);
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		io_fields(t->f, run);
		break;
	case KVM_EXIT_MMIO:
		fprintf(t->f, ",\"gpa\":\"0x%llx\",\"len\":%u,\"dir\":\"%s\",\"value\":\"0x%" PRIx64 "\"",
			(unsigned long long)run->mmio.phys_addr, run->mmio.len,
			run->mmio.is_write ? "write" : "read", le_value(run->mmio.data, run->mmio.len));
		break;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		fprintf(t->f, ",\"msr\":\"0x%x\",\"dir\":\"%s\",\"value\":\"0x%llx\",\"gp\":%u",
			run->msr.index, run->exit_reason == KVM_EXIT_X86_RDMSR ? "read" : "write",
			(unsigned long long)run->msr.data, run->msr.error);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		fprintf(t->f, ",\"suberror\":%u", run->internal.suberror);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		fprintf(t->f, ",\"hardware_entry_failure_reason\":\"0x%llx\"",
			(unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	default:
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

int trace__close(struct trace *t)
{
	int rc = 0;

	if (t->f)
		rc = fclose(t->f);
	free(t->buf);
	memset(t, 0, sizeof(*t));
	return rc ? -1 : 0;
}
