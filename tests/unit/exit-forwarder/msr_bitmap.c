/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/msr_bitmap.c: RDMSR/WRMSR exiting, SDM 26.1.3
 * with the bitmap quarters of SDM 25.6.9.
 */
#include "tests/tap.h"
#include "tests/unit/exit-forwarder/l1_ram.h"

#include "exit-forwarder/msr_bitmap.h"

#define BITMAPS	((uint32_t)VMX_PROC_USE_MSR_BITMAPS)
#define R 0
#define W 1
#define NONE 0x12345678u	/* outside both ranges, so never set */

static const struct msr_row {
	const char *name;
	uint32_t proc;
	uint32_t set_msr;	/* bit L1 set, NONE for none */
	int set_write;
	uint64_t bitmap;
	uint32_t msr;
	int write;
	int want;
} rows[] = {
	{ "no MSR bitmaps: RDMSR exits",	0, NONE, R, MSR_GPA, 0x10, R, 1 },
	{ "no MSR bitmaps: WRMSR exits",	0, NONE, R, MSR_GPA, 0xc0000080, W, 1 },
	{ "clear bit: RDMSR 0x10 runs",		BITMAPS, NONE, R, MSR_GPA, 0x10, R, 0 },
	{ "clear bit: WRMSR 0x10 runs",		BITMAPS, NONE, R, MSR_GPA, 0x10, W, 0 },
	{ "0x1fff last low MSR runs",		BITMAPS, NONE, R, MSR_GPA, 0x1fff, R, 0 },
	{ "0x2000 outside: RDMSR exits",	BITMAPS, NONE, R, MSR_GPA, 0x2000, R, 1 },
	{ "0x2000 outside: WRMSR exits",	BITMAPS, NONE, R, MSR_GPA, 0x2000, W, 1 },
	{ "0xc0000000 first high MSR runs",	BITMAPS, NONE, R, MSR_GPA, 0xc0000000, R, 0 },
	{ "0xc0001fff last high MSR runs",	BITMAPS, NONE, R, MSR_GPA, 0xc0001fff, W, 0 },
	{ "0xc0002000 outside: exits",		BITMAPS, NONE, R, MSR_GPA, 0xc0002000, R, 1 },
	{ "0xbfffffff outside: exits",		BITMAPS, NONE, R, MSR_GPA, 0xbfffffff, W, 1 },
	{ "0x40000000 outside: exits",		BITMAPS, NONE, R, MSR_GPA, 0x40000000, R, 1 },
	{ "0xffffffff outside: exits",		BITMAPS, NONE, R, MSR_GPA, 0xffffffff, R, 1 },
	{ "read-low 0x0 set: RDMSR 0x0 exits",	BITMAPS, 0x0, R, MSR_GPA, 0x0, R, 1 },
	{ "read-low 0x0 set: WRMSR 0x0 runs",	BITMAPS, 0x0, R, MSR_GPA, 0x0, W, 0 },
	{ "read-low 0x1fff set: exits",		BITMAPS, 0x1fff, R, MSR_GPA, 0x1fff, R, 1 },
	{ "read-low 0x1fff set: 0x1ffe runs",	BITMAPS, 0x1fff, R, MSR_GPA, 0x1ffe, R, 0 },
	{ "read-low 0x1fff set: 0xc0001fff runs", BITMAPS, 0x1fff, R, MSR_GPA, 0xc0001fff, R, 0 },
	{ "write-low 0x0 set: WRMSR exits",	BITMAPS, 0x0, W, MSR_GPA, 0x0, W, 1 },
	{ "write-low 0x0 set: RDMSR runs",	BITMAPS, 0x0, W, MSR_GPA, 0x0, R, 0 },
	{ "write-low 0x1fff set: WRMSR exits",	BITMAPS, 0x1fff, W, MSR_GPA, 0x1fff, W, 1 },
	{ "write-low 0x1fff: WRMSR 0xc0001fff runs", BITMAPS, 0x1fff, W, MSR_GPA, 0xc0001fff, W, 0 },
	{ "read-high 0xc0000000 set: exits",	BITMAPS, 0xc0000000, R, MSR_GPA, 0xc0000000, R, 1 },
	{ "read-high 0xc0000000 set: WRMSR runs", BITMAPS, 0xc0000000, R, MSR_GPA, 0xc0000000, W, 0 },
	{ "read-high 0xc0000000 set: 0x0 runs",	BITMAPS, 0xc0000000, R, MSR_GPA, 0x0, R, 0 },
	{ "read-high 0xc0001fff set: exits",	BITMAPS, 0xc0001fff, R, MSR_GPA, 0xc0001fff, R, 1 },
	{ "write-high 0xc0000080 set: exits",	BITMAPS, 0xc0000080, W, MSR_GPA, 0xc0000080, W, 1 },
	{ "write-high 0xc0000080 set: RDMSR runs", BITMAPS, 0xc0000080, W, MSR_GPA, 0xc0000080, R, 0 },
	{ "write-high 0xc0001fff set: exits",	BITMAPS, 0xc0001fff, W, MSR_GPA, 0xc0001fff, W, 1 },
	{ "write-high 0xc0001fff: WRMSR 0x1fff runs", BITMAPS, 0xc0001fff, W, MSR_GPA, 0x1fff, W, 0 },
	{ "bitmap outside RAM: RDMSR exits",	BITMAPS, NONE, R, OUTSIDE_GPA, 0x10, R, 1 },
	{ "bitmap outside RAM: WRMSR exits",	BITMAPS, NONE, R, OUTSIDE_GPA, 0xc0000080, W, 1 },
	/* Only the write quarters lie past the end of RAM. */
	{ "half outside: read-low inside runs",	BITMAPS, NONE, R, L1_RAM_SIZE - 0x800, 0x10, R, 0 },
	{ "half outside: read-high inside runs", BITMAPS, NONE, R, L1_RAM_SIZE - 0x800, 0xc0000010, R, 0 },
	{ "half outside: write-low reads as 1",	BITMAPS, NONE, R, L1_RAM_SIZE - 0x800, 0x10, W, 1 },
	{ "half outside: write-high reads as 1", BITMAPS, NONE, R, L1_RAM_SIZE - 0x800, 0xc0000010, W, 1 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct msr_row *r = &rows[i];
		static struct l1_ram ram;
		struct guest_mem mem = l1_ram__mem(&ram);
		struct exit_ctls c = { .proc = r->proc, .msr_bitmap = r->bitmap };

		memset(&ram, 0, sizeof(ram));
		if (r->set_msr != NONE)
			l1_ram__set_msr(&ram, r->set_msr, r->set_write);
		is_u64(msr_bitmap__exits(&c, &mem, r->msr, r->write), r->want,
		       "%s (%s 0x%x)", r->name, r->write ? "WRMSR" : "RDMSR", r->msr);
	}
	return done_testing();
}
