/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables: a flat GDT with kernel and user segments and a 64-bit
 * TSS (SDM 3.4.5, 8.2.3), and an IDT whose first 32 gates point at the
 * stubs in exceptions.S (SDM 6.14.1).  Only exceptions are wired: the
 * images run with IF = 0 and no interrupt controller.
 */
#include "testvms/lib/desc.h"

#define GDT_ENTRIES	7	/* null, 4 segments, TSS (two slots) */

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

struct table_desc {
	u16 limit;
	u64 base;
} __attribute__((packed));

/* Code/data descriptors: access byte in bits 47:40, L and G flags. */
#define SEG_CODE64(dpl)	(0x00af9a000000ffffull | ((u64)(dpl) << 45))
#define SEG_DATA(dpl)	(0x00cf92000000ffffull | ((u64)(dpl) << 45))
#define GATE_INTR	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3	0x60

static u64 gdt[GDT_ENTRIES];
static struct idt_gate idt[NR_VECTORS];
static struct tss64 tss;
/* Stack for exceptions taken at CPL3 (TSS.RSP0), apart from the main one. */
static u8 exception_stack[8192] __attribute__((aligned(16), noinit));

extern const u64 exception__stubs[NR_EXCEPTIONS];
extern const u8 interrupt__stubs[];
#define INTERRUPT_STUB_SIZE 16

static const char *const vector_names[NR_EXCEPTIONS] = {
	[DE_VECTOR] = "#DE", [DB_VECTOR] = "#DB", [2] = "NMI",
	[BP_VECTOR] = "#BP", [4] = "#OF", [5] = "#BR", [UD_VECTOR] = "#UD",
	[7] = "#NM", [DF_VECTOR] = "#DF", [TS_VECTOR] = "#TS",
	[NP_VECTOR] = "#NP", [SS_VECTOR] = "#SS", [GP_VECTOR] = "#GP",
	[PF_VECTOR] = "#PF", [16] = "#MF", [AC_VECTOR] = "#AC",
	[18] = "#MC", [19] = "#XM", [20] = "#VE", [21] = "#CP",
};

const char *desc__vector_name(unsigned int vector)
{
	if (vector < NR_EXCEPTIONS && vector_names[vector])
		return vector_names[vector];
	return "#??";
}

static void set_tss_descriptor(void)
{
	u64 base = (u64)&tss, limit = sizeof(tss) - 1;

	/* 16-byte system descriptor, type 9 = available 64-bit TSS. */
	gdt[TSS_SEL / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (0x89ull << 40) | ((base >> 24 & 0xff) << 56);
	gdt[TSS_SEL / 8 + 1] = base >> 32;
}

static void set_gate(unsigned int vector, u64 handler, u8 attr)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->selector = KERNEL_CS;
	g->ist = 0;
	g->type_attr = attr;
	g->offset_mid = handler >> 16 & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void desc__set_rsp0(u64 rsp0)
{
	tss.rsp[0] = rsp0;
}

void desc__set_ist(unsigned int n, u64 rsp)
{
	if (n >= 1 && n <= ARRAY_SIZE(tss.ist))
		tss.ist[n - 1] = rsp;
}

void desc__gate(struct idt_gate *g, u64 handler, unsigned int type,
		unsigned int dpl, unsigned int ist, bool present)
{
	g->offset_low = handler & 0xffff;
	g->selector = KERNEL_CS;
	g->ist = ist & 7;
	g->type_attr = (present ? 0x80 : 0) | (dpl & 3) << 5 | (type & 0xf);
	g->offset_mid = handler >> 16 & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void desc__setup(void)
{
	struct table_desc gdtr = { sizeof(gdt) - 1, (u64)gdt };
	struct table_desc idtr = { sizeof(idt) - 1, (u64)idt };
	unsigned int v;

	gdt[KERNEL_CS / 8] = SEG_CODE64(0);
	gdt[KERNEL_DS / 8] = SEG_DATA(0);
	gdt[USER_DS / 8] = SEG_DATA(3);
	gdt[USER_CS / 8] = SEG_CODE64(3);
	set_tss_descriptor();
	tss.rsp[0] = (u64)exception_stack + sizeof(exception_stack);
	/* Past the limit: no I/O permission bitmap, CPL3 port I/O faults. */
	tss.iomap_base = sizeof(tss);

	/* #BP is reachable from CPL3: usermode.c returns through INT3. */
	for (v = 0; v < NR_EXCEPTIONS; v++)
		set_gate(v, exception__stubs[v],
			 GATE_INTR | (v == BP_VECTOR ? GATE_DPL3 : 0));
	for (; v < NR_VECTORS; v++)
		set_gate(v, (u64)interrupt__stubs + (v - NR_EXCEPTIONS) * INTERRUPT_STUB_SIZE,
			 GATE_INTR);

	/* Reload CS with a far return, as the entry may come with L1's GDT. */
	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "lea 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\tmov %2, %%eax\n\t"
		     "mov %%eax, %%ds\n\t"
		     "mov %%eax, %%es\n\t"
		     "mov %%eax, %%ss\n\t"
		     "xor %%eax, %%eax\n\t"
		     "mov %%eax, %%fs\n\t"
		     "mov %%eax, %%gs\n\t"
		     "lidt %3\n\t"
		     "ltr %w4"
		     :: "m"(gdtr), "i"(KERNEL_CS), "i"(KERNEL_DS), "m"(idtr),
			"r"(TSS_SEL)
		     : "rax", "memory");
}
