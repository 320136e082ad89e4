/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_qual.c: exit qualification and instruction
 * information for reflected I/O exits.
 */
#include "exit-forwarder/exit_qual.h"

/* SDM 28.2.1, Table 28-5. */
#define IO_QUAL_SIZE_SHIFT	0	/* 2:0 size of access minus 1 */
#define IO_QUAL_IN		(1u << 3)
#define IO_QUAL_STRING		(1u << 4)
#define IO_QUAL_REP		(1u << 5)
#define IO_QUAL_IMM		(1u << 6)
#define IO_QUAL_PORT_SHIFT	16	/* 31:16 port */

/* SDM 28.2.5, Table 28-8. */
#define IO_INFO_ADDR_SHIFT	7	/* 9:7 address size */
#define IO_INFO_SEG_SHIFT	15	/* 17:15 segment register */

uint64_t exit_qual__io(const struct exit_event *ev)
{
	uint64_t q = 0;

	/* Sizes 1, 2 and 4 encode as 0, 1 and 3. */
	q |= (uint64_t)((ev->io.size - 1u) & 7u) << IO_QUAL_SIZE_SHIFT;
	if (ev->io.in)
		q |= IO_QUAL_IN;
	if (ev->io.string)
		q |= IO_QUAL_STRING;
	if (ev->io.rep)
		q |= IO_QUAL_REP;
	if (ev->io.imm)
		q |= IO_QUAL_IMM;
	q |= (uint64_t)ev->io.port << IO_QUAL_PORT_SHIFT;
	return q;
}

uint32_t exit_qual__io_instr_info(const struct exit_event *ev)
{
	/* INS always writes through ES; only OUTS takes an override. */
	unsigned seg = ev->io.in ? CPU_SEG_ES : ev->io.seg;

	if (!ev->io.string)
		return 0;
	return (uint32_t)(ev->io.addr_size & 7u) << IO_INFO_ADDR_SHIFT |
	       (uint32_t)(seg & 7u) << IO_INFO_SEG_SHIFT;
}

uint64_t exit_qual__build(const struct exit_event *ev)
{
	if (exit_event__basic(ev) == EXIT_REASON_IO_INSTRUCTION)
		return exit_qual__io(ev);
	return 0;
}
