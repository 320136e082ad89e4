/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/exit_qual.c: I/O exit qualification
 * (SDM 28.2.1, Table 28-5) and INS/OUTS instruction information
 * (SDM 28.2.5, Table 28-8).  Expected values are written out in hex.
 */
#include "tests/tap.h"

#include "exit-forwarder/exit_qual.h"

#define IO(...) { .reason = EXIT_REASON_IO_INSTRUCTION, .io = { __VA_ARGS__ } }

static const struct qual_row {
	const char *name;
	struct exit_event ev;
	uint64_t qual;
	uint32_t info;
} rows[] = {
	{ "OUT DX, AL to 0x3f8",	IO(.port = 0x3f8, .size = 1),			0x03f80000, 0 },
	{ "IN AX, DX from 0x1f0",	IO(.port = 0x1f0, .size = 2, .in = true),	0x01f00009, 0 },
	{ "IN EAX, 0x60 (immediate)",	IO(.port = 0x60, .size = 4, .in = true, .imm = true),
	  0x0060004b, 0 },
	{ "OUT to 0xffff, 4 bytes",	IO(.port = 0xffff, .size = 4),			0xffff0003, 0 },
	{ "REP OUTSB, 64-bit, DS",	IO(.port = 0xe9, .size = 1, .string = true, .rep = true,
					   .addr_size = EXIT_ADDR_64, .seg = CPU_SEG_DS),
	  0x00e90030, 0x00018100 },
	{ "OUTSW with FS override, 32-bit", IO(.port = 0x80, .size = 2, .string = true,
					   .addr_size = EXIT_ADDR_32, .seg = CPU_SEG_FS),
	  0x00800011, 0x00020080 },
	{ "REP INSD, 16-bit, ES whatever seg says", IO(.port = 0x1f0, .size = 4, .in = true,
					   .string = true, .rep = true,
					   .addr_size = EXIT_ADDR_16, .seg = CPU_SEG_GS),
	  0x01f0003b, 0x00000000 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct qual_row *r = &rows[i];

		is_u64(exit_qual__io(&r->ev), r->qual, "qualification: %s", r->name);
		is_u64(exit_qual__io_instr_info(&r->ev), r->info, "instruction info: %s", r->name);
	}
	is_u64(exit_qual__build(&rows[1].ev), rows[1].qual, "build: I/O uses the I/O layout");

	struct exit_event msr = { .reason = EXIT_REASON_WRMSR, .msr = { .index = 0x10, .write = true } };

	is_u64(exit_qual__build(&msr), 0, "build: WRMSR has no qualification");
	return done_testing();
}
