/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/route.c: L0's interests first, then L1's
 * controls, then absorb on L1's behalf.
 */
#include "tests/tap.h"
#include "tests/unit/exit-forwarder/l1_ram.h"

#include "exit-forwarder/route.h"

#define L0	EXIT_ROUTE_L0
#define L1	EXIT_ROUTE_L1
#define FOR_L1	EXIT_ROUTE_L0_FOR_L1
#define PIN(b)	 ((uint32_t)VMX_PIN_##b)
#define PROC(b)	 ((uint32_t)VMX_PROC_##b)
#define PROC2(b) ((uint32_t)VMX_PROC2_##b)
#define SECONDARY PROC(SECONDARY_CONTROLS)
#define REASON(r) .reason = EXIT_REASON_##r

static const struct route_row {
	const char *name;
	struct exit_event ev;
	struct exit_ctls c;
	struct exit_l0_facts f;
	enum exit_route want;
} rows[] = {
	{ "HLT, HLT exiting on",	{ REASON(HLT) }, { .proc = PROC(HLT_EXITING) }, { 0 }, L1 },
	{ "HLT, HLT exiting off",	{ REASON(HLT) }, { 0 }, { 0 }, FOR_L1 },
	{ "interrupt window, on",	{ REASON(INTERRUPT_WINDOW) },
	  { .proc = PROC(INTR_WINDOW_EXITING) }, { 0 }, L1 },
	{ "interrupt window, off",	{ REASON(INTERRUPT_WINDOW) }, { 0 }, { 0 }, FOR_L1 },
	{ "interrupt window L0 opened, L1's on too", { REASON(INTERRUPT_WINDOW) },
	  { .proc = PROC(INTR_WINDOW_EXITING) }, { .own_intr_window = true }, L0 },
	{ "preemption timer, on",	{ REASON(PREEMPTION_TIMER) },
	  { .pin = PIN(PREEMPTION_TIMER) }, { 0 }, L1 },
	{ "preemption timer, off",	{ REASON(PREEMPTION_TIMER) }, { 0 }, { 0 }, FOR_L1 },
	{ "preemption timer, on, L0's kick", { REASON(PREEMPTION_TIMER) },
	  { .pin = PIN(PREEMPTION_TIMER) }, { .own_kick = true }, L0 },
	{ "external interrupt, exiting on", { REASON(EXTERNAL_INTERRUPT) },
	  { .pin = PIN(EXTINT_EXITING) }, { 0 }, L1 },
	{ "external interrupt, exiting off", { REASON(EXTERNAL_INTERRUPT) }, { 0 }, { 0 }, FOR_L1 },
	{ "external interrupt, L0's kick wins", { REASON(EXTERNAL_INTERRUPT) },
	  { .pin = PIN(EXTINT_EXITING) }, { .own_kick = true }, L0 },
	{ "HLT exiting on, L0's kick wins", { REASON(HLT) },
	  { .proc = PROC(HLT_EXITING) }, { .own_kick = true }, L0 },
	/* Unconditional exits go to L1 with every control off. */
	{ "CPUID",		{ REASON(CPUID) }, { 0 }, { 0 }, L1 },
	{ "VMCALL",		{ REASON(VMCALL) }, { 0 }, { 0 }, L1 },
	{ "VMXON",		{ REASON(VMXON) }, { 0 }, { 0 }, L1 },
	{ "VMLAUNCH",		{ REASON(VMLAUNCH) }, { 0 }, { 0 }, L1 },
	{ "INVEPT",		{ REASON(INVEPT) }, { 0 }, { 0 }, L1 },
	{ "triple fault",	{ REASON(TRIPLE_FAULT) }, { 0 }, { 0 }, L1 },
	{ "INVD",		{ REASON(INVD) }, { 0 }, { 0 }, L1 },
	{ "GETSEC",		{ REASON(GETSEC) }, { 0 }, { 0 }, L1 },
	{ "XSETBV",		{ REASON(XSETBV) }, { 0 }, { 0 }, L1 },
	{ "entry failure: invalid guest state",
	  { .reason = EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_GUEST_STATE }, { 0 }, { 0 }, L1 },
	{ "entry failure is L1's even during a kick",
	  { .reason = EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_MSR_LOAD_FAIL }, { 0 },
	  { .own_kick = true }, L1 },
	/* Reasons the list does not know. */
	{ "unknown reason 35",	{ .reason = 35 }, { 0 }, { 0 }, L1 },
	{ "unknown reason 38",	{ .reason = 38 }, { 0 }, { 0 }, L1 },
	{ "unknown reason 42",	{ .reason = 42 }, { 0 }, { 0 }, L1 },
	{ "unknown reason 71",	{ .reason = 71 }, { 0 }, { 0 }, L1 },
	{ "unknown reason 80",	{ .reason = 80 }, { 0 }, { 0 }, L1 },
	{ "unknown reason 0xffff", { .reason = 0xffff }, { 0 }, { 0 }, L1 },
	/* I/O: L0's port, then L1's bitmap (bit set for 0x3f8 below). */
	{ "OUT 0x3f8, bit set",	{ REASON(IO_INSTRUCTION), .io = { .port = 0x3f8, .size = 1 } },
	  { .proc = PROC(USE_IO_BITMAPS), .io_bitmap_a = IO_A_GPA, .io_bitmap_b = IO_B_GPA },
	  { 0 }, L1 },
	{ "OUT 0x3f8, bit set, L0 owns the port",
	  { REASON(IO_INSTRUCTION), .io = { .port = 0x3f8, .size = 1 } },
	  { .proc = PROC(USE_IO_BITMAPS), .io_bitmap_a = IO_A_GPA, .io_bitmap_b = IO_B_GPA },
	  { .port_owned = true }, L0 },
	{ "OUT 0x3f9, bit clear: L0 does it for L2",
	  { REASON(IO_INSTRUCTION), .io = { .port = 0x3f9, .size = 1 } },
	  { .proc = PROC(USE_IO_BITMAPS), .io_bitmap_a = IO_A_GPA, .io_bitmap_b = IO_B_GPA },
	  { 0 }, FOR_L1 },
	/* MSRs (read bit set for 0x10 below). */
	{ "RDMSR 0x10, read bit set", { REASON(RDMSR), .msr = { .index = 0x10 } },
	  { .proc = PROC(USE_MSR_BITMAPS), .msr_bitmap = MSR_GPA }, { 0 }, L1 },
	{ "WRMSR 0x10, write bit clear", { REASON(WRMSR), .msr = { .index = 0x10, .write = true } },
	  { .proc = PROC(USE_MSR_BITMAPS), .msr_bitmap = MSR_GPA }, { 0 }, FOR_L1 },
	{ "WRMSR 0x10, no bitmaps", { REASON(WRMSR), .msr = { .index = 0x10, .write = true } },
	  { 0 }, { 0 }, L1 },
	/* Exceptions and NMIs. */
	{ "#UD in bitmap",	{ REASON(EXCEPTION_NMI),
	  .intr = { .vector = 6, .type = EXIT_INTR_HW_EXCEPTION } },
	  { .exception_bitmap = 1u << 6 }, { 0 }, L1 },
	{ "#PF not matching, bit 14 set", { REASON(EXCEPTION_NMI),
	  .intr = { .vector = 14, .type = EXIT_INTR_HW_EXCEPTION, .has_error_code = true,
		    .error_code = 0 } },
	  { .exception_bitmap = 1u << 14, .pf_ec_mask = 1, .pf_ec_match = 1 }, { 0 }, FOR_L1 },
	{ "INT3 with bit 3",	{ REASON(EXCEPTION_NMI),
	  .intr = { .vector = 3, .type = EXIT_INTR_SW_EXCEPTION } },
	  { .exception_bitmap = 1u << 3 }, { 0 }, L1 },
	{ "NMI, NMI exiting on", { REASON(EXCEPTION_NMI), .intr = { .vector = 2, .type = EXIT_INTR_NMI } },
	  { .pin = PIN(NMI_EXITING) }, { 0 }, L1 },
	{ "NMI, NMI exiting off, bit 2 set", { REASON(EXCEPTION_NMI),
	  .intr = { .vector = 2, .type = EXIT_INTR_NMI } },
	  { .exception_bitmap = 1u << 2 }, { 0 }, FOR_L1 },
	/* EPT and secondary controls. */
	{ "EPT violation L0 can fix lazily", { REASON(EPT_VIOLATION) },
	  { .proc = SECONDARY, .proc2 = PROC2(ENABLE_EPT) }, { .ept_fixable = true }, L0 },
	{ "EPT violation, EPT12 lacks it", { REASON(EPT_VIOLATION) },
	  { .proc = SECONDARY, .proc2 = PROC2(ENABLE_EPT) }, { 0 }, L1 },
	{ "EPT violation, secondary controls off", { REASON(EPT_VIOLATION) },
	  { .proc2 = PROC2(ENABLE_EPT) }, { 0 }, FOR_L1 },
	{ "RDTSCP needs RDTSC exiting and enable RDTSCP", { REASON(RDTSCP) },
	  { .proc = SECONDARY | PROC(RDTSC_EXITING), .proc2 = PROC2(ENABLE_RDTSCP) }, { 0 }, L1 },
	{ "RDTSCP, enable RDTSCP alone", { REASON(RDTSCP) },
	  { .proc = SECONDARY, .proc2 = PROC2(ENABLE_RDTSCP) }, { 0 }, FOR_L1 },
	{ "CR access: MOV to CR4 owned bit", { REASON(CR_ACCESS),
	  .cr = { .cr = 4, .access = EXIT_CR_MOV_TO, .value = 0x2000 } },
	  { .cr4_mask = 0x2000 }, { 0 }, L1 },
};

static const unsigned listed[] = {
#define X(num, ...) num,
#include "exit-forwarder/exit_reasons.def"
#undef X
};

/* With every control on and every bitmap bit 1, each listed reason must
 * reflect; with L0's kick, each must be absorbed; no reason is skipped. */
static void test_every_reason(struct l1_ram *ram, struct guest_mem *mem)
{
	struct exit_ctls all = {
		.pin = ~0u, .proc = ~0u, .proc2 = ~0u, .exception_bitmap = ~0u,
		.cr0_mask = ~0ull, .cr0_shadow = ~0ull,
		.io_bitmap_a = IO_A_GPA, .io_bitmap_b = IO_B_GPA, .msr_bitmap = MSR_GPA,
	};
	struct exit_l0_facts none = { 0 }, kick = { .own_kick = true };
	/* Every fact but the kick: only the reason each fact names is L0's. */
	struct exit_l0_facts facts = { .port_owned = true, .own_intr_window = true,
				       .ept_fixable = true };
	unsigned reflected = 0, absorbed = 0, n = sizeof(listed) / sizeof(listed[0]);
	unsigned claimed = 0, max = 0;

	memset(ram->bytes, 0xff, sizeof(ram->bytes));
	for (unsigned i = 0; i < n; i++) {
		struct exit_event ev = { .reason = listed[i],
			.io = { .port = 0x80, .size = 1 },
			.intr = { .vector = 6, .type = EXIT_INTR_HW_EXCEPTION } };
		enum exit_route r = exit_route__decide(&ev, &all, &none, mem);

		if (r == L1)
			reflected++;
		else
			diag("reason %u routed %s", listed[i], exit_route__name(r));
		absorbed += exit_route__decide(&ev, &all, &kick, mem) == L0;
		if (exit_route__l0_wants_exit(&ev, &facts))
			claimed |= 1u << (listed[i] == EXIT_REASON_IO_INSTRUCTION ? 0 :
					  listed[i] == EXIT_REASON_INTERRUPT_WINDOW ? 1 :
					  listed[i] == EXIT_REASON_EPT_VIOLATION ? 2 : 3);
		max = listed[i] > max ? listed[i] : max;
	}
	is_u64(claimed, 7, "L0's facts claim IO_INSTRUCTION, INTERRUPT_WINDOW, EPT_VIOLATION, no other");
	is_u64(EXIT_REASON_MAX, max, "EXIT_REASON_MAX is the list's highest reason (%u)", max);
	is_u64(EXIT_REASON_MAX, 79, "which is WRMSRLIST's 79 (SDM Vol. 3D Table C-1)");
	is_u64(reflected, n, "all controls on: each of the %u listed reasons reflects", n);
	is_u64(absorbed, n, "L0's kick: each listed reason absorbed");
}

int main(void)
{
	static struct l1_ram ram;
	struct guest_mem mem = l1_ram__mem(&ram);

	l1_ram__set_port(&ram, 0x3f8);
	l1_ram__set_msr(&ram, 0x10, 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct route_row *r = &rows[i];

		is_str(exit_route__name(exit_route__decide(&r->ev, &r->c, &r->f, &mem)),
		       exit_route__name(r->want), "%s", r->name);
	}
	test_every_reason(&ram, &mem);
	is_str(exit_route__name(EXIT_ROUTE_COUNT), NULL, "route name out of range");
	return done_testing();
}
