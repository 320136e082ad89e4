/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/cr_access.c: CLTS, LMSW, MOV CR exiting,
 * SDM 26.1.3.
 */
#include "tests/tap.h"

#include "exit-forwarder/cr_access.h"

#define CR0_PE 0x1u
#define CR0_MP 0x2u
#define CR0_TS 0x8u
#define CR0_WP 0x10000u
#define CR4_VMXE 0x2000u
#define CR3_LOAD  ((uint32_t)VMX_PROC_CR3_LOAD_EXITING)
#define CR3_STORE ((uint32_t)VMX_PROC_CR3_STORE_EXITING)
#define CR8_LOAD  ((uint32_t)VMX_PROC_CR8_LOAD_EXITING)

static const struct cr_row {
	const char *name;
	struct exit_ctls c;
	uint8_t cr, access;
	uint64_t value;
	int want;
} rows[] = {
	{ "MOV to CR0, no mask: runs", { 0 }, 0, EXIT_CR_MOV_TO, CR0_PE, 0 },
	{ "MOV to CR0 changes owned WP: exits",
	  { .cr0_mask = CR0_WP, .cr0_shadow = 0 }, 0, EXIT_CR_MOV_TO, CR0_WP, 1 },
	{ "MOV to CR0 keeps owned WP as shadow: runs",
	  { .cr0_mask = CR0_WP, .cr0_shadow = CR0_WP }, 0, EXIT_CR_MOV_TO, CR0_WP | CR0_PE, 0 },
	{ "MOV to CR4 sets owned VMXE: exits",
	  { .cr4_mask = CR4_VMXE }, 4, EXIT_CR_MOV_TO, CR4_VMXE, 1 },
	{ "MOV to CR4 unowned bit: runs",
	  { .cr4_mask = CR4_VMXE }, 4, EXIT_CR_MOV_TO, 0x20, 0 },
	{ "MOV from CR0 never exits",
	  { .cr0_mask = ~0ull }, 0, EXIT_CR_MOV_FROM, 0, 0 },
	{ "MOV to CR3 without CR3-load exiting: runs",
	  { 0 }, 3, EXIT_CR_MOV_TO, 0x5000, 0 },
	{ "MOV to CR3, count 0: exits",
	  { .proc = CR3_LOAD }, 3, EXIT_CR_MOV_TO, 0x5000, 1 },
	{ "MOV to CR3 equal to target 1 of 2: runs",
	  { .proc = CR3_LOAD, .cr3_target_count = 2, .cr3_target = { 0x1000, 0x5000 } },
	  3, EXIT_CR_MOV_TO, 0x5000, 0 },
	{ "MOV to CR3 equal to target beyond count: exits",
	  { .proc = CR3_LOAD, .cr3_target_count = 1, .cr3_target = { 0x1000, 0x5000 } },
	  3, EXIT_CR_MOV_TO, 0x5000, 1 },
	{ "MOV from CR3 with CR3-store exiting: exits",
	  { .proc = CR3_STORE }, 3, EXIT_CR_MOV_FROM, 0, 1 },
	{ "MOV from CR3 without: runs", { .proc = CR3_LOAD }, 3, EXIT_CR_MOV_FROM, 0, 0 },
	{ "MOV to CR8 with CR8-load exiting: exits",
	  { .proc = CR8_LOAD }, 8, EXIT_CR_MOV_TO, 0, 1 },
	{ "MOV from CR8 without CR8-store exiting: runs",
	  { .proc = CR8_LOAD }, 8, EXIT_CR_MOV_FROM, 0, 0 },
	{ "CLTS, TS owned and set in shadow: exits",
	  { .cr0_mask = CR0_TS, .cr0_shadow = CR0_TS }, 0, EXIT_CR_CLTS, 0, 1 },
	{ "CLTS, TS owned but clear in shadow: runs",
	  { .cr0_mask = CR0_TS }, 0, EXIT_CR_CLTS, 0, 0 },
	{ "CLTS, TS set in shadow but not owned: runs",
	  { .cr0_shadow = CR0_TS }, 0, EXIT_CR_CLTS, 0, 0 },
	{ "LMSW sets owned PE, shadow PE=0: exits",
	  { .cr0_mask = CR0_PE }, 0, EXIT_CR_LMSW, CR0_PE, 1 },
	{ "LMSW PE=0 with shadow PE=1 cannot clear: runs",
	  { .cr0_mask = CR0_PE, .cr0_shadow = CR0_PE }, 0, EXIT_CR_LMSW, 0, 0 },
	{ "LMSW changes owned MP: exits",
	  { .cr0_mask = CR0_MP }, 0, EXIT_CR_LMSW, CR0_MP, 1 },
	{ "LMSW ignores owned bits above 3",
	  { .cr0_mask = CR0_WP }, 0, EXIT_CR_LMSW, 0xfff0, 0 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct cr_row *r = &rows[i];
		struct exit_event ev = { .reason = EXIT_REASON_CR_ACCESS,
			.cr = { .cr = r->cr, .access = r->access, .value = r->value } };

		is_u64(cr_access__exits(&r->c, &ev), r->want, "%s", r->name);
	}
	return done_testing();
}
