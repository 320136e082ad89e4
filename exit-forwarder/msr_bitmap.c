/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/msr_bitmap.c: RDMSR/WRMSR exiting, SDM 26.1.3, and the
 * MSR bitmap layout of SDM 25.6.9.
 *
 * The 4-KByte bitmap is four 1-KByte quarters:
 *   0x000 read low   MSRs 0x00000000-0x00001fff
 *   0x400 read high  MSRs 0xc0000000-0xc0001fff
 *   0x800 write low
 *   0xc00 write high
 */
#include "exit-forwarder/msr_bitmap.h"

#define MSR_RANGE_LEN	0x2000u
#define MSR_HIGH_BASE	0xc0000000u
#define QUARTER_HIGH	0x400u
#define QUARTER_WRITE	0x800u

bool msr_bitmap__exits(const struct exit_ctls *c, const struct guest_mem *l1_mem,
		       uint32_t msr, bool write)
{
	uint64_t offset;
	uint8_t byte;

	/* Without MSR bitmaps every RDMSR and WRMSR exits. */
	if (!(c->proc & VMX_PROC_USE_MSR_BITMAPS))
		return true;

	if (msr < MSR_RANGE_LEN)
		offset = 0;
	else if (msr - MSR_HIGH_BASE < MSR_RANGE_LEN)	/* unsigned: below wraps high */
		offset = QUARTER_HIGH;
	else
		return true;	/* outside both ranges: always exits */
	if (write)
		offset += QUARTER_WRITE;

	unsigned idx = msr % MSR_RANGE_LEN;

	/* A bitmap outside L1 RAM: the processor would read unbacked
	 * physical memory, which returns all ones, so the bit is set. */
	if (guest_mem__read(l1_mem, c->msr_bitmap + offset + idx / 8, &byte, 1))
		return true;
	return (byte >> (idx % 8)) & 1;
}
