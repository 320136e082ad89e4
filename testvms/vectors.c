/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vectors.elf: exception and interrupt delivery through the IDT in IA-32e
 * mode, as SDM vol. 3A ch. 6 says (edition pinned in docs/architecture.md),
 * for comparing execution engines with each other and with Bochs.
 *
 * Every row raises one event (an exception, or INT n) from a few
 * instructions of assembly, at CPL0 or at CPL3, and checks what the
 * handler sees: the vector, the error code or its absence, the frame
 * (SDM 6.14.2: [error code,] RIP, CS, RFLAGS, RSP, SS, each
 * compared with what the row recorded just before the event), the saved
 * RIP (the instruction for a fault, the next one for a trap, SDM 6.5), the
 * stack the handler runs on (current, TSS.RSP0 or an IST stack, aligned
 * down to 16 bytes, SDM 6.14.2-6.14.5), the handler's SS and RFLAGS (TF,
 * NT and RF cleared, IF cleared by an interrupt gate only, SDM 6.12.1.3),
 * and CR2 or DR6 where the row says.  One report line per row; the text
 * names the row and its expectation and, on failure, what differed, never
 * an address, so the lines of two engines compare as they are.
 *
 * While a row runs, the image's own IDT (probe_idt) sends all 256 vectors
 * to stubs that record the frame and longjmp back, so an engine that
 * delivers the wrong vector or frame fails the row, not the image.
 *
 * Arguments: skip=NAME,... leaves rows out (a SKIP line each); only=NAME,...
 * runs just those.  A NAME is a row, or ends with '-' and selects every
 * row it begins ("pf-" is every #PF row).  On the kvm engine of this host,
 * skip= the rows that run INT n, INT3 or INT1 at CPL0 (testvms/README.md).
 */
#include "testvms/lib/guest.h"
#include "testvms/lib/paging.h"

#define STR(x)		#x
#define XSTR(x)		STR(x)

#define RFLAGS_FIXED	0x2ul
#define RFLAGS_TF	(1ul << 8)
#define RFLAGS_IF	(1ul << 9)
#define RFLAGS_NT	(1ul << 14)
#define RFLAGS_RF	(1ul << 16)
#define RFLAGS_AC	(1ul << 18)
#define RFLAGS_ARITH	0xcd5ul		/* CF PF AF ZF SF DF OF */

#define CR0_MP		(1ul << 1)
#define CR0_EM		(1ul << 2)
#define CR0_TS		(1ul << 3)
#define CR0_NE		(1ul << 5)
#define CR0_WP		(1ul << 16)
#define CR0_AM		(1ul << 18)
#define CR4_OSFXSR	(1ul << 9)
#define CR4_OSXMMEXCPT	(1ul << 10)
#define EFER_NXE	(1ul << 11)
#define DR6_BS		(1ul << 14)
#define DR6_INIT	0xffff0ff0ul	/* DR6 with no condition bit set */

/* Error code bits: SDM 6.13 (selector codes), SDM 4.7 (page faults). */
#define ERR_EXT		0x1
#define ERR_IDT		0x2
#define PFEC_P		0x01
#define PFEC_W		0x02
#define PFEC_U		0x04
#define PFEC_RSVD	0x08
#define PFEC_I		0x10
#define IDT_ERR(v)	(((v) << 3) | ERR_IDT)

/*
 * Addresses the assembly below uses as immediates: no C suffixes.  The
 * #PF pages lie above the 4 GiB identity map (paging.h), one per kind.
 */
#define NONCANONICAL	0x8000000000000000
#define BAD_MSR		0xdeadbeef
#define BAD_SELECTOR	0xffb		/* RPL 3, index far past the GDT */
#define PF_BASE		0x200000000
#define PF_NP		(PF_BASE + 0x0000)	/* not present */
#define PF_RO		(PF_BASE + 0x1000)	/* present, read-only, user */
#define PF_SUP		(PF_BASE + 0x2000)	/* present, writable, supervisor */
#define PF_NX		(PF_BASE + 0x3000)	/* present, user, execute-disable */
#define PF_RSVD		(PF_BASE + 0x4000)	/* a reserved address bit set */

/*
 * #TS: a second TSS descriptor for the same TSS, with a limit that ends
 * before IST1 (offset 0x24), in a copy of the GDT at this selector.
 */
#define SMALL_TSS_SEL	0x40
#define SMALL_TSS_LIMIT	0x23
#define GDT_COPY	(SMALL_TSS_SEL / 8 + 2)

#define NO_ERR		(-1)
#define STACK_SIZE	4096

/* --- What the stubs record ------------------------------------------ */

/* Written by probe_common (assembly), read after the longjmp. */
volatile u64 got_vector, got_hflags, got_hrsp, got_hss, got_cr2, got_dr6;
volatile u64 got_slot[6];
/* Written by each row's assembly right before its event. */
volatile u64 want_rflags, want_rsp, want_ss, want_at, want_next;
jmp_buf probe_env;

static struct idt_gate probe_idt[NR_VECTORS] __attribute__((aligned(16)));
static u8 user_stack[STACK_SIZE] __attribute__((aligned(16), noinit));
static u8 rsp0_stack[STACK_SIZE] __attribute__((aligned(16), noinit));
static u8 ist1_stack[STACK_SIZE] __attribute__((aligned(16), noinit));
static u64 rsp0_now, ist1_now;

void probe_enter(const void *body);
void probe_to_user(const void *body, u64 rsp, u64 rflags)
	__attribute__((noreturn));
extern const char probe_stubs[];

/*
 * One 16-byte stub per vector: PUSHFQ first, so the handler's RFLAGS is
 * seen as delivered, then the vector.  probe_common takes the frame from
 * the stack the CPU chose, reloads the data segments (SS is NULL after a
 * change of CPL, SDM 6.14.4) and unwinds to probe_run() with longjmp: it
 * never trusts the frame enough to IRETQ through it.
 */
asm(".pushsection .text\n"
    ".balign 16\n"
    "probe_stubs:\n"
    ".set vec, 0\n"
    ".rept " XSTR(NR_VECTORS) "\n"
    "\t.balign 16\n"
    "\tpushfq\n"
    "\tpushq $vec\n"
    "\tjmp probe_common\n"
    "\t.set vec, vec + 1\n"
    ".endr\n"
    "probe_common:\n\t"
    "popq got_vector(%rip)\n\t"
    "popq got_hflags(%rip)\n\t"
    "pushq $" XSTR(RFLAGS_FIXED) "\n\t"
    "popfq\n\t"
    "mov %rsp, got_hrsp(%rip)\n\t"
    "mov %ss, %rax\n\t"
    "mov %rax, got_hss(%rip)\n\t"
    "lea got_slot(%rip), %rdi\n\t"
    "mov %rsp, %rsi\n\t"
    "mov $6, %ecx\n\t"
    "rep movsq\n\t"
    "mov %cr2, %rax\n\t"
    "mov %rax, got_cr2(%rip)\n\t"
    "mov %dr6, %rax\n\t"
    "mov %rax, got_dr6(%rip)\n\t"
    "mov $" XSTR(KERNEL_DS) ", %eax\n\t"
    "mov %eax, %ds\n\t"
    "mov %eax, %es\n\t"
    "mov %eax, %ss\n\t"
    "lea probe_env(%rip), %rdi\n\t"
    "mov $1, %esi\n\t"
    "jmp longjmp\n"
    /* probe_enter(body): a CPL0 row body may clobber any register. */
    "probe_enter:\n\t"
    "push %rbx\n\tpush %rbp\n\tpush %r12\n\t"
    "push %r13\n\tpush %r14\n\tpush %r15\n\t"
    "call *%rdi\n\t"
    "pop %r15\n\tpop %r14\n\tpop %r13\n\t"
    "pop %r12\n\tpop %rbp\n\tpop %rbx\n\t"
    "ret\n"
    /* probe_to_user(body, rsp, rflags): IRETQ to CPL3 (SDM 6.14.3). */
    "probe_to_user:\n\t"
    "pushq $(" XSTR(USER_DS) " | 3)\n\t"
    "pushq %rsi\n\t"
    "pushq %rdx\n\t"
    "pushq $(" XSTR(USER_CS) " | 3)\n\t"
    "pushq %rdi\n\t"
    "iretq\n"
    ".popsection");

/* --- Row bodies ----------------------------------------------------- */

/*
 * BODY(name, pre, post, insn, tail): pre prepares, then the state the frame
 * must show is recorded (RFLAGS, RSP, SS, the addresses of insn and of the
 * instruction after it), post runs, then insn raises the event.  tail runs
 * only if nothing was raised: "ret" at CPL0 (probe_enter returns), UD2
 * at CPL3 (a #UD at the next instruction, which fails the row).  R11 is
 * the scratch register of the recording.
 */
#define BODY(name, pre, post, insn, tail)				\
	asm(".pushsection .text\n"					\
	    #name ":\n\t"						\
	    pre "\n\t"							\
	    "pushfq\n\t"						\
	    "popq want_rflags(%rip)\n\t"				\
	    "mov %rsp, want_rsp(%rip)\n\t"				\
	    "mov %ss, %r11\n\t"						\
	    "mov %r11, want_ss(%rip)\n\t"				\
	    "lea 1f(%rip), %r11\n\t"					\
	    "mov %r11, want_at(%rip)\n\t"				\
	    "lea 2f(%rip), %r11\n\t"					\
	    "mov %r11, want_next(%rip)\n\t"				\
	    post "\n"							\
	    "1:\t" insn "\n"						\
	    "2:\t" tail "\n"						\
	    ".popsection");						\
	extern const char name[]
#define KBODY(name, pre, insn)	BODY(name, pre, "", insn, "ret")
#define UBODY(name, pre, insn)	BODY(name, pre, "", insn, "ud2")

#define LOAD(reg, addr)	"movabs $" XSTR(addr) ", %" #reg

/* #DE (SDM 6.15, Interrupt 0): a fault. */
KBODY(b_div0, "xor %edx, %edx\n\tmov $1, %eax\n\txor %ecx, %ecx", "div %rcx");
KBODY(b_idiv_overflow, LOAD(rax, NONCANONICAL) "\n\tcqo\n\tmov $-1, %rcx",
      "idiv %rcx");
UBODY(u_div0, "xor %edx, %edx\n\tmov $1, %eax\n\txor %ecx, %ecx", "div %rcx");

/* #DB (Interrupt 1): ICEBP (INT1, 0xF1) and single-step are traps. */
KBODY(b_icebp, "", ".byte 0xf1");
UBODY(u_icebp, "", ".byte 0xf1");
/*
 * POPFQ sets TF; the trap follows the instruction after it (SDM vol. 3B,
 * "Single-Step Exception Condition"), so the recorded RFLAGS lack TF and
 * the check adds it.
 */
BODY(b_step, "", "pushfq\n\torq $0x100, (%rsp)\n\tpopfq", "nop",
     "pushfq\n\tandq $~0x100, (%rsp)\n\tpopfq\n\tret");
BODY(u_step, "", "pushfq\n\torq $0x100, (%rsp)\n\tpopfq", "nop", "ud2");

/* #BP (Interrupt 3): INT3 and the two-byte INT 3 are traps. */
KBODY(b_int3, "", "int3");
KBODY(b_int_3, "", ".byte 0xcd, 0x03");
UBODY(u_int3, "", "int3");

/* #OF, #BR: INTO is invalid in 64-bit mode (#UD); INT 4 and INT 5 reach them. */
KBODY(b_into, "", ".byte 0xce");
KBODY(b_int4, "", "int $4");
UBODY(u_int4, "", "int $4");
KBODY(b_int5, "", "int $5");

/* #UD (Interrupt 6). */
KBODY(b_ud2, "", "ud2");
UBODY(u_ud2, "", "ud2");

/* #NM (Interrupt 7): x87 with CR0.TS or CR0.EM; WAIT with CR0.MP and TS. */
UBODY(u_fnop, "", "fnop");
UBODY(u_fwait, "", "fwait");

/* A general-protection fault where the #GP gate is not present: #DF. */
KBODY(b_noncanonical, LOAD(rax, NONCANONICAL), "mov (%rax), %rax");

/* #NP (Interrupt 11) from INT n to a not-present gate, or from #UD. */
KBODY(b_int_0x40, "", "int $0x40");

/* #SS (Interrupt 12): a non-canonical address through RBP uses SS. */
KBODY(b_ss_noncanonical, LOAD(rbp, NONCANONICAL), "mov (%rbp), %rax");

/* #GP (Interrupt 13). */
BODY(b_bad_selector, "mov $" XSTR(BAD_SELECTOR) ", %eax", "", "mov %eax, %ds",
     "mov $" XSTR(KERNEL_DS) ", %eax\n\tmov %eax, %ds\n\tret");
UBODY(u_int_0x21, "", "int $0x21");
KBODY(b_wrmsr, "mov $" XSTR(BAD_MSR) ", %ecx\n\txor %eax, %eax\n\txor %edx, %edx",
      "wrmsr");
UBODY(u_hlt, "", "hlt");
UBODY(u_mov_cr3, "", "mov %cr3, %rax");

/* #PF (Interrupt 14). */
KBODY(b_read_np, LOAD(rax, PF_NP), "mov (%rax), %rax");
KBODY(b_write_np, LOAD(rax, PF_NP), "movq $1, (%rax)");
KBODY(b_write_ro, LOAD(rax, PF_RO), "movq $1, (%rax)");
UBODY(u_write_ro, LOAD(rax, PF_RO), "movq $1, (%rax)");
UBODY(u_read_sup, LOAD(rax, PF_SUP), "mov (%rax), %rax");
UBODY(u_read_np, LOAD(rax, PF_NP), "mov (%rax), %rax");
KBODY(b_fetch_nx, LOAD(rax, PF_NX), "jmp *%rax");
KBODY(b_fetch_np, LOAD(rax, PF_NP), "jmp *%rax");
KBODY(b_read_rsvd, LOAD(rax, PF_RSVD), "mov (%rax), %rax");

/*
 * #MF (Interrupt 16): 1/0 with ZM unmasked leaves an x87 exception
 * pending; with CR0.NE = 1 the next waiting instruction reports it (SDM
 * 6.15, Interrupt 16; 2.5 for CR0.NE).  It stays pending afterwards, so
 * this row comes after the #NM rows.
 */
UBODY(u_x87_zdiv, "fninit\n\tfldcw x87_cw(%rip)\n\tfld1\n\tfdivs zero_f32(%rip)",
      "fwait");
/* #XM (Interrupt 19) or, with CR4.OSXMMEXCPT = 0, #UD (SDM 2.5, CR4). */
UBODY(u_sse_zdiv, "ldmxcsr sse_mxcsr(%rip)\n\tmovss one_f32(%rip), %xmm0\n\t"
      "xorps %xmm1, %xmm1", "divss %xmm1, %xmm0");

/* #AC (Interrupt 17): a 4-byte load at an odd address, CPL3. */
UBODY(u_misaligned, "lea ac_data + 1(%rip), %rax", "mov (%rax), %ecx");

/* INT n, same privilege: RSP deliberately 8 mod 16 for 0x20 (SDM 6.14.2). */
BODY(b_int_0x20, "mov %rsp, %r12\n\tand $-16, %rsp\n\tsub $8, %rsp", "",
     "int $0x20", "mov %r12, %rsp\n\tret");
KBODY(b_int_0x80, "", "int $0x80");
KBODY(b_int_0xff, "", "int $0xff");
UBODY(u_int_0x20, "", "int $0x20");
UBODY(u_int_0x80, "", "int $0x80");
UBODY(u_int_0xff, "", "int $0xff");

/* Interrupt gate vs trap gate: IF = 1 at the INT. */
BODY(b_sti_int_0x30, "sti", "", "int $0x30", "cli\n\tret");
BODY(b_sti_int_0x31, "sti", "", "int $0x31", "cli\n\tret");

asm(".pushsection .rodata\n"
    ".balign 8\n"
    "x87_cw: .word 0x037b\n"		/* default 0x037f, ZM clear */
    ".balign 4\n"
    "sse_mxcsr: .long 0x1d80\n"		/* default 0x1f80, ZM clear */
    "zero_f32: .long 0\n"
    "one_f32: .long 0x3f800000\n"
    ".popsection\n"
    ".pushsection .data\n"
    ".balign 8\n"
    "ac_data: .quad 0, 0\n"
    ".popsection");

/* --- Per-row machine state ------------------------------------------ */

static u64 cr0_base, cr4_base, efer_base;

static void set_cr0(u64 set, u64 clear)
{
	write_cr0((cr0_base | set) & ~clear);
}

static void fpu_ts(void) { set_cr0(CR0_TS | CR0_MP, CR0_EM); }
static void fpu_em(void) { set_cr0(CR0_EM, CR0_TS); }
static void fpu_ne(void) { set_cr0(CR0_NE | CR0_MP, CR0_EM | CR0_TS); }
static void wp_on(void) { set_cr0(CR0_WP, 0); }
static void wp_off(void) { set_cr0(0, CR0_WP); }
static void am_on(void) { set_cr0(CR0_AM, 0); }
static void sse_xm(void) { write_cr4(cr4_base | CR4_OSFXSR | CR4_OSXMMEXCPT); }
static void sse_noxm(void) { write_cr4((cr4_base | CR4_OSFXSR) & ~CR4_OSXMMEXCPT); }
static void nx_on(void) { wrmsr(MSR_EFER, efer_base | EFER_NXE); }

static void dr6_clear(void)
{
	asm volatile("mov %0, %%dr6" :: "r"(DR6_INIT));
}

static void set_rsp0(u64 rsp0)
{
	rsp0_now = rsp0;
	desc__set_rsp0(rsp0);
}

/* TSS.RSP0 8 mod 16: the handler's RSP is still aligned (SDM 6.14.2). */
static void rsp0_unaligned(void)
{
	set_rsp0((u64)rsp0_stack + STACK_SIZE - 8);
}

struct dtr {
	u16 limit;
	u64 base;
} __attribute__((packed));

static struct dtr lib_gdtr;
static u64 gdt_copy[GDT_COPY] __attribute__((aligned(16)));

/*
 * #TS (SDM vol. 2 INT n, IA-32e operation): "IF (TSSstackAddress + 7) >
 * current TSS limit THEN #TS(error_code(current TSS selector, 0, EXT))".
 * Load TR with a descriptor of the same TSS whose limit ends before IST1.
 */
static void small_tss(void)
{
	const u64 *gdt;
	u64 base, lo, hi;
	struct dtr d = { sizeof(gdt_copy) - 1, (u64)gdt_copy };

	asm volatile("sgdt %0" : "=m"(lib_gdtr));
	gdt = (const u64 *)lib_gdtr.base;
	memset(gdt_copy, 0, sizeof(gdt_copy));
	memcpy(gdt_copy, gdt, lib_gdtr.limit + 1 < SMALL_TSS_SEL ?
			      lib_gdtr.limit + 1 : SMALL_TSS_SEL);
	lo = gdt[TSS_SEL / 8];
	hi = gdt[TSS_SEL / 8 + 1];
	base = (lo >> 16 & 0xffffff) | (lo >> 56 & 0xff) << 24 | hi << 32;
	gdt_copy[SMALL_TSS_SEL / 8] = SMALL_TSS_LIMIT |
		(base & 0xffffff) << 16 | 0x89ul << 40 | (base >> 24 & 0xff) << 56;
	gdt_copy[SMALL_TSS_SEL / 8 + 1] = base >> 32;
	asm volatile("lgdt %0\n\tltr %w1" :: "m"(d), "r"(SMALL_TSS_SEL) : "memory");
}

/* Back to the library's GDT and TSS: LTR needs it available, not busy. */
static void lib_tss(void)
{
	u64 *gdt = (u64 *)lib_gdtr.base;

	asm volatile("lgdt %0" :: "m"(lib_gdtr) : "memory");
	gdt[TSS_SEL / 8] &= ~(1ul << 41);
	asm volatile("ltr %w0" :: "r"(TSS_SEL) : "memory");
}

/* Availability, from CPUID. */
static bool have_fpu(void) { return cpuid(1, 0).d & 1; }
static bool have_sse(void) { return cpuid(1, 0).d & (1u << 25); }

static bool have_nx(void)
{
	return cpuid(0x80000000, 0).a >= 0x80000001 &&
	       (cpuid(0x80000001, 0).d & (1u << 20));
}

static unsigned int maxphyaddr(void)
{
	if (cpuid(0x80000000, 0).a < 0x80000008)
		return 36;
	return cpuid(0x80000008, 0).a & 0xff;
}

static bool have_rsvd(void) { return maxphyaddr() < 52; }

/* --- Rows ----------------------------------------------------------- */

enum rip_kind { RIP_AT, RIP_NEXT, RIP_UNDEFINED, RIP_VALUE };
/* STACK_DEFAULT: the current one at CPL0, TSS.RSP0 from CPL3. */
enum stack_kind { STACK_DEFAULT, STACK_IST1 };

#define WANT_TF		0x1	/* the pushed RFLAGS has TF (single-step) */
#define WANT_BS		0x2	/* DR6.BS after the #DB */
#define WANT_CR2	0x4	/* CR2 = cr2 */

struct gate {
	u16 vector;
	u8 type, dpl, ist;
	bool absent;
	bool used;
};

struct row {
	const char *name;
	const char *cause;
	const char *body;
	bool user;
	u64 uflags;		/* RFLAGS bits besides bit 1 at CPL3 */
	int vector;		/* NO_EXCEPTION: the body runs through */
	int err;		/* NO_ERR: none pushed */
	enum rip_kind rip;
	u64 rip_value;		/* RIP_VALUE */
	enum stack_kind stack;
	unsigned int want;
	u64 cr2;
	struct gate gates[2];
	void (*setup)(void);
	void (*undo)(void);
	bool (*available)(void);
};

#define G(v, t, d, i, a)	{ v, GATE_TYPE_##t, d, i, a, true }
#define DPL3(v)			G(v, INTR, 3, 0, false)

static const struct row rows[] = {
	{ "de-div", "DIV by 0", b_div0, .vector = DE_VECTOR, .err = NO_ERR },
	{ "de-idiv-overflow", "IDIV of INT64_MIN by -1", b_idiv_overflow,
	  .vector = DE_VECTOR, .err = NO_ERR },
	{ "de-div-cpl3", "DIV by 0 at CPL3", u_div0, .user = true,
	  .vector = DE_VECTOR, .err = NO_ERR },
	{ "db-icebp", "ICEBP (INT1)", b_icebp, .vector = DB_VECTOR,
	  .err = NO_ERR, .rip = RIP_NEXT },
	/* INT1 is not a software interrupt: no gate DPL check (SDM 6.12.1.2). */
	{ "db-icebp-cpl3-dpl0", "ICEBP at CPL3, gate DPL 0", u_icebp,
	  .user = true, .vector = DB_VECTOR, .err = NO_ERR, .rip = RIP_NEXT },
	{ "db-single-step", "TF set by POPFQ, then NOP", b_step,
	  .vector = DB_VECTOR, .err = NO_ERR, .rip = RIP_NEXT,
	  .want = WANT_TF | WANT_BS, .setup = dr6_clear },
	{ "db-single-step-cpl3", "TF set by POPFQ at CPL3, then NOP", u_step,
	  .user = true, .vector = DB_VECTOR, .err = NO_ERR, .rip = RIP_NEXT,
	  .want = WANT_TF | WANT_BS, .setup = dr6_clear },
	{ "bp-int3", "INT3", b_int3, .vector = BP_VECTOR, .err = NO_ERR,
	  .rip = RIP_NEXT },
	{ "bp-int-3", "INT 3 (CD 03)", b_int_3, .vector = BP_VECTOR,
	  .err = NO_ERR, .rip = RIP_NEXT },
	{ "bp-int3-cpl3", "INT3 at CPL3, gate DPL 3", u_int3, .user = true,
	  .vector = BP_VECTOR, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { DPL3(BP_VECTOR) } },
	/* INT3 is subject to the DPL check (SDM 6.12.1.2). */
	{ "gp-int3-cpl3-dpl0", "INT3 at CPL3, gate DPL 0", u_int3, .user = true,
	  .vector = GP_VECTOR, .err = IDT_ERR(BP_VECTOR) },
	{ "of-into-ud", "INTO (invalid in 64-bit mode)", b_into,
	  .vector = UD_VECTOR, .err = NO_ERR },
	{ "of-int4", "INT 4", b_int4, .vector = OF_VECTOR, .err = NO_ERR,
	  .rip = RIP_NEXT },
	{ "of-int4-cpl3", "INT 4 at CPL3, gate DPL 3", u_int4, .user = true,
	  .vector = OF_VECTOR, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { DPL3(OF_VECTOR) } },
	{ "br-int5", "INT 5", b_int5, .vector = BR_VECTOR, .err = NO_ERR,
	  .rip = RIP_NEXT },
	{ "ud-ud2", "UD2", b_ud2, .vector = UD_VECTOR, .err = NO_ERR },
	{ "ud-ud2-cpl3", "UD2 at CPL3", u_ud2, .user = true,
	  .vector = UD_VECTOR, .err = NO_ERR },
	{ "nm-ts-fnop", "FNOP at CPL3 with CR0.TS", u_fnop, .user = true,
	  .vector = NM_VECTOR, .err = NO_ERR, .setup = fpu_ts,
	  .available = have_fpu },
	{ "nm-ts-fwait", "FWAIT at CPL3 with CR0.TS and CR0.MP", u_fwait,
	  .user = true, .vector = NM_VECTOR, .err = NO_ERR, .setup = fpu_ts,
	  .available = have_fpu },
	{ "nm-em-fnop", "FNOP at CPL3 with CR0.EM", u_fnop, .user = true,
	  .vector = NM_VECTOR, .err = NO_ERR, .setup = fpu_em,
	  .available = have_fpu },
	/* #GP then #NP delivering it: two contributory faults (Table 6-5). */
	{ "df-gp-np", "#GP whose gate is not present, #DF gate on IST1",
	  b_noncanonical, .vector = DF_VECTOR, .err = 0, .rip = RIP_UNDEFINED,
	  .stack = STACK_IST1,
	  .gates = { G(GP_VECTOR, INTR, 0, 0, true), G(DF_VECTOR, INTR, 0, 1, false) } },
	{ "ts-ist-past-tss-limit", "UD2, #UD gate on IST1 past the TSS limit",
	  b_ud2, .vector = TS_VECTOR, .err = SMALL_TSS_SEL | ERR_EXT,
	  .gates = { G(UD_VECTOR, INTR, 0, 1, false) },
	  .setup = small_tss, .undo = lib_tss },
	{ "np-int-gate", "INT 0x40, gate not present", b_int_0x40,
	  .vector = NP_VECTOR, .err = IDT_ERR(0x40),
	  .gates = { G(0x40, INTR, 0, 0, true) } },
	{ "np-int4-cpl3", "INT 4 at CPL3, gate DPL 3 not present", u_int4,
	  .user = true, .vector = NP_VECTOR, .err = IDT_ERR(OF_VECTOR),
	  .gates = { G(OF_VECTOR, INTR, 3, 0, true) } },
	{ "np-exception-gate", "UD2, #UD gate not present (EXT)", b_ud2,
	  .vector = NP_VECTOR, .err = IDT_ERR(UD_VECTOR) | ERR_EXT,
	  .gates = { G(UD_VECTOR, INTR, 0, 0, true) } },
	{ "ss-noncanonical", "load through a non-canonical RBP",
	  b_ss_noncanonical, .vector = SS_VECTOR, .err = 0 },
	{ "gp-noncanonical", "load from a non-canonical address",
	  b_noncanonical, .vector = GP_VECTOR, .err = 0 },
	{ "gp-bad-selector", "MOV to DS of a selector past the GDT limit",
	  b_bad_selector, .vector = GP_VECTOR, .err = BAD_SELECTOR & ~3 },
	{ "gp-int-dpl0-cpl3", "INT 0x21 at CPL3, gate DPL 0", u_int_0x21,
	  .user = true, .vector = GP_VECTOR, .err = IDT_ERR(0x21) },
	{ "gp-wrmsr-bad-msr", "WRMSR to an MSR no CPU has", b_wrmsr,
	  .vector = GP_VECTOR, .err = 0 },
	{ "gp-hlt-cpl3", "HLT at CPL3", u_hlt, .user = true,
	  .vector = GP_VECTOR, .err = 0 },
	{ "gp-mov-cr3-cpl3", "MOV from CR3 at CPL3", u_mov_cr3, .user = true,
	  .vector = GP_VECTOR, .err = 0 },
	{ "pf-read-not-present", "read of a not-present page", b_read_np,
	  .vector = PF_VECTOR, .err = 0, .want = WANT_CR2, .cr2 = PF_NP },
	{ "pf-write-not-present", "write to a not-present page", b_write_np,
	  .vector = PF_VECTOR, .err = PFEC_W, .want = WANT_CR2, .cr2 = PF_NP },
	{ "pf-write-ro-wp", "write to a read-only page, CR0.WP = 1", b_write_ro,
	  .vector = PF_VECTOR, .err = PFEC_P | PFEC_W, .want = WANT_CR2,
	  .cr2 = PF_RO, .setup = wp_on },
	{ "pf-write-ro-no-wp", "write to a read-only page, CR0.WP = 0",
	  b_write_ro, .vector = NO_EXCEPTION, .setup = wp_off },
	{ "pf-write-ro-cpl3", "write to a read-only page at CPL3", u_write_ro,
	  .user = true, .vector = PF_VECTOR, .err = PFEC_P | PFEC_W | PFEC_U,
	  .want = WANT_CR2, .cr2 = PF_RO },
	{ "pf-read-supervisor-cpl3", "read of a supervisor page at CPL3",
	  u_read_sup, .user = true, .vector = PF_VECTOR,
	  .err = PFEC_P | PFEC_U, .want = WANT_CR2, .cr2 = PF_SUP },
	{ "pf-read-not-present-cpl3", "read of a not-present page at CPL3",
	  u_read_np, .user = true, .vector = PF_VECTOR, .err = PFEC_U,
	  .want = WANT_CR2, .cr2 = PF_NP },
	{ "pf-fetch-nx", "jump to an NX page, EFER.NXE = 1", b_fetch_nx,
	  .vector = PF_VECTOR, .err = PFEC_P | PFEC_I, .rip = RIP_VALUE,
	  .rip_value = PF_NX, .want = WANT_CR2, .cr2 = PF_NX,
	  .setup = nx_on, .available = have_nx },
	{ "pf-fetch-not-present", "jump to a not-present page, EFER.NXE = 1",
	  b_fetch_np, .vector = PF_VECTOR, .err = PFEC_I, .rip = RIP_VALUE,
	  .rip_value = PF_NP, .want = WANT_CR2, .cr2 = PF_NP,
	  .setup = nx_on, .available = have_nx },
	{ "pf-read-reserved-bit", "read of a page whose PTE sets a reserved bit",
	  b_read_rsvd, .vector = PF_VECTOR, .err = PFEC_P | PFEC_RSVD,
	  .want = WANT_CR2, .cr2 = PF_RSVD, .available = have_rsvd },
	{ "mf-x87-fwait", "FWAIT at CPL3 after x87 1/0, ZM clear, CR0.NE = 1",
	  u_x87_zdiv, .user = true, .vector = MF_VECTOR, .err = NO_ERR,
	  .setup = fpu_ne, .available = have_fpu },
	{ "xm-sse-divss", "DIVSS by 0 at CPL3, ZM clear, CR4.OSXMMEXCPT = 1",
	  u_sse_zdiv, .user = true, .vector = XM_VECTOR, .err = NO_ERR,
	  .setup = sse_xm, .available = have_sse },
	{ "xm-ud-without-osxmmexcpt", "DIVSS by 0 at CPL3, CR4.OSXMMEXCPT = 0",
	  u_sse_zdiv, .user = true, .vector = UD_VECTOR, .err = NO_ERR,
	  .setup = sse_noxm, .available = have_sse },
	{ "ac-misaligned-cpl3", "misaligned load at CPL3, CR0.AM and RFLAGS.AC",
	  u_misaligned, .user = true, .uflags = RFLAGS_AC,
	  .vector = AC_VECTOR, .err = 0, .setup = am_on },
	{ "int-0x20-cpl0", "INT 0x20 with RSP 8 mod 16", b_int_0x20,
	  .vector = 0x20, .err = NO_ERR, .rip = RIP_NEXT },
	{ "int-0x80-cpl0", "INT 0x80", b_int_0x80, .vector = 0x80,
	  .err = NO_ERR, .rip = RIP_NEXT },
	{ "int-0xff-cpl0", "INT 0xff", b_int_0xff, .vector = 0xff,
	  .err = NO_ERR, .rip = RIP_NEXT },
	{ "int-0x20-cpl3", "INT 0x20 at CPL3, gate DPL 3", u_int_0x20,
	  .user = true, .vector = 0x20, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { DPL3(0x20) } },
	{ "int-0x80-cpl3", "INT 0x80 at CPL3, gate DPL 3", u_int_0x80,
	  .user = true, .vector = 0x80, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { DPL3(0x80) } },
	{ "int-0xff-cpl3", "INT 0xff at CPL3, gate DPL 3", u_int_0xff,
	  .user = true, .vector = 0xff, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { DPL3(0xff) } },
	{ "int-0x80-cpl3-rsp0-unaligned", "INT 0x80 at CPL3, TSS.RSP0 8 mod 16",
	  u_int_0x80, .user = true, .vector = 0x80, .err = NO_ERR,
	  .rip = RIP_NEXT, .gates = { DPL3(0x80) }, .setup = rsp0_unaligned },
	{ "ist-cpl0", "UD2, #UD gate on IST1", b_ud2, .vector = UD_VECTOR,
	  .err = NO_ERR, .stack = STACK_IST1,
	  .gates = { G(UD_VECTOR, INTR, 0, 1, false) } },
	{ "ist-cpl3", "UD2 at CPL3, #UD gate on IST1", u_ud2, .user = true,
	  .vector = UD_VECTOR, .err = NO_ERR, .stack = STACK_IST1,
	  .gates = { G(UD_VECTOR, INTR, 0, 1, false) } },
	{ "gate-interrupt-clears-if", "STI, INT 0x30 to an interrupt gate",
	  b_sti_int_0x30, .vector = 0x30, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { G(0x30, INTR, 0, 0, false) } },
	{ "gate-trap-keeps-if", "STI, INT 0x31 to a trap gate", b_sti_int_0x31,
	  .vector = 0x31, .err = NO_ERR, .rip = RIP_NEXT,
	  .gates = { G(0x31, TRAP, 0, 0, false) } },
	{ "gate-interrupt-clears-if-cpl3", "INT3 at CPL3 with IF, interrupt gate",
	  u_int3, .user = true, .uflags = RFLAGS_IF, .vector = BP_VECTOR,
	  .err = NO_ERR, .rip = RIP_NEXT, .gates = { G(BP_VECTOR, INTR, 3, 0, false) } },
	{ "gate-trap-keeps-if-cpl3", "INT3 at CPL3 with IF, trap gate", u_int3,
	  .user = true, .uflags = RFLAGS_IF, .vector = BP_VECTOR, .err = NO_ERR,
	  .rip = RIP_NEXT, .gates = { G(BP_VECTOR, TRAP, 3, 0, false) } },
};

/* Vectors no row provokes, and why (SDM 6.15). */
static const char *const not_provoked[] = {
	"nmi: no software source without an APIC self-NMI, which is a platform test",
	"br-bound: BOUND does not exist in 64-bit mode (0x62 is the EVEX prefix); INT 5 above",
	"mc: machine checks have no architectural software trigger",
	"ve: #VE needs EPT violations converted under VMX",
	"cp: #CP needs CET, which the reference CPU model lacks",
	"triple-fault: ends the guest (shutdown), not tested here",
};

/* --- Running and checking a row ------------------------------------- */

static const char *vector_name(int v, char *buf, size_t n)
{
	if (v == NO_EXCEPTION)
		return "no exception";
	if (v < NR_EXCEPTIONS)
		return desc__vector_name(v);
	snprintf(buf, n, "vector 0x%x", v);
	return buf;
}

static u64 stub(unsigned int v)
{
	return (u64)probe_stubs + 16 * v;
}

static void set_gate(unsigned int v, const struct gate *g)
{
	if (g)
		desc__gate(&probe_idt[v], stub(v), g->type, g->dpl, g->ist,
			   !g->absent);
	else
		desc__gate(&probe_idt[v], stub(v), GATE_TYPE_INTR, 0, 0, true);
}

/* Runs the row's body; returns the vector raised or NO_EXCEPTION. */
static int probe_run(const struct row *r)
{
	struct dtr lib_idtr, idtr = { sizeof(probe_idt) - 1, (u64)probe_idt };

	got_vector = NO_EXCEPTION;
	asm volatile("sidt %0" : "=m"(lib_idtr));
	if (setjmp(probe_env) == 0) {
		asm volatile("lidt %0" :: "m"(idtr) : "memory");
		if (r->user)
			probe_to_user(r->body, (u64)user_stack + STACK_SIZE,
				      RFLAGS_FIXED | r->uflags);
		probe_enter(r->body);
	}
	asm volatile("lidt %0" :: "m"(lib_idtr) : "memory");
	return got_vector;
}

struct verdict {
	char text[160];
	size_t len;
};

static void differ(struct verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void differ(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->len >= sizeof(v->text) - 1)
		return;
	va_start(ap, fmt);
	v->len += vsnprintf(v->text + v->len, sizeof(v->text) - v->len, fmt, ap);
	va_end(ap);
	if (v->len > sizeof(v->text) - 1)
		v->len = sizeof(v->text) - 1;
}

static u64 expected_rip(const struct row *r)
{
	switch (r->rip) {
	case RIP_AT:
		return want_at;
	case RIP_NEXT:
		return want_next;
	case RIP_VALUE:
		return r->rip_value;
	case RIP_UNDEFINED:
		break;
	}
	return 0;
}

/* Where the handler's frame must start (SDM 6.14.2, 6.14.4, 6.14.5). */
static u64 expected_hrsp(const struct row *r, bool has_err)
{
	u64 top = r->stack == STACK_IST1 ? ist1_now :
		  r->user ? rsp0_now : want_rsp;

	return (top & ~0xful) - (has_err ? 48 : 40);
}

/*
 * A value for a failure line: the report must not carry addresses, and a
 * frame pushed at the wrong place shows addresses in every slot.  The
 * image is linked at 1 MiB; what lies below is a code, a selector or flags.
 */
static void differ_value(struct verdict *v, const char *what, u64 val)
{
	if (val < 0x100000)
		differ(v, " %s 0x%lx", what, val);
	else
		differ(v, " %s (large)", what);
}

/*
 * At CPL3, SS and the system flags are those probe_to_user's IRETQ
 * loaded, and only the arithmetic flags come from the body's PUSHFQ.  On
 * hardware both ways agree; on this host's paravirtualized KVM (PVM), CPL3
 * code runs natively and its PUSHFQ and MOV from SS show the host's IF and
 * user SS (0x2b), while the frame holds the guest's.
 */
static u64 state_ss(const struct row *r)
{
	return r->user ? (USER_DS | 3) : want_ss;
}

static u64 state_rflags(const struct row *r)
{
	if (r->user)
		return (want_rflags & RFLAGS_ARITH) | RFLAGS_FIXED | r->uflags;
	return want_rflags;
}

static void check_frame(const struct row *r, struct verdict *v)
{
	bool has_err = r->err != NO_ERR;
	const volatile u64 *f = got_slot + (has_err ? 1 : 0);
	u64 cs = r->user ? (USER_CS | 3) : KERNEL_CS;
	bool fault = r->rip == RIP_AT || r->rip == RIP_VALUE;
	u64 flags = state_rflags(r) | (r->want & WANT_TF ? RFLAGS_TF : 0) |
		    (fault ? RFLAGS_RF : 0);
	bool trap_gate = (probe_idt[got_vector].type_attr & 0xf) == GATE_TYPE_TRAP;
	u64 hif = trap_gate ? flags & RFLAGS_IF : 0;

	if (has_err && got_slot[0] != (u64)r->err)
		differ_value(v, "error code", got_slot[0]);
	if (r->rip != RIP_UNDEFINED && f[0] != expected_rip(r))
		differ(v, " saved RIP");
	/* SDM 6.15, Interrupt 8: CS and RIP saved by #DF are undefined. */
	if (r->rip != RIP_UNDEFINED && f[1] != cs)
		differ_value(v, "saved CS", f[1]);
	/*
	 * RF in the image: 1 for a fault, 0 for a trap or INT n (SDM vol. 3B,
	 * "Instruction-Breakpoint Exception Condition"); #DF is an abort.
	 */
	if ((f[2] ^ flags) & ~(r->rip == RIP_UNDEFINED ? RFLAGS_RF : 0))
		differ_value(v, "saved RFLAGS", f[2]);
	if (f[3] != want_rsp)
		differ(v, " saved RSP");
	if (f[4] != state_ss(r))
		differ_value(v, "saved SS", f[4]);
	if (got_hrsp != expected_hrsp(r, has_err))
		differ(v, " handler stack");
	if (got_hss != (r->user ? 0 : want_ss))
		differ_value(v, "handler SS", got_hss);
	if ((got_hflags & RFLAGS_IF) != hif)
		differ(v, " handler IF %d", !!(got_hflags & RFLAGS_IF));
	if (got_hflags & (RFLAGS_TF | RFLAGS_NT | RFLAGS_RF))
		differ_value(v, "handler RFLAGS", got_hflags);
	if ((r->want & WANT_CR2) && got_cr2 != r->cr2)
		differ(v, " CR2");
	if ((r->want & WANT_BS) && !(got_dr6 & DR6_BS))
		differ_value(v, "DR6", got_dr6);
}

static const char *rip_text(enum rip_kind k)
{
	switch (k) {
	case RIP_AT:
		return "RIP of the instruction";
	case RIP_NEXT:
		return "RIP of the next instruction";
	case RIP_VALUE:
		return "RIP of the target";
	case RIP_UNDEFINED:
		break;
	}
	return "RIP undefined";
}

static const char *stack_text(const struct row *r)
{
	if (r->stack == STACK_IST1)
		return "IST1 stack";
	return r->user ? "TSS.RSP0 stack" : "current stack";
}

static void run_row(const struct row *r)
{
	struct verdict v = { .len = 0 };
	char want_name[16], got_name[16], err[24];
	unsigned int i;
	int got;

	for (i = 0; i < ARRAY_SIZE(r->gates); i++)
		if (r->gates[i].used)
			set_gate(r->gates[i].vector, &r->gates[i]);
	if (r->setup)
		r->setup();
	got = probe_run(r);
	if (got != r->vector)
		differ(&v, " got %s", vector_name(got, got_name, sizeof(got_name)));
	else if (got != NO_EXCEPTION)
		check_frame(r, &v);
	if (r->undo)
		r->undo();
	for (i = 0; i < ARRAY_SIZE(r->gates); i++)
		if (r->gates[i].used)
			set_gate(r->gates[i].vector, NULL);
	if (read_cr0() != cr0_base)
		write_cr0(cr0_base);
	if (read_cr4() != cr4_base)
		write_cr4(cr4_base);
	if (r->setup == nx_on)
		wrmsr(MSR_EFER, efer_base);
	if (rsp0_now != (u64)rsp0_stack + STACK_SIZE)
		set_rsp0((u64)rsp0_stack + STACK_SIZE);

	if (r->vector == NO_EXCEPTION) {
		report(!v.len, "%s: %s -> no exception%s%s", r->name, r->cause,
		       v.len ? ";" : "", v.text);
		return;
	}
	if (r->err == NO_ERR)
		snprintf(err, sizeof(err), "no error code");
	else
		snprintf(err, sizeof(err), "error code 0x%x", r->err);
	report(!v.len, "%s: %s -> %s, %s, %s, %s%s%s", r->name, r->cause,
	       vector_name(r->vector, want_name, sizeof(want_name)), err,
	       rip_text(r->rip), stack_text(r), v.len ? "; differs:" : "",
	       v.text);
}

/* --- Arguments and main --------------------------------------------- */

static const char *skip_list, *only_list;

/* Is name in the comma-separated list, itself or by a prefix ending in '-'? */
static bool listed(const char *list, const char *name)
{
	size_t n;

	while (list && *list) {
		n = strchr(list, ',') ? (size_t)(strchr(list, ',') - list) : strlen(list);
		if (n && n <= strlen(name) && !memcmp(list, name, n) &&
		    (name[n] == '\0' || list[n - 1] == '-'))
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

/* Every name in a list must select some row: a typo is a FAIL. */
static bool check_list(const char *arg, const char *list)
{
	char name[64];
	size_t n, i;
	bool ok = true, found;

	while (list && *list) {
		n = strchr(list, ',') ? (size_t)(strchr(list, ',') - list) : strlen(list);
		if (n && n < sizeof(name)) {
			memcpy(name, list, n);
			name[n] = '\0';
			for (i = 0, found = false; i < ARRAY_SIZE(rows) && !found; i++)
				found = listed(name, rows[i].name);
			if (!found) {
				report(false, "%s: '%s' names no row", arg, name);
				ok = false;
			}
		}
		list += n + (list[n] == ',');
	}
	return ok;
}

static bool parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!memcmp(argv[i], "skip=", 5)) {
			skip_list = argv[i] + 5;
		} else if (!memcmp(argv[i], "only=", 5)) {
			only_list = argv[i] + 5;
		} else {
			report(false, "argument '%s' (skip=NAME,... or only=NAME,...)",
			       argv[i]);
			return false;
		}
	}
	return check_list("skip", skip_list) & check_list("only", only_list);
}

/* The pages the #PF rows touch (paging.h); false if RAM ran out. */
static bool map_pf_pages(void)
{
	u64 ro = (u64)alloc__page(), sup = (u64)alloc__page();
	u8 *nx = alloc__page();
	u64 rsvd = (u64)alloc__page();

	if (!ro || !sup || !nx || !rsvd)
		return false;
	nx[0] = 0x0f;	/* UD2, in case the fetch is not refused */
	nx[1] = 0x0b;
	return paging__map(PF_NP, 0) &&
	       paging__map(PF_RO, ro | PTE_P | PTE_U) &&
	       paging__map(PF_SUP, sup | PTE_P | PTE_W) &&
	       paging__map(PF_NX, (u64)nx | PTE_P | PTE_W | PTE_U | PTE_NX) &&
	       paging__map(PF_RSVD, rsvd | PTE_P | PTE_W | PTE_U |
				    (have_rsvd() ? 1ul << maxphyaddr() : 0));
}

/* The 8259 PICs: masked, so that IF = 1 in the gate rows lets nothing in. */
static void mask_pics(void)
{
	outb(0xff, 0x21);
	outb(0xff, 0xa1);
}

int main(int argc, char **argv)
{
	unsigned int i;

	report_prefix_push("vectors");
	if (!parse_args(argc, argv))
		return report_summary();

	mask_pics();
	cr0_base = read_cr0();
	cr4_base = read_cr4();
	efer_base = rdmsr(MSR_EFER);
	set_rsp0((u64)rsp0_stack + STACK_SIZE);
	ist1_now = (u64)ist1_stack + STACK_SIZE;
	desc__set_ist(1, ist1_now);
	for (i = 0; i < NR_VECTORS; i++)
		set_gate(i, NULL);
	if (!map_pf_pages()) {
		report(false, "mapping the #PF pages");
		return report_summary();
	}

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *r = &rows[i];

		if (only_list && !listed(only_list, r->name))
			continue;
		if (listed(skip_list, r->name))
			report_skip("%s: skip=", r->name);
		else if (r->available && !r->available())
			report_skip("%s: not on this CPU (CPUID)", r->name);
		else
			run_row(r);
	}
	if (!only_list)
		for (i = 0; i < ARRAY_SIZE(not_provoked); i++)
			report_skip("%s", not_provoked[i]);
	report_prefix_pop();
	return report_summary();
}
