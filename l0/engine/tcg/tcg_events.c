/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg_events.c: what stops or interrupts a tcg vCPU, as
 * engine events and deliveries: exceptions through the guest's IDT, port
 * I/O, CPUID, MMIO (and libunicorn's page-crossing accesses), instructions
 * QEMU refuses, non-canonical accesses. */
#include <stdlib.h>
#include <string.h>

#include "l0/machine.h"
#include "l0/engine/tcg/deliver.h"
#include "l0/engine/tcg/tcg_fault.h"
#include "l0/engine/tcg/tcg_int.h"
#include "l0/machine.h"

#define SS_VECTOR	12
#define GP_VECTOR	13
#define MAX_BLOCK_BYTES	512	/* decoded for a fault's instruction */

/* Hooks dispatch synchronously; an answer other than CONTINUE ends the
 * run.  uc_emu_stop takes effect at the end of the translated block, so
 * the instructions after this one in its block still run: their port and
 * MMIO accesses are dropped (an IN reads all ones), so that nothing the
 * guest does after the stop reaches a device (see docs/engines.md). */
static void dispatch_now(struct tcg_vcpu *t, struct engine_event *ev)
{
	int act = t->v->m->dispatch(t->v->m, t->v, ev);

	if (act != DISPATCH_CONTINUE && t->act == DISPATCH_CONTINUE) {
		t->act = act;
		uc_emu_stop(t->uc);
	}
}

/* Deliver through the guest's IDT (deliver.h) and resume at the handler;
 * a triple fault ends the run as a SHUTDOWN event. */
static void deliver(struct tcg_vcpu *t, const struct deliver_event *ev, uint64_t rip)
{
	struct cpu_state c;
	struct deliver_result r;

	tcg_state__get(t->v, &c);
	c.rip = rip;
	r = deliver__event(&c, &t->v->m->mem, ev);
	if (r.outcome == DELIVER_SHUTDOWN) {
		struct engine_event sev = { .kind = ENGINE_EV_SHUTDOWN, .native = -1 };

		dispatch_now(t, &sev);
		uc_emu_stop(t->uc);
		return;
	}
	tcg_state__set(t->v, &c);
	qemu_cpu__set_resume(&t->cpu, c.rip);
	qemu_cpu__delivered(&t->cpu);
}

/* Exceptions with an error code (SDM 6.15 / Table 6-1). */
static bool has_error_code(unsigned vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21;
}

void tcg_events__intr(uc_engine *uc, uint32_t intno, void *opaque)
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

		tcg_state__fetch(t, rip - 1, &op, 1);
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

void tcg_events__raise(struct vcpu *v, unsigned vector, bool has_error, uint32_t error)
{
	struct tcg_vcpu *t = v->tcg;

	t->raise_pending = true;
	t->raise_vector = vector;
	t->raise_has_error = has_error;
	t->raise_error = error;
	/* Raised by the IN/OUT being executed (a hypercall's fault): the
	 * instruction's own, delivered at it (tcg_helpers.c). */
	t->io_fault = t->io_active;
}

void tcg_events__deliver_pending(struct tcg_vcpu *t)
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

#define RFLAGS_IF (1ull << 9)

bool tcg_events__irq_ready(struct vcpu *v)
{
	struct tcg_vcpu *t = v->tcg;
	uint64_t rflags;

	uc_reg_read(t->uc, UC_X86_REG_RFLAGS, &rflags);
	return (rflags & RFLAGS_IF) && !qemu_cpu__irq_inhibited(&t->cpu) && !t->raise_pending &&
	       !t->inject_pending;
}

void tcg_events__inject(struct vcpu *v, enum engine_inject kind, uint8_t vector)
{
	struct tcg_vcpu *t = v->tcg;

	t->inject_pending = true;
	t->inject_nmi = kind == ENGINE_INJECT_NMI;
	t->inject_vector = t->inject_nmi ? 2 : vector;
}

void tcg_events__irq_window(struct vcpu *v, bool on)
{
	v->tcg->want_window = on;
}

void tcg_events__deliver_irq(struct tcg_vcpu *t)
{
	struct deliver_event ev = { .vector = t->inject_vector,
				    .type = t->inject_nmi ? DELIVER_NMI : DELIVER_EXTERNAL };
	uint64_t rip;

	/* An NMI waits while the previous one's handler runs, until its
	 * IRET (SDM 6.7.1; tcg_helpers.c kicks the run there). */
	t->nmi_held = t->inject_nmi && qemu_cpu__nmi_blocked(&t->cpu);
	if (t->nmi_held)
		return;
	t->inject_pending = false;
	uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
	deliver(t, &ev, rip);
}

/* At the start of every translated block, with the guest's RIP exact
 * (libunicorn syncs it before a block hook and checks for a stop right
 * after): the one place a run is stopped from outside.  uc_emu_stop from
 * the kick signal's handler would land anywhere, and a stop that catches
 * a chained jump between two blocks leaves QEMU's RIP at an older block
 * (libunicorn skips the resync when a stop is pending), so the resumed
 * run repeats instructions. */
void tcg_events__block(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
	struct tcg_vcpu *t = opaque;

	if (t->kicked) {
		uc_emu_stop(uc);
	} else if (t->want_window && tcg_events__irq_ready(t->v)) {
		t->window_open = true;
		uc_emu_stop(uc);
	}
}

/* The instruction after an IN/OUT at rip (SDM vol. 2: E4-E7 take an imm8,
 * EC-EF and the string forms none), prefixes included. */
static uint64_t after_io(struct tcg_vcpu *t, uint64_t rip)
{
	uint8_t b[16];
	unsigned i = 0;

	if (tcg_state__fetch(t, rip, b, sizeof(b)))
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
	t->io_active = true;
	dispatch_now(t, &ev);
	t->in_io = false;
	t->io_active = false;
}

uint32_t tcg_events__in(uc_engine *uc, uint32_t port, int size, void *opaque)
{
	uint32_t val = 0;

	io_event(opaque, (uint16_t)port, (unsigned)size, false, (uint8_t *)&val);
	return val;
}

void tcg_events__out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *opaque)
{
	io_event(opaque, (uint16_t)port, (unsigned)size, true, (uint8_t *)&value);
}

int tcg_events__cpuid(uc_engine *uc, void *opaque)
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
	pm = tcg_state__paging(t);
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

uint64_t tcg_events__mmio_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque)
{
	struct tcg_vcpu *t = opaque;

	return mmio_access(t, t->v->m->ram_size + offset, size, false, 0);
}

void tcg_events__mmio_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value,
			    void *opaque)
{
	struct tcg_vcpu *t = opaque;

	mmio_access(t, t->v->m->ram_size + offset, size, true, value);
}

/* An instruction QEMU will not run (uc_emu_start stops, RIP at it): its
 * bytes to the dispatcher, where L1's VMX instructions are emulated; the
 * dispatcher raises #UD for any other, as a CPU without it would. */
int tcg_events__invalid_insn(struct tcg_vcpu *t)
{
	struct engine_event ev = { .kind = ENGINE_EV_INSN, .native = -1 };
	uint64_t rip;
	int act;

	uc_reg_read(t->uc, UC_X86_REG_RIP, &rip);
	/* As many bytes as can be fetched, up to 15 (an instruction may end
	 * just before an unmapped page). */
	ev.insn.len = 15;
	while (ev.insn.len > 0 && tcg_state__fetch(t, rip, ev.insn.bytes, (size_t)ev.insn.len))
		ev.insn.len--;
	if (ev.insn.len > 0 && ev.insn.bytes[0] == 0xf1) {
		/* INT1 (ICEBP), which QEMU 5 does not know: #DB as a privileged
		 * software exception, RIP past it (SDM 6.15, 27.6.1.1). */
		struct deliver_event db = { .vector = 1, .type = DELIVER_PRIV_SW_EXCEPTION,
					    .insn_len = 1 };

		deliver(t, &db, rip + 1);
		return t->act;
	}
	act = t->v->m->dispatch(t->v->m, t->v, &ev);
	if (t->raise_pending)
		tcg_events__deliver_pending(t);
	/* The delivery may have ended in a triple fault. */
	return act != DISPATCH_CONTINUE ? act : t->act;
}

/* An access QEMU could not map.  L0 maps all guest-physical space (RAM,
 * then MMIO), so this is a linear address QEMU does not check: in 64-bit
 * mode a non-canonical one, #GP(0) or #SS(0) on hardware (tcg_fault.c). */
bool tcg_events__unmapped_hook(uc_engine *uc, uc_mem_type type, uint64_t address, int size,
			  int64_t value, void *opaque)
{
	struct tcg_vcpu *t = opaque;

	t->unmapped = address;
	return false;
}

int tcg_events__unmapped(struct tcg_vcpu *t, uc_err err)
{
	struct engine_event ev = { .kind = ENGINE_EV_FAIL, .native = -1 };
	uint64_t la = t->unmapped;

	if ((uint64_t)((int64_t)(la << 16) >> 16) != la) {
		struct tcg_fault f;
		struct cpu_state c;
		uint8_t code[MAX_BLOCK_BYTES];
		size_t len = sizeof(code);

		tcg_state__get(t->v, &c);
		while (len && tcg_state__fetch(t, c.rip, code, len))
			len -= 16;
		tcg_fault__noncanonical(&c, code, len, &f);
		uc_reg_write(t->uc, UC_X86_REG_RIP, &f.rip);
		tcg_events__raise(t->v, f.stack ? SS_VECTOR : GP_VECTOR, true, 0);
		tcg_events__deliver_pending(t);
		return t->act;
	}
	ev.fail.what = uc_strerror(err);
	ev.fail.code = la;
	return t->v->m->dispatch(t->v->m, t->v, &ev);
}

