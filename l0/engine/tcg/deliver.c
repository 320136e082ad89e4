/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/deliver.c: an exception or interrupt delivered through the
 * guest's IDT, after the SDM's INT n pseudo-code (vol. 2A "INT n/INTO/
 * INT3/INT1", which "applies not only to [those instructions] but also to
 * external interrupts, NMIs and exceptions") and vol. 3A chapter 6.
 *
 * One attempt works on a copy of the CPU state and either completes or
 * reports the fault it ran into; deliver__event then applies Table 6-5 to
 * that fault and tries again, until an attempt completes or a fault hits
 * the delivery of #DF (shutdown).  The memory side (descriptors, TSS,
 * pushes) is in deliver_desc.c.
 */
#include "l0/engine/tcg/deliver.h"
#include "l0/engine/tcg/deliver_desc.h"

#define RFLAGS_TF	(1ull << 8)
#define RFLAGS_IF	(1ull << 9)
#define RFLAGS_IOPL	(3ull << 12)
#define RFLAGS_NT	(1ull << 14)
#define RFLAGS_RF	(1ull << 16)
#define RFLAGS_VM	(1ull << 17)
#define RFLAGS_AC	(1ull << 18)
#define CR0_PE		(1ull << 0)
#define EFER_LMA	(1ull << 10)

#define INTR_BLOCK_STI	(1u << 0)	/* interruptibility state, 25.4.2 */
#define INTR_BLOCK_MOVSS (1u << 1)
#define INTR_BLOCK_NMI	(1u << 3)

/* IDT gate types (6.11, Figure 6-2; in IA-32e mode 0xe and 0xf are the
 * 64-bit gates of 6.14.1 and the others are not allowed). */
enum {
	GATE_TASK = 0x5, GATE_INT16 = 0x6, GATE_TRAP16 = 0x7,
	GATE_INT = 0xe, GATE_TRAP = 0xf,
};

/* The event one attempt delivers. */
struct attempt {
	uint8_t vector;
	bool has_error;
	uint32_t error_code;
	bool software;		/* INT n, INT3, INTO: gate DPL check, EXT = 0 */
	bool int_n;		/* INT n: IOPL-sensitive in virtual-8086 mode */
	bool fault_class;	/* RF set in the pushed RFLAGS (18.3.1.1) */
};

static unsigned seg_dpl(const struct cpu_segment *s)
{
	return (s->ar >> 5) & 3;
}

/* 21.1.4: real mode.  The IVT holds 4-byte IP:CS pointers at IDTR.base; no
 * error code is pushed, and only CS's selector and base change. */
static int deliver_real(struct deliver_ctx *x, const struct attempt *a)
{
	struct cpu_state *c = x->c;
	struct deliver_stack st = { c->seg[CPU_SEG_SS], c->gpr[CPU_RSP], 0 };
	struct deliver_frame f = { .size = 2 };
	uint8_t ivt[4];

	if ((uint32_t)a->vector * 4 + 3 > c->idtr.limit)
		return deliver_desc__fault(x, VEC_GP, 0);
	if (deliver_desc__read(x, c->idtr.base + a->vector * 4u, ivt, 4))
		return -1;
	deliver_desc__put(&f, c->rflags);
	deliver_desc__put(&f, c->seg[CPU_SEG_CS].selector);
	deliver_desc__put(&f, c->rip);
	if (deliver_desc__room(x, &st, &f, 0) || deliver_desc__push(x, &st, &f))
		return -1;
	c->gpr[CPU_RSP] = st.sp;
	c->rflags &= ~(RFLAGS_IF | RFLAGS_TF | RFLAGS_AC);
	c->seg[CPU_SEG_CS].selector = (uint16_t)(ivt[2] | ivt[3] << 8);
	c->seg[CPU_SEG_CS].base = (uint64_t)c->seg[CPU_SEG_CS].selector << 4;
	c->rip = (uint64_t)(ivt[0] | ivt[1] << 8);
	return 0;
}

/* Read and check the gate, in the pseudo-code's order: limit and type
 * (#GP), DPL for software interrupts (#GP without EXT), present (#NP). */
static int check_gate(struct deliver_ctx *x, const struct attempt *a, unsigned cpl,
		     struct deliver_gate *g)
{
	if (deliver_desc__gate(x, a->vector, g))
		return -1;
	/* Gates are system descriptors (S = 0).  6.14.1 calls a 16-bit gate
	 * in IA-32e mode #GP(0); the pseudo-code's error code, which names
	 * the vector, is the one used for every bad type here. */
	bool ok = !g->s &&
		  (g->type == GATE_INT || g->type == GATE_TRAP ||
		   (!x->lma && (g->type == GATE_INT16 || g->type == GATE_TRAP16 ||
				g->type == GATE_TASK)));
	if (!ok)
		return deliver_desc__fault(x, VEC_GP, deliver_desc__idt_error(x, a->vector));
	/* 6.12.1.1: INT n, INT3 and INTO only reach gates with DPL >= CPL;
	 * the fault is the instruction's own, so EXT is 0. */
	if (a->software && g->dpl < cpl)
		return deliver_desc__fault(x, VEC_GP, (uint32_t)a->vector << 3 | 2);
	if (!g->present)
		return deliver_desc__fault(x, VEC_NP, deliver_desc__idt_error(x, a->vector));
	/* Task switches (8.3) are not emulated: see deliver.h. */
	if (g->type == GATE_TASK)
		return deliver_desc__fault(x, VEC_GP, deliver_desc__idt_error(x, a->vector));
	return 0;
}

/* Legacy mode with a privilege change (6.12.1, "INTER-PRIVILEGE-LEVEL-
 * INTERRUPT"): SS:ESP for the new level from the TSS, and SS's checks. */
static int legacy_stack(struct deliver_ctx *x, unsigned dpl, struct deliver_stack *st,
			struct deliver_desc *ssd, uint32_t *ss_error)
{
	uint16_t ss;
	int rc;

	if (deliver_desc__tss_stack(x, dpl, 0, &st->sp, &ss))
		return -1;
	if (!(ss & 0xfffc))
		return deliver_desc__fault(x, VEC_TS, x->ext);
	*ss_error = deliver_desc__sel_error(x, ss);
	rc = deliver_desc__lookup(x, ss, ssd);
	if (rc < 0)
		return -1;
	if (rc || (ss & 3) != dpl || deliver_desc__dpl(ssd->raw) != dpl ||
	    !(ssd->raw & DESC_S) || (ssd->raw & DESC_CODE) || !(ssd->raw & DESC_WRITABLE))
		return deliver_desc__fault(x, VEC_TS, *ss_error);
	if (!(ssd->raw & DESC_P))
		return deliver_desc__fault(x, VEC_SS, *ss_error);
	st->ss = deliver_desc__segment(ssd, ss);
	return 0;
}

/* A data segment register nulled on the way out of virtual-8086 mode
 * (21.3.1.1). */
static void null_segment(struct cpu_segment *s)
{
	*s = (struct cpu_segment){ 0, 0, 0, CPU_AR_UNUSABLE };
}

/* The gate's code segment (the pseudo-code's "TRAP-OR-INTERRUPT-GATE"):
 * null (#GP(EXT)), beyond its table, not code or DPL > CPL (#GP(sel)),
 * not present (#NP(sel)); in IA-32e mode also 64-bit code (6.14.1). */
static int target_code(struct deliver_ctx *x, const struct attempt *a, unsigned cpl,
		       const struct deliver_gate *g, struct deliver_desc *csd)
{
	uint32_t cs_error = deliver_desc__sel_error(x, g->selector);
	int rc;

	if (!(g->selector & 0xfffc))
		return deliver_desc__fault(x, VEC_GP, x->ext);
	rc = deliver_desc__lookup(x, g->selector, csd);
	if (rc < 0)
		return -1;
	if (rc || !(csd->raw & DESC_S) || !(csd->raw & DESC_CODE) ||
	    deliver_desc__dpl(csd->raw) > cpl)
		return deliver_desc__fault(x, VEC_GP, cs_error);
	if (!(csd->raw & DESC_P))
		return deliver_desc__fault(x, VEC_NP, cs_error);
	/* L = 1 and D = 0, else #GP naming the vector (6.14.1). */
	if (x->lma && (!(csd->raw & DESC_L) || (csd->raw & DESC_DB)))
		return deliver_desc__fault(x, VEC_GP, deliver_desc__idt_error(x, a->vector));
	return 0;
}

/* 6.12.1 Figure 6-4, 6.14.2 Figure 6-9, 21.3.1.1 Figure 21-5: the words
 * pushed, first to last.  A 64-bit gate always pushes SS:RSP. */
static void build_frame(const struct deliver_ctx *x, const struct attempt *a, bool v86,
			bool to_inner, struct deliver_frame *f)
{
	const struct cpu_state *c = x->c;

	if (v86) {
		deliver_desc__put(f, c->seg[CPU_SEG_GS].selector);
		deliver_desc__put(f, c->seg[CPU_SEG_FS].selector);
		deliver_desc__put(f, c->seg[CPU_SEG_DS].selector);
		deliver_desc__put(f, c->seg[CPU_SEG_ES].selector);
	}
	if (to_inner || x->lma) {
		deliver_desc__put(f, c->seg[CPU_SEG_SS].selector);
		deliver_desc__put(f, c->gpr[CPU_RSP]);
	}
	/* 18.3.1.1: RF is set in the saved RFLAGS of a fault (but #DB) */
	deliver_desc__put(f, c->rflags | (a->fault_class ? RFLAGS_RF : 0));
	deliver_desc__put(f, c->seg[CPU_SEG_CS].selector);
	deliver_desc__put(f, c->rip);
	if (a->has_error)
		deliver_desc__put(f, a->error_code);
}

/* Through an interrupt or trap gate: privilege, stack, frame, and the
 * new state. */
static int deliver_gate(struct deliver_ctx *x, const struct attempt *a, unsigned cpl,
			const struct deliver_gate *g)
{
	struct cpu_state *c = x->c;
	bool v86 = !x->lma && (c->rflags & RFLAGS_VM);
	struct deliver_desc csd, ssd = { 0, 0 };
	struct deliver_stack st = { c->seg[CPU_SEG_SS], c->gpr[CPU_RSP], 0 };
	struct deliver_frame f = { .size = x->lma ? 8 : g->type & 8 ? 4 : 2 };
	uint32_t ss_error = x->ext;
	unsigned newcpl = cpl;
	uint16_t unused;

	if (target_code(x, a, cpl, g, &csd))
		return -1;
	/* A non-conforming segment more privileged than CPL means a stack
	 * switch; out of virtual-8086 mode it is the only way, and to DPL 0
	 * only (21.3.1.1). */
	bool to_inner = !(csd.raw & DESC_CONFORMING) && deliver_desc__dpl(csd.raw) < cpl;
	if (v86 && (!to_inner || deliver_desc__dpl(csd.raw) != 0))
		return deliver_desc__fault(x, VEC_GP, deliver_desc__sel_error(x, g->selector));
	if (to_inner) {
		newcpl = deliver_desc__dpl(csd.raw);
		if (x->lma ? deliver_desc__tss_stack(x, newcpl, g->ist, &st.sp, &unused)
			   : legacy_stack(x, newcpl, &st, &ssd, &ss_error))
			return -1;
	} else if (g->ist && deliver_desc__tss_stack(x, cpl, g->ist, &st.sp, &unused)) {
		return -1;	/* 6.14.5: IST switches even at the same CPL */
	}
	if (x->lma)
		st.sp &= ~0xfull;	/* 6.14.2 */
	st.access = newcpl == 3 ? PAGING_USER : 0;
	build_frame(x, a, v86, to_inner, &f);

	struct cpu_segment cs = deliver_desc__segment(&csd, (g->selector & 0xfffc) | newcpl);
	uint64_t rip = f.size == 2 ? g->offset & 0xffff : g->offset;

	if (deliver_desc__room(x, &st, &f, ss_error))
		return -1;
	/* The handler's address: canonical in IA-32e mode, within CS's limit
	 * outside it; #GP(EXT), the error code of a null selector. */
	if (x->lma ? !deliver_desc__canonical(x, rip) : rip > cs.limit)
		return deliver_desc__fault(x, VEC_GP, x->ext);
	if (deliver_desc__push(x, &st, &f) || deliver_desc__touch(x, &csd) ||
	    (to_inner && !x->lma && deliver_desc__touch(x, &ssd)))
		return -1;

	if (to_inner) {
		/* 6.14.2: in IA-32e mode SS becomes NULL with RPL = new CPL;
		 * in the VMCS format that is unusable with DPL = CPL
		 * (25.4.1: SS.DPL is always CPL). */
		if (x->lma)
			st.ss = (struct cpu_segment){ (uint16_t)newcpl, 0, 0,
						      CPU_AR_UNUSABLE | CPU_AR_DPL(newcpl) };
		c->seg[CPU_SEG_SS] = st.ss;
	}
	if (v86) {
		null_segment(&c->seg[CPU_SEG_ES]);
		null_segment(&c->seg[CPU_SEG_DS]);
		null_segment(&c->seg[CPU_SEG_FS]);
		null_segment(&c->seg[CPU_SEG_GS]);
	}
	c->gpr[CPU_RSP] = st.sp;
	c->seg[CPU_SEG_CS] = cs;
	c->rip = rip;
	/* 6.12.1.3: TF, VM, RF and NT are cleared after the save; an
	 * interrupt gate clears IF too.  AC is left alone outside real mode. */
	c->rflags &= ~(RFLAGS_TF | RFLAGS_VM | RFLAGS_RF | RFLAGS_NT);
	if (!(g->type & 1))
		c->rflags &= ~RFLAGS_IF;
	return 0;
}

static int deliver_protected(struct deliver_ctx *x, const struct attempt *a)
{
	struct cpu_state *c = x->c;
	bool v86 = !x->lma && (c->rflags & RFLAGS_VM);
	unsigned cpl = v86 ? 3 : seg_dpl(&c->seg[CPU_SEG_SS]);
	struct deliver_gate g = { 0 };

	/* 21.3.3, Table 21-2 (CR4.VME = 0): INT n in virtual-8086 mode is
	 * IOPL-sensitive; INT3 and INTO are not. */
	if (v86 && a->int_n && (c->rflags & RFLAGS_IOPL) != RFLAGS_IOPL)
		return deliver_desc__fault(x, VEC_GP, 0);
	if (check_gate(x, a, cpl, &g))
		return -1;
	return deliver_gate(x, a, cpl, &g);
}

/* One attempt on a copy of *c, committed only when it completes: an
 * exception during delivery is a fault, and faults leave the state as it
 * was before the event (6.5). */
static int attempt(struct cpu_state *c, const struct guest_mem *mem,
		   const struct attempt *a, struct deliver_fault *fault)
{
	struct cpu_state n = *c;
	struct deliver_ctx x = {
		.mem = mem,
		.pm = { c->cr0, c->cr3, c->cr4, c->efer },
		.c = &n,
		.lma = (c->efer & EFER_LMA) && (c->cr0 & CR0_PE),
		.ext = !a->software,
		.fault = fault,
	};

	if ((c->cr0 & CR0_PE) ? deliver_protected(&x, a) : deliver_real(&x, a))
		return -1;
	*c = n;
	return 0;
}

/* Table 6-4 and Table 6-5: the classes that decide what a second
 * exception becomes. */
enum xclass { BENIGN, CONTRIBUTORY, PAGE_FAULT, DOUBLE_FAULT };

static enum xclass classify(uint8_t vector)
{
	switch (vector) {
	case 0: case 10: case 11: case 12: case 13: case 21:
		return CONTRIBUTORY;
	case VEC_PF:
		return PAGE_FAULT;
	case VEC_DF:
		return DOUBLE_FAULT;
	default:
		return BENIGN;
	}
}

/* Fault-class exceptions (6.15, "Exception Class"), for RF. */
static bool is_fault(uint8_t vector)
{
	switch (vector) {
	case 0: case 5: case 6: case 7: case 10: case 11: case 12: case 13:
	case 14: case 16: case 17: case 19: case 20: case 21:
		return true;
	default:
		return false;
	}
}

static struct attempt raised(uint8_t vector, uint32_t error_code)
{
	return (struct attempt){ vector, true, error_code, false, false, is_fault(vector) };
}

struct deliver_result deliver__event(struct cpu_state *c, const struct guest_mem *mem,
				     const struct deliver_event *ev)
{
	bool software = ev->type == DELIVER_SW_INT || ev->type == DELIVER_SW_EXCEPTION ||
			ev->type == DELIVER_PRIV_SW_EXCEPTION;
	bool hw_exception = ev->type == DELIVER_HW_EXCEPTION;
	struct attempt a = {
		.vector = ev->vector,
		.has_error = ev->has_error,
		.error_code = ev->error_code,
		.software = ev->type == DELIVER_SW_INT || ev->type == DELIVER_SW_EXCEPTION,
		.int_n = ev->type == DELIVER_SW_INT,
		.fault_class = hw_exception && is_fault(ev->vector),
	};
	/* What the first event counts as in Table 6-5: interrupts and
	 * software events are benign. */
	enum xclass first = hw_exception ? classify(ev->vector) : BENIGN;
	struct deliver_fault f;

	if (hw_exception && ev->vector == VEC_PF)
		c->cr2 = ev->cr2;	/* 6.15 "Interrupt 14": before delivery */
	/* At most four attempts: benign -> contributory -> #PF -> #DF, then
	 * shutdown. */
	for (int tries = 0; tries < 4; tries++) {
		if (!attempt(c, mem, &a, &f)) {
			bool pushed = a.has_error && (c->cr0 & CR0_PE);	/* 21.1.4 */

			c->interruptibility &= ~(INTR_BLOCK_STI | INTR_BLOCK_MOVSS);
			if (ev->type == DELIVER_NMI)
				c->interruptibility |= INTR_BLOCK_NMI;
			c->activity_state = 0;
			return (struct deliver_result){ DELIVER_DONE, a.vector,
							pushed ? a.error_code : 0, pushed };
		}
		if (f.vector == VEC_PF)
			c->cr2 = f.cr2;
		/* A fault while delivering INT n, INT3, INTO or INT1 is a
		 * fault of that instruction: it saves the instruction's own
		 * address. */
		if (tries == 0 && software)
			c->rip -= ev->insn_len;
		enum xclass second = classify(f.vector);
		/* 6.15 "Interrupt 8": a contributory or page fault while
		 * calling the #DF handler shuts the processor down; delivery
		 * raises nothing else. */
		if (first == DOUBLE_FAULT)
			break;
		if ((first == CONTRIBUTORY && second == CONTRIBUTORY) ||
		    (first == PAGE_FAULT && second != BENIGN))
			a = raised(VEC_DF, 0);
		else
			a = raised(f.vector, f.error_code);
		first = classify(a.vector);
	}
	return (struct deliver_result){ DELIVER_SHUTDOWN, VEC_DF, 0, false };
}
