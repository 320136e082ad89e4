/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-hv [timer=N] [break=NAME|all] [attack=NAME] [evmcs=no] [apic-timer=ack|noack]
 *       [vectoring]:
 * runs its first multiboot module as an
 * L2 guest under VMX, with the module's string ("IMAGE ARGS...") as L2's
 * command line.  timer=N also arms the VMX-preemption timer with N
 * (re-armed at each of its exits).  break=NAME spoils one VMCS field and
 * checks that VMLAUNCH fails as the SDM says (breaks.c); break=all runs
 * every such row, then L2 (vmcheck.c).  attack=NAME hands L0 what a
 * hostile hypervisor would and checks what the SDM says L1 gets
 * (attacks.c; attack=list names the rows).  Exit status 0 when L2 exited 0
 * (or the break failed as expected) and every check held.  evmcs=no keeps
 * the pv flavour's VMREAD/VMWRITE as hypercalls (no enlightened VMCS), to
 * compare the two.  apic-timer=ack|noack takes five of l1-hv's own APIC
 * timer interrupts while L2 runs, with external-interrupt exiting, with or
 * without acknowledge-on-exit, then ends the run (apic_timer.c).
 * vectoring (with l2-inject.elf) makes each injected event's delivery an
 * EPT violation and checks its IDT-vectoring information (vectoring.c).
 *
 * Built with -DL1_VMCHECK it is l1-vmcheck: break=all by default.
 *
 * The steps (hv.h lists the files): 1 capabilities, 2 VMX operation and
 * the VMCS, 3 L2 memory and image, 4 EPT12, 5 VMCS contents, 6 run,
 * 7 summary.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"


/* Multiboot 0.6.96 section 3.3: one module of the mods_addr array. */
struct multiboot_module {
	u32 mod_start, mod_end, string, reserved;
};

extern u64 l1hv_multiboot_info;		/* start32.S */

/* Exit-reason names for the summary, from the one list. */
static const char *const exit_names[] = {
#define X(num, name, ...) [num] = #name,
#include "exit-forwarder/exit_reasons.def"
#undef X
};

/* VMXON region and VMCS region (SDM 25.2): 4 KiB aligned, in .bss. */
static u8 vmxon_region[SIZE_4K] __attribute__((aligned(4096)));
static u8 vmcs_region[SIZE_4K] __attribute__((aligned(4096)));
#ifdef L1_SHIM_PV
static struct turtle_evmcs evmcs_page __attribute__((aligned(4096)));
#endif
/* L2 memory; 2 MiB aligned for EPT12's 2 MiB pages; not cleared at boot. */
static u8 l2_mem[L2_MEM_SIZE] __attribute__((aligned(2 << 20), section(".noinit")));

static struct hv hv;
static bool in_vmx;
static bool vmxe_direct;	/* CR4.VMXE by MOV, not by hypercall */
static bool no_evmcs;	/* option evmcs=no: pv VMREAD/VMWRITE as hypercalls */

bool hv__vmx_ok(struct vmx_result r, const char *what)
{
	static const char *const status[] = {
		[VMX_SUCCEED] = "VMsucceed", [VMX_FAIL_INVALID] = "VMfailInvalid",
		[VMX_FAIL_VALID] = "VMfailValid", [VMX_FAIL_ABI] = "refused by L0",
	};

	if (vmx_ok(r))
		return true;
	report(false, "%s: %s (error %u)", what, status[r.status], r.error);
	return false;
}

/* The text after "name=" when arg is such an option, else NULL. */
static const char *option(const char *arg, const char *name)
{
	while (*name && *arg == *name)
		arg++, name++;
	return !*name && *arg == '=' && arg[1] ? arg + 1 : NULL;
}

static bool options(int argc, char **argv)
{
	const char *val;
	char *end;
	int i;

	for (i = 1; i < argc; i++) {
		val = option(argv[i], "timer");
		if (val) {
			hv.timer = strtoul(val, &end, 0);
			if (!*end && hv.timer)
				continue;
		}
		val = option(argv[i], "apic-timer");
		if (val && (!strcmp(val, "ack") || !strcmp(val, "noack"))) {
			hv.apic_timer = !strcmp(val, "ack") ? APIC_TIMER_ACK : APIC_TIMER_NOACK;
			continue;
		}
		if (!strcmp(argv[i], "vectoring")) {
			hv.vectoring = true;
			continue;
		}
		val = option(argv[i], "evmcs");
		if (val && !strcmp(val, "no")) {
			no_evmcs = true;
			continue;
		}
		val = option(argv[i], "break");
		if (val && !strcmp(val, "all")) {
			hv.all_breaks = true;
			continue;
		}
		if (val) {
			hv.brk = breaks__find(val);
			if (hv.brk)
				continue;
		}
		val = option(argv[i], "attack");
		if (val) {
			hv.attack = attacks__find(val);
			if (hv.attack)
				continue;
		}
		report(false, "option '%s': expected timer=N with N > 0, break=NAME "
		       "(break=list names them), break=all, attack=NAME (attack=list "
		       "names them), evmcs=no, apic-timer=ack|noack or vectoring", argv[i]);
		return false;
	}
	return true;
}

/* The VMX instructions' own failures, which L0 must reproduce
 * (SDM 31.3, 31.4): one row each, after VMPTRLD. */
static void probe_failures(void)
{
	struct vmx_result r;
	u64 v = 0;
	u32 ro_error = hv.caps.misc & VMX_MISC_VMWRITE_ANY ? 0 : VMX_ERR_READ_ONLY_FIELD;

	r = vmread(0x0001, &v);	/* high access of a 16-bit field: no such field */
	report(r.status == VMX_FAIL_VALID && r.error == VMX_ERR_UNSUPPORTED_FIELD,
	       "VMREAD of an unsupported field: VMfailValid 12 (got %u/%u)", r.status, r.error);
	r = vmread(VMCS_VM_INSTRUCTION_ERROR, &v);
	report(vmx_ok(r) && v == VMX_ERR_UNSUPPORTED_FIELD, "VM-instruction error field reads 12 (got %lu)", v);
	r = vmwrite(VMCS_EXIT_REASON, 0);
	report(ro_error ? r.status == VMX_FAIL_VALID && r.error == ro_error : vmx_ok(r),
	       "VMWRITE of exit-information EXIT_REASON: %s (got %u/%u)",
	       ro_error ? "VMfailValid 13" : "allowed by IA32_VMX_MISC[29]",
	       r.status, r.error);
	r = vmwrite(VMCS_GUEST_RSP, 0x1234);
	report(vmx_ok(r) && vmx_ok(vmread(VMCS_GUEST_RSP, &v)) && v == 0x1234,
	       "VMWRITE then VMREAD of GUEST_RSP round-trips");
	r = vmresume();	/* the VMCS is clear, not launched */
	report(r.status == VMX_FAIL_VALID && r.error == 5,
	       "VMRESUME of a clear VMCS: VMfailValid 5 (got %u/%u)", r.status, r.error);
}

/* CR4.VMXE set or cleared by L0, when MOV to CR4 raised an exception:
 * hardware (and Bochs) take the MOV, KVM answers it with #GP and L0 holds
 * the bit for L1 instead (ENABLE_VMX).  The native flavour has no L0 to
 * ask: there the exception is the end. */
static bool vmxe_by_l0(bool on)
{
#ifdef L1_SHIM_NATIVE
	const struct exception_info *e = exception__last();

	report(false, "MOV to CR4 %s VMXE raised %s (vector %d) at RIP 0x%lx "
	       "(SDM 24.7)", on ? "setting" : "clearing",
	       desc__vector_name(e->vector), e->vector, e->rip);
	return false;
#else
	return hv__vmx_ok(on ? vmx_enable() : vmx_disable(),
			  on ? "ENABLE_VMX (CR4.VMXE)" : "ENABLE_VMX (clear CR4.VMXE)");
#endif
}

/* Step 2: SDM 24.7 and 24.8: CR0 fixed bits, CR4.VMXE, VMXON, then a
 * current VMCS (SDM 25.1, 25.11.3). */
static bool enter_vmx(void)
{
	const struct vmx_caps *c = &hv.caps;
	u64 ptr = 0;

	write_cr0((read_cr0() | c->cr0_fixed0 | X86_CR0_NE) & c->cr0_fixed1);
	vmxe_direct = write_cr4_safe(read_cr4() | X86_CR4_VMXE) == NO_EXCEPTION;
	if (!vmxe_direct && !vmxe_by_l0(true))
		return false;
	report(true, "CR4.VMXE set %s", vmxe_direct ? "by MOV to CR4" : "by L0 (ENABLE_VMX)");
	hv.vmxon_pa = (u64)vmxon_region;
	hv.vmcs_pa = (u64)vmcs_region;
	*(u32 *)vmxon_region = c->revision;
	*(u32 *)vmcs_region = c->revision;	/* bit 31 clear: not a shadow VMCS */
	if (!hv__vmx_ok(vmxon(hv.vmxon_pa), "VMXON"))
		return false;
	in_vmx = true;
	report(true, "VMXON at 0x%lx (%s flavour)", hv.vmxon_pa, vmx_flavour());
#ifdef L1_SHIM_PV
	if (!no_evmcs) {
		if (!hv__vmx_ok(vmx_evmcs_enable(&evmcs_page), "EVMCS_ENABLE"))
			return false;
		report(true, "enlightened VMCS at 0x%lx", (u64)&evmcs_page);
	}
#endif
	if (!hv__vmx_ok(vmclear(hv.vmcs_pa), "VMCLEAR") ||
	    !hv__vmx_ok(vmptrld(hv.vmcs_pa), "VMPTRLD") ||
	    !hv__vmx_ok(vmptrst(&ptr), "VMPTRST"))
		return false;
	report(ptr == hv.vmcs_pa, "VMPTRST gives the VMCS loaded: 0x%lx", ptr);
	probe_failures();
	return true;
}

/* Step 3's input: the first multiboot module and its string. */
static bool l2_module(const u8 **image, u64 *size, const char **cmdline)
{
	const struct multiboot_info *mbi = (const void *)l1hv_multiboot_info;
	const struct multiboot_module *mod;

	if (!mbi || !(mbi->flags & MULTIBOOT_INFO_MODS) || mbi->mods_count < 1) {
		report(false, "no multiboot module: l1-hv needs its L2 image as one");
		return false;
	}
	mod = (const void *)(u64)mbi->mods_addr;
	*image = (const void *)(u64)mod->mod_start;
	*size = mod->mod_end - mod->mod_start;
	*cmdline = mod->string ? (const char *)(u64)mod->string : "l2";
	return true;
}

static void summary(void)
{
	const struct hv_stats *s = &hv.stats;
	unsigned i, total = 0;

	if (!hv.launched)
		return;
	printf("l1-hv: exits:");
	for (i = 0; i < ARRAY_SIZE(s->exits); i++) {
		if (!s->exits[i])
			continue;
		total += s->exits[i];
		printf(" %s %u", i < ARRAY_SIZE(exit_names) && exit_names[i] ?
		       exit_names[i] : "?", s->exits[i]);
	}
	printf(" (total %u)\n", total);
	printf("l1-hv: port 0x80 %u, other ports %u (%u IN), EPT violations %u, "
	       "MSR 0x174 reads %u writes %u, preemption timer %u\n",
	       s->port80, s->port_other, s->port_in, s->ept_violations,
	       s->msr_reads, s->msr_writes, s->timer_exits);
}

void hv__finish(struct hv *h)
{
	const struct hv_stats *s = &h->stats;

	summary();
	apic_timer__finish(h);
	vectoring__finish(h);
	if (h->brk || (h->attack && attacks__no_l2(h->attack)))
		;	/* the row reported the outcome; L2 was not to run */
	else if (h->apic_timer)
		;	/* apic_timer.c ended the run after its exits */
	else if (s->l2_exited)
		report(s->l2_status == 0, "L2 exited with status %u", s->l2_status);
	else if (h->launched)
		report(false, "L2 did not exit through port 0xF4");
	if (!h->brk && s->l2_exited && h->l2_cmdline && strlen(h->l2_cmdline) >= 8 &&
	    !memcmp(h->l2_cmdline, "l2-state", 8))
		state__check_saved();
	if (in_vmx && hv__vmx_ok(vmxoff(), "VMXOFF")) {
		if (vmxe_direct)
			write_cr4(read_cr4() & ~X86_CR4_VMXE);
		else
			vmxe_by_l0(false);
	}
	exit(report_summary());
}

struct args {
	int argc;
	char **argv;
};

/* The firmware's 8259 interrupts (a BIOS leaves the PIT ticking at
 * vector 8) would reach L2 whenever it sets RFLAGS.IF, or exit with
 * external-interrupt exiting: l1-hv's only interrupt source is its local
 * APIC (apic_timer.c). */
static void mask_legacy_pic(void)
{
	outb(0xff, 0x21);	/* master 8259: OCW1, every IRQ masked */
	outb(0xff, 0xa1);	/* slave */
}

/* Steps 1 to 6; ends in hv__finish(), never returns. */
static void run(void *arg)
{
	const struct args *a = arg;
	struct l2_entry entry;
	struct break_saved saved;
	const char *cmdline;
	const u8 *image;
	u64 size;

	if (!options(a->argc, a->argv) || !caps__probe(&hv.caps) || !enter_vmx() ||
	    (hv.attack && !attacks__vmx_on(&hv)) || !l2_module(&image, &size, &cmdline))
		hv__finish(&hv);
	hv.l2_cmdline = cmdline;
	hv.l2_base = (u64)l2_mem;
	if (!l2__load(hv.l2_base, image, size, cmdline, &entry))
		hv__finish(&hv);
	hv.eptp = ept__build(hv.l2_base);
	report(true, "EPT12 at EPTP 0x%lx: L2 gpa 0..0x%lx at L1 0x%lx, top %lu MiB lazy",
	       hv.eptp, L2_MEM_SIZE, hv.l2_base, L2_LAZY_SIZE >> 20);
	if (!vmcs_setup__controls(&hv) || !vmcs_setup__guest(&hv, &entry) ||
	    !vmcs_setup__host(&hv) || (hv.brk && !breaks__apply(hv.brk, &hv.caps, &saved)) ||
	    (hv.attack && !attacks__armed(&hv, &entry)))
		hv__finish(&hv);
	if (hv.all_breaks)
		vmcheck__run(&hv);
	mask_legacy_pic();
	apic_timer__start(&hv);
	exits__run(&hv, &entry);
}

/* l1-hv's IDT is the guest library's (HOST_IDTR_BASE, vmcs_setup.c), in
 * VMX root operation too.  An exception nobody expects, in any step or in
 * the exit handler, unwinds here (exception__catch): a FAIL line with
 * vector, error code and RIP (SDM 6.15), and the summary's status 1. */
int main(int argc, char **argv)
{
	struct args a = { argc, argv };
	const struct exception_info *e;
	char cr2[32] = "";

#ifdef L1_VMCHECK
	report_prefix_push("l1-vmcheck");
	hv.all_breaks = true;
#else
	report_prefix_push("l1-hv");
#endif
	if (exception__catch(run, &a) != NO_EXCEPTION) {
		e = exception__last();
		if (e->vector == PF_VECTOR)
			snprintf(cr2, sizeof(cr2), ", CR2 0x%lx", e->cr2);
		report(false, "unexpected exception %s (vector %d), error code 0x%lx, "
		       "at RIP 0x%lx%s", desc__vector_name(e->vector), e->vector,
		       e->error_code, e->rip, cr2);
	}
	hv__finish(&hv);
}
