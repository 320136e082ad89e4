/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/exit-forwarder/io_bitmap.c: I/O exiting, SDM 26.1.3. */
#include "tests/tap.h"
#include "tests/unit/exit-forwarder/l1_ram.h"

#include "exit-forwarder/io_bitmap.h"

#define UNCOND	((uint32_t)VMX_PROC_UNCOND_IO_EXITING)
#define BITMAPS	((uint32_t)VMX_PROC_USE_IO_BITMAPS)
#define NONE	0xffffffffu	/* no port bit set */

static const struct io_row {
	const char *name;
	uint32_t proc;
	unsigned set[2];	/* ports whose bit L1 set, NONE for unused */
	uint64_t a, b;		/* bitmap gpas */
	uint16_t port;
	unsigned size;
	int want;
} rows[] = {
	{ "no I/O controls: runs",		0,	{ 0x80, NONE },	IO_A_GPA, IO_B_GPA, 0x80, 1, 0 },
	{ "unconditional only: exits",		UNCOND,	{ NONE, NONE },	IO_A_GPA, IO_B_GPA, 0x80, 1, 1 },
	{ "unconditional, port 0xffff",		UNCOND,	{ NONE, NONE },	IO_A_GPA, IO_B_GPA, 0xffff, 1, 1 },
	{ "bitmaps win over unconditional",	UNCOND | BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0x80, 1, 0 },
	{ "bitmaps + unconditional, bit set",	UNCOND | BITMAPS, { 0x80, NONE }, IO_A_GPA, IO_B_GPA, 0x80, 1, 1 },
	{ "port 0x0000 set",			BITMAPS, { 0x0000, NONE }, IO_A_GPA, IO_B_GPA, 0x0000, 1, 1 },
	{ "port 0x0000 set, 0x0001 clear",	BITMAPS, { 0x0000, NONE }, IO_A_GPA, IO_B_GPA, 0x0001, 1, 0 },
	{ "port 0x0009 is byte 1 bit 1",	BITMAPS, { 0x0009, NONE }, IO_A_GPA, IO_B_GPA, 0x0009, 1, 1 },
	{ "port 0x0008 clear next to 0x0009",	BITMAPS, { 0x0009, NONE }, IO_A_GPA, IO_B_GPA, 0x0008, 1, 0 },
	{ "port 0x7fff set (last of A)",	BITMAPS, { 0x7fff, NONE }, IO_A_GPA, IO_B_GPA, 0x7fff, 1, 1 },
	{ "port 0x7ffe clear below 0x7fff",	BITMAPS, { 0x7fff, NONE }, IO_A_GPA, IO_B_GPA, 0x7ffe, 1, 0 },
	{ "port 0x8000 set (first of B)",	BITMAPS, { 0x8000, NONE }, IO_A_GPA, IO_B_GPA, 0x8000, 1, 1 },
	{ "B bit 0 is not port 0x0000",		BITMAPS, { 0x8000, NONE }, IO_A_GPA, IO_B_GPA, 0x0000, 1, 0 },
	{ "A bit 0 is not port 0x8000",		BITMAPS, { 0x0000, NONE }, IO_A_GPA, IO_B_GPA, 0x8000, 1, 0 },
	{ "port 0xffff set (last of B)",	BITMAPS, { 0xffff, NONE }, IO_A_GPA, IO_B_GPA, 0xffff, 1, 1 },
	{ "port 0xfffe clear below 0xffff",	BITMAPS, { 0xffff, NONE }, IO_A_GPA, IO_B_GPA, 0xfffe, 1, 0 },
	{ "2 bytes at 0x7fff, 0x8000 set (A->B)", BITMAPS, { 0x8000, NONE }, IO_A_GPA, IO_B_GPA, 0x7fff, 2, 1 },
	{ "2 bytes at 0x7fff, 0x7fff set",	BITMAPS, { 0x7fff, NONE }, IO_A_GPA, IO_B_GPA, 0x7fff, 2, 1 },
	{ "2 bytes at 0x7fff, both clear",	BITMAPS, { 0x7ffe, 0x8001 }, IO_A_GPA, IO_B_GPA, 0x7fff, 2, 0 },
	{ "2 bytes at 0x7ffe, 0x7fff set",	BITMAPS, { 0x7fff, NONE }, IO_A_GPA, IO_B_GPA, 0x7ffe, 2, 1 },
	{ "4 bytes at 0x7ffe, 0x8001 set",	BITMAPS, { 0x8001, NONE }, IO_A_GPA, IO_B_GPA, 0x7ffe, 4, 1 },
	{ "4 bytes at 0x7ffe, 0x8002 outside",	BITMAPS, { 0x8002, 0x7ffd }, IO_A_GPA, IO_B_GPA, 0x7ffe, 4, 0 },
	{ "4 bytes at 0x7ffd, 0x8000 set",	BITMAPS, { 0x8000, NONE }, IO_A_GPA, IO_B_GPA, 0x7ffd, 4, 1 },
	{ "4 bytes at 0x7ffc, all in A, clear",	BITMAPS, { 0x8000, NONE }, IO_A_GPA, IO_B_GPA, 0x7ffc, 4, 0 },
	{ "2 bytes at 0xffff wrap: exits",	BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0xffff, 2, 1 },
	{ "4 bytes at 0xfffd wrap: exits",	BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0xfffd, 4, 1 },
	{ "4 bytes at 0xfffc no wrap: runs",	BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0xfffc, 4, 0 },
	{ "1 byte at 0xffff clear: runs",	BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0xffff, 1, 0 },
	{ "wrap exits even with unconditional 0", BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0xfffe, 4, 1 },
	{ "bitmap A outside RAM: bits read 1",	BITMAPS, { NONE, NONE }, OUTSIDE_GPA, IO_B_GPA, 0x10, 1, 1 },
	{ "bitmap A outside RAM, B port runs",	BITMAPS, { NONE, NONE }, OUTSIDE_GPA, IO_B_GPA, 0x8010, 1, 0 },
	{ "bitmap B outside RAM: bits read 1",	BITMAPS, { NONE, NONE }, IO_A_GPA, OUTSIDE_GPA, 0x8010, 1, 1 },
	{ "bitmap B straddles RAM end",		BITMAPS, { NONE, NONE }, IO_A_GPA, L1_RAM_SIZE - 0x10, 0x8000 + 0x80, 1, 1 },
	{ "bitmap B straddles, inside part",	BITMAPS, { NONE, NONE }, IO_A_GPA, L1_RAM_SIZE - 0x10, 0x8000 + 0x7f, 1, 0 },
	{ "size 3 is no access: L1 sees it",	BITMAPS, { NONE, NONE }, IO_A_GPA, IO_B_GPA, 0x80, 3, 1 },
};

/* L1 may flip a bit while L2 runs: the next exit must see it. */
static void test_reread(void)
{
	static struct l1_ram ram;
	struct guest_mem mem = l1_ram__mem(&ram);
	struct exit_ctls c = { .proc = BITMAPS, .io_bitmap_a = IO_A_GPA,
			       .io_bitmap_b = IO_B_GPA };
	unsigned before;

	is_u64(io_bitmap__exits(&c, &mem, 0x3f8, 1), 0, "reread: clear bit runs");
	l1_ram__set_port(&ram, 0x3f8);
	before = ram.reads;
	is_u64(io_bitmap__exits(&c, &mem, 0x3f8, 1), 1, "reread: bit set later exits");
	ok(ram.reads > before, "reread: bitmap read from L1 memory at the exit");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct io_row *r = &rows[i];
		static struct l1_ram ram;
		struct guest_mem mem = l1_ram__mem(&ram);
		struct exit_ctls c = { .proc = r->proc, .io_bitmap_a = r->a,
				       .io_bitmap_b = r->b };

		memset(&ram, 0, sizeof(ram));
		for (int k = 0; k < 2; k++)
			if (r->set[k] != NONE)
				l1_ram__set_port(&ram, r->set[k]);
		is_u64(io_bitmap__exits(&c, &mem, r->port, r->size), r->want,
		       "%s (port 0x%04x size %u)", r->name, r->port, r->size);
	}
	test_reread();
	return done_testing();
}
