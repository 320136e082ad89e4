/* SPDX-License-Identifier: GPL-2.0-only */
/* VM entry (SDM 27.3.2, 27.4, 27.6), VM exit (28.2-28.4) and host-state
 * loading (28.5, 28.6) on a realistic vmcs12: a 64-bit L2 under a 64-bit
 * L1, as a Linux-like hypervisor would build it. */
#include "tests/tap.h"
#include "exit-forwarder/exit_reasons.h"
#include "vmcs-merge/vm_switch.h"
#include "vmcs-merge/vmx_controls.h"
#include "mem_buf.h"

#define ENTRY_LIST 0x1000ull
#define STORE_LIST 0x2000ull
#define EXIT_LIST  0x3000ull

/* MSRs outside cpu_state: a small file with a #GP index. */
struct msrs {
	uint64_t kernel_gs_base, star;
	unsigned writes;
};

static int msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	struct msrs *m = opaque;

	switch (index) {
	case 0xc0000102: *value = m->kernel_gs_base; return 0;
	case 0xc0000081: *value = m->star; return 0;
	default: return -1;
	}
}

static int msr_write(void *opaque, uint32_t index, uint64_t value)
{
	struct msrs *m = opaque;

	m->writes++;
	switch (index) {
	case 0xc0000102: m->kernel_gs_base = value; return 0;
	case 0xc0000081: m->star = value; return 0;
	default: return -1;
	}
}

static struct mem_buf mem;

static void put_entry(uint64_t list, unsigned i, uint32_t index, uint32_t rsvd, uint64_t value)
{
	mem_buf__put32(&mem, list + 16 * i, index);
	mem_buf__put32(&mem, list + 16 * i + 4, rsvd);
	mem_buf__put64(&mem, list + 16 * i + 8, value);
}

static void guest64(struct vmcs12 *v)
{
	static const struct { uint16_t sel; uint32_t ar; } segs[CPU_SEG_COUNT] = {
		[CPU_SEG_ES] = { 0x18, 0xc093 }, [CPU_SEG_CS] = { 0x10, 0xa09b },
		[CPU_SEG_SS] = { 0x18, 0xc093 }, [CPU_SEG_DS] = { 0x18, 0xc093 },
		[CPU_SEG_FS] = { 0, 0x10000 },   [CPU_SEG_GS] = { 0, 0x10000 },
		[CPU_SEG_LDTR] = { 0, 0x10000 }, [CPU_SEG_TR] = { 0x28, 0x8b },
	};

	*v = (struct vmcs12){ 0 };
	v->pin_based_controls = VMX_PIN_DEFAULT1 | VMX_PIN_EXTINT_EXITING | VMX_PIN_PREEMPTION_TIMER;
	v->entry_controls = VMX_ENTRY_DEFAULT1 | VMX_ENTRY_IA32E_MODE_GUEST |
			    VMX_ENTRY_LOAD_EFER | VMX_ENTRY_LOAD_PAT | VMX_ENTRY_LOAD_DEBUG_CONTROLS;
	v->exit_controls = VMX_EXIT_DEFAULT1 | VMX_EXIT_HOST_ADDR_SPACE_SIZE |
			   VMX_EXIT_SAVE_EFER | VMX_EXIT_SAVE_PAT | VMX_EXIT_SAVE_DEBUG_CONTROLS |
			   VMX_EXIT_SAVE_PREEMPTION_TIMER;
	v->guest_cr0 = 0x80050033;
	v->guest_cr3 = 0x7000;
	v->guest_cr4 = 0x3006f0;
	v->guest_dr7 = 0x401;
	v->guest_ia32_debugctl = 0x1;
	v->guest_ia32_pat = 0x0007040600070406ull;
	v->guest_ia32_efer = 0xd01;
	v->guest_ia32_sysenter_cs = 0x10;
	v->guest_ia32_sysenter_esp = 0xffff880000010000ull;
	v->guest_ia32_sysenter_eip = 0xffffffff81800000ull;
	for (unsigned i = 0; i < CPU_SEG_COUNT; i++) {
		vmcs12__write(v, VMCS_GUEST_ES_SELECTOR + 2 * i, segs[i].sel);
		vmcs12__write(v, VMCS_GUEST_ES_AR + 2 * i, segs[i].ar);
		vmcs12__write(v, VMCS_GUEST_ES_LIMIT + 2 * i, segs[i].ar & 0x10000 ? 0 : 0xffffffff);
	}
	v->guest_fs_base = 0x7f0000001000ull;
	v->guest_gs_base = 0xffff888000200000ull;
	v->guest_tr_base = 0xfffffe0000003000ull;
	v->guest_tr_limit = 0x4087;
	v->guest_gdtr_base = 0xfffffe0000001000ull;
	v->guest_gdtr_limit = 0x7f;
	v->guest_idtr_base = 0xfffffe0000000000ull;
	v->guest_idtr_limit = 0xfff;
	v->guest_rip = 0xffffffff81000000ull;
	v->guest_rsp = 0xffffc90000003f00ull;
	v->guest_rflags = 0x246;
	v->guest_interruptibility = 1;
	v->guest_pending_dbg_exceptions = 0x4000;
	v->preemption_timer_value = 12345;
	v->entry_intr_info = 1u << 31 | 1u << 11 | 3u << 8 | 14;	/* #PF */
	v->entry_exception_error_code = 2;
	v->vmcs_link_pointer = ~0ull;

	v->host_cr0 = 0x80050033;
	v->host_cr3 = 0x1000;
	v->host_cr4 = 0x2626f0;
	v->host_cs_selector = 0x10;
	v->host_ss_selector = 0;
	v->host_ds_selector = 0x18;
	v->host_es_selector = 0x18;
	v->host_fs_selector = 0;
	v->host_gs_selector = 0;
	v->host_tr_selector = 0x40;
	v->host_fs_base = 0x7fff00000000ull;
	v->host_gs_base = 0xffff88807fc00000ull;
	v->host_tr_base = 0xfffffe0000100000ull;
	v->host_gdtr_base = 0xfffffe0000101000ull;
	v->host_idtr_base = 0xfffffe0000000000ull;
	v->host_ia32_sysenter_cs = 0x10;
	v->host_ia32_sysenter_esp = 0xfffffe0000102000ull;
	v->host_ia32_sysenter_eip = 0xffffffff81a00000ull;
	v->host_rip = 0xffffffffa0001234ull;
	v->host_rsp = 0xffffc90000100000ull;
	v->host_ia32_pat = 0x0007010600070106ull;
}

static void l1_state(struct cpu_state *s)
{
	*s = (struct cpu_state){ 0 };
	for (unsigned i = 0; i < CPU_GPR_COUNT; i++)
		s->gpr[i] = 0x1000 + i;
	s->cr2 = 0xdead000;
	s->efer = 0xd01;
	s->cr0 = 0x80050033;
	s->cr4 = 0x2626f0;
}

static void entry(struct msrs *m, const struct msr_access *acc)
{
	struct vmcs12 v;
	struct cpu_state l1, l2;
	struct vm_entry_result r;

	guest64(&v);
	l1_state(&l1);
	put_entry(ENTRY_LIST, 0, 0xc0000102, 0, 0xffff888000300000ull);
	put_entry(ENTRY_LIST, 1, 0x277, 0, 0x0606060606060606ull);
	v.entry_msr_load_addr = ENTRY_LIST;
	v.entry_msr_load_count = 2;
	r = vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc);
	ok(!r.failed, "entry: loads");
	is_u64(l2.gpr[CPU_RAX], 0x1000, "entry: RAX passes from L1");
	is_u64(l2.gpr[CPU_R15], 0x100f, "entry: R15 passes from L1");
	is_u64(l2.gpr[CPU_RSP], v.guest_rsp, "entry: RSP from the guest field");
	is_u64(l2.cr2, 0xdead000, "entry: CR2 passes from L1");
	is_u64(l2.rip, v.guest_rip, "entry: RIP");
	is_u64(l2.rflags, 0x246, "entry: RFLAGS");
	is_u64(l2.cr3, 0x7000, "entry: CR3");
	is_u64(l2.efer, 0xd01, "entry: EFER from the field (load IA32_EFER)");
	is_u64(l2.dr7, 0x401, "entry: DR7 (load debug controls)");
	is_u64(l2.seg[CPU_SEG_CS].ar, 0xa09b, "entry: CS access rights");
	is_u64(l2.seg[CPU_SEG_TR].base, v.guest_tr_base, "entry: TR base");
	is_u64(l2.seg[CPU_SEG_FS].base, v.guest_fs_base, "entry: FS base of an unusable FS");
	is_u64(l2.seg[CPU_SEG_LDTR].ar, 0x10000, "entry: LDTR unusable");
	is_u64(l2.idtr.limit, 0xfff, "entry: IDTR limit");
	is_u64(l2.event.info, v.entry_intr_info, "entry: event to inject");
	is_u64(l2.event.error_code, 2, "entry: its error code");
	ok(l2.preemption_timer_active && l2.preemption_timer == 12345, "entry: preemption timer");
	is_u64(l2.pat, 0x0606060606060606ull, "entry: MSR list overrides the PAT field");
	is_u64(m->kernel_gs_base, 0xffff888000300000ull, "entry: MSR list writes other MSRs");

	/* Without "load IA32_EFER": LMA/LME from "IA-32e mode guest". */
	v.entry_controls &= ~(uint32_t)VMX_ENTRY_LOAD_EFER;
	v.entry_msr_load_count = 0;
	l1.efer = 0x1;
	vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc);
	is_u64(l2.efer, 0x501, "entry: EFER.LMA and LME follow IA-32e mode guest");
	v.entry_controls &= ~(uint32_t)(VMX_ENTRY_IA32E_MODE_GUEST | VMX_ENTRY_LOAD_DEBUG_CONTROLS);
	v.entry_intr_info = 0;
	l1.efer = 0xd01;
	l1.dr7 = 0x400;
	vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc);
	is_u64(l2.efer, 0x801, "entry: ... and are cleared for a 32-bit guest");
	is_u64(l2.dr7, 0x400, "entry: DR7 stays without load debug controls");
	is_u64(l2.event.info, 0, "entry: no event without the valid bit");
}

/* SDM 27.4: one row per failing MSR-load entry. */
static void entry_failures(const struct msr_access *acc)
{
	static const struct { const char *name; uint32_t index, rsvd; } bad[] = {
		{ "IA32_FS_BASE", 0xc0000100, 0 },
		{ "IA32_GS_BASE", 0xc0000101, 0 },
		{ "x2APIC MSR", 0x808, 0 },
		{ "IA32_SMM_MONITOR_CTL", 0x9b, 0 },
		{ "reserved bits 63:32", 0xc0000102, 1 },
		{ "MSR that #GPs", 0x12345678, 0 },
	};
	struct vmcs12 v;
	struct cpu_state l1, l2;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vm_entry_result r;

		guest64(&v);
		l1_state(&l1);
		put_entry(ENTRY_LIST, 0, 0xc0000102, 0, 1);
		put_entry(ENTRY_LIST, 1, 0x277, 0, 2);
		put_entry(ENTRY_LIST, 2, bad[i].index, bad[i].rsvd, 3);
		v.entry_msr_load_addr = ENTRY_LIST;
		v.entry_msr_load_count = 3;
		r = vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc);
		ok(r.failed, "entry MSR load fails on %s", bad[i].name);
		is_u64(r.exit_reason, EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_MSR_LOAD_FAIL,
		       "... exit reason 34 with bit 31");
		is_u64(r.qualification, 3, "... qualification names entry 3");
		vm_entry__fail(&v, &r);
		is_u64(v.exit_reason, r.exit_reason, "... recorded in vmcs12");
	}
	guest64(&v);
	put_entry(MEM_BUF_SIZE - 16, 0, 0x277, 0, 6);
	v.entry_msr_load_addr = MEM_BUF_SIZE - 16;
	v.entry_msr_load_count = 2;
	is_u64(vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc).qualification, 2,
	       "entry MSR list running out of RAM fails at that entry");
	v.entry_msr_load_addr = ENTRY_LIST;
	v.entry_msr_load_count = 0xffffffffu;
	ok(vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc).failed,
	   "entry MSR list longer than 512 fails");
}

static void exit_path(struct msrs *m, const struct msr_access *acc)
{
	struct vmcs12 v, orig;
	struct cpu_state l1, l2, back;
	struct vmx_exit_info info = {
		.reason = EXIT_REASON_CPUID, .instruction_len = 2,
		.qualification = 0, .idt_vectoring_info = 1u << 31 | 3u << 8 | 14,
	};
	unsigned diff = 0;

	guest64(&v);
	v.entry_intr_info = 0;
	orig = v;
	l1_state(&l1);
	vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc);
	/* An exit with nothing changed gives back every guest field. */
	is_u64(vm_exit__save_guest(&v, &l2, &info, &mem.mem, acc), VMX_ABORT_NONE,
	       "exit: saves");
	for (unsigned i = 0; i < VMCS_FIELD_COUNT; i++)
		if (vmcs_fields[i].type == VMCS_TYPE_GUEST &&
		    vmcs12__get(&v, &vmcs_fields[i]) != vmcs12__get(&orig, &vmcs_fields[i])) {
			diff++;
			diag("%s changed", vmcs_fields[i].name);
		}
	is_u64(diff, 0, "exit: entry then exit round-trips every guest field");
	is_u64(v.exit_reason, EXIT_REASON_CPUID, "exit: reason");
	is_u64(v.exit_instruction_len, 2, "exit: instruction length");
	is_u64(v.idt_vectoring_info, info.idt_vectoring_info, "exit: IDT-vectoring information");

	/* L2 ran: its changes land in vmcs12. */
	l2.rip += 2;
	l2.gpr[CPU_RSP] -= 8;
	l2.cr3 = 0x9000;
	l2.seg[CPU_SEG_CS].ar |= 0xfffe0f00;	/* bits the VMCS format keeps 0 */
	l2.efer = 0x501 & ~0x500ull;		/* left long mode */
	l2.preemption_timer = 100;
	v.entry_intr_info = 1u << 31 | 14;
	m->star = 0x23001000000000ull;
	put_entry(STORE_LIST, 0, 0xc0000081, 0, 0);
	put_entry(STORE_LIST, 1, 0xc0000100, 0, 0);
	v.exit_msr_store_addr = STORE_LIST;
	v.exit_msr_store_count = 2;
	vm_exit__save_guest(&v, &l2, &info, &mem.mem, acc);
	is_u64(v.guest_rip, orig.guest_rip + 2, "exit: RIP saved");
	is_u64(v.guest_rsp, orig.guest_rsp - 8, "exit: RSP saved");
	is_u64(v.guest_cr3, 0x9000, "exit: CR3 saved");
	is_u64(v.guest_cs_ar, 0xa09b, "exit: access-rights bits 31:17, 11:8 saved as 0");
	is_u64(v.entry_controls & VMX_ENTRY_IA32E_MODE_GUEST, 0, "exit: IA-32e mode guest from EFER.LMA");
	is_u64(v.preemption_timer_value, 100, "exit: preemption timer saved");
	is_u64(v.entry_intr_info >> 31, 0, "exit: entry interruption information invalidated");
	is_u64(mem_buf__get64(&mem, STORE_LIST + 8), 0x23001000000000ull, "exit: MSR store through the callback");
	is_u64(mem_buf__get64(&mem, STORE_LIST + 24), l2.seg[CPU_SEG_FS].base, "exit: MSR store of FS base from state");
	put_entry(STORE_LIST, 1, 0x9e, 0, 0);
	is_u64(vm_exit__save_guest(&v, &l2, &info, &mem.mem, acc), VMX_ABORT_SAVE_GUEST_MSR,
	       "exit: storing IA32_SMBASE is a VMX abort");
	put_entry(STORE_LIST, 1, 0x80a, 0, 0);
	is_u64(vm_exit__save_guest(&v, &l2, &info, &mem.mem, acc), VMX_ABORT_SAVE_GUEST_MSR,
	       "exit: storing an x2APIC MSR is a VMX abort");

	/* Host state. */
	guest64(&v);
	l1_state(&l1);
	vm_entry__load_guest(&v, &l1, &l2, &mem.mem, acc);
	l2.gpr[CPU_RAX] = 0xaaaa;
	l2.cr0 |= 1ull << 30;		/* CD: not modified by the exit */
	l2.dr7 = 0x455;
	put_entry(EXIT_LIST, 0, 0xc0000102, 0, 0x4242);
	v.exit_msr_load_addr = EXIT_LIST;
	v.exit_msr_load_count = 1;
	is_u64(vm_exit__load_host(&v, &l2, &back, &mem.mem, acc), VMX_ABORT_NONE, "host: loads");
	is_u64(back.gpr[CPU_RAX], 0xaaaa, "host: RAX as L2 left it");
	is_u64(back.gpr[CPU_RSP], v.host_rsp, "host: RSP");
	is_u64(back.rip, v.host_rip, "host: RIP");
	is_u64(back.rflags, 0x2, "host: RFLAGS = 2");
	is_u64(back.dr7, 0x400, "host: DR7 = 0x400");
	is_u64(back.debugctl, 0, "host: DEBUGCTL cleared");
	is_u64(back.cr0, 0x80050033 | 1ull << 30, "host: CR0 from the field, CD kept");
	is_u64(back.cr3, 0x1000, "host: CR3");
	is_u64(back.cr4, 0x2626f0 | 0x20, "host: CR4 with PAE and VMXE");
	is_u64(back.efer, 0xd01, "host: EFER.LMA/LME from host address-space size");
	is_u64(back.pat, l2.pat, "host: PAT unchanged without load IA32_PAT");
	is_u64(back.seg[CPU_SEG_CS].ar, 0xa09b, "host: CS 64-bit code");
	is_u64(back.seg[CPU_SEG_CS].limit, 0xffffffff, "host: CS limit");
	is_u64(back.seg[CPU_SEG_SS].ar, 0x10000, "host: null SS unusable");
	is_u64(back.seg[CPU_SEG_DS].ar, 0xc093, "host: DS flat data");
	is_u64(back.seg[CPU_SEG_GS].base, v.host_gs_base, "host: GS base");
	is_u64(back.seg[CPU_SEG_GS].ar, 0x10000, "host: null GS unusable, base still loaded");
	is_u64(back.seg[CPU_SEG_TR].ar, 0x8b, "host: TR busy TSS");
	is_u64(back.seg[CPU_SEG_TR].limit, 0x67, "host: TR limit 0x67");
	is_u64(back.seg[CPU_SEG_LDTR].ar, 0x10000, "host: LDTR unusable");
	is_u64(back.gdtr.limit, 0xffff, "host: GDTR limit");
	is_u64(back.sysenter_eip, v.host_ia32_sysenter_eip, "host: SYSENTER_EIP");
	is_u64(back.event.info, 0, "host: no pending event");
	is_u64(m->kernel_gs_base, 0x4242, "host: MSR-load list applied");

	v.exit_controls |= VMX_EXIT_LOAD_PAT | VMX_EXIT_LOAD_EFER;
	v.host_ia32_efer = 0x501;
	v.exit_msr_load_count = 0;
	vm_exit__load_host(&v, &l2, &back, &mem.mem, acc);
	is_u64(back.pat, v.host_ia32_pat, "host: PAT with load IA32_PAT");
	is_u64(back.efer, 0x501, "host: EFER with load IA32_EFER");

	v.exit_controls &= ~(uint32_t)(VMX_EXIT_HOST_ADDR_SPACE_SIZE | VMX_EXIT_LOAD_EFER);
	v.host_cr4 = 0x200f0 | 1u << 17;
	vm_exit__load_host(&v, &l2, &back, &mem.mem, acc);
	is_u64(back.seg[CPU_SEG_CS].ar, 0xc09b, "host 32-bit: CS D=1, L=0");
	is_u64(back.efer & 0x500, 0, "host 32-bit: EFER.LMA/LME clear");
	is_u64(back.cr4 & (1u << 17), 0, "host 32-bit: CR4.PCIDE cleared");
	is_u64(back.sysenter_eip, (uint32_t)v.host_ia32_sysenter_eip, "host 32-bit: SYSENTER_EIP truncated");

	put_entry(EXIT_LIST, 0, 0xc0000100, 0, 0);
	v.exit_msr_load_count = 1;
	is_u64(vm_exit__load_host(&v, &l2, &back, &mem.mem, acc), VMX_ABORT_LOAD_HOST_MSR,
	       "host: loading FS base from the list is a VMX abort");
}

int main(void)
{
	struct msrs m = { 0 };
	struct msr_access acc = { .opaque = &m, .read = msr_read, .write = msr_write };

	mem_buf__init(&mem);
	entry(&m, &acc);
	entry_failures(&acc);
	exit_path(&m, &acc);
	return done_testing();
}
