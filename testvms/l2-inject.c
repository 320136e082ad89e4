/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l2-inject.elf: for each row of testvms/lib/l2_inject.h, asks l1-hv (an
 * OUT of the row's number to port 0x82) to inject that event at its next
 * VM entry, and checks what its own handler saw: the vector, the error
 * code, and the RIP pushed (SDM 27.6.1.1: the entry's guest RIP, plus the
 * instruction length for the software types).  Not meant to run alone.
 */
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_inject.h"

struct row {
	const char *name;
	unsigned type, vector, has_error, error, len;
};

static const struct row rows[] = {
#define X(n, t, v, he, e, l) { #n, t, v, he, e, l },
	L2_INJECTIONS(X)
#undef X
};

extern const char l2_inject_after_out[];

static void request(void *arg)
{
	unsigned i = (unsigned)(u64)arg;

	asm volatile("outb %b0, %w1\n"
		     ".globl l2_inject_after_out\nl2_inject_after_out:\n\t"
		     :: "a"(i), "Nd"(L2_INJECT_PORT) : "memory");
}

/* A value L2 keeps in IA32_LSTAR, which only its vCPU holds (no VMCS
 * field has it): it must outlive every exit, also one that gave L2 a new
 * vCPU (l1-hv's option vectoring). */
#define MSR_LSTAR	0xc0000082
#define LSTAR_MARK	0xffff800012345000ul

int main(int argc, char **argv)
{
	wrmsr(MSR_LSTAR, LSTAR_MARK);
	for (unsigned i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *r = &rows[i];
		const struct exception_info *e;
		int v = exception__catch(request, (void *)(u64)i);
		u64 want_rip = (u64)l2_inject_after_out + r->len;

		e = exception__last();
		report(v == (int)r->vector && e->error_code == (r->has_error ? r->error : 0) &&
		       e->rip == want_rip,
		       "l2-inject: %s: vector %d error 0x%lx RIP after the OUT + %lu "
		       "(want vector %u error 0x%x + %u)", r->name, v, e->error_code,
		       e->rip - (u64)l2_inject_after_out, r->vector,
		       r->has_error ? r->error : 0, r->len);
	}
	report(rdmsr(MSR_LSTAR) == LSTAR_MARK, "l2-inject: IA32_LSTAR kept across the exits (0x%lx)",
	       rdmsr(MSR_LSTAR));
	return report_summary();
}
