/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/nested_exit.c: L2's KVM exits mapped to VMX exit events
 * (nested_exit__to_event) with synthetic kvm_run exits, no /dev/kvm: one
 * row per exit kind, then the RIP and length rules and the VMCALL look. */
#include <stdlib.h>
#include <string.h>

#include "l0/engine/kvm/kvm_engine.h"
#include "l0/nested/nested_int.h"
#include "tests/tap.h"

#define RAM_SIZE (1u << 20)

static struct machine m;
static struct nested n;
static struct kvm_run *run;
static struct vcpu l2;

/* L2's exit as the kvm engine hands it to the nested code. */
static int to_event(struct nested_l2_exit *x)
{
	struct engine_event ev;

	kvm_engine__event(run, &ev);
	return nested_exit__to_event(&n, &l2, &ev, x);
}

static void setup(void)
{
	run = calloc(1, 8192);
	l2.run = run;
	l2.ops = &kvm_engine__ops;
	l2.level = 2;
	l2.extra.known = true;	/* no KVM to ask: the cache is L2's state */
	m.ram = calloc(1, RAM_SIZE);
	m.ram_size = RAM_SIZE;
	guest_ram__init(&m);
	n.m = &m;
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

int main(void)
{
	setup();
	test_rows();
	test_io();
	test_hlt_rip();
	test_mmio_without_ept();
	test_kick();
	test_vmx_insn();
	vmx_decode__close(&n.decoder);
	return done_testing();
}
