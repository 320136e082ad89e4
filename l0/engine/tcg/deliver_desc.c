/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/deliver_desc.c: the memory side of event delivery.
 *
 * Descriptor tables, the TSS and the handler's stack are reached at linear
 * addresses through the guest's paging, and a failed translation is the #PF
 * the CPU would raise.  GDT, LDT, IDT and TSS accesses are implicit
 * supervisor-mode accesses whatever the CPL (SDM 4.6), so no PAGING_USER;
 * the pushes are made at the handler's CPL (struct deliver_stack).
 */
#include <string.h>

#include "l0/engine/tcg/deliver_desc.h"

#define CR0_PG		(1ull << 31)
#define DESC_G		(1ull << 55)
#define DESC_ACCESSED	(1ull << 40)

int deliver_desc__fault(struct deliver_ctx *x, uint8_t vector, uint32_t error_code)
{
	*x->fault = (struct deliver_fault){ vector, error_code, 0 };
	return -1;
}

static int page_fault(struct deliver_ctx *x, const struct paging_fault *pf)
{
	*x->fault = (struct deliver_fault){ VEC_PF, pf->error_code, pf->linear };
	return -1;
}

static uint64_t load_le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | b[n];
	return v;
}

int deliver_desc__read(struct deliver_ctx *x, uint64_t linear, void *buf, size_t len)
{
	struct paging_fault pf;

	if (!guest_paging__read(x->mem, &x->pm, linear, buf, len, 0, &pf))
		return 0;
	/* Without paging there is no #PF to raise: a hole in RAM reads as all
	 * ones, as an unclaimed bus does. */
	if (!(x->pm.cr0 & CR0_PG)) {
		memset(buf, 0xff, len);
		return 0;
	}
	return page_fault(x, &pf);
}

static int write_linear(struct deliver_ctx *x, uint64_t linear, const void *buf, size_t len,
			unsigned access)
{
	struct paging_fault pf;

	/* As for reads: with paging off a write to a hole is dropped. */
	if (!guest_paging__write(x->mem, &x->pm, linear, buf, len, access, &pf) ||
	    !(x->pm.cr0 & CR0_PG))
		return 0;
	return page_fault(x, &pf);
}

int deliver_desc__gate(struct deliver_ctx *x, uint8_t vector, struct deliver_gate *g)
{
	unsigned size = x->lma ? 16 : 8;
	uint8_t b[16];

	if ((uint32_t)vector * size + size - 1 > x->c->idtr.limit)
		return deliver_desc__fault(x, VEC_GP, deliver_desc__idt_error(x, vector));
	if (deliver_desc__read(x, x->c->idtr.base + (uint64_t)vector * size, b, size))
		return -1;
	uint64_t lo = load_le(b, 8);
	*g = (struct deliver_gate){
		.selector = (uint16_t)(lo >> 16),
		.offset = (lo & 0xffff) | ((lo >> 32) & 0xffff0000u) |
			  (x->lma ? load_le(b + 8, 4) << 32 : 0),
		.type = (lo >> 40) & 0xf,
		.s = (lo >> 44) & 1,
		.dpl = (lo >> 45) & 3,
		.present = (lo >> 47) & 1,
		.ist = x->lma ? (lo >> 32) & 7 : 0,
	};
	return 0;
}

/* 3.4.2: TI selects the LDT, whose descriptor is in LDTR; with no LDT
 * loaded (LDTR unusable) no selector fits in it. */
int deliver_desc__lookup(struct deliver_ctx *x, uint16_t sel, struct deliver_desc *d)
{
	const struct cpu_state *c = x->c;
	const struct cpu_segment *ldtr = &c->seg[CPU_SEG_LDTR];
	uint64_t base = c->gdtr.base;
	uint32_t limit = c->gdtr.limit;
	uint8_t b[8];

	if (sel & 4) {
		if (ldtr->ar & CPU_AR_UNUSABLE)
			return 1;
		base = ldtr->base, limit = ldtr->limit;
	}
	if ((uint32_t)(sel & ~7u) + 7 > limit)
		return 1;
	d->linear = base + (sel & ~7u);
	if (deliver_desc__read(x, d->linear, b, 8))
		return -1;
	d->raw = load_le(b, 8);
	return 0;
}

/* 3.4.5, Figure 3-8: base 31:0 and limit 19:0 are scattered; G counts the
 * limit in 4 KiB units.  Bits 47:40 and 55:52 are the VMCS access rights
 * 7:0 and 15:12 (25.4.1, Table 25-2). */
struct cpu_segment deliver_desc__segment(const struct deliver_desc *d, uint16_t sel)
{
	uint64_t r = d->raw;
	uint32_t limit = (uint32_t)((r & 0xffff) | ((r >> 32) & 0xf0000));

	if (r & DESC_G)
		limit = limit << 12 | 0xfff;
	return (struct cpu_segment){
		.selector = sel,
		.base = ((r >> 16) & 0xffffff) | ((r >> 32) & 0xff000000),
		.limit = limit,
		.ar = (uint32_t)((r >> 40) & 0xf0ff) | 1,	/* accessed */
	};
}

/* 3.4.5.1: loading a segment register sets the descriptor's accessed bit
 * in memory.  A read-only GDT page makes this write fault, as it does on
 * hardware; guests that map their GDT so keep the bits set beforehand. */
int deliver_desc__touch(struct deliver_ctx *x, const struct deliver_desc *d)
{
	uint8_t type = (uint8_t)(d->raw >> 40) | 1;

	if (d->raw & DESC_ACCESSED)
		return 0;
	return write_linear(x, d->linear + 5, &type, 1, 0);
}

/* The TSS fields the INT n pseudo-code reads (vol. 2A "INT n"): in IA-32e
 * mode RSPn at 4 + 8n and ISTn at 28 + 8n (8.7, Figure 8-11); in a 32-bit
 * TSS ESPn at 4 + 8n with SSn after it (8.2.1, Figure 8-2); in a 16-bit TSS
 * SPn at 2 + 4n with SSn after it (8.6, Figure 8-10).  TR's AR type tells
 * a 16-bit TSS (1 or 3) from a 32-bit one (9 or 11). */
int deliver_desc__tss_stack(struct deliver_ctx *x, unsigned dpl, unsigned ist,
			    uint64_t *sp, uint16_t *ss)
{
	const struct cpu_segment *tr = &x->c->seg[CPU_SEG_TR];
	unsigned type = CPU_AR_TYPE(tr->ar), sp_len, len;
	uint32_t off;
	uint8_t b[8];

	if (x->lma)
		off = ist ? ist * 8 + 28 : dpl * 8 + 4, sp_len = 8, len = 8;
	else if (type == 1 || type == 3)
		off = dpl * 4 + 2, sp_len = 2, len = 4;
	else
		off = dpl * 8 + 4, sp_len = 4, len = 6;
	if (off + len - 1 > tr->limit)
		return deliver_desc__fault(x, VEC_TS, deliver_desc__sel_error(x, tr->selector));
	if (deliver_desc__read(x, tr->base + off, b, len))
		return -1;
	*sp = load_le(b, sp_len);
	*ss = x->lma ? 0 : (uint16_t)load_le(b + sp_len, 2);
	return 0;
}

/* The stack pointer's width: 64 bits for a 64-bit gate (6.14.2), else
 * SS.B picks ESP or SP (6.12.1). */
static uint64_t sp_mask(const struct deliver_ctx *x, const struct cpu_segment *ss)
{
	if (x->lma)
		return ~0ull;
	return ss->ar & CPU_AR_DB ? 0xffffffffull : 0xffffull;
}

static uint64_t push_offset(const struct deliver_ctx *x, const struct deliver_stack *s,
			    const struct deliver_frame *f, unsigned i)
{
	return (s->sp - (uint64_t)f->size * (i + 1)) & sp_mask(x, &s->ss);
}

/* The linear address of a push: SS's base does not count in IA-32e mode
 * (3.4.4); outside it, linear addresses are 32 bits wide. */
static uint64_t push_linear(const struct deliver_ctx *x, const struct deliver_stack *s,
			    uint64_t off)
{
	return x->lma ? off : (s->ss.base + off) & 0xffffffffull;
}

/* 3.4.5.1: an expand-up segment holds offsets 0..limit; an expand-down
 * one (type bit 2) limit+1 up to 0xffff, or 0xffffffff when B is set. */
static bool within(const struct cpu_segment *ss, uint64_t off, unsigned size)
{
	uint64_t last = off + size - 1;

	if (CPU_AR_TYPE(ss->ar) & 4)
		return off > ss->limit && last <= (ss->ar & CPU_AR_DB ? 0xffffffffull : 0xffffull);
	return last <= ss->limit;
}

int deliver_desc__room(struct deliver_ctx *x, const struct deliver_stack *s,
		       const struct deliver_frame *f, uint32_t ss_error)
{
	for (unsigned i = 0; i < f->count; i++) {
		uint64_t off = push_offset(x, s, f, i);
		bool fits = x->lma ? deliver_desc__canonical(x, off) &&
				     deliver_desc__canonical(x, off + f->size - 1)
				   : within(&s->ss, off, f->size);

		if (!fits)
			return deliver_desc__fault(x, VEC_SS, ss_error);
	}
	return 0;
}

int deliver_desc__push(struct deliver_ctx *x, struct deliver_stack *s,
		       const struct deliver_frame *f)
{
	uint64_t mask = sp_mask(x, &s->ss), gpa;
	unsigned access = s->access | PAGING_WRITE;
	struct paging_fault pf;
	uint8_t b[8];

	/* The first push (the highest address) is checked first; a push that
	 * straddles a page boundary faults on the second page at its start. */
	for (unsigned i = 0; i < f->count; i++) {
		uint64_t la = push_linear(x, s, push_offset(x, s, f, i));
		uint64_t end = la + f->size - 1;

		if (guest_paging__translate(x->mem, &x->pm, la, access, &gpa, &pf) ||
		    ((end ^ la) >> 12 &&
		     guest_paging__translate(x->mem, &x->pm, end & ~0xfffull, access,
					     &gpa, &pf)))
			return page_fault(x, &pf);
	}
	for (unsigned i = 0; i < f->count; i++) {
		for (unsigned k = 0; k < f->size; k++)
			b[k] = (uint8_t)(f->word[i] >> 8 * k);
		if (write_linear(x, push_linear(x, s, push_offset(x, s, f, i)), b, f->size,
				 s->access))
			return -1;
	}
	s->sp = (s->sp & ~mask) | ((s->sp - (uint64_t)f->size * f->count) & mask);
	return 0;
}
