/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg_state.c: a tcg vCPU's state as struct cpu_state, both
 * ways: unicorn's API for what it offers, qemu_cpu.c for the hidden parts
 * of the segments, EFER and the interrupt shadow; its MSRs for the VMX MSR
 * lists; guest code bytes through the guest's paging. */
#include <string.h>

#include "l0/engine/tcg/tcg_int.h"
#include "l0/machine.h"

struct paging_mode tcg_state__paging(struct tcg_vcpu *t)
{
	struct paging_mode pm;

	uc_reg_read(t->uc, UC_X86_REG_CR0, &pm.cr0);
	uc_reg_read(t->uc, UC_X86_REG_CR3, &pm.cr3);
	uc_reg_read(t->uc, UC_X86_REG_CR4, &pm.cr4);
	pm.efer = tcg_state__msr(t->uc, MSR_EFER);
	return pm;
}

/* Guest code bytes at a linear address, through the guest's paging. */
int tcg_state__fetch(struct tcg_vcpu *t, uint64_t la, uint8_t *buf, size_t len)
{
	struct paging_mode pm = tcg_state__paging(t);
	struct paging_fault pf;

	return guest_paging__read(&t->v->m->mem, &pm, la, buf, len, PAGING_FETCH, &pf);
}

static const int gpr_ids[CPU_GPR_COUNT] = {
	UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX,
	UC_X86_REG_RSP, UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI,
	UC_X86_REG_R8, UC_X86_REG_R9, UC_X86_REG_R10, UC_X86_REG_R11,
	UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15,
};

uint64_t tcg_state__msr(uc_engine *uc, uint32_t index)
{
	uc_x86_msr m = { .rid = index };

	uc_reg_read(uc, UC_X86_REG_MSR, &m);
	return m.value;
}

static void write_msr(uc_engine *uc, uint32_t index, uint64_t value)
{
	uc_x86_msr m = { .rid = index, .value = value };

	uc_reg_write(uc, UC_X86_REG_MSR, &m);
}

static void read_table(uc_engine *uc, int id, struct cpu_dtable *d)
{
	uc_x86_mmr r;

	uc_reg_read(uc, id, &r);
	*d = (struct cpu_dtable){ r.base, r.limit };
}

static void read_sysseg(uc_engine *uc, int id, struct cpu_segment *s)
{
	uc_x86_mmr r;

	uc_reg_read(uc, id, &r);
	*s = (struct cpu_segment){ r.selector, r.base, r.limit,
				   (r.flags >> 8 & 0xffu) | (r.flags >> 8 & 0xf000u) };
	if (!(r.flags & (1u << 15)))
		s->ar |= CPU_AR_UNUSABLE;
}

static void write_sysseg(uc_engine *uc, int id, const struct cpu_segment *s)
{
	uc_x86_mmr r = { s->selector, s->base, s->limit,
			 s->ar & CPU_AR_UNUSABLE ? 0 : ((s->ar & 0xffu) << 8 | (s->ar & 0xf000u) << 8) };

	uc_reg_write(uc, id, &r);
}

/* Interruptibility (SDM 25.4.2, Table 25-3): QEMU has one shadow flag for
 * STI and MOV SS; the instruction before RIP tells which (STI is FB).
 * Blocking by NMI is QEMU's "serving an NMI" flag. */
#define INTERRUPTIBILITY_STI	(1u << 0)
#define INTERRUPTIBILITY_MOV_SS	(1u << 1)
#define INTERRUPTIBILITY_NMI	(1u << 3)

static uint32_t interruptibility(struct tcg_vcpu *t, uint64_t rip)
{
	uint8_t prev = 0;

	uint32_t nmi = qemu_cpu__nmi_blocked(&t->cpu) ? INTERRUPTIBILITY_NMI : 0;

	if (!qemu_cpu__irq_inhibited(&t->cpu))
		return nmi;
	tcg_state__fetch(t, rip - 1, &prev, 1);
	return nmi | (prev == 0xfb ? INTERRUPTIBILITY_STI : INTERRUPTIBILITY_MOV_SS);
}

void tcg_state__get(struct vcpu *v, struct cpu_state *c)
{
	struct tcg_vcpu *t = v->tcg;
	uc_engine *uc = t->uc;
	void *ptrs[CPU_GPR_COUNT];

	memset(c, 0, sizeof(*c));
	for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
		ptrs[i] = &c->gpr[i];
	uc_reg_read_batch(uc, (int *)gpr_ids, ptrs, CPU_GPR_COUNT);
	uc_reg_read(uc, UC_X86_REG_RIP, &c->rip);
	if (t->in_io)
		c->rip = t->io_next_rip;
	uc_reg_read(uc, UC_X86_REG_RFLAGS, &c->rflags);
	uc_reg_read(uc, UC_X86_REG_CR0, &c->cr0);
	uc_reg_read(uc, UC_X86_REG_CR2, &c->cr2);
	uc_reg_read(uc, UC_X86_REG_CR3, &c->cr3);
	uc_reg_read(uc, UC_X86_REG_CR4, &c->cr4);
	c->efer = tcg_state__msr(uc, MSR_EFER);
	c->pat = tcg_state__msr(uc, MSR_PAT);
	c->sysenter_cs = tcg_state__msr(uc, MSR_SYSENTER_CS);
	c->sysenter_esp = tcg_state__msr(uc, MSR_SYSENTER_ESP);
	c->sysenter_eip = tcg_state__msr(uc, MSR_SYSENTER_EIP);
	uc_reg_read(uc, UC_X86_REG_DR7, &c->dr7);
	qemu_cpu__get_segs(&t->cpu, c);
	read_sysseg(uc, UC_X86_REG_LDTR, &c->seg[CPU_SEG_LDTR]);
	read_sysseg(uc, UC_X86_REG_TR, &c->seg[CPU_SEG_TR]);
	read_table(uc, UC_X86_REG_GDTR, &c->gdtr);
	read_table(uc, UC_X86_REG_IDTR, &c->idtr);
	c->interruptibility = interruptibility(t, c->rip);
}

/* Control registers first, in the order that enters long mode (PAE, then
 * EFER.LME, CR3, then CR0.PG), each only when it changes: a CR write
 * flushes QEMU's TLB.  Segments last, since QEMU derives its flags from
 * the mode. */
void tcg_state__set(struct vcpu *v, const struct cpu_state *c)
{
	struct tcg_vcpu *t = v->tcg;
	uc_engine *uc = t->uc;
	struct cpu_state old;
	void *ptrs[CPU_GPR_COUNT];

	tcg_state__get(v, &old);
	if (c->cr4 != old.cr4)
		uc_reg_write(uc, UC_X86_REG_CR4, &c->cr4);
	if (c->efer != old.efer)
		qemu_cpu__set_efer(&t->cpu, c->efer);
	if (c->cr3 != old.cr3)
		uc_reg_write(uc, UC_X86_REG_CR3, &c->cr3);
	if (c->cr0 != old.cr0)
		uc_reg_write(uc, UC_X86_REG_CR0, &c->cr0);
	if (c->cr2 != old.cr2)
		uc_reg_write(uc, UC_X86_REG_CR2, &c->cr2);
	if (c->pat != old.pat)
		write_msr(uc, MSR_PAT, c->pat);
	if (c->sysenter_cs != old.sysenter_cs)
		write_msr(uc, MSR_SYSENTER_CS, c->sysenter_cs);
	if (c->sysenter_esp != old.sysenter_esp)
		write_msr(uc, MSR_SYSENTER_ESP, c->sysenter_esp);
	if (c->sysenter_eip != old.sysenter_eip)
		write_msr(uc, MSR_SYSENTER_EIP, c->sysenter_eip);
	if (c->dr7 != old.dr7)
		uc_reg_write(uc, UC_X86_REG_DR7, &c->dr7);
	if (memcmp(&c->gdtr, &old.gdtr, sizeof(c->gdtr))) {
		uc_x86_mmr r = { 0, c->gdtr.base, c->gdtr.limit, 0 };

		uc_reg_write(uc, UC_X86_REG_GDTR, &r);
	}
	if (memcmp(&c->idtr, &old.idtr, sizeof(c->idtr))) {
		uc_x86_mmr r = { 0, c->idtr.base, c->idtr.limit, 0 };

		uc_reg_write(uc, UC_X86_REG_IDTR, &r);
	}
	write_sysseg(uc, UC_X86_REG_LDTR, &c->seg[CPU_SEG_LDTR]);
	write_sysseg(uc, UC_X86_REG_TR, &c->seg[CPU_SEG_TR]);
	for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
		ptrs[i] = (void *)&c->gpr[i];
	uc_reg_write_batch(uc, (int *)gpr_ids, ptrs, CPU_GPR_COUNT);
	uc_reg_write(uc, UC_X86_REG_RFLAGS, &c->rflags);
	qemu_cpu__set_segs(&t->cpu, c);
	qemu_cpu__set_irq_inhibited(&t->cpu, c->interruptibility &
				    (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
	qemu_cpu__set_nmi_blocked(&t->cpu, c->interruptibility & INTERRUPTIBILITY_NMI);
	if (c->rip != old.rip) {
		uc_reg_write(uc, UC_X86_REG_RIP, &c->rip);
		t->in_io = false;
	}
	if (c->event.info & (1u << 31)) {
		t->raise_pending = true;
		t->raise_vector = c->event.info & 0xff;
		t->raise_has_error = !!(c->event.info & (1u << 11));
		t->raise_error = c->event.error_code;
	}
}

static int msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	struct tcg_vcpu *t = opaque;

	if (!tcg_msr__resident(index))
		return -1;
	*value = tcg_state__msr(t->uc, index);
	return 0;
}

static int msr_write(void *opaque, uint32_t index, uint64_t value)
{
	struct tcg_vcpu *t = opaque;

	if (!tcg_msr__resident(index))
		return -1;
	write_msr(t->uc, index, value);
	return 0;
}

uint64_t tcg_state__dr7(struct vcpu *v)
{
	uint64_t dr7;

	uc_reg_read(v->tcg->uc, UC_X86_REG_DR7, &dr7);
	return dr7;
}

struct msr_access tcg_state__msrs(struct vcpu *v)
{
	return (struct msr_access){ .opaque = v->tcg, .read = msr_read, .write = msr_write };
}

