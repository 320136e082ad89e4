/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/cpu_state_kvm.c: struct cpu_state <-> KVM sync regs. */
#include <string.h>

#include "l0/engine/kvm/cpu_state_kvm.h"
#include "l0/engine/kvm/vcpu.h"


/* Interruptibility state, SDM 25.4.2 Table 25-3. */
#define INTERRUPTIBILITY_STI	(1u << 0)
#define INTERRUPTIBILITY_MOV_SS	(1u << 1)
#define INTERRUPTIBILITY_NMI	(1u << 3)

void cpu_state_kvm__seg_from_kvm(const struct kvm_segment *k, struct cpu_segment *c)
{
	/* A loaded code or data segment is accessed: the processor sets the
	 * bit in the descriptor on load (SDM 3.4.5.1) and VM entry insists
	 * on it (SDM 27.3.1.2); KVM's copy may lack it for segments a guest
	 * loaded at CPL3 (seen on this host: CS type 0xa). */
	/* A register loaded with a null selector (SS after an interrupt to
	 * CPL0 in 64-bit mode) comes from KVM as not present but not
	 * unusable; VMX saves it as unusable (SDM 25.4.1, 28.3.2), as KVM's
	 * own VMX code does for every P = 0 segment.  Else the next VM entry
	 * fails its SS type check (SDM 27.3.1.2). */
	bool unusable = k->unusable || !k->present;
	unsigned type = k->s && !unusable ? k->type | 1u : k->type;

	c->selector = k->selector;
	c->base = k->base;
	c->limit = k->limit;
	c->ar = CPU_AR_TYPE(type) | (k->s ? CPU_AR_S : 0) | CPU_AR_DPL(k->dpl) |
		(k->present ? CPU_AR_P : 0) | ((uint32_t)(k->avl & 1) << 12) |
		(k->l ? CPU_AR_L : 0) | (k->db ? CPU_AR_DB : 0) | (k->g ? CPU_AR_G : 0) |
		(unusable ? CPU_AR_UNUSABLE : 0);
}

void cpu_state_kvm__seg_to_kvm(const struct cpu_segment *c, struct kvm_segment *k)
{
	uint32_t ar = c->ar;

	*k = (struct kvm_segment){
		.base = c->base,
		.limit = c->limit,
		.selector = c->selector,
		.type = ar & 0xf,
		.s = !!(ar & CPU_AR_S),
		.dpl = (ar >> 5) & 3,
		.present = !!(ar & CPU_AR_P),
		.avl = (ar >> 12) & 1,
		.l = !!(ar & CPU_AR_L),
		.db = !!(ar & CPU_AR_DB),
		.g = !!(ar & CPU_AR_G),
		.unusable = !!(ar & CPU_AR_UNUSABLE),
	};
	/* KVM treats a segment with P = 0 as unusable; an unusable one must
	 * not look present to its checks either. */
	if (k->unusable)
		k->present = 0;
}

static struct kvm_segment *kvm_seg(struct kvm_sregs *s, unsigned i)
{
	struct kvm_segment *const segs[CPU_SEG_COUNT] = {
		[CPU_SEG_ES] = &s->es, [CPU_SEG_CS] = &s->cs, [CPU_SEG_SS] = &s->ss,
		[CPU_SEG_DS] = &s->ds, [CPU_SEG_FS] = &s->fs, [CPU_SEG_GS] = &s->gs,
		[CPU_SEG_LDTR] = &s->ldt, [CPU_SEG_TR] = &s->tr,
	};

	return segs[i];
}

void cpu_state_kvm__from_kvm(const struct kvm_sync_regs *s, int vmxe, struct cpu_state *c)
{
	const struct kvm_regs *r = &s->regs;
	const struct kvm_sregs *sr = &s->sregs;
	struct kvm_sregs tmp = *sr;
	unsigned i;

	memset(c, 0, sizeof(*c));
	c->gpr[CPU_RAX] = r->rax;
	c->gpr[CPU_RCX] = r->rcx;
	c->gpr[CPU_RDX] = r->rdx;
	c->gpr[CPU_RBX] = r->rbx;
	c->gpr[CPU_RSP] = r->rsp;
	c->gpr[CPU_RBP] = r->rbp;
	c->gpr[CPU_RSI] = r->rsi;
	c->gpr[CPU_RDI] = r->rdi;
	c->gpr[CPU_R8] = r->r8;
	c->gpr[CPU_R9] = r->r9;
	c->gpr[CPU_R10] = r->r10;
	c->gpr[CPU_R11] = r->r11;
	c->gpr[CPU_R12] = r->r12;
	c->gpr[CPU_R13] = r->r13;
	c->gpr[CPU_R14] = r->r14;
	c->gpr[CPU_R15] = r->r15;
	c->rip = r->rip;
	c->rflags = r->rflags;
	c->cr0 = sr->cr0;
	c->cr2 = sr->cr2;
	c->cr3 = sr->cr3;
	c->cr4 = vmxe ? sr->cr4 | CPU_STATE_KVM__CR4_VMXE : sr->cr4;
	c->efer = sr->efer;
	c->dr7 = 0x400;		/* KVM keeps DR7 out of sync regs; its reset value */
	for (i = 0; i < CPU_SEG_COUNT; i++)
		cpu_state_kvm__seg_from_kvm(kvm_seg(&tmp, i), &c->seg[i]);
	c->gdtr = (struct cpu_dtable){ sr->gdt.base, sr->gdt.limit };
	c->idtr = (struct cpu_dtable){ sr->idt.base, sr->idt.limit };
	if (s->events.interrupt.shadow & KVM_X86_SHADOW_INT_MOV_SS)
		c->interruptibility |= INTERRUPTIBILITY_MOV_SS;
	if (s->events.interrupt.shadow & KVM_X86_SHADOW_INT_STI)
		c->interruptibility |= INTERRUPTIBILITY_STI;
	if (s->events.nmi.masked)
		c->interruptibility |= INTERRUPTIBILITY_NMI;
}

/* The software types (INT n, INT1, INT3/INTO) push RIP plus the VM-entry
 * instruction length (SDM 27.6.1.1).  KVM takes no length: it injects
 * them with the length of the last instruction it saw itself (measured
 * here: none).  So L0 gives the vCPU the RIP past the instruction and
 * injects the event as delivered from there, in its hardware form (no
 * gate DPL check: docs/vmx-coverage.md). */
static uint64_t event_rip(const struct cpu_event *e, uint64_t rip)
{
	if (!(e->info & CPU_EVENT_VALID))
		return rip;
	switch (CPU_EVENT_TYPE(e->info)) {
	case CPU_EVENT_SW_INTERRUPT:
	case CPU_EVENT_PRIV_SW_EXCEPTION:
	case CPU_EVENT_SW_EXCEPTION:
		return rip + e->instruction_len;
	default:
		return rip;
	}
}

/* The VM-entry event (SDM 27.6) as KVM's pending exception or interrupt. */
static void event_to_kvm(const struct cpu_event *e, struct kvm_vcpu_events *ev)
{
	unsigned vector = e->info & 0xff;

	if (!(e->info & CPU_EVENT_VALID))
		return;
	switch (CPU_EVENT_TYPE(e->info)) {
	case CPU_EVENT_EXTERNAL:
	case CPU_EVENT_SW_INTERRUPT:
		ev->interrupt.injected = 1;
		ev->interrupt.nr = vector;
		ev->interrupt.soft = 0;		/* RIP is past it already */
		break;
	case CPU_EVENT_NMI:
		ev->nmi.injected = 1;
		break;
	default:
		ev->exception.injected = 1;
		ev->exception.nr = vector;
		ev->exception.has_error_code = !!(e->info & CPU_EVENT_HAS_ERROR);
		ev->exception.error_code = e->error_code;
		break;
	}
}

void cpu_state_kvm__to_kvm(const struct cpu_state *c, struct kvm_sync_regs *s)
{
	struct kvm_regs *r = &s->regs;
	struct kvm_sregs *sr = &s->sregs;
	unsigned i;

	*r = (struct kvm_regs){
		.rax = c->gpr[CPU_RAX], .rbx = c->gpr[CPU_RBX], .rcx = c->gpr[CPU_RCX],
		.rdx = c->gpr[CPU_RDX], .rsi = c->gpr[CPU_RSI], .rdi = c->gpr[CPU_RDI],
		.rsp = c->gpr[CPU_RSP], .rbp = c->gpr[CPU_RBP],
		.r8 = c->gpr[CPU_R8], .r9 = c->gpr[CPU_R9], .r10 = c->gpr[CPU_R10],
		.r11 = c->gpr[CPU_R11], .r12 = c->gpr[CPU_R12], .r13 = c->gpr[CPU_R13],
		.r14 = c->gpr[CPU_R14], .r15 = c->gpr[CPU_R15],
		.rip = event_rip(&c->event, c->rip), .rflags = c->rflags,
	};
	sr->cr0 = c->cr0;
	sr->cr2 = c->cr2;
	sr->cr3 = c->cr3;
	sr->cr4 = c->cr4 & ~CPU_STATE_KVM__CR4_VMXE;
	sr->efer = c->efer;
	for (i = 0; i < CPU_SEG_COUNT; i++)
		cpu_state_kvm__seg_to_kvm(&c->seg[i], kvm_seg(sr, i));
	sr->gdt = (struct kvm_dtable){ .base = c->gdtr.base, .limit = (uint16_t)c->gdtr.limit };
	sr->idt = (struct kvm_dtable){ .base = c->idtr.base, .limit = (uint16_t)c->idtr.limit };
	/* Nothing of the other level's events may leak into this one. */
	s->events.exception.injected = 0;
	s->events.exception.pending = 0;
	s->events.interrupt.injected = 0;
	s->events.nmi.injected = 0;
	s->events.interrupt.shadow = 0;
	if (c->interruptibility & INTERRUPTIBILITY_MOV_SS)
		s->events.interrupt.shadow |= KVM_X86_SHADOW_INT_MOV_SS;
	if (c->interruptibility & INTERRUPTIBILITY_STI)
		s->events.interrupt.shadow |= KVM_X86_SHADOW_INT_STI;
	s->events.nmi.masked = !!(c->interruptibility & INTERRUPTIBILITY_NMI);
	event_to_kvm(&c->event, &s->events);
}

struct msr_one {
	struct kvm_msrs hdr;
	struct kvm_msr_entry e;
};

static int msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	struct vcpu *v = opaque;
	struct msr_one m = { .hdr.nmsrs = 1, .e.index = index };

	if (kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_GET_MSRS, &m) != 1)
		return -1;
	*value = m.e.data;
	return 0;
}

static int msr_write(void *opaque, uint32_t index, uint64_t value)
{
	struct vcpu *v = opaque;
	struct msr_one m = { .hdr.nmsrs = 1, .e.index = index, .e.data = value };

	if (kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_MSRS, &m) != 1)
		return -1;
	kvm_extra__wrote_msr(&v->extra, index, value);
	return 0;
}

struct msr_access cpu_state_kvm__msr_access(struct vcpu *v)
{
	return (struct msr_access){ .opaque = v, .read = msr_read, .write = msr_write };
}

__u64 *cpu_state_kvm__gpr(struct kvm_regs *r, unsigned n)
{
	__u64 *const gprs[CPU_GPR_COUNT] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
		&r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
	};

	return gprs[n & 15];
}
