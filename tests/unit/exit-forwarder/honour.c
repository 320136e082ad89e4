/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/honour.c: what L1 asks that this host cannot
 * deliver.  Expectations follow the host column of exit_reasons.def
 * (CR accesses, RDTSC, descriptor-table exits, exceptions: absorbed by
 * KVM; MTF: never; HLT, I/O: KVM exits; preemption timer: L0's own).
 */
#include "tests/tap.h"

#include "exit-forwarder/honour.h"
#include "exit-forwarder/exit_reasons.h"

#define W(name)	 EXIT_WISH_BIT(EXIT_WISH_##name)
#define PIN(b)	 ((uint32_t)VMX_PIN_##b)
#define PROC(b)	 ((uint32_t)VMX_PROC_##b)
#define PROC2(b) ((uint32_t)VMX_PROC2_##b)
#define SECONDARY PROC(SECONDARY_CONTROLS)

static const struct honour_row {
	const char *name;
	struct exit_ctls c;
	uint32_t seen;
	uint64_t want;		/* beyond what an all-zero vmcs12 already gets */
} rows[] = {
	{ "nothing asked",			{ 0 }, 0, 0 },
	{ "#UD in exception bitmap",		{ .exception_bitmap = 1u << 6 }, 0, W(EXCEPTION_BITMAP) },
	{ "#DB in bitmap, L0 sees #DB",		{ .exception_bitmap = 1u << 1 }, 1u << 1, 0 },
	{ "#DB and #UD, L0 sees #DB",		{ .exception_bitmap = 1u << 1 | 1u << 6 }, 1u << 1,
	  W(EXCEPTION_BITMAP) },
	{ "#PF bit whose match never holds",	{ .exception_bitmap = 1u << 14, .pf_ec_match = ~0u },
	  0, 0 },
	{ "#PF clear but mask/match exits some", { .pf_ec_mask = 1, .pf_ec_match = 1 }, 0,
	  W(EXCEPTION_BITMAP) },
	{ "CR0 guest/host mask",		{ .cr0_mask = 0x10000 }, 0, W(CR0_MASK) },
	{ "CR4 guest/host mask",		{ .cr4_mask = 0x2000 }, 0, W(CR4_MASK) },
	{ "CR3-load exiting",			{ .proc = PROC(CR3_LOAD_EXITING) }, 0, W(CR3_LOAD_EXITING) },
	{ "HLT exiting is deliverable",		{ .proc = PROC(HLT_EXITING) }, 0, 0 },
	{ "I/O bitmaps are deliverable",	{ .proc = PROC(USE_IO_BITMAPS) }, 0, 0 },
	{ "interrupt window is deliverable",	{ .proc = PROC(INTR_WINDOW_EXITING) }, 0, 0 },
	{ "preemption timer is L0's own",	{ .pin = PIN(PREEMPTION_TIMER) }, 0, 0 },
	{ "RDTSC exiting",			{ .proc = PROC(RDTSC_EXITING) }, 0, W(RDTSC_EXITING) },
	{ "monitor trap flag",			{ .proc = PROC(MONITOR_TRAP_FLAG) }, 0, W(MONITOR_TRAP_FLAG) },
	{ "EPT is deliverable",			{ .proc = SECONDARY, .proc2 = PROC2(ENABLE_EPT) }, 0, 0 },
	{ "descriptor-table exiting",		{ .proc = SECONDARY, .proc2 = PROC2(DESC_TABLE_EXITING) },
	  0, W(DESC_TABLE_EXITING) },
	{ "secondary controls not activated",	{ .proc2 = PROC2(DESC_TABLE_EXITING) }, 0, 0 },
	{ "RDTSCP needs both controls",		{ .proc = SECONDARY | PROC(RDTSC_EXITING),
						  .proc2 = PROC2(ENABLE_RDTSCP) },
	  0, W(RDTSC_EXITING) | W(RDTSCP_EXITING) },
};

int main(void)
{
	struct exit_ctls zero = { 0 }, all = { .pin = ~0u, .proc = ~0u, .proc2 = ~0u,
		.exception_bitmap = ~0u, .cr0_mask = ~0ull, .cr4_mask = ~0ull };
	uint64_t base = honour__unmet(&zero, 0), every;

	/* Unconditional exits KVM keeps to itself are always unmet. */
	ok(base & W(CPUID), "CPUID always exits to L1: unmet");
	ok(base & W(XSETBV), "XSETBV always exits to L1: unmet");
	ok(!(base & W(MSR_EXITING)), "MSR exits reach L0: met");

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct honour_row *r = &rows[i];

		is_u64(honour__unmet(&r->c, r->seen) & ~base, r->want, "%s", r->name);
	}

	/* Everything asked: exactly the wishes whose reason the host cannot
	 * produce are flagged. */
	every = honour__unmet(&all, 0);
	for (unsigned w = 0; w < EXIT_WISH_COUNT; w++) {
		enum exit_reason_host h = exit_reason__host(honour__wish_reason(w));
		int cannot = h == HOST_ABSORBED || h == HOST_NEVER;

		if (!!(every & EXIT_WISH_BIT(w)) != cannot)
			diag("wish %s disagrees with the host column", honour__wish_name(w));
		ok(!!(every & EXIT_WISH_BIT(w)) == cannot, "all asked: %s %s",
		   honour__wish_name(w), cannot ? "unmet" : "met");
	}

	is_str(honour__wish_name(EXIT_WISH_CR0_MASK), "CR0_MASK", "wish name");
	is_u64(honour__wish_reason(EXIT_WISH_CR0_MASK), EXIT_REASON_CR_ACCESS, "wish reason");
	is_str(honour__wish_name(EXIT_WISH_COUNT), NULL, "wish name out of range");
	is_u64(honour__wish_reason(EXIT_WISH_COUNT), ~0u, "wish reason out of range");
	return done_testing();
}
