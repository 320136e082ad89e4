/* SPDX-License-Identifier: GPL-2.0-only */
/* Event delivery through a guest IDT (l0/engine/tcg/deliver.c) over a
 * plain buffer standing in for guest RAM.  Three worlds: IA-32e mode with
 * 4-level paging (identity-mapped, one hole), legacy protected mode with
 * paging off, and real mode.  Frames are checked word by word. */
#include <stdlib.h>

#include "l0/engine/tcg/deliver.h"
#include "tests/ram_buffer.h"
#include "tests/tap.h"

static void put16(uint64_t gpa, uint16_t v) { memcpy(ram + gpa, &v, 2); }
static uint64_t get(uint64_t gpa, unsigned size)
{
	uint64_t v = 0;
	memcpy(&v, ram + gpa, size);
	return v;
}

#define GDT	0x10000
#define IDT	0x11000		/* 16-byte gates */
#define TSS	0x12000		/* 64-bit TSS */
#define IDT32	0x13000		/* 8-byte gates */
#define TSS32	0x14000
#define HOLE	0x2f000		/* the one unmapped page */
#define HANDLER(v) (0xffffffff81000000ull + (v) * 0x10u)

#define RF (1ull << 16)
#define TF (1ull << 8)
#define IF (1ull << 9)
#define NT (1ull << 14)
#define AC (1ull << 18)
#define VM (1ull << 17)

/* A code or data descriptor: access byte (P DPL S type), flags nibble (G DB L AVL). */
static uint64_t desc(uint32_t base, uint32_t limit, unsigned access, unsigned flags)
{
	return (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16 | (uint64_t)access << 40 |
	       (uint64_t)((limit >> 16) & 0xf) << 48 | (uint64_t)flags << 52 |
	       (uint64_t)(base >> 24) << 56;
}

static void gate64(unsigned v, uint64_t off, uint16_t sel, unsigned type, unsigned dpl,
		   unsigned ist, int present)
{
	put32(IDT + v * 16, (uint32_t)(off & 0xffff) | (uint32_t)sel << 16);
	put32(IDT + v * 16 + 4, (uint32_t)(off & 0xffff0000u) | (present ? 0x8000u : 0) |
	      dpl << 13 | type << 8 | ist);
	put64(IDT + v * 16 + 8, off >> 32);
}

static void gate32(unsigned v, uint32_t off, uint16_t sel, unsigned type, unsigned dpl, int present)
{
	put32(IDT32 + v * 8, (off & 0xffff) | (uint32_t)sel << 16);
	put32(IDT32 + v * 8 + 4, (off & 0xffff0000u) | (present ? 0x8000u : 0) |
	      dpl << 13 | type << 8);
}

static void gdt(void)
{
	put64(GDT + 0x08, desc(0, 0xfffff, 0x9a, 0xa));	/* kernel code 64, not accessed */
	put64(GDT + 0x10, desc(0, 0xfffff, 0x92, 0xc));	/* kernel data */
	put64(GDT + 0x18, desc(0, 0xfffff, 0xf3, 0xc));	/* user data */
	put64(GDT + 0x20, desc(0, 0xfffff, 0xfb, 0xa));	/* user code 64 */
	put64(GDT + 0x28, desc(0x81200000, 0x3ff, 0x9a, 0xc));	/* kernel code 32, 4 MiB */
	put64(GDT + 0x30, desc(0, 0xfffff, 0x1a, 0xa));	/* code 64, not present */
	put64(GDT + 0x38, desc(0, 0xfffff, 0x93, 0xc));	/* data, not code */
	put64(GDT + 0x40, desc(0, 0xfffff, 0x9f, 0xa));	/* conforming code 64, DPL 0 */
	put64(GDT + 0x58, desc(0, 0xfffff, 0xfb, 0xc));	/* user code 32 */
	put64(GDT + 0x70, desc(0, 0xfffff, 0x13, 0xc));	/* data, not present */
	put64(GDT + 0x78, desc(0, 0xfffff, 0xb3, 0xc));	/* data, DPL 1 */
	put64(GDT + 0x80, desc(0, 0xfffff, 0x9f, 0xc));	/* conforming code 32, DPL 0 */
	put64(GDT + 0x88, desc(0x30000, 0xfff, 0x93, 0x4));	/* data 4 KiB at 0x30000 */
	put64(GDT + 0x90, desc(0, 0xfff, 0x97, 0x4));		/* expand-down, above 4 KiB */
}

/* IA-32e: identity map (user pages) of the first 2 MiB but HOLE; every vector an
 * interrupt gate to HANDLER(v) at DPL 0, INT 0x80 a DPL 3 trap gate, #DF
 * on IST1. */
static void world64(struct cpu_state *c, unsigned cpl)
{
	memset(ram, 0, RAM_SIZE);
	put64(0x1000, 0x2000 | 7);
	put64(0x2000, 0x3000 | 7);
	put64(0x3000, 0x4000 | 7);
	for (uint64_t i = 0; i < 512; i++)	/* P RW US */
		if (i << 12 != HOLE)
			put64(0x4000 + i * 8, i << 12 | 7);
	gdt();
	for (unsigned v = 0; v < 256; v++)
		gate64(v, HANDLER(v), 0x08, 0xe, 0, 0, 1);
	gate64(0x80, HANDLER(0x80), 0x08, 0xf, 3, 0, 1);
	gate64(8, HANDLER(8), 0x08, 0xe, 0, 1, 1);
	put64(TSS + 4, 0x21008);			/* RSP0 */
	put64(TSS + 36, 0x24000);			/* IST1 */
	put64(TSS + 44, 0x25008);			/* IST2 */
	put64(TSS + 52, 0x22ff8);			/* IST3 */

	memset(c, 0, sizeof(*c));
	c->cr0 = 0x80050033, c->cr3 = 0x1000, c->cr4 = 0x20, c->efer = 0xd00;
	c->gdtr = (struct cpu_dtable){ GDT, 0xff };
	c->idtr = (struct cpu_dtable){ IDT, 0xfff };
	c->seg[CPU_SEG_TR] = (struct cpu_segment){ 0x50, TSS, 0x67, 0x8b };
	c->seg[CPU_SEG_LDTR] = (struct cpu_segment){ 0, 0, 0, CPU_AR_UNUSABLE };
	if (cpl == 0) {
		c->seg[CPU_SEG_CS] = (struct cpu_segment){ 0x08, 0, 0xffffffff, 0xa09b };
		c->seg[CPU_SEG_SS] = (struct cpu_segment){ 0x10, 0, 0xffffffff, 0xc093 };
		c->gpr[CPU_RSP] = 0x20f08;
	} else {
		c->seg[CPU_SEG_CS] = (struct cpu_segment){ 0x23, 0, 0xffffffff, 0xa0fb };
		c->seg[CPU_SEG_SS] = (struct cpu_segment){ 0x1b, 0, 0xffffffff, 0xc0f3 };
		c->gpr[CPU_RSP] = 0x23f08;
	}
	c->rip = 0x401000;
	c->rflags = 0x202;
}

/* Legacy protected mode, paging off, CPL 3 in flat 32-bit segments.
 * Vector 0x40 is an interrupt gate to the 32-bit kernel code at 0x28; the
 * exceptions delivery can raise go to conforming code, so that they run
 * on the user stack and stay observable whatever broke the TSS. */
static void world32(struct cpu_state *c)
{
	memset(ram, 0, RAM_SIZE);
	gdt();
	for (unsigned v = 0; v < 256; v++)
		gate32(v, 0x1000 + v * 0x10, 0x80, 0xe, 0, 1);
	gate32(0x40, 0x3000, 0x28, 0xe, 0, 1);
	put32(TSS32 + 4, 0x22000);			/* ESP0 */
	put32(TSS32 + 8, 0x10);				/* SS0 */

	memset(c, 0, sizeof(*c));
	c->cr0 = 0x11;
	c->gdtr = (struct cpu_dtable){ GDT, 0xff };
	c->idtr = (struct cpu_dtable){ IDT32, 0x7ff };
	c->seg[CPU_SEG_TR] = (struct cpu_segment){ 0x60, TSS32, 0x67, 0x8b };
	c->seg[CPU_SEG_LDTR] = (struct cpu_segment){ 0, 0, 0, CPU_AR_UNUSABLE };
	c->seg[CPU_SEG_CS] = (struct cpu_segment){ 0x5b, 0, 0xffffffff, 0xc0fb };
	c->seg[CPU_SEG_SS] = (struct cpu_segment){ 0x1b, 0, 0xffffffff, 0xc0f3 };
	c->gpr[CPU_RSP] = 0x31000;
	c->rip = 0x08048000;
	c->rflags = 0x202 | TF;
}

/* world32 with 32-bit paging: the first 4 MiB identity-mapped but HOLE. */
static void world32_paged(struct cpu_state *c)
{
	world32(c);
	put32(0x5000, 0x6000 | 7);
	for (uint32_t i = 0; i < 1024; i++)
		if (i << 12 != HOLE)
			put32(0x6000 + i * 4, i << 12 | 7);
	c->cr0 |= 0x80000000u;
	c->cr3 = 0x5000;
}

static void check_frame(uint64_t at, unsigned size, const uint64_t *want, unsigned n,
			const char *what)
{
	for (unsigned i = 0; i < n; i++)
		is_u64(get(at + i * size, size), want[i], "%s: frame word %u", what, i);
}

static void check_seg(const struct cpu_segment *s, uint16_t sel, uint64_t base, uint32_t limit,
		      uint32_t ar, const char *what)
{
	is_u64(s->selector, sel, "%s: selector", what);
	is_u64(s->base, base, "%s: base", what);
	is_u64(s->limit, limit, "%s: limit", what);
	is_u64(s->ar, ar, "%s: access rights", what);
}

static struct deliver_result run(struct cpu_state *c, uint8_t vector, enum deliver_type type,
				 int has_error, uint32_t error_code)
{
	struct deliver_event ev = { vector, type, has_error, error_code, 0, 2 };
	return deliver__event(c, &mem, &ev);
}

static void check_result(struct deliver_result r, enum deliver_outcome outcome, uint8_t vector,
			 uint32_t error_code, const char *what)
{
	is_u64(r.outcome, outcome, "%s: outcome", what);
	if (outcome == DELIVER_DONE) {
		is_u64(r.vector, vector, "%s: vector", what);
		is_u64(r.error_code, error_code, "%s: error code", what);
	}
}

/* IA-32e, CPL 0, a #PF with its error code: 16-byte aligned frame on the
 * current stack, SS:RSP pushed anyway, RF in the saved RFLAGS (a fault),
 * CR2 loaded, the accessed bit set in the GDT. */
static void test_pf_same_privilege(void)
{
	struct cpu_state c;
	struct deliver_event ev = { 14, DELIVER_HW_EXCEPTION, true, 0x6, 0xdead000, 0 };

	world64(&c, 0);
	c.rflags = 0x282 | TF | NT | AC;
	uint64_t flags = c.rflags;
	put64(0x20ec8, 0x5a5a5a5a5a5a5a5aull);		/* just below the frame */
	struct deliver_result r = deliver__event(&c, &mem, &ev);

	check_result(r, DELIVER_DONE, 14, 6, "64-bit #PF");
	ok(r.has_error, "64-bit #PF: error code pushed");
	is_u64(c.cr2, 0xdead000, "64-bit #PF: CR2");
	is_u64(c.gpr[CPU_RSP], 0x20f00 - 48, "64-bit #PF: RSP aligned down to 16, 6 pushes");
	uint64_t want[] = { 6, 0x401000, 0x08, flags | RF, 0x20f08, 0x10 };
	check_frame(0x20ed0, 8, want, 6, "64-bit #PF");
	is_u64(get(0x20ec8, 8), 0x5a5a5a5a5a5a5a5aull, "64-bit #PF: nothing pushed below");
	is_u64(c.rip, HANDLER(14), "64-bit #PF: RIP");
	check_seg(&c.seg[CPU_SEG_CS], 0x08, 0, 0xffffffff, 0xa09b, "64-bit #PF: CS");
	check_seg(&c.seg[CPU_SEG_SS], 0x10, 0, 0xffffffff, 0xc093, "64-bit #PF: SS kept");
	is_u64(c.rflags, 0x82 | AC, "64-bit #PF: IF TF NT cleared, AC kept");
	is_u64(ram[GDT + 0x08 + 5], 0x9b, "64-bit #PF: accessed bit set in the GDT");
}

/* CPL 3 -> CPL 0 through RSP0, SS <- NULL with RPL 0. */
static void test_cpl3_to_cpl0(void)
{
	struct cpu_state c;

	world64(&c, 3);
	c.rflags = 0x202 | NT;
	c.interruptibility = 1;		/* STI blocking */
	c.activity_state = 1;		/* HLT */
	struct deliver_result r = run(&c, 0x30, DELIVER_EXTERNAL, 0, 0);

	check_result(r, DELIVER_DONE, 0x30, 0, "CPL3 -> CPL0");
	ok(!r.has_error, "CPL3 -> CPL0: no error code");
	is_u64(c.gpr[CPU_RSP], 0x21000 - 40, "CPL3 -> CPL0: RSP from RSP0, aligned");
	uint64_t want[] = { 0x401000, 0x23, 0x202 | NT, 0x23f08, 0x1b };
	check_frame(0x21000 - 40, 8, want, 5, "CPL3 -> CPL0");
	check_seg(&c.seg[CPU_SEG_SS], 0, 0, 0, CPU_AR_UNUSABLE | CPU_AR_DPL(0),
		  "CPL3 -> CPL0: SS NULL");
	check_seg(&c.seg[CPU_SEG_CS], 0x08, 0, 0xffffffff, 0xa09b, "CPL3 -> CPL0: CS");
	is_u64(c.rflags, 0x2, "CPL3 -> CPL0: IF and NT cleared");
	is_u64(c.interruptibility, 0, "CPL3 -> CPL0: STI blocking ends");
	is_u64(c.activity_state, 0, "CPL3 -> CPL0: HLT ends");
}

/* An NMI on IST3 at CPL 0: the IST switches stacks without a privilege
 * change, SS stays; NMI blocking starts and STI blocking ends. */
static void test_nmi_ist(void)
{
	struct cpu_state c;

	world64(&c, 0);
	gate64(2, HANDLER(2), 0x08, 0xe, 0, 3, 1);
	c.interruptibility = 1;
	struct deliver_result r = run(&c, 2, DELIVER_NMI, 0, 0);

	check_result(r, DELIVER_DONE, 2, 0, "NMI on IST3");
	is_u64(c.gpr[CPU_RSP], 0x22ff0 - 40, "NMI on IST3: RSP from IST3, aligned");
	uint64_t want[] = { 0x401000, 0x08, 0x202, 0x20f08, 0x10 };
	check_frame(0x22ff0 - 40, 8, want, 5, "NMI on IST3");
	check_seg(&c.seg[CPU_SEG_SS], 0x10, 0, 0xffffffff, 0xc093, "NMI on IST3: SS kept");
	is_u64(c.interruptibility, 8, "NMI on IST3: NMI blocking, no STI blocking");
}

/* INT n from CPL 3 through a DPL 0 gate: #GP(n*8+2) without EXT, saved
 * RIP rewound to the INT instruction. */
static void test_int_n_dpl(void)
{
	struct cpu_state c;
	struct deliver_event ev = { 0x30, DELIVER_SW_INT, false, 0, 0, 2 };

	world64(&c, 3);
	c.rip = 0x401002;
	struct deliver_result r = deliver__event(&c, &mem, &ev);

	check_result(r, DELIVER_DONE, 13, 0x182, "INT 0x30 at CPL3, DPL0 gate");
	uint64_t want[] = { 0x182, 0x401000, 0x23, 0x202 | RF, 0x23f08, 0x1b };
	check_frame(0x21000 - 48, 8, want, 6, "INT 0x30 at CPL3, DPL0 gate");
	is_u64(c.rip, HANDLER(13), "INT 0x30 at CPL3, DPL0 gate: RIP");

	world64(&c, 3);
	c.rip = 0x401002;
	ev.vector = 0x80;
	r = deliver__event(&c, &mem, &ev);
	check_result(r, DELIVER_DONE, 0x80, 0, "INT 0x80 at CPL3, DPL3 trap gate");
	uint64_t want80[] = { 0x401002, 0x23, 0x202, 0x23f08, 0x1b };
	check_frame(0x21000 - 40, 8, want80, 5, "INT 0x80 at CPL3, DPL3 trap gate");
	is_u64(c.rflags, 0x202, "INT 0x80 at CPL3, DPL3 trap gate: IF kept");

	/* INT1 (ICEBP): no DPL check, but EXT = 1 (6.13), and its own
	 * faults save its address too */
	world64(&c, 3);
	gate64(1, HANDLER(1), 0x08, 0xe, 0, 0, 0);
	c.rip = 0x401001;
	struct deliver_event icebp = { 1, DELIVER_PRIV_SW_EXCEPTION, false, 0, 0, 1 };
	r = deliver__event(&c, &mem, &icebp);
	check_result(r, DELIVER_DONE, 11, 0xb, "INT1, gate not present: #NP(1*8+2+EXT)");
	uint64_t want_np[] = { 0xb, 0x401000, 0x23, 0x202 | RF, 0x23f08, 0x1b };
	check_frame(0x21000 - 48, 8, want_np, 6, "INT1, gate not present");
}

/* A push into the unmapped page: #PF with CR2 and a write error code,
 * nothing written; delivering that #PF on the same stack faults again:
 * #DF on IST1. */
static void test_stack_hole(void)
{
	struct cpu_state c;

	world64(&c, 0);
	c.gpr[CPU_RSP] = 0x30010;
	put64(0x30008, 0x1111);
	struct deliver_result r = run(&c, 0x30, DELIVER_EXTERNAL, 0, 0);
	check_result(r, DELIVER_DONE, 8, 0, "stack hole: #PF then #DF");
	is_u64(c.cr2, HOLE + 0xff8, "stack hole: CR2 is the first push into the hole");
	is_u64(get(0x30008, 8), 0x1111, "stack hole: the pushes before the hole not written");
	is_u64(c.gpr[CPU_RSP], 0x24000 - 48, "stack hole: #DF on IST1");
	uint64_t want[] = { 0, 0x401000, 0x08, 0x202, 0x30010, 0x10 };
	check_frame(0x24000 - 48, 8, want, 6, "stack hole: #DF");

	world64(&c, 0);
	c.gpr[CPU_RSP] = 0x30010;
	gate64(14, HANDLER(14), 0x08, 0xe, 0, 2, 1);
	r = run(&c, 0x30, DELIVER_EXTERNAL, 0, 0);
	check_result(r, DELIVER_DONE, 14, 2, "stack hole, #PF on IST2: #PF(W)");
	is_u64(c.cr2, HOLE + 0xff8, "stack hole, #PF on IST2: CR2");
	uint64_t want_pf[] = { 2, 0x401000, 0x08, 0x202 | RF, 0x30010, 0x10 };
	check_frame(0x25000 - 48, 8, want_pf, 6, "stack hole, #PF on IST2");
}

/* 32-bit paging, ESP0 two bytes above the hole: the first push straddles
 * into it.  #PF at the hole's start; the half on the mapped page is not
 * written either. */
static void test_straddle(void)
{
	struct cpu_state c;

	world32_paged(&c);
	put32(TSS32 + 4, HOLE + 2);
	put16(HOLE - 2, 0x7777);
	struct deliver_result r = run(&c, 0x40, DELIVER_EXTERNAL, 0, 0);
	check_result(r, DELIVER_DONE, 14, 2, "straddling push");
	is_u64(c.cr2, HOLE, "straddling push: CR2 at the second page");
	is_u64(get(HOLE - 2, 2), 0x7777, "straddling push: nothing written");
}

/* Legacy protected mode, CPL 3 -> 0 through a 32-bit interrupt gate:
 * SS0:ESP0 from the TSS, SS and ESP pushed, 4-byte words. */
static void test_legacy_privilege(void)
{
	struct cpu_state c;

	world32(&c);
	struct deliver_result r = run(&c, 0x40, DELIVER_EXTERNAL, 0, 0);
	check_result(r, DELIVER_DONE, 0x40, 0, "32-bit gate CPL3 -> CPL0");
	is_u64(c.gpr[CPU_RSP], 0x22000 - 20, "32-bit gate CPL3 -> CPL0: ESP");
	uint64_t want[] = { 0x08048000, 0x5b, 0x202 | TF, 0x31000, 0x1b };
	check_frame(0x22000 - 20, 4, want, 5, "32-bit gate CPL3 -> CPL0");
	check_seg(&c.seg[CPU_SEG_CS], 0x28, 0x81200000, 0x3fffff, 0xc09b,
		  "32-bit gate CPL3 -> CPL0: CS (limit scaled by G)");
	check_seg(&c.seg[CPU_SEG_SS], 0x10, 0, 0xffffffff, 0xc093, "32-bit gate CPL3 -> CPL0: SS");
	is_u64(c.rip, 0x3000, "32-bit gate CPL3 -> CPL0: EIP");
	is_u64(c.rflags, 0x2, "32-bit gate CPL3 -> CPL0: IF TF cleared");
	is_u64(ram[GDT + 0x10 + 5], 0x93, "32-bit gate CPL3 -> CPL0: SS accessed bit set");

	/* a trap gate and an error code: 6 words, IF kept */
	world32(&c);
	gate32(13, 0x3400, 0x28, 0xf, 0, 1);
	r = run(&c, 13, DELIVER_HW_EXCEPTION, 1, 0x18);
	check_result(r, DELIVER_DONE, 13, 0x18, "32-bit trap gate, #GP(0x18)");
	uint64_t want_gp[] = { 0x18, 0x08048000, 0x5b, 0x202 | TF | RF, 0x31000, 0x1b };
	check_frame(0x22000 - 24, 4, want_gp, 6, "32-bit trap gate, #GP(0x18)");
	is_u64(c.rflags, 0x202, "32-bit trap gate: IF kept, TF cleared");

	/* a 16-bit interrupt gate at CPL 0: FLAGS, CS, IP as 2-byte words */
	world32(&c);
	c.seg[CPU_SEG_CS] = (struct cpu_segment){ 0x28, 0x81200000, 0x3fffff, 0xc09b };
	c.seg[CPU_SEG_SS] = (struct cpu_segment){ 0x10, 0, 0xffffffff, 0xc093 };
	c.gpr[CPU_RSP] = 0x22000;
	c.rip = 0x12345;
	gate32(0x41, 0xabcd5678, 0x28, 0x6, 0, 1);	/* 31:16 reserved */
	r = run(&c, 0x41, DELIVER_EXTERNAL, 0, 0);
	check_result(r, DELIVER_DONE, 0x41, 0, "16-bit gate, same privilege");
	is_u64(c.gpr[CPU_RSP], 0x22000 - 6, "16-bit gate: ESP");
	uint64_t want16[] = { 0x2345, 0x28, 0x302 };
	check_frame(0x22000 - 6, 2, want16, 3, "16-bit gate");
	is_u64(c.rip, 0x5678, "16-bit gate: IP");
}

/* Virtual-8086 mode -> CPL 0: GS FS DS ES pushed too, then nulled. */
static void world_v86(struct cpu_state *c)
{
	static const uint16_t sel[] = { 0x4000, 0x1000, 0x2000, 0x3000, 0x5000, 0x6000 };

	world32(c);
	for (int s = CPU_SEG_ES; s <= CPU_SEG_GS; s++)
		c->seg[s] = (struct cpu_segment){ sel[s], (uint64_t)sel[s] << 4, 0xffff, 0xf3 };
	c->rflags = 0x3202 | VM;
	c->gpr[CPU_RSP] = 0xfff0;
	c->rip = 0x102;
	gate32(0x21, 0x3000, 0x28, 0xe, 3, 1);
	gate32(13, 0x3400, 0x28, 0xe, 0, 1);
}

static void test_v86(void)
{
	struct cpu_state c;
	struct deliver_event ev = { 0x21, DELIVER_SW_INT, false, 0, 0, 2 };

	world_v86(&c);
	struct cpu_state saved = c;
	struct deliver_result r = deliver__event(&c, &mem, &ev);
	check_result(r, DELIVER_DONE, 0x21, 0, "V86 INT 0x21, IOPL 3");
	uint64_t want[] = { 0x102, 0x1000, 0x3202 | VM, 0xfff0, 0x2000,
			    0x4000, 0x3000, 0x5000, 0x6000 };
	check_frame(0x22000 - 36, 4, want, 9, "V86 INT 0x21");
	is_u64(c.rflags, 0x3002, "V86 INT 0x21: VM and IF cleared");
	is_u64(c.seg[CPU_SEG_DS].selector | c.seg[CPU_SEG_ES].selector |
	       c.seg[CPU_SEG_FS].selector | c.seg[CPU_SEG_GS].selector, 0,
	       "V86: data segments nulled");
	ok(c.seg[CPU_SEG_DS].ar & CPU_AR_UNUSABLE, "V86: DS unusable");

	/* IOPL < 3: INT n is #GP(0), a fault of the INT instruction */
	c = saved;
	c.rflags = 0x202 | VM;
	r = deliver__event(&c, &mem, &ev);
	check_result(r, DELIVER_DONE, 13, 0, "V86 INT 0x21, IOPL 0: #GP(0)");
	uint64_t want_gp[] = { 0, 0x100, 0x1000, 0x202 | VM | RF, 0xfff0, 0x2000 };
	check_frame(0x22000 - 40, 4, want_gp, 6, "V86 INT 0x21, IOPL 0");
}

/* Real mode: the IVT, FLAGS/CS/IP, no error code, IF TF AC cleared. */
static void world16(struct cpu_state *c)
{
	memset(ram, 0, RAM_SIZE);
	put16(0x10 * 4, 0x1234);
	put16(0x10 * 4 + 2, 0xf000);
	put16(13 * 4, 0x0d00);
	memset(c, 0, sizeof(*c));
	c->cr0 = 0x10;
	c->idtr = (struct cpu_dtable){ 0, 0x3ff };
	c->seg[CPU_SEG_CS] = (struct cpu_segment){ 0x1000, 0x10000, 0xffff, 0x9b };
	c->seg[CPU_SEG_SS] = (struct cpu_segment){ 0x2000, 0x20000, 0xffff, 0x93 };
	c->gpr[CPU_RSP] = 0x100;
	c->rip = 0x123;
	c->rflags = 0x302 | AC;
}

static void test_real_mode(void)
{
	struct cpu_state c;

	world16(&c);
	struct deliver_result r = run(&c, 0x10, DELIVER_SW_INT, 0, 0);
	check_result(r, DELIVER_DONE, 0x10, 0, "real mode INT 0x10");
	is_u64(c.gpr[CPU_RSP], 0xfa, "real mode: SP");
	uint64_t want[] = { 0x123, 0x1000, 0x302 };
	check_frame(0x200fa, 2, want, 3, "real mode");
	check_seg(&c.seg[CPU_SEG_CS], 0xf000, 0xf0000, 0xffff, 0x9b, "real mode: CS");
	is_u64(c.rip, 0x1234, "real mode: IP");
	is_u64(c.rflags, 0x2, "real mode: IF TF AC cleared");

	world16(&c);
	r = run(&c, 13, DELIVER_HW_EXCEPTION, 1, 0x10);
	check_result(r, DELIVER_DONE, 13, 0, "real mode #GP");
	ok(!r.has_error, "real mode #GP: no error code pushed");
	is_u64(c.gpr[CPU_RSP], 0xfa, "real mode #GP: three words only");

	world16(&c);
	c.gpr[CPU_RSP] = 0;
	r = run(&c, 0x10, DELIVER_SW_INT, 0, 0);
	is_u64(c.gpr[CPU_RSP], 0xfffa, "real mode: SP wraps within 64 KiB");
	is_u64(get(0x2fffe, 2), 0x302, "real mode: FLAGS at SS:FFFE");
}

/* One row per check that turns an event into another, or into shutdown. */
struct row {
	const char *name;
	void (*setup)(struct cpu_state *c);
	uint8_t vector;
	enum deliver_type type;
	bool has_error;
	uint32_t error_code;
	enum deliver_outcome outcome;
	uint8_t want_vector;
	uint32_t want_error;
	uint64_t want_rip;
	uint64_t want_rsp;	/* 0: not checked */
	uint64_t want_cr2;	/* 0: not checked */
};

#define SETUP(name, ...) static void name(struct cpu_state *c) { __VA_ARGS__; }

SETUP(cpl0, world64(c, 0))
SETUP(cpl3, world64(c, 3))
SETUP(ist_cpl3, world64(c, 3); gate64(0x31, HANDLER(0x31), 0x08, 0xe, 0, 2, 1))
SETUP(ist_cpl0, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x08, 0xe, 0, 3, 1))
SETUP(conforming, world64(c, 3); gate64(0x31, HANDLER(0x31), 0x40, 0xe, 0, 0, 1))
SETUP(conforming_spage, conforming(c); put64(0x4000 + 0x23 * 8, 0x23000 | 3))
SETUP(gate_np, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x08, 0xe, 0, 0, 0))
SETUP(gate_np_dpl3, world64(c, 3); gate64(0x81, HANDLER(0x81), 0x08, 0xe, 3, 0, 0))
SETUP(idt_64, world64(c, 0); c->idtr.limit = 64 * 16 - 1)
SETUP(idt_half, world64(c, 0); c->idtr.limit = 0x50 * 16 + 7)
SETUP(gate16, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x08, 0x6, 0, 0, 1))
SETUP(gate_task, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x08, 0x5, 0, 0, 1))
SETUP(gate_s, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x08, 0x1e, 0, 0, 1))
SETUP(cs_null, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x00, 0xe, 0, 0, 1))
SETUP(cs_limit, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x100, 0xe, 0, 0, 1))
SETUP(cs_ldt, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x0c, 0xe, 0, 0, 1))
SETUP(cs_data, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x38, 0xe, 0, 0, 1))
SETUP(cs_np, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x30, 0xe, 0, 0, 1))
SETUP(cs_dpl3, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x20, 0xe, 0, 0, 1))
SETUP(cs_32, world64(c, 0); gate64(0x31, HANDLER(0x31), 0x28, 0xe, 0, 0, 1))
SETUP(rip_nc, world64(c, 0); gate64(0x31, 0x0000800000000000ull, 0x08, 0xe, 0, 0, 1))
SETUP(rsp0_nc, world64(c, 3); put64(TSS + 4, 0x0000800000000020ull);
      gate64(12, HANDLER(12), 0x08, 0xe, 0, 2, 1))
SETUP(tss_short, world64(c, 3); c->seg[CPU_SEG_TR].limit = 0x0a;
      gate64(10, HANDLER(10), 0x40, 0xe, 0, 0, 1))
SETUP(gp_np, world64(c, 0); gate64(13, HANDLER(13), 0x08, 0xe, 0, 0, 0))
SETUP(gp_np_df_np, gp_np(c); gate64(8, HANDLER(8), 0x08, 0xe, 0, 1, 0))
SETUP(pf_np, world64(c, 0); gate64(14, HANDLER(14), 0x08, 0xe, 0, 0, 0))
SETUP(ud_np, world64(c, 0); gate64(6, HANDLER(6), 0x08, 0xe, 0, 0, 0))
SETUP(gp_hole, world64(c, 0);
      c->gpr[CPU_RSP] = 0x30010; gate64(14, HANDLER(14), 0x08, 0xe, 0, 2, 1))
SETUP(df_hole, world64(c, 0); c->gpr[CPU_RSP] = 0x30010; put64(TSS + 36, HOLE + 0x10))
SETUP(ldt_code, world64(c, 0); put64(0x15000, desc(0, 0xfffff, 0x9a, 0xa));
      c->seg[CPU_SEG_LDTR] = (struct cpu_segment){ 0x48, 0x15000, 0xf, 0x82 };
      gate64(0x31, HANDLER(0x31), 0x04, 0xe, 0, 0, 1))
SETUP(pm32, world32(c))
SETUP(ss0_null, world32(c); put32(TSS32 + 8, 0))
SETUP(ss0_limit, world32(c); put32(TSS32 + 8, 0x100))
SETUP(ss0_rpl, world32(c); put32(TSS32 + 8, 0x13))
SETUP(ss0_dpl, world32(c); put32(TSS32 + 8, 0x78))
SETUP(ss0_code, world32(c); put32(TSS32 + 8, 0x28))
SETUP(ss0_np, world32(c); put32(TSS32 + 8, 0x70))
SETUP(ss0_room, world32(c); put32(TSS32 + 8, 0x88); put32(TSS32 + 4, 0x10))
SETUP(ss0_down, world32(c); put32(TSS32 + 8, 0x90); put32(TSS32 + 4, 0x1010))
SETUP(ss0_down_ok, world32(c); put32(TSS32 + 8, 0x90))
SETUP(straddle, world32_paged(c); put32(TSS32 + 4, HOLE + 2))
SETUP(tss32_short, world32(c); c->seg[CPU_SEG_TR].limit = 0x08)
SETUP(tss16, world32(c); put16(TSS32 + 2, 0x2200); put16(TSS32 + 4, 0x10);
      c->seg[CPU_SEG_TR] = (struct cpu_segment){ 0x60, TSS32, 0x2b, 0x83 })
SETUP(eip_limit, world32(c); gate32(0x40, 0x00500000, 0x28, 0xe, 0, 1))
SETUP(task_gate, world32(c); gate32(0x40, 0, 0x68, 0x5, 0, 1))
SETUP(cs_null_gdt0, world64(c, 0); put64(GDT, desc(0, 0xfffff, 0x9b, 0xa));
      gate64(0x31, HANDLER(0x31), 0x00, 0xe, 0, 0, 1))
SETUP(ss0_null_gdt0, world32(c); put64(GDT, desc(0, 0xfffff, 0x93, 0xc)); put32(TSS32 + 8, 0))
SETUP(v86_conforming, world_v86(c); gate32(0x21, 0x3000, 0x80, 0xe, 3, 1))
SETUP(v86_dpl3, world_v86(c); gate32(0x21, 0x3000, 0x58, 0xe, 3, 1))
SETUP(rm_no_ram, world16(c); c->idtr.base = 0x7fff000)
SETUP(rm, world16(c))
SETUP(rm_ivt0, world16(c); c->idtr.limit = 0)
SETUP(rm_ivt16, world16(c); c->idtr.limit = 0x3f)
SETUP(rm_sp1, world16(c); c->gpr[CPU_RSP] = 1)

#define H(v) HANDLER(v)
#define C(v) (0x1000u + (v) * 0x10u)	/* world32's conforming handlers */
#define EXT DELIVER_EXTERNAL
#define HW DELIVER_HW_EXCEPTION
#define SW DELIVER_SW_INT
#define DONE DELIVER_DONE
#define SHUT DELIVER_SHUTDOWN

static const struct row rows[] = {
	/* name, setup,
	 * vector, type, has_error, error_code, outcome,
	 * delivered vector, its error code, handler RIP, RSP after (0: any), CR2 (0: any) */
	/* stack choice, IA-32e (6.14.2, 6.14.5) */
	{ "CPL0, no IST: current stack", cpl0,
	  0x31, EXT, 0, 0, DONE, 0x31, 0, H(0x31), 0x20f00 - 40, 0 },
	{ "CPL3, IST2 wins over RSP0", ist_cpl3,
	  0x31, EXT, 0, 0, DONE, 0x31, 0, H(0x31), 0x25000 - 40, 0 },
	{ "CPL0, IST3 switches anyway", ist_cpl0,
	  0x31, EXT, 0, 0, DONE, 0x31, 0, H(0x31), 0x22ff0 - 40, 0 },
	{ "CPL3 to conforming code: user stack", conforming,
	  0x31, EXT, 0, 0, DONE, 0x31, 0, H(0x31), 0x23f00 - 40, 0 },
	{ "CPL3 to conforming code, supervisor stack page", conforming_spage,
	  0x31, EXT, 0, 0, DONE, 14, 7, H(14), 0x21000 - 48, 0x23ef8 },
	{ "code segment from the LDT", ldt_code,
	  0x31, EXT, 0, 0, DONE, 0x31, 0, H(0x31), 0x20f00 - 40, 0 },
	/* gate DPL (6.12.1.1) */
	{ "INT3 at CPL3, DPL0 gate", cpl3,
	  3, DELIVER_SW_EXCEPTION, 0, 0, DONE, 13, 0x1a, H(13), 0x21000 - 48, 0 },
	{ "INT1 at CPL3 ignores gate DPL", cpl3,
	  1, DELIVER_PRIV_SW_EXCEPTION, 0, 0, DONE, 1, 0, H(1), 0x21000 - 40, 0 },
	{ "external interrupt ignores gate DPL", cpl3,
	  0x31, EXT, 0, 0, DONE, 0x31, 0, H(0x31), 0x21000 - 40, 0 },
	/* the IDT and its gates */
	{ "gate not present: #NP, EXT", gate_np,
	  0x31, EXT, 0, 0, DONE, 11, 0x18b, H(11), 0x20f00 - 48, 0 },
	{ "INT n, gate not present: #NP, no EXT", gate_np_dpl3,
	  0x81, SW, 0, 0, DONE, 11, 0x40a, H(11), 0, 0 },
	{ "vector beyond the IDT: #GP, EXT", idt_64,
	  0x50, EXT, 0, 0, DONE, 13, 0x283, H(13), 0, 0 },
	{ "INT n beyond the IDT: #GP, no EXT", idt_64,
	  0x50, SW, 0, 0, DONE, 13, 0x282, H(13), 0, 0 },
	{ "gate half inside the IDT", idt_half,
	  0x50, EXT, 0, 0, DONE, 13, 0x283, H(13), 0, 0 },
	{ "16-bit gate in IA-32e mode", gate16,
	  0x31, EXT, 0, 0, DONE, 13, 0x18b, H(13), 0, 0 },
	{ "task gate in IA-32e mode", gate_task,
	  0x31, EXT, 0, 0, DONE, 13, 0x18b, H(13), 0, 0 },
	{ "gate with S set", gate_s,
	  0x31, EXT, 0, 0, DONE, 13, 0x18b, H(13), 0, 0 },
	/* the target code segment */
	{ "null code selector: #GP(EXT)", cs_null,
	  0x31, EXT, 0, 0, DONE, 13, 1, H(13), 0, 0 },
	{ "null code selector, GDT[0] not even read", cs_null_gdt0,
	  0x31, EXT, 0, 0, DONE, 13, 1, H(13), 0, 0 },
	{ "code selector beyond the GDT", cs_limit,
	  0x31, EXT, 0, 0, DONE, 13, 0x101, H(13), 0, 0 },
	{ "code selector in an absent LDT", cs_ldt,
	  0x31, EXT, 0, 0, DONE, 13, 0x0d, H(13), 0, 0 },
	{ "target is a data segment", cs_data,
	  0x31, EXT, 0, 0, DONE, 13, 0x39, H(13), 0, 0 },
	{ "target not present: #NP(sel)", cs_np,
	  0x31, EXT, 0, 0, DONE, 11, 0x31, H(11), 0, 0 },
	{ "target DPL above CPL", cs_dpl3,
	  0x31, EXT, 0, 0, DONE, 13, 0x21, H(13), 0, 0 },
	{ "target is 32-bit code in IA-32e mode", cs_32,
	  0x31, EXT, 0, 0, DONE, 13, 0x18b, H(13), 0, 0 },
	{ "handler RIP not canonical: #GP(EXT)", rip_nc,
	  0x31, EXT, 0, 0, DONE, 13, 1, H(13), 0, 0 },
	/* stacks and the TSS */
	{ "RSP0 not canonical: #SS(EXT)", rsp0_nc,
	  0x31, EXT, 0, 0, DONE, 12, 1, H(12), 0x25000 - 48, 0 },
	{ "TSS too short for RSP0: #TS(TR)", tss_short,
	  0x31, EXT, 0, 0, DONE, 10, 0x51, H(10), 0x23f00 - 48, 0 },
	/* Table 6-5 */
	{ "#GP then #NP: #DF", gp_np,
	  13, HW, 1, 0, DONE, 8, 0, H(8), 0x24000 - 48, 0 },
	{ "#GP then #NP, #DF gate not present: shutdown", gp_np_df_np,
	  13, HW, 1, 0, SHUT, 0, 0, 0, 0, 0 },
	{ "#PF then #NP: #DF", pf_np,
	  14, HW, 1, 0, DONE, 8, 0, H(8), 0x24000 - 48, 0 },
	{ "#UD (benign) then #NP: #NP", ud_np,
	  6, HW, 0, 0, DONE, 11, 0x33, H(11), 0x20f00 - 48, 0 },
	{ "#GP then #PF on the stack: #PF", gp_hole,
	  13, HW, 1, 0, DONE, 14, 2, H(14), 0x25000 - 48, HOLE + 0xff8 },
	{ "#DF on an IST in the hole: shutdown", df_hole,
	  13, HW, 1, 0, SHUT, 0, 0, 0, 0, 0 },
	/* legacy protected mode: the new SS and the TSS */
	{ "32-bit: delivered", pm32,
	  0x40, EXT, 0, 0, DONE, 0x40, 0, 0x3000, 0x22000 - 20, 0 },
	{ "32-bit: SS0 null: #TS(EXT)", ss0_null,
	  0x40, EXT, 0, 0, DONE, 10, 1, C(10), 0x31000 - 16, 0 },
	{ "32-bit: SS0 beyond the GDT", ss0_limit,
	  0x40, EXT, 0, 0, DONE, 10, 0x101, C(10), 0, 0 },
	{ "32-bit: SS0 RPL not the new CPL", ss0_rpl,
	  0x40, EXT, 0, 0, DONE, 10, 0x11, C(10), 0, 0 },
	{ "32-bit: SS0 DPL not the new CPL", ss0_dpl,
	  0x40, EXT, 0, 0, DONE, 10, 0x79, C(10), 0, 0 },
	{ "32-bit: SS0 is code", ss0_code,
	  0x40, EXT, 0, 0, DONE, 10, 0x29, C(10), 0, 0 },
	{ "32-bit: SS0 not present: #SS(sel)", ss0_np,
	  0x40, EXT, 0, 0, DONE, 12, 0x71, C(12), 0, 0 },
	{ "32-bit: no room below ESP0: #SS(sel)", ss0_room,
	  0x40, EXT, 0, 0, DONE, 12, 0x89, C(12), 0, 0 },
	{ "32-bit: expand-down SS0, push at its limit", ss0_down,
	  0x40, EXT, 0, 0, DONE, 12, 0x91, C(12), 0, 0 },
	{ "32-bit: expand-down SS0, pushes above it", ss0_down_ok,
	  0x40, EXT, 0, 0, DONE, 0x40, 0, 0x3000, 0x22000 - 20, 0 },
	{ "32-bit paging: a push straddling into the hole", straddle,
	  0x40, EXT, 0, 0, DONE, 14, 2, C(14), 0x31000 - 16, HOLE },
	{ "32-bit: TSS too short: #TS(TR)", tss32_short,
	  0x40, EXT, 0, 0, DONE, 10, 0x61, C(10), 0, 0 },
	{ "16-bit TSS: SP0 and SS0", tss16,
	  0x40, EXT, 0, 0, DONE, 0x40, 0, 0x3000, 0x2200 - 20, 0 },
	{ "32-bit: EIP beyond CS limit: #GP(EXT)", eip_limit,
	  0x40, EXT, 0, 0, DONE, 13, 1, C(13), 0, 0 },
	{ "32-bit: task gate refused", task_gate,
	  0x40, EXT, 0, 0, DONE, 13, 0x203, C(13), 0, 0 },
	{ "32-bit: SS0 null, GDT[0] not even read", ss0_null_gdt0,
	  0x40, EXT, 0, 0, DONE, 10, 1, C(10), 0, 0 },
	/* virtual-8086 mode: only to non-conforming DPL 0 code */
	{ "V86 to conforming code: #GP(sel)", v86_conforming,
	  0x21, SW, 0, 0, DONE, 13, 0x80, 0x3400, 0, 0 },
	{ "V86 to DPL 3 code: #GP(sel)", v86_dpl3,
	  0x21, SW, 0, 0, DONE, 13, 0x58, 0x3400, 0, 0 },
	/* real mode */
	{ "real mode: IVT limit 0: shutdown", rm_ivt0,
	  0x10, SW, 0, 0, SHUT, 0, 0, 0, 0, 0 },
	{ "real mode: vector beyond the IVT: #GP", rm_ivt16,
	  0x10, SW, 0, 0, DONE, 13, 0, 0x0d00, 0xfa, 0 },
	{ "real mode: SP 1: #SS, #DF, shutdown", rm_sp1,
	  0x10, SW, 0, 0, SHUT, 0, 0, 0, 0, 0 },
	{ "real mode: IVT outside RAM reads all ones", rm_no_ram,
	  0x10, SW, 0, 0, DONE, 0x10, 0, 0xffff, 0xfa, 0 },
	{ "real mode: delivered", rm,
	  0x10, SW, 0, 0, DONE, 0x10, 0, 0x1234, 0xfa, 0 },
};

static void test_rows(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];
		struct cpu_state c;

		w->setup(&c);
		struct deliver_result r = run(&c, w->vector, w->type, w->has_error, w->error_code);
		check_result(r, w->outcome, w->want_vector, w->want_error, w->name);
		if (w->outcome != DELIVER_DONE)
			continue;
		is_u64(c.rip, w->want_rip, "%s: handler", w->name);
		if (w->want_rsp)
			is_u64(c.gpr[CPU_RSP], w->want_rsp, "%s: stack pointer", w->name);
		if (w->want_cr2)
			is_u64(c.cr2, w->want_cr2, "%s: CR2", w->name);
	}
}

int main(void)
{
	ram = calloc(1, RAM_SIZE);
	test_pf_same_privilege();
	test_cpl3_to_cpl0();
	test_nmi_ist();
	test_int_n_dpl();
	test_stack_hole();
	test_legacy_privilege();
	test_straddle();
	test_v86();
	test_real_mode();
	test_rows();
	free(ram);
	return done_testing();
}
