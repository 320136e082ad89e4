/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg.c: the tcg engine's vCPU, its hooks and its run. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "l0/dispatch.h"
#include "l0/engine/tcg/deliver.h"
#include "l0/engine/tcg/tcg.h"
#include "l0/engine/tcg/tcg_fault.h"
#include "l0/guest_paging.h"
#include "l0/machine.h"
#include "l0/run.h"

#define ERROR_STATUS	125
#define MMIO_END	(1ull << 36)	/* beyond RAM up to here: MMIO events */
#define MSR_EFER	0xc0000080u
#define SS_VECTOR	12
#define GP_VECTOR	13
#define MAX_BLOCK_BYTES	512	/* decoded for a fault's instruction */

static struct tcg_vcpu *tcg(struct vcpu *v)
{
	return v->tcg;
}

/* Hooks dispatch synchronously; an answer other than CONTINUE ends the
 * run.  uc_emu_stop takes effect at the end of the translated block, so
 * the instructions after this one in its block still run: their port and
 * MMIO accesses are dropped (an IN reads all ones), so that nothing the
 * guest does after the stop reaches a device (see docs/engines.md). */
static void dispatch_now(struct tcg_vcpu *t, struct engine_event *ev)
{
	int act = dispatch__event(t->v->m, t->v, ev);

	if (act != DISPATCH_CONTINUE && t->act == DISPATCH_CONTINUE) {
		t->act = act;
		uc_emu_stop(t->uc);
	}
}

/* ---- registers ---- */

static const int gpr_ids[CPU_GPR_COUNT] = {
	UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX,
	UC_X86_REG_RSP, UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI,
	UC_X86_REG_R8, UC_X86_REG_R9, UC_X86_REG_R10, UC_X86_REG_R11,
	UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15,
};

static uint64_t read_msr(uc_engine *uc, uint32_t index)
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
 * STI and MOV SS; the instruction before RIP tells which (STI is FB). */
#define INTERRUPTIBILITY_STI	(1u << 0)
#define INTERRUPTIBILITY_MOV_SS	(1u << 1)

static int fetch(struct tcg_vcpu *t, uint64_t la, uint8_t *buf, size_t len);

static uint32_t interruptibility(struct tcg_vcpu *t, uint64_t rip)
{
	uint8_t prev = 0;

	if (!qemu_cpu__irq_inhibited(&t->cpu))
		return 0;
	fetch(t, rip - 1, &prev, 1);
	return prev == 0xfb ? INTERRUPTIBILITY_STI : INTERRUPTIBILITY_MOV_SS;
}

static void tcg_get_state(struct vcpu *v, struct cpu_state *c)
{
	struct tcg_vcpu *t = tcg(v);
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
	c->efer = read_msr(uc, MSR_EFER);
	c->pat = read_msr(uc, 0x277);
	c->sysenter_cs = read_msr(uc, 0x174);
	c->sysenter_esp = read_msr(uc, 0x175);
	c->sysenter_eip = read_msr(uc, 0x176);
	c->dr7 = 0x400;
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
static void tcg_set_state(struct vcpu *v, const struct cpu_state *c)
{
	struct tcg_vcpu *t = tcg(v);
	uc_engine *uc = t->uc;
	struct cpu_state old;
	void *ptrs[CPU_GPR_COUNT];

	tcg_get_state(v, &old);
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
		write_msr(uc, 0x277, c->pat);
	if (c->sysenter_cs != old.sysenter_cs)
		write_msr(uc, 0x174, c->sysenter_cs);
	if (c->sysenter_esp != old.sysenter_esp)
		write_msr(uc, 0x175, c->sysenter_esp);
	if (c->sysenter_eip != old.sysenter_eip)
		write_msr(uc, 0x176, c->sysenter_eip);
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

/* ---- exceptions ---- */

/* Guest code bytes at a linear address, through the guest's paging. */
static int fetch(struct tcg_vcpu *t, uint64_t la, uint8_t *buf, size_t len)
{
	struct paging_fault pf;
	struct paging_mode pm;

	uc_reg_read(t->uc, UC_X86_REG_CR0, &pm.cr0);
	uc_reg_read(t->uc, UC_X86_REG_CR3, &pm.cr3);
	uc_reg_read(t->uc, UC_X86_REG_CR4, &pm.cr4);
	pm.efer = read_msr(t->uc, MSR_EFER);
	return guest_paging__read(&t->v->m->mem, &pm, la, buf, len, PAGING_FETCH, &pf);
}

/* Deliver through the guest's IDT (deliver.h) and resume at the handler;
 * a triple fault ends the run as a SHUTDOWN event. */
static void deliver(struct tcg_vcpu *t, const struct deliver_event *ev, uint64_t rip)
{
	struct cpu_state c;
	struct deliver_result r;

	tcg_get_state(t->v, &c);
	c.rip = rip;
	r = deliver__event(&c, &t->v->m->mem, ev);
	if (r.outcome == DELIVER_SHUTDOWN) {
		struct engine_event sev = { .kind = ENGINE_EV_SHUTDOWN, .native = -1 };

		dispatch_now(t, &sev);
		uc_emu_stop(t->uc);
		return;
	}
	tcg_set_state(t->v, &c);
	qemu_cpu__set_resume(&t->cpu, c.rip);
	qemu_cpu__delivered(&t->cpu);
}

/* Exceptions with an error code (SDM 6.15 / Table 6-1). */
static bool has_error_code(unsigned vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
	struct tcg_vcpu *t = opaque;
	struct deliver_event ev = { .vector = (uint8_t)intno, .type = DELIVER_HW_EXCEPTION };
	uint64_t rip;

	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	/* QEMU reports INT n / INT3 / INTO with RIP past the instruction; a
	 * fault with RIP at it.  Its own exception_is_int tells which. */
	if (qemu_cpu__is_int(&t->cpu)) {
		/* RIP is past the instruction: INT3 (CC) and INTO (CE) are one
		 * byte and software exceptions, INT n (CD ib) two. */
		uint8_t op = 0;

		fetch(t, rip - 1, &op, 1);
		ev.insn_len = op == 0xcc || op == 0xce ? 1 : 2;
		ev.type = ev.insn_len == 1 ? DELIVER_SW_EXCEPTION : DELIVER_SW_INT;
	} else if (has_error_code(intno)) {
		ev.has_error = true;
		ev.error_code = qemu_cpu__error_code(&t->cpu);
	}
	if (intno == 14)
		uc_reg_read(uc, UC_X86_REG_CR2, &ev.cr2);
	deliver(t, &ev, rip);
}

static void tcg_raise(struct vcpu *v, unsigned vector, bool has_error, uint32_t error)
{
	struct tcg_vcpu *t = tcg(v);

	t->raise_pending = true;
	t->raise_vector = vector;
	t->raise_has_error = has_error;
	t->raise_error = error;
}

static void deliver_pending(struct tcg_vcpu *t)
{
	struct deliver_event ev = { .vector = (uint8_t)t->raise_vector,
				    .type = DELIVER_HW_EXCEPTION, .has_error = t->raise_has_error,
				    .error_code = t->raise_error };
	uint64_t rip;

	t->raise_pending = false;
	uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
	if (ev.vector == 14)
		uc_reg_read(t->uc, UC_X86_REG_CR2, &ev.cr2);
	deliver(t, &ev, rip);
}

/* ---- port I/O, CPUID, MMIO, invalid instructions ---- */

/* The instruction after an IN/OUT at rip (SDM vol. 2: E4-E7 take an imm8,
 * EC-EF and the string forms none), prefixes included. */
static uint64_t after_io(struct tcg_vcpu *t, uint64_t rip)
{
	uint8_t b[16];
	unsigned i = 0;

	if (fetch(t, rip, b, sizeof(b)))
		return rip + 1;
	while (i < 14 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 || b[i] == 0xf3 ||
			  b[i] == 0x2e || b[i] == 0x3e || b[i] == 0x26 || b[i] == 0x36 ||
			  b[i] == 0x64 || b[i] == 0x65 || (b[i] & 0xf0) == 0x40))
		i++;
	return rip + i + ((b[i] & 0xfc) == 0xe4 ? 2 : 1);
}

static void io_event(struct tcg_vcpu *t, uint16_t port, unsigned size, bool write, uint8_t *data)
{
	struct engine_event ev = { .kind = ENGINE_EV_IO, .native = -1 };
	uint64_t rip;

	if (t->act != DISPATCH_CONTINUE) {
		memset(data, 0xff, size);
		return;
	}
	ev.io.port = port;
	ev.io.size = (uint8_t)size;
	ev.io.write = write;
	ev.io.count = 1;
	ev.io.data = data;
	uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
	t->io_next_rip = after_io(t, rip);
	t->in_io = true;
	dispatch_now(t, &ev);
	t->in_io = false;
}

static uint32_t hook_in(uc_engine *uc, uint32_t port, int size, void *opaque)
{
	uint32_t val = 0;

	io_event(opaque, (uint16_t)port, (unsigned)size, false, (uint8_t *)&val);
	return val;
}

static void hook_out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *opaque)
{
	io_event(opaque, (uint16_t)port, (unsigned)size, true, (uint8_t *)&value);
}

static int hook_cpuid(uc_engine *uc, void *opaque)
{
	struct tcg_vcpu *t = opaque;
	struct engine_event ev = { .kind = ENGINE_EV_CPUID, .native = -1 };
	uint64_t rax, rcx;
	static const int out_ids[4] = { UC_X86_REG_RAX, UC_X86_REG_RBX, UC_X86_REG_RCX,
					UC_X86_REG_RDX };

	uc_reg_read(uc, UC_X86_REG_RAX, &rax);
	uc_reg_read(uc, UC_X86_REG_RCX, &rcx);
	ev.cpuid.leaf = (uint32_t)rax;
	ev.cpuid.subleaf = (uint32_t)rcx;
	dispatch_now(t, &ev);
	for (unsigned i = 0; i < 4; i++) {
		uint64_t v = ev.cpuid.out[i];

		uc_reg_write(uc, out_ids[i], &v);
	}
	return 1;
}

/* libunicorn 2.0.1 splits an access that crosses a page boundary into
 * byte accesses at the *linear* addresses, taken as physical (measured:
 * an 8-byte store to 0x140000ffc mapped to RAM arrives here as eight
 * one-byte MMIO writes to 0x140000ffc..). A one-byte access that no device
 * claims and that the guest's paging maps to RAM is that: L0 does it. */
static bool split_access(struct tcg_vcpu *t, uint64_t addr, unsigned size, bool write,
			 uint64_t *data)
{
	struct guest_mem *gm = &t->v->m->mem;
	struct paging_fault pf;
	struct paging_mode pm;
	uint64_t gpa;

	if (size != 1 || devices__find(&t->v->m->devices, DEV_MMIO, addr))
		return false;
	uc_reg_read(t->uc, UC_X86_REG_CR0, &pm.cr0);
	uc_reg_read(t->uc, UC_X86_REG_CR3, &pm.cr3);
	uc_reg_read(t->uc, UC_X86_REG_CR4, &pm.cr4);
	pm.efer = read_msr(t->uc, MSR_EFER);
	if (!(pm.cr0 & (1ull << 31)) ||
	    guest_paging__translate(gm, &pm, addr, write ? PAGING_WRITE : 0, &gpa, &pf))
		return false;
	return write ? !guest_mem__write(gm, gpa, data, 1) : !guest_mem__read(gm, gpa, data, 1);
}

static uint64_t mmio_access(struct tcg_vcpu *t, uint64_t gpa, unsigned size, bool write,
			    uint64_t value)
{
	struct engine_event ev = { .kind = ENGINE_EV_MMIO, .native = -1 };
	uint64_t data = value;

	if (t->act != DISPATCH_CONTINUE)
		return ~0ull;
	if (split_access(t, gpa, size, write, &data))
		return data;
	ev.mmio.gpa = gpa;
	ev.mmio.data = (uint8_t *)&data;
	ev.mmio.len = (uint8_t)(size > 8 ? 8 : size);
	ev.mmio.write = write;
	dispatch_now(t, &ev);
	return data;
}

static uint64_t hook_mmio_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque)
{
	struct tcg_vcpu *t = opaque;

	return mmio_access(t, t->v->m->ram_size + offset, size, false, 0);
}

static void hook_mmio_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value,
			    void *opaque)
{
	struct tcg_vcpu *t = opaque;

	mmio_access(t, t->v->m->ram_size + offset, size, true, value);
}

/* An instruction QEMU will not run (uc_emu_start stops, RIP at it): its
 * bytes to the dispatcher, where L1's VMX instructions are emulated; the
 * dispatcher raises #UD for any other, as a CPU without it would. */
static int invalid_insn(struct tcg_vcpu *t)
{
	struct engine_event ev = { .kind = ENGINE_EV_INSN, .native = -1 };
	uint64_t rip;
	int act;

	uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
	/* As many bytes as can be fetched, up to 15 (an instruction may end
	 * just before an unmapped page). */
	ev.insn.len = 15;
	while (ev.insn.len > 0 && fetch(t, rip, ev.insn.bytes, (size_t)ev.insn.len))
		ev.insn.len--;
	if (ev.insn.len > 0 && ev.insn.bytes[0] == 0xf1) {
		/* INT1 (ICEBP), which QEMU 5 does not know: #DB as a privileged
		 * software exception, RIP past it (SDM 6.15, 27.6.1.1). */
		struct deliver_event db = { .vector = 1, .type = DELIVER_PRIV_SW_EXCEPTION,
					    .insn_len = 1 };

		deliver(t, &db, rip + 1);
		return t->act;
	}
	act = dispatch__event(t->v->m, t->v, &ev);
	if (t->raise_pending)
		deliver_pending(t);
	/* The delivery may have ended in a triple fault. */
	return act != DISPATCH_CONTINUE ? act : t->act;
}

/* An access QEMU could not map.  L0 maps all guest-physical space (RAM,
 * then MMIO), so this is a linear address QEMU does not check: in 64-bit
 * mode a non-canonical one, #GP(0) or #SS(0) on hardware (tcg_fault.c). */
static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t address, int size,
			  int64_t value, void *opaque)
{
	struct tcg_vcpu *t = opaque;

	t->unmapped = address;
	return false;
}

static int unmapped(struct tcg_vcpu *t, uc_err err)
{
	struct engine_event ev = { .kind = ENGINE_EV_FAIL, .native = -1 };
	uint64_t la = t->unmapped;

	if ((uint64_t)((int64_t)(la << 16) >> 16) != la) {
		struct tcg_fault f;
		struct cpu_state c;
		uint8_t code[MAX_BLOCK_BYTES];
		size_t len = sizeof(code);

		tcg_get_state(t->v, &c);
		while (len && fetch(t, c.rip, code, len))
			len -= 16;
		tcg_fault__noncanonical(&c, code, len, &f);
		uc_reg_write(t->uc, UC_X86_REG_RIP, &f.rip);
		tcg_raise(t->v, f.stack ? SS_VECTOR : GP_VECTOR, true, 0);
		deliver_pending(t);
		return t->act;
	}
	ev.fail.what = uc_strerror(err);
	ev.fail.code = la;
	return dispatch__event(t->v->m, t->v, &ev);
}

/* ---- the run ---- */

static int tcg_run(struct vcpu *v)
{
	struct tcg_vcpu *t = tcg(v);
	struct engine_event ev = { .native = -1 };
	uint64_t rip;
	uc_err err;

	t->act = DISPATCH_CONTINUE;
	t->halted = false;
	tcg__current = t;
	/* L0 delivers every exception (deliver.c, escalation included), so
	 * none is ever in flight for QEMU's own double-fault rule. */
	qemu_cpu__delivered(&t->cpu);
	if (t->raise_pending)
		deliver_pending(t);
	if (t->act != DISPATCH_CONTINUE)
		return t->act;
	if (!t->kicked) {
		uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
		run__guest_enter(v);
		err = uc_emu_start(t->uc, rip, UINT64_MAX, 0, 0);
		run__guest_exit(v);

		if (t->act != DISPATCH_CONTINUE)
			return t->act;
		if (err == UC_ERR_READ_UNMAPPED || err == UC_ERR_WRITE_UNMAPPED ||
		    err == UC_ERR_FETCH_UNMAPPED)
			return unmapped(t, err);
		if (err != UC_ERR_OK && err != UC_ERR_INSN_INVALID) {
			ev.kind = ENGINE_EV_FAIL;
			ev.fail.what = uc_strerror(err);
			uc_reg_read(t->uc, UC_X86_REG_RIP, &ev.fail.code);
			return dispatch__event(v->m, v, &ev);
		}
	}
	if (t->kicked) {
		t->kicked = 0;
		ev.kind = ENGINE_EV_KICK;
	} else if (t->halted) {
		ev.kind = ENGINE_EV_HLT;
	} else {
		/* Neither L0 nor HLT stopped it: QEMU refused the instruction at
		 * RIP (#UD).  Unicorn 2.0.1 says so with UC_ERR_INSN_INVALID the
		 * first times only, then returns UC_ERR_OK at the instruction
		 * (measured), so the stop itself is the sign. */
		return invalid_insn(t);
	}
	return dispatch__event(v->m, v, &ev);
}

static void tcg_kick(struct vcpu *v)
{
	struct tcg_vcpu *t = tcg(v);

	t->kicked = 1;
	uc_emu_stop(t->uc);
}

static struct msr_access tcg_msrs(struct vcpu *v);

static void tcg_destroy(struct vcpu *v)
{
	struct tcg_vcpu *t = tcg(v);

	if (!t)
		return;
	if (t->uc)
		uc_close(t->uc);
	free(t);
	v->tcg = NULL;
}

const struct engine_ops tcg_engine__ops = {
	.name = "tcg",
	.run = tcg_run,
	.get_state = tcg_get_state,
	.set_state = tcg_set_state,
	.raise = tcg_raise,
	.msrs = tcg_msrs,
	.kick = tcg_kick,
	.destroy = tcg_destroy,
};

/* ---- MSRs for the VMX MSR lists ---- */

static int msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	struct tcg_vcpu *t = opaque;

	if (!tcg_msr__resident(index))
		return -1;
	*value = read_msr(t->uc, index);
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

static struct msr_access tcg_msrs(struct vcpu *v)
{
	return (struct msr_access){ .opaque = v->tcg, .read = msr_read, .write = msr_write };
}

/* ---- creation ---- */

/* QEMU's CPU state is found by running one RDMSR of EFER on it (tcg_helpers.c
 * notes the address), then its layout is checked (qemu_cpu.c). */
static int find_cpu(struct tcg_vcpu *t, uint8_t *ram, struct error *err)
{
	static const uint8_t stub[] = { 0xb9, 0x80, 0x00, 0x00, 0xc0, 0x0f, 0x32, 0xf4 };
	uint8_t saved[sizeof(stub)];

	memcpy(saved, ram, sizeof(saved));
	memcpy(ram, stub, sizeof(stub));
	tcg__current = t;
	uc_emu_start(t->uc, 0, UINT64_MAX, 0, 0);
	tcg__current = NULL;
	memcpy(ram, saved, sizeof(saved));
	uc_ctl_remove_cache(t->uc, 0, 4096);
	return qemu_cpu__probe(&t->cpu, t->uc, ram, err);
}

static int create(struct vcpu *v, struct machine *m, unsigned level, struct level_stats *stats,
		  struct error *err)
{
	struct tcg_vcpu *t = calloc(1, sizeof(*t));
	uc_hook h;
	uc_err e;

	memset(v, 0, sizeof(*v));
	v->fd = -1;
	v->engine = ENGINE_TCG;
	v->ops = &tcg_engine__ops;
	v->m = m;
	v->level = level;
	v->stats = stats;
	v->tcg = t;
	if (!t)
		return error__set(err, "out of memory");
	t->v = v;
	e = uc_open(UC_ARCH_X86, UC_MODE_64, &t->uc);
	if (e == UC_ERR_OK)
		e = uc_mem_map_ptr(t->uc, 0, m->ram_size, UC_PROT_ALL, m->ram);
	if (e == UC_ERR_OK)
		e = uc_mmio_map(t->uc, m->ram_size, MMIO_END - m->ram_size, hook_mmio_read, t,
				hook_mmio_write, t);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_INSN, (void *)hook_in, t, 1, 0, UC_X86_INS_IN);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_INSN, (void *)hook_out, t, 1, 0, UC_X86_INS_OUT);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_INSN, (void *)hook_cpuid, t, 1, 0,
				UC_X86_INS_CPUID);
	if (e == UC_ERR_OK)
		e = uc_hook_add(t->uc, &h, UC_HOOK_MEM_UNMAPPED, (void *)hook_unmapped, t, 1, 0);
	if (e != UC_ERR_OK)
		return error__set(err, "tcg engine: %s", uc_strerror(e));
	if (find_cpu(t, m->ram, err))
		return -1;
	/* After the probe, which needs QEMU to report exceptions to it. */
	e = uc_hook_add(t->uc, &h, UC_HOOK_INTR, (void *)hook_intr, t, 1, 0);
	if (e != UC_ERR_OK)
		return error__set(err, "tcg engine: %s", uc_strerror(e));
	return 0;
}

int tcg__create(struct vcpu *v, struct machine *m, unsigned level, struct level_stats *stats,
		struct error *err)
{
	sigset_t mask;
	int rc;

	/* libunicorn's start-up unblocks every signal of the calling thread
	 * (measured); L0's run depends on the mask run__block_signals set. */
	pthread_sigmask(SIG_SETMASK, NULL, &mask);
	rc = create(v, m, level, stats, err);
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	return rc;
}
