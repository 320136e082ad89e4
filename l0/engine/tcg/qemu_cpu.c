/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/qemu_cpu.c: inside unicorn 2.0.1's CPUX86State (QEMU 5.0's
 * target/i386/cpu.h layout for x86_64), checked and measured, never
 * assumed. */
#include <string.h>

#include "l0/engine/tcg/qemu_cpu.h"

/* The fixed head of CPUX86State: regs[16], eip, eflags, cc_dst, cc_src,
 * cc_src2, cc_op, df, hflags, hflags2, segs[6], ldt, tr, gdt, idt, cr[5].
 * A SegmentCache is { u32 selector; u64 base; u32 limit; u32 flags }. */
#define OFF_REGS	0
#define OFF_EIP		128
#define OFF_HFLAGS	176
#define OFF_HFLAGS2	180
#define OFF_SEGS	184
#define OFF_GDT		(OFF_SEGS + 8 * 24)
#define OFF_CR		424
/* After cr[5]: a20_mask (4, padded to 8), bnd_regs[4] (64), bndcs_regs
 * (16), msr_bndcfgs (8), then efer. */
#define OFF_EFER	(OFF_CR + 40 + 8 + 64 + 16 + 8)
#define EFER_SCE	(1ull << 0)
#define EFER_LMA	(1ull << 10)
#define EFER_NXE	(1ull << 11)
#define SEG_SIZE	24

/* hflags bits (QEMU's HF_*_SHIFT) derived from the segment registers. */
#define HF_CPL_MASK	3u
#define HF_INHIBIT_IRQ	(1u << 3)
#define HF_CS32		(1u << 4)
#define HF_SS32		(1u << 5)
#define HF_ADDSEG	(1u << 6)
#define HF_PE		(1u << 7)
#define HF_LMA		(1u << 14)
#define HF_CS64		(1u << 15)
#define HF_VM		(1u << 17)
#define CR0_PE		(1ull << 0)

/* hflags2 (QEMU's HF2_*): GIF is set from reset (x86_cpu_reset); NMI is
 * "serving an NMI", which QEMU's IRET helpers clear (SDM 6.7.1). */
#define HF2_GIF		(1u << 0)
#define HF2_NMI		(1u << 2)
#define HF2_KNOWN	0x7fu

/* QEMU keeps a descriptor's high dword: VMCS AR bits 7:0 at 15:8, 15:12 at
 * 23:20 (SDM 3.4.5 and 25.4.1 are the same bits, shifted). */
#define DESC_P		(1u << 15)
#define DESC_L		(1u << 21)
#define DESC_B		(1u << 22)

/* After error_code: exception_is_int, exception_next_eip, dr[8], four
 * breakpoint pointers, then old_exception (the exception in flight, for
 * QEMU's double-fault rule). */
#define OLD_EXCEPTION_DELTA (4 + 4 + 8 + 8 * 8 + 4 * 8)
#define PROBE_ERROR	0x1238u	/* a selector beyond a 3-entry GDT */
#define SCAN_END	16384

static uint32_t *u32_at(const struct qemu_cpu *q, size_t off)
{
	return (uint32_t *)(q->env + off);
}

static uint64_t *u64_at(const struct qemu_cpu *q, size_t off)
{
	return (uint64_t *)(q->env + off);
}

static uint32_t ar_to_flags(uint32_t ar)
{
	if (ar & CPU_AR_UNUSABLE)
		return 0;
	return (ar & 0xffu) << 8 | (ar & 0xf000u) << 8;
}

static uint32_t flags_to_ar(uint32_t flags)
{
	uint32_t ar = (flags >> 8 & 0xffu) | (flags >> 8 & 0xf000u);

	return flags & DESC_P ? ar : ar | CPU_AR_UNUSABLE;
}

void qemu_cpu__get_segs(const struct qemu_cpu *q, struct cpu_state *c)
{
	for (unsigned s = CPU_SEG_ES; s <= CPU_SEG_GS; s++) {
		size_t o = OFF_SEGS + s * SEG_SIZE;

		c->seg[s] = (struct cpu_segment){
			.selector = (uint16_t)*u32_at(q, o),
			.base = *u64_at(q, o + 8),
			.limit = *u32_at(q, o + 16),
			.ar = flags_to_ar(*u32_at(q, o + 20)),
		};
	}
}

/* What QEMU's cpu_x86_load_seg_cache derives, from the whole set at once
 * (with the mode, CR0.PE):
 * CPL is SS.DPL (SDM 5.5), 64-bit code needs IA32e mode and CS.L, and
 * segment bases matter to the translator unless all are zero. */
static uint32_t derive_hflags(uint32_t hflags, const struct cpu_state *c)
{
	const struct cpu_segment *cs = &c->seg[CPU_SEG_CS], *ss = &c->seg[CPU_SEG_SS];
	uint32_t h = hflags & ~(HF_CPL_MASK | HF_CS32 | HF_SS32 | HF_ADDSEG | HF_CS64 | HF_PE);

	/* CR0.PE as well: libunicorn's CR0 write leaves QEMU's copy in
	 * hflags as it was (measured: a SIPI's real-mode state ran as
	 * protected mode). */
	if (c->cr0 & CR0_PE)
		h |= HF_PE;
	hflags = (hflags & ~HF_PE) | (h & HF_PE);

	h |= (ss->ar >> 5) & 3;
	if ((hflags & HF_LMA) && (cs->ar & CPU_AR_L)) {
		h |= HF_CS32 | HF_SS32 | HF_CS64;
		return h;
	}
	if (cs->ar & CPU_AR_DB)
		h |= HF_CS32;
	if (ss->ar & CPU_AR_DB)
		h |= HF_SS32;
	if (!(hflags & HF_PE) || (hflags & HF_VM) || !(h & HF_CS32) ||
	    (c->seg[CPU_SEG_DS].base | c->seg[CPU_SEG_ES].base | ss->base))
		h |= HF_ADDSEG;
	return h;
}

void qemu_cpu__set_segs(const struct qemu_cpu *q, const struct cpu_state *c)
{
	for (unsigned s = CPU_SEG_ES; s <= CPU_SEG_GS; s++) {
		size_t o = OFF_SEGS + s * SEG_SIZE;

		*u32_at(q, o) = c->seg[s].selector;
		*u64_at(q, o + 8) = c->seg[s].base;
		*u32_at(q, o + 16) = c->seg[s].limit;
		*u32_at(q, o + 20) = ar_to_flags(c->seg[s].ar);
	}
	*u32_at(q, OFF_HFLAGS) = derive_hflags(*u32_at(q, OFF_HFLAGS), c);
}

/* QEMU accepts EFER.NXE and SCE only if its own CPUID model has NX and
 * SYSCALL, which libunicorn's does not; L0's CPUID advertises them, so the
 * bits the guest asked for are set here after QEMU's WRMSR. */
void qemu_cpu__efer_fixup(const struct qemu_cpu *q, uint64_t wanted)
{
	*u64_at(q, OFF_EFER) |= wanted & (EFER_SCE | EFER_NXE);
}

/* The whole of EFER, LMA included (a level switch or the Multiboot start
 * sets it; a guest's WRMSR cannot), and QEMU's copy of LMA in hflags. */
void qemu_cpu__set_efer(const struct qemu_cpu *q, uint64_t efer)
{
	*u64_at(q, OFF_EFER) = efer;
	if (efer & EFER_LMA)
		*u32_at(q, OFF_HFLAGS) |= HF_LMA;
	else
		*u32_at(q, OFF_HFLAGS) &= ~HF_LMA;
}

bool qemu_cpu__irq_inhibited(const struct qemu_cpu *q)
{
	return *u32_at(q, OFF_HFLAGS) & HF_INHIBIT_IRQ;
}

void qemu_cpu__set_irq_inhibited(const struct qemu_cpu *q, bool on)
{
	if (on)
		*u32_at(q, OFF_HFLAGS) |= HF_INHIBIT_IRQ;
	else
		*u32_at(q, OFF_HFLAGS) &= ~HF_INHIBIT_IRQ;
}

bool qemu_cpu__nmi_blocked(const struct qemu_cpu *q)
{
	return *u32_at(q, OFF_HFLAGS2) & HF2_NMI;
}

void qemu_cpu__set_nmi_blocked(const struct qemu_cpu *q, bool on)
{
	if (on)
		*u32_at(q, OFF_HFLAGS2) |= HF2_NMI;
	else
		*u32_at(q, OFF_HFLAGS2) &= ~HF2_NMI;
}

uint32_t qemu_cpu__error_code(const struct qemu_cpu *q)
{
	return *u32_at(q, q->off_error_code);
}

/* What QEMU's own delivery ends with: no exception in flight, so that the
 * next fault is not taken for a fault during delivery (#DF). */
void qemu_cpu__delivered(const struct qemu_cpu *q)
{
	*(int32_t *)u32_at(q, q->off_error_code + OLD_EXCEPTION_DELTA) = -1;
}

bool qemu_cpu__is_int(const struct qemu_cpu *q)
{
	return *u32_at(q, q->off_error_code + 4) != 0;
}

void qemu_cpu__set_resume(const struct qemu_cpu *q, uint64_t rip)
{
	*u64_at(q, q->off_error_code + 8) = rip;
	*u64_at(q, OFF_EIP) = rip;
}

struct probe {
	struct qemu_cpu *q;
	int hits;
};

static void probe_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
	struct probe *p = opaque;

	p->hits++;
	/* error_code, then exception_is_int = 0, past the fixed head. */
	for (size_t o = OFF_CR + 40; o + 16 <= SCAN_END && !p->q->off_error_code; o += 8)
		if (intno == 13 && *u32_at(p->q, o) == PROBE_ERROR && *u32_at(p->q, o + 4) == 0)
			p->q->off_error_code = o;
	uc_emu_stop(uc);
}

static int run_stub(uc_engine *uc, uint8_t *ram, const uint8_t *code, size_t len,
		    struct probe *p)
{
	uc_x86_mmr gdtr = { 0, 0, 0x17, 0 };
	uint64_t zero = 0;

	memcpy(ram, code, len);
	uc_ctl_remove_cache(uc, 0, 4096);
	uc_reg_write(uc, UC_X86_REG_GDTR, &gdtr);
	uc_reg_write(uc, UC_X86_REG_RAX, &zero);
	return uc_emu_start(uc, 0, UINT64_MAX, 0, 0) == UC_ERR_OK ? 0 : -1;
}

int qemu_cpu__probe(struct qemu_cpu *q, uc_engine *uc, uint8_t *ram, struct error *err)
{
	static const uint8_t gp[] = { 0x66, 0xb8, 0x38, 0x12, 0x8e, 0xd8, 0xf4 };
	static const uint8_t soft[] = { 0xcd, 0x41, 0xf4 };	/* int $0x41 */
	uint8_t saved[16];
	struct probe p = { .q = q };
	uint64_t rip, cr0, rcx;
	uc_x86_msr efer = { .rid = 0xc0000080 };
	uc_x86_mmr gdtr;
	uc_hook h;
	int bad;

	if (!q->env)
		return error__set(err, "tcg engine: libunicorn's CPU state was not found "
				  "(L0's RDMSR helper was not called)");
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	uc_reg_read(uc, UC_X86_REG_CR0, &cr0);
	uc_reg_read(uc, UC_X86_REG_RCX, &rcx);
	uc_reg_read(uc, UC_X86_REG_GDTR, &gdtr);
	uc_reg_read(uc, UC_X86_REG_MSR, &efer);
	bad = *u64_at(q, OFF_EIP) != rip || *u64_at(q, OFF_CR) != cr0 ||
	      *u64_at(q, OFF_EFER) != efer.value ||
	      *u64_at(q, OFF_REGS + 8) != rcx || *u64_at(q, OFF_GDT + 8) != gdtr.base ||
	      (*u32_at(q, OFF_HFLAGS2) & ~HF2_KNOWN) || !(*u32_at(q, OFF_HFLAGS2) & HF2_GIF);
	memcpy(saved, ram, sizeof(saved));
	if (!bad && uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)probe_intr, &p, 1, 0) == UC_ERR_OK) {
		run_stub(uc, ram, gp, sizeof(gp), &p);
		/* The #GP is still "in flight" for QEMU: nothing delivered it. */
		if (q->off_error_code &&
		    *(int32_t *)u32_at(q, q->off_error_code + OLD_EXCEPTION_DELTA) != 13)
			bad = 1;
		qemu_cpu__delivered(q);
		if (q->off_error_code && !bad) {
			run_stub(uc, ram, soft, sizeof(soft), &p);
			/* INT n: exception_is_int = 1, next_eip past the INT. */
			bad = *u32_at(q, q->off_error_code + 4) != 1 ||
			      *u64_at(q, q->off_error_code + 8) != sizeof(soft) - 1;
		}
		uc_hook_del(uc, h);
	}
	memcpy(ram, saved, sizeof(saved));
	uc_ctl_remove_cache(uc, 0, 4096);
	if (bad || !q->off_error_code || p.hits != 2)
		return error__set(err, "tcg engine: libunicorn's CPU state is not laid out as "
				  "L0 expects (unicorn %s, built for 2.0.1)", "?");
	return 0;
}
