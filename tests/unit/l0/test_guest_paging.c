/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest page walks over a plain buffer standing in for guest RAM. */
#include <stdlib.h>

#include "l0/guest_paging.h"
#include "tests/ram_buffer.h"
#include "tests/tap.h"

#define P 1ull
#define RW 2ull
#define US 4ull
#define PS 0x80ull
#define XD (1ull << 63)

static void check(const struct paging_mode *m, uint64_t la, unsigned access,
		  int want_rc, uint64_t want, const char *what)
{
	uint64_t gpa = 0;
	struct paging_fault f = { 0, 0 };
	int rc = guest_paging__translate(&mem, m, la, access, &gpa, &f);

	if (want_rc == 0) {
		ok(rc == 0, "%s: translates", what);
		is_u64(gpa, want, "%s: gpa", what);
	} else {
		ok(rc == -1, "%s: faults", what);
		is_u64(f.error_code, want, "%s: #PF error code", what);
		is_u64(f.linear, la, "%s: CR2", what);
	}
}

int main(void)
{
	ram = calloc(1, RAM_SIZE);

	/* 4-level: PML4 at 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
	struct paging_mode lm = { 0x80010011ull /* PG WP PE */, 0x1000, 0x20, 0xd00 /* LMA LME NXE */ };
	put64(0x1000 + 0 * 8, 0x2000 | P | RW | US);
	put64(0x2000 + 0 * 8, 0x3000 | P | RW | US);
	put64(0x2000 + 1 * 8, 0x40000000ull | P | RW | PS);          /* 1 GiB page */
	put64(0x3000 + 0 * 8, 0x4000 | P | RW | US);
	put64(0x3000 + 1 * 8, 0x200000 | P | RW | US | PS);          /* 2 MiB page */
	put64(0x3000 + 2 * 8, 0x5000 | P | US);                      /* PT, read-only */
	put64(0x3000 + 3 * 8, 0x7fff000ull | P | RW);                /* PT outside RAM */
	put64(0x4000 + 5 * 8, 0x9000 | P | RW | US);
	put64(0x4000 + 6 * 8, 0xa000 | P | RW | XD);                 /* supervisor, no-exec */
	put64(0x5000 + 0 * 8, 0xb000 | P | RW | US);

	check(&lm, 0x5123, 0, 0, 0x9123, "4K page");
	check(&lm, 0x5123, PAGING_USER | PAGING_WRITE, 0, 0x9123, "4K page, user write");
	check(&lm, 0x7000, 0, -1, 0, "4K not present");
	check(&lm, 0x6010, PAGING_USER, -1, PAGING_USER | 1, "supervisor page, user read");
	check(&lm, 0x6010, PAGING_FETCH, -1, PAGING_FETCH | 1, "XD page, fetch with NXE");
	check(&lm, 0x6010, 0, 0, 0xa010, "XD page, data read");
	check(&lm, 0x2abcde, 0, 0, 0x2abcde, "2 MiB page");
	check(&lm, 0x40000000ull + 0x12345, 0, 0, 0x40012345ull, "1 GiB page");
	check(&lm, 0x400010, PAGING_WRITE, -1, PAGING_WRITE | 1, "write to read-only PDE with WP");
	struct paging_mode lm_nowp = lm;
	lm_nowp.cr0 &= ~(1ull << 16);
	check(&lm_nowp, 0x400010, PAGING_WRITE, 0, 0xb010, "supervisor write, CR0.WP=0");
	check(&lm, 0x600000, 0, -1, 0, "page table outside RAM is not followed");
	check(&lm, 0x8000000000ull, 0, -1, 0, "PML4 entry not present");

	/* 32-bit paging with a 4 MiB page: PD at 0x10000. */
	struct paging_mode p32 = { 0x80000011ull, 0x10000, 0x10 /* PSE */, 0 };
	put32(0x10000 + 1 * 4, 0x00400000u | P | RW | PS);
	put32(0x10000 + 2 * 4, 0x11000u | P | RW);
	put32(0x11000 + 3 * 4, 0x12000u | P | RW);
	check(&p32, 0x00512345, 0, 0, 0x512345, "32-bit 4 MiB page");
	check(&p32, 0x00803abc, 0, 0, 0x12abc, "32-bit 4K page");

	/* PAE: PDPT at 0x20000 (32-byte aligned), PD 0x21000, PT 0x22000. */
	struct paging_mode pae = { 0x80000011ull, 0x20000, 0x20, 0 };
	put64(0x20000 + 1 * 8, 0x21000 | P);
	put64(0x21000 + 0 * 8, 0x22000 | P | RW);
	put64(0x22000 + 4 * 8, 0x23000 | P | RW);
	check(&pae, 0x40004567ull, 0, 0, 0x23567, "PAE 4K page");
	check(&pae, 0x80000000ull, 0, -1, 0, "PAE PDPTE not present");

	struct paging_mode off = { 0x11, 0, 0, 0 };
	check(&off, 0x123456, PAGING_WRITE, 0, 0x123456, "paging off is identity");

	/* Page-crossing copy: 0x5ffc..0x6003 spans two pages. */
	uint8_t buf[8];
	struct paging_fault f;
	put64(0x9ffc, 0x1122334455667788ull);
	memcpy(ram + 0xa000, "abcd", 4);
	ok(guest_paging__read(&mem, &lm, 0x5ffc, buf, 8, 0, &f) == 0 &&
	   memcmp(buf, "\x88\x77\x66\x55" "abcd", 8) == 0, "read across a page boundary");
	ok(guest_paging__write(&mem, &lm, 0x6ffc, "wxyz1234", 8, 0, &f) == -1 &&
	   f.linear == 0x7000, "write faults at the first unmapped page");
	return done_testing();
}
