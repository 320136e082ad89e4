/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/nested_cpu_state.c: struct cpu_state <-> KVM sync regs
 * (l0/engine/kvm/cpu_state_kvm.c), no /dev/kvm: GPR order, segments in the VMCS
 * access-rights format both ways, CR4.VMXE kept out of KVM, the accessed
 * bit, interruptibility and the event to inject. */
#include <string.h>

#include "l0/engine/kvm/cpu_state_kvm.h"
#include "tests/tap.h"

static void test_gprs(void)
{
	struct kvm_sync_regs s;
	struct cpu_state c;

	memset(&s, 0, sizeof(s));
	s.regs.rax = 1; s.regs.rcx = 2; s.regs.rdx = 3; s.regs.rbx = 4;
	s.regs.rsp = 5; s.regs.rbp = 6; s.regs.rsi = 7; s.regs.rdi = 8;
	s.regs.r8 = 9; s.regs.r15 = 16; s.regs.rip = 0x1234; s.regs.rflags = 0x202;
	cpu_state_kvm__from_kvm(&s, 0, &c);
	for (unsigned i = 0; i < 8; i++)
		is_u64(c.gpr[i], i + 1, "GPR %u in encoding order", i);
	is_u64(c.gpr[CPU_R8], 9, "R8");
	is_u64(c.gpr[CPU_R15], 16, "R15");
	is_u64(c.rip, 0x1234, "RIP");
	is_u64(c.rflags, 0x202, "RFLAGS");
	is_u64(*cpu_state_kvm__gpr(&s.regs, CPU_RDI), 8, "gpr() by number: RDI");
	c.gpr[CPU_RBX] = 0x77;
	cpu_state_kvm__to_kvm(&c, &s);
	is_u64(s.regs.rbx, 0x77, "RBX back to KVM");
	is_u64(s.regs.rsp, 5, "RSP back to KVM");
}

/* One row per segment shape: KVM form, VMCS access rights. */
static const struct seg_row {
	const char *what;
	struct kvm_segment k;
	uint32_t ar;
} seg_rows[] = {
	{ "64-bit code", { .type = 0xb, .s = 1, .present = 1, .l = 1, .g = 1 }, 0xa09b },
	{ "flat data", { .type = 0x3, .s = 1, .present = 1, .db = 1, .g = 1 }, 0xc093 },
	{ "CPL3 data", { .type = 0x3, .s = 1, .dpl = 3, .present = 1, .db = 1, .g = 1 }, 0xc0f3 },
	{ "busy TSS", { .type = 0xb, .present = 1 }, 0x008b },
	{ "unusable LDT", { .type = 0x2, .unusable = 1 }, 0x10002 },
};

static void test_segments(void)
{
	for (size_t i = 0; i < sizeof(seg_rows) / sizeof(seg_rows[0]); i++) {
		const struct seg_row *r = &seg_rows[i];
		struct cpu_segment c;
		struct kvm_segment back;

		cpu_state_kvm__seg_from_kvm(&r->k, &c);
		is_u64(c.ar, r->ar, "%s: access rights 0x%x", r->what, r->ar);
		cpu_state_kvm__seg_to_kvm(&c, &back);
		ok(back.type == r->k.type && back.s == r->k.s && back.dpl == r->k.dpl &&
		   back.present == r->k.present && back.l == r->k.l && back.db == r->k.db &&
		   back.g == r->k.g && back.unusable == r->k.unusable, "%s: round trip", r->what);
	}
}

static void test_accessed_bit(void)
{
	struct kvm_segment k = { .type = 0xa, .s = 1, .dpl = 3, .present = 1, .l = 1 };
	struct cpu_segment c;

	cpu_state_kvm__seg_from_kvm(&k, &c);
	is_u64(c.ar & 0xf, 0xb, "a loaded code segment is accessed (SDM 3.4.5.1)");
}

static void test_cr4_vmxe(void)
{
	struct kvm_sync_regs s;
	struct cpu_state c;

	memset(&s, 0, sizeof(s));
	s.sregs.cr4 = 0x20;
	cpu_state_kvm__from_kvm(&s, 1, &c);
	is_u64(c.cr4, 0x2020, "virtual CR4.VMXE added to KVM's CR4");
	cpu_state_kvm__from_kvm(&s, 0, &c);
	is_u64(c.cr4, 0x20, "no VMXE without VMX");
	c.cr4 = 0x2020;
	cpu_state_kvm__to_kvm(&c, &s);
	is_u64(s.sregs.cr4, 0x20, "VMXE never reaches KVM");
}

static void test_events(void)
{
	struct kvm_sync_regs s;
	struct cpu_state c;

	memset(&s, 0, sizeof(s));
	s.events.interrupt.shadow = KVM_X86_SHADOW_INT_MOV_SS;
	s.events.nmi.masked = 1;
	cpu_state_kvm__from_kvm(&s, 0, &c);
	is_u64(c.interruptibility, 0xa, "MOV-SS blocking and NMI blocking (SDM 25.4.2)");
	memset(&c, 0, sizeof(c));
	c.event.info = 0x80000b0e;	/* valid, hardware exception, error code, #PF */
	c.event.error_code = 6;
	s.events.exception.injected = 0;
	cpu_state_kvm__to_kvm(&c, &s);
	ok(s.events.exception.injected && s.events.exception.nr == 14 &&
	   s.events.exception.has_error_code && s.events.exception.error_code == 6,
	   "VM-entry #PF with error code becomes KVM's injected exception");
	is_u64(s.events.interrupt.shadow, 0, "blocking of the other level does not leak");
	c.event.info = 0x80000020;	/* valid, external interrupt 0x20 */
	cpu_state_kvm__to_kvm(&c, &s);
	ok(s.events.interrupt.injected && s.events.interrupt.nr == 0x20 &&
	   !s.events.exception.injected, "external interrupt 0x20 injected as an interrupt");
}

int main(void)
{
	test_gprs();
	test_segments();
	test_accessed_bit();
	test_cr4_vmxe();
	test_events();
	return done_testing();
}
