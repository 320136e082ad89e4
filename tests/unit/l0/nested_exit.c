/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/nested_exit.c: L2's KVM exits mapped to VMX exit events
 * (nested_exit__to_event) with synthetic kvm_run exits, no /dev/kvm: one
 * row per exit kind, then the RIP and length rules and the VMCALL look;
 * the length of an OUT KVM retired, read backwards; a whole exit through
 * nested_exit__l2, absorbed (L0's device, MSR, L2's HLT with no wake-up)
 * and reflected (vmcs12's exit fields, L1 at its host state, a pending
 * instruction cancelled through the engine). */
#include <stdlib.h>
#include <string.h>

#include "l0/engine/kvm/kvm_engine.h"
#include "l0/nested/nested_int.h"
#include "tests/tap.h"

#define RAM_SIZE (1u << 20)

static struct machine m;
static struct options opts;
static struct nested n;
static struct kvm_run *run, *l1_run;
static struct vcpu l1, l2;

/* L2's engine: the kvm engine on a synthetic kvm_run, but for what needs
 * a KVM_RUN (cancel_pending: KVM would finish the IN, 1 byte, and the
 * registers would go back) and L2's MSRs (a one-MSR file). */
static struct engine_ops l2_ops;
static unsigned cancelled;
static uint64_t l2_msr_174 = 0x10;

static unsigned fake_cancel_pending(struct vcpu *v)
{
	cancelled++;
	return 1;
}

static int fake_msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	if (index != 0x174)
		return -1;
	*value = l2_msr_174;
	return 0;
}

static int fake_msr_write(void *opaque, uint32_t index, uint64_t value)
{
	if (index != 0x174)
		return -1;
	l2_msr_174 = value;
	return 0;
}

static struct msr_access fake_msrs(struct vcpu *v)
{
	return (struct msr_access){ NULL, fake_msr_read, fake_msr_write };
}

/* L2's exit as the kvm engine hands it to the nested code. */
static int to_event(struct nested_l2_exit *x)
{
	struct engine_event ev;

	kvm_engine__event(run, &ev);
	return nested_exit__to_event(&n, &l2, &ev, x);
}

static void setup(void)
{
	struct error err;

	opts.mem = RAM_SIZE;
	opts.serial = "none";
	opts.quiet = true;
	if (machine__init(&m, &opts, &err))
		diag("machine__init: %s", err.msg);
	l2_ops = kvm_engine__ops;
	l2_ops.cancel_pending = fake_cancel_pending;
	l2_ops.msrs = fake_msrs;
	run = calloc(1, 8192);
	l2.run = run;
	l2.ops = &l2_ops;
	l2.level = 2;
	l2.m = &m;
	l2.stats = &m.stats.level[2];
	l1_run = calloc(1, 8192);
	l1.run = l1_run;
	l1.ops = &l2_ops;
	l1.level = 1;
	l1.m = &m;
	l1.stats = &m.stats.level[1];
	l2.extra.known = true;	/* no KVM to ask: the cache is L2's state */
	l1.extra.known = true;
	n.l2 = l2;		/* the same kvm_run: what L0 does to n.l2, the test sees */
	n.m = &m;
	n.l1 = &l1;
	n.stats = &m.stats.nested;
	vmx_cpu__init(&n.cpu);
	/* Flat 64-bit L2, paging off for the code-byte look-ups. */
	run->s.regs.sregs.cs.l = 1;
}

static void exit_io(uint16_t port, uint8_t dir, uint8_t size, uint32_t count)
{
	run->exit_reason = KVM_EXIT_IO;
	run->io.port = port;
	run->io.direction = dir;
	run->io.size = size;
	run->io.count = count;
}

static void test_rows(void)
{
	static const struct row {
		const char *what;
		uint32_t kvm;
		uint32_t msr;
		unsigned reason;
		bool pending;
	} rows[] = {
		{ "HLT", KVM_EXIT_HLT, 0, 12, false },
		{ "RDMSR", KVM_EXIT_X86_RDMSR, 0x174, 31, true },
		{ "WRMSR", KVM_EXIT_X86_WRMSR, 0x174, 32, true },
		{ "SHUTDOWN", KVM_EXIT_SHUTDOWN, 0, 2, false },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct nested_l2_exit x;

		memset(&x, 0, sizeof(x));
		run->exit_reason = rows[i].kvm;
		run->msr.index = rows[i].msr;
		is_u64(to_event(&x), 0, "%s maps", rows[i].what);
		is_u64(x.ev.reason, rows[i].reason, "%s -> exit reason %u", rows[i].what,
		       rows[i].reason);
		is_u64(x.pending, rows[i].pending, "%s: KVM %s an instruction to finish",
		       rows[i].what, rows[i].pending ? "holds" : "holds no");
		if (rows[i].msr)
			is_u64(x.ev.msr.index, rows[i].msr, "%s: MSR index", rows[i].what);
	}
}

static void test_io(void)
{
	struct nested_l2_exit x;

	memset(&x, 0, sizeof(x));
	exit_io(0x80, KVM_EXIT_IO_OUT, 1, 1);
	to_event(&x);
	is_u64(x.ev.reason, 30, "OUT -> IO_INSTRUCTION");
	is_u64(x.info.qualification, 0x80ull << 16, "qualification: port 0x80, 1 byte, OUT");
	ok(!x.pending, "OUT is retired before the exit");
	memset(&x, 0, sizeof(x));
	exit_io(0x3fd, KVM_EXIT_IO_IN, 1, 1);
	to_event(&x);
	is_u64(x.info.qualification, 0x3fdull << 16 | 8, "IN: direction bit 3 set");
	ok(x.pending, "IN waits for its data");
	memset(&x, 0, sizeof(x));
	exit_io(0x3f8, KVM_EXIT_IO_OUT, 1, 5);
	to_event(&x);
	ok(x.ev.io.string && x.ev.io.rep, "count 5: REP OUTS");
}

static void test_hlt_rip(void)
{
	struct nested_l2_exit x;

	memset(&x, 0, sizeof(x));
	run->exit_reason = KVM_EXIT_HLT;
	run->s.regs.regs.rip = 0x2001;
	to_event(&x);
	is_u64(x.rip, 0x2000, "HLT: GUEST_RIP at the HLT, before KVM's advance");
	is_u64(x.info.instruction_len, 1, "HLT: length 1");
}

static void test_mmio_without_ept(void)
{
	struct nested_l2_exit x;

	memset(&x, 0, sizeof(x));
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = 0xfee00000;
	run->mmio.is_write = 1;
	to_event(&x);
	is_u64(x.ept, EPT_FAULT_NOT_RAM, "no EPT: an unmapped gpa is an L1 device");
	ok(x.facts.ept_fixable, "and L0's to handle");
}

static void test_kick(void)
{
	struct nested_l2_exit x;
	static const uint8_t vmcall[] = { 0x0f, 0x01, 0xc1 };

	memset(&x, 0, sizeof(x));
	run->exit_reason = KVM_EXIT_INTR;
	run->s.regs.regs.rip = 0x3000;
	to_event(&x);
	is_u64(x.ev.reason, 1, "kick elsewhere: L0's own (EXTERNAL_INTERRUPT)");
	ok(x.facts.own_kick, "own kick");
	memcpy(m.ram + 0x3000, vmcall, sizeof(vmcall));
	memset(&x, 0, sizeof(x));
	to_event(&x);
	is_u64(x.ev.reason, 18, "kick at a VMCALL: VMCALL exit (the livelock watchdog)");
	is_u64(x.info.instruction_len, 3, "VMCALL length 3");
}

static void test_vmx_insn(void)
{
	struct nested_l2_exit x;
	uint8_t *p = (uint8_t *)&run->internal.data[1];
	static const uint8_t vmptrld[] = { 0x0f, 0xc7, 0x30 };	/* vmptrld (%rax) */

	memset(&x, 0, sizeof(x));
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 4;
	run->internal.data[0] = 1;
	p[0] = sizeof(vmptrld);
	memcpy(p + 1, vmptrld, sizeof(vmptrld));
	is_u64(to_event(&x), 0, "VMX instruction in L2 maps");
	is_u64(x.ev.reason, 21, "VMPTRLD -> exit reason 21");
	is_u64(x.info.instruction_len, 3, "its length");
	run->internal.data[0] = 0;
	memset(&x, 0, sizeof(x));
	is_u64(to_event(&x), (uint64_t)-1, "no bytes: not a VMX exit");
}

/* nested_exit__out_len: the bytes before RIP, the exit's port and size,
 * DX and the code size; the OUT's length. */
static void test_out_len(void)
{
	static const struct row {
		const char *what;
		uint8_t before[3];
		uint16_t port, dx;
		unsigned size;
		bool code64;
		unsigned len;
	} rows[] = {
		{ "mov al,0x66; out dx,al", { 0xb0, 0x66, 0xee }, 0x80, 0x80, 1, true, 1 },
		{ "mov al,0xe6; out dx,al", { 0xb0, 0xe6, 0xee }, 0x80, 0x80, 1, true, 1 },
		{ "out 0x80,al", { 0x90, 0xe6, 0x80 }, 0x80, 0x3f8, 1, true, 2 },
		{ "out 0x80,ax (66 e7)", { 0x66, 0xe7, 0x80 }, 0x80, 0, 2, true, 3 },
		{ "out 0x80,eax", { 0x90, 0xe7, 0x80 }, 0x80, 0, 4, true, 2 },
		{ "out dx,eax", { 0x90, 0x90, 0xef }, 0x3f8, 0x3f8, 4, true, 1 },
		{ "out dx,ax (66 ef)", { 0x90, 0x66, 0xef }, 0x3f8, 0x3f8, 2, true, 2 },
		{ "16-bit code: out dx,ax", { 0x90, 0x66, 0xef }, 0x3f8, 0x3f8, 2, false, 1 },
		{ "16-bit code: out dx,eax (66 ef)", { 0x90, 0x66, 0xef }, 0x3f8, 0x3f8, 4, false, 2 },
		{ "port 0x80 but E6 81 before RIP: out dx,al", { 0xe6, 0x81, 0xee }, 0x80, 0x80, 1, true, 1 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct cpu_state c;

		memset(&c, 0, sizeof(c));
		c.rip = 0x5003;
		c.gpr[CPU_RDX] = r->dx;
		c.seg[CPU_SEG_CS].ar = r->code64 ? CPU_AR_L : 0;
		memcpy(m.ram + 0x5000, r->before, 3);
		is_u64(nested_exit__out_len(&n, &c, r->port, r->size), r->len, "OUT length: %s", r->what);
	}
}

/* vmcs12 as L1 would leave it for L2: a current VMCS, the controls given,
 * host state of a flat 64-bit L1. */
static struct vmcs12 *l1_vmcs(uint32_t proc)
{
	struct vmcs12 *v;

	n.cpu.current_vmcs = 0x8000;
	v = vmx_cpu__vmcs12(&n.cpu);
	memset(v, 0, sizeof(*v));
	v->proc_based_controls = proc;
	v->exit_controls = 1u << 9;		/* host address-space size */
	v->host_cr0 = 0x80000031;
	v->host_cr4 = 0x2020;
	v->host_ia32_efer = 0x500;
	v->host_cs_selector = 0x8;
	v->host_ss_selector = 0x10;
	v->host_tr_selector = 0x18;
	v->host_rip = 0x100000;
	v->host_rsp = 0x200000;
	return v;
}

static enum dispatch_action l2_exit(struct engine_event *e)
{
	kvm_engine__event(run, e);
	return nested_exit__l2(&n, &l2, e);
}

static void test_absorb(void)
{
	struct engine_event e;
	uint64_t before;

	memset(run, 0, sizeof(*run));
	l1_vmcs(0);	/* no I/O exiting, no MSR bitmaps, no HLT exiting */
	before = m.stats.level[2].io_ports[0x81].writes;
	exit_io(0x81, KVM_EXIT_IO_OUT, 1, 1);
	is_u64(l2_exit(&e), DISPATCH_CONTINUE, "absorb: OUT with no I/O exiting goes on");
	is_u64(m.stats.level[2].io_ports[0x81].writes, before + 1, "  to L0's port 0x81, counted");
	is_u64(m.next_vcpu == &l1, 0, "  L1 does not run");

	/* MSR bitmaps on and all clear: RDMSR/WRMSR of 0x174 stay with L0,
	 * which answers from L2's own MSRs. */
	l1_vmcs(VMX_PROC_USE_MSR_BITMAPS)->msr_bitmap = 0x9000;
	memset(m.ram + 0x9000, 0, 4096);
	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_X86_RDMSR;
	run->msr.index = 0x174;
	is_u64(l2_exit(&e), DISPATCH_CONTINUE, "absorb: RDMSR with its bitmap bit clear");
	is_u64(e.msr.value, 0x10, "  L2's MSR value");
	ok(!e.msr.gp, "  no #GP");
	run->exit_reason = KVM_EXIT_X86_WRMSR;
	run->msr.data = 0x20;
	is_u64(l2_exit(&e), DISPATCH_CONTINUE, "absorb: WRMSR with its bitmap bit clear");
	is_u64(l2_msr_174, 0x20, "  written to L2's MSR");
	run->exit_reason = KVM_EXIT_X86_RDMSR;
	run->msr.index = 0x175;
	l2_exit(&e);
	ok(e.msr.gp, "absorb: RDMSR of an MSR L2 has not: #GP");
	is_u64(cancelled, 0, "absorbed exits cancel nothing");

	/* HLT that L1 does not intercept: L2 enters the HLT activity state,
	 * its vcpu kicked so that its next run is the kick; with no
	 * preemption timer to end the state, that kick ends the run. */
	l1_vmcs(0);
	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_HLT;
	is_u64(l2_exit(&e), DISPATCH_CONTINUE, "absorb: HLT not intercepted goes on");
	ok(n.l2_halted, "  L2 is in the HLT activity state");
	is_u64(run->immediate_exit, 1, "  its vcpu kicked");
	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_INTR;
	run->s.regs.sregs.cs.l = 1;
	is_u64(l2_exit(&e), DISPATCH_CRASH, "  the kick with no preemption timer stops the run");
	ok(strstr(m.result.message, "nothing can wake it") != NULL, "  and says why");
	memset(&m.result, 0, sizeof(m.result));
	n.l2_halted = false;
}

static void test_reflect(void)
{
	struct engine_event e;
	struct vmcs12 *v;
	struct cpu_state c;

	/* HLT intercepted: GUEST_RIP at the HLT, length 1, L1 at its host RIP. */
	v = l1_vmcs(VMX_PROC_HLT_EXITING);
	memset(run, 0, sizeof(*run));
	run->exit_reason = KVM_EXIT_HLT;
	run->s.regs.sregs.cs.l = 1;
	run->s.regs.regs.rip = 0x4001;
	run->s.regs.regs.rsp = 0x7000;
	m.next_vcpu = NULL;
	is_u64(l2_exit(&e), DISPATCH_SWITCH, "reflect: HLT intercepted switches to L1");
	is_u64(v->exit_reason, 12, "  exit reason HLT in vmcs12");
	is_u64(v->guest_rip, 0x4000, "  GUEST_RIP at the HLT");
	is_u64(v->guest_rsp, 0x7000, "  GUEST_RSP saved");
	is_u64(v->exit_instruction_len, 1, "  instruction length 1");
	ok(m.next_vcpu == &l1, "  L1 runs next");
	l1.ops->get_state(&l1, &c);
	is_u64(c.rip, 0x100000, "  L1 at vmcs12's host RIP");
	is_u64(c.gpr[CPU_RSP], 0x200000, "  and host RSP");

	/* OUT to 0x80 with unconditional I/O exiting, after mov al,0x66:
	 * KVM retired it, L1 sees it before the OUT, 1 byte long. */
	v = l1_vmcs(VMX_PROC_UNCOND_IO_EXITING);
	memset(run, 0, sizeof(*run));
	run->s.regs.sregs.cs.l = 1;
	run->s.regs.regs.rip = 0x5003;
	run->s.regs.regs.rdx = 0x80;
	memcpy(m.ram + 0x5000, (const uint8_t[]){ 0xb0, 0x66, 0xee }, 3);
	exit_io(0x80, KVM_EXIT_IO_OUT, 1, 1);
	is_u64(l2_exit(&e), DISPATCH_SWITCH, "reflect: OUT with unconditional I/O exiting");
	is_u64(v->exit_reason, 30, "  exit reason IO_INSTRUCTION");
	is_u64(v->exit_qualification, 0x80ull << 16, "  qualification: port 0x80, 1 byte, OUT, DX form");
	is_u64(v->exit_instruction_len, 1, "  `out dx,al` after `mov al,0x66` is 1 byte");
	is_u64(v->guest_rip, 0x5002, "  GUEST_RIP at the OUT");
	is_u64(cancelled, 0, "  a retired OUT cancels nothing");

	/* IN: KVM holds it unfinished; the engine cancels it and gives its
	 * length, RIP stays at the IN. */
	v = l1_vmcs(VMX_PROC_UNCOND_IO_EXITING);
	memset(run, 0, sizeof(*run));
	run->s.regs.sregs.cs.l = 1;
	run->s.regs.regs.rip = 0x6000;
	exit_io(0x60, KVM_EXIT_IO_IN, 1, 1);
	is_u64(l2_exit(&e), DISPATCH_SWITCH, "reflect: IN with unconditional I/O exiting");
	is_u64(cancelled, 1, "  the pending IN is cancelled through the engine, once");
	is_u64(v->exit_instruction_len, 1, "  its length is the engine's");
	is_u64(v->guest_rip, 0x6000, "  GUEST_RIP at the IN");
	is_u64(v->exit_qualification, 0x60ull << 16 | 8, "  qualification: port 0x60, IN");
	is_u64(exit_counters__get(&m.stats.nested.exits, 30, EXIT_ROUTE_L1), 2, "reflected I/O exits counted: the OUT and the IN");
}

int main(void)
{
	setup();
	test_rows();
	test_io();
	test_hlt_rip();
	test_mmio_without_ept();
	test_kick();
	test_vmx_insn();
	test_out_len();
	test_absorb();
	test_reflect();
	vmx_decode__close(&n.decoder);
	return done_testing();
}
