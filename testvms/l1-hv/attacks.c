/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * attack=NAME: an L1 that attacks L0 on purpose (issue 10).  Where break=
 * spoils one VMCS field the way a buggy hypervisor might, an attack row
 * hands L0 what a hostile one would: absurd hypercall arguments, operands
 * no instruction should follow, EPT12 tables that loop, fan out, point
 * beyond RAM or are misconfigured, an MSR-load list of a million entries,
 * VMX regions in the memory L0 booted L1 with.  Each row states what L1
 * must get (the SDM's exception, VMfail or VM exit) and checks it with a
 * report() line; then, unless the row says otherwise, L2 runs as usual, so
 * that L0 is shown to be still sound afterwards.  attack=list prints them.
 *
 * A row has up to three hooks: vmx_on, after step 2 (VMX operation, a
 * current VMCS); armed, after step 5 (EPT12 built, VMCS ready, before
 * VMLAUNCH); exit, for each VM exit before exits.c handles it.  This file
 * has the table, the VMX-instruction rows and the MSR-load and boot-area
 * rows; attacks_ept.c the EPT12 rows.
 */
#include "testvms/l1-hv/attacks.h"
#include "testvms/lib/exceptions.h"
#include "testvms/lib/paging.h"
#ifdef L1_SHIM_PV
#include "l1-shim/hypercall.h"
#endif

#define GP_VECTOR		13
#define PF_EC_W			0x2ul		/* #PF error code: a write (SDM 4.7) */
/* Two pages of L0's boot information area (l0/boot/loader.h), whose
 * bottom holds the multiboot information l1-hv still needs. */
#define BOOT_VMXON_PA		0x9e000ul
#define BOOT_VMCS_PA		0x9d000ul

/* ---- hc-args: the hypercall ABI (docs/abi.md) with absurd arguments ---- */

#ifdef L1_SHIM_PV
static void hc_check(const char *what, struct turtle_hc_ret got, u64 status, u64 rbx)
{
	report(got.status == status && (status != TURTLE_HC_FAIL_VALID || got.rbx == rbx),
	       "hc-args: %s: status %lu%s (got %lu, RBX %lu)", what, status,
	       status == TURTLE_HC_FAIL_VALID ? ", VMfailValid" : "", got.status, got.rbx);
}

static bool hc_args(struct hv *hv)
{
	u64 rax = TURTLE_HC_VERSION, rbx = 0, beyond = 1ul << attacks__maxphyaddr();

	hc_check("call 15, one past the last", turtle_hc(TURTLE_HC_COUNT, 0, 0, 0),
	    TURTLE_HC_UNKNOWN_CALL, 0);
	hc_check("call 0xffffffff", turtle_hc((enum turtle_hc_call)0xffffffffu, ~0ul, ~0ul, ~0ul),
	    TURTLE_HC_UNKNOWN_CALL, 0);
	/* An 8-bit OUT to the port is no hypercall (the ABI's one 32-bit OUT). */
	asm volatile("outb %%al, %%dx" : "+a"(rax), "+b"(rbx)
		     : "d"((u16)TURTLE_HC_PORT) : "memory", "cc");
	report(rax == TURTLE_HC_BAD_ARGUMENT, "hc-args: 8-bit OUT to the port: status %u "
	       "(got %lu)", TURTLE_HC_BAD_ARGUMENT, rax);
	hc_check("VMPTRLD of ~0 (SDM 31.3: beyond the physical-address width)",
	    turtle_hc(TURTLE_HC_VMPTRLD, ~0ul, 0, 0), TURTLE_HC_FAIL_VALID, ERR_VMPTRLD_ADDR);
	hc_check("VMPTRLD of 2^MAXPHYADDR", turtle_hc(TURTLE_HC_VMPTRLD, beyond, 0, 0),
	    TURTLE_HC_FAIL_VALID, ERR_VMPTRLD_ADDR);
	hc_check("VMPTRLD of the VMXON region (SDM 31.3)",
	    turtle_hc(TURTLE_HC_VMPTRLD, hv->vmxon_pa, 0, 0), TURTLE_HC_FAIL_VALID,
	    ERR_VMPTRLD_VMXON);
	hc_check("VMCLEAR of 0x1001 (SDM 31.3: not 4 KiB aligned)",
	    turtle_hc(TURTLE_HC_VMCLEAR, 0x1001, 0, 0), TURTLE_HC_FAIL_VALID, ERR_VMCLEAR_ADDR);
	hc_check("VMCLEAR of the VMXON region", turtle_hc(TURTLE_HC_VMCLEAR, hv->vmxon_pa, 0, 0),
	    TURTLE_HC_FAIL_VALID, ERR_VMCLEAR_VMXON);
	hc_check("VMXON of ~0 in VMX root operation (SDM 31.3)",
	    turtle_hc(TURTLE_HC_VMXON, ~0ul, 0, 0), TURTLE_HC_FAIL_VALID, ERR_VMXON_IN_ROOT);
	hc_check("VMREAD of field ~0 (SDM 31.3)", turtle_hc(TURTLE_HC_VMREAD, ~0ul, 0, 0),
	    TURTLE_HC_FAIL_VALID, ERR_FIELD);
	hc_check("VMWRITE of field ~0", turtle_hc(TURTLE_HC_VMWRITE, ~0ul, ~0ul, 0),
	    TURTLE_HC_FAIL_VALID, ERR_FIELD);
	hc_check("INVEPT type 0 (SDM 31.3: not a type)", turtle_hc(TURTLE_HC_INVEPT, 0, hv->eptp, 0),
	    TURTLE_HC_FAIL_VALID, ERR_INV_OPERAND);
	hc_check("INVEPT type ~0", turtle_hc(TURTLE_HC_INVEPT, ~0ul, ~0ul, 0),
	    TURTLE_HC_FAIL_VALID, ERR_INV_OPERAND);
	hc_check("INVVPID type ~0", turtle_hc(TURTLE_HC_INVVPID, ~0ul, ~0ul, ~0ul),
	    TURTLE_HC_FAIL_VALID, ERR_INV_OPERAND);
	hc_check("VMLAUNCH with L2's registers at 2^MAXPHYADDR (not L1 RAM)",
	    turtle_hc(TURTLE_HC_VMLAUNCH, beyond, 0, 0), TURTLE_HC_BAD_ARGUMENT, 0);
	hc_check("EVMCS_ENABLE of 0x1001 (not page aligned)",
	    turtle_hc(TURTLE_HC_EVMCS_ENABLE, 0x1001, 0, 0), TURTLE_HC_BAD_ARGUMENT, 0);
	hc_check("EVMCS_ENABLE of ~0xfff (not L1 RAM)",
	    turtle_hc(TURTLE_HC_EVMCS_ENABLE, ~0xffful, 0, 0), TURTLE_HC_BAD_ARGUMENT, 0);
	/* None of it changed the current VMCS or the enlightened page. */
	report(vmx_ok(vmwrite(VMCS_GUEST_RSP, 0x4321)) && attacks__vmread(VMCS_GUEST_RSP) == 0x4321,
	       "hc-args: the enlightened VMCS still in use afterwards");
	return true;
}

/* hc-fault: clearing CR4.VMXE in VMX operation is MOV to CR4's #GP(0)
 * (SDM 24.8), and ENABLE_VMX stands for that MOV: the fault is the OUT's. */
static bool hc_fault(struct hv *hv)
{
	u64 rax = TURTLE_HC_ENABLE_VMX, rbx = 0;
	int vec;

	exception__clear();
	asm volatile("1: outl %%eax, %%dx\n2:\n\t" EX_ENTRY("1b", "2b")
		     : "+a"(rax), "+b"(rbx) : "d"((u16)TURTLE_HC_PORT) : "memory", "cc");
	vec = exception__last()->vector;
	report(vec == GP_VECTOR && exception__last()->error_code == 0,
	       "hc-fault: ENABLE_VMX clearing VMXE in VMX operation: #GP(0) at the OUT "
	       "(got vector %d)", vec);
	return true;
}
#else
static bool hc_args(struct hv *hv)
{
	report(false, "attack=hc-args needs the pv flavour (hypercalls)");
	return false;
}

static bool hc_fault(struct hv *hv)
{
	report(false, "attack=hc-fault needs the pv flavour (hypercalls)");
	return false;
}
#endif

/* ---- vmx-operands: VMX instructions' memory operands (SDM 31.3) ---- */

#ifndef L1_SHIM_PV
#define UNMAPPED_VA	0x100000000000ul	/* canonical, above the 4 GiB identity map */
#define EDGE_VA		0x200000000000ul	/* one page mapped below it, none at it */
#define NONCANONICAL	0x8000000000000000ul

static u8 edge_page[SIZE_4K] __attribute__((aligned(4096)));

/* One instruction on the operand at @va: the vector it raised or
 * NO_EXCEPTION, and its VMX outcome when it ran. */
#define OPERAND_INSN(fn, insn)							\
static int fn(u64 va, struct vmx_result *r)					\
{										\
	bool cf, zf;								\
										\
	exception__clear();							\
	asm volatile("1: " insn " (%[p])\n2:\n\t" EX_ENTRY("1b", "2b")		\
		     : "=@ccc"(cf), "=@ccz"(zf) : [p] "r"(va) : "memory");	\
	*r = (struct vmx_result){ cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID	\
				  : VMX_SUCCEED, 0 };				\
	if (r->status == VMX_FAIL_VALID)					\
		r->error = (u32)attacks__vmread(VMCS_VM_INSTRUCTION_ERROR);		\
	return exception__last()->vector;					\
}
OPERAND_INSN(vmptrld_at, "vmptrld")
OPERAND_INSN(vmclear_at, "vmclear")
OPERAND_INSN(vmptrst_at, "vmptrst")

static void operand_fault(const char *what, int (*insn)(u64, struct vmx_result *), u64 va,
		   int vector, u64 error_code, u64 cr2)
{
	const struct exception_info *e;
	struct vmx_result r;
	int got = insn(va, &r);

	e = exception__last();
	report(got == vector && e->error_code == error_code &&
	       (vector != PF_VECTOR || e->cr2 == cr2),
	       "vmx-operands: %s: %s(0x%lx)%s (got vector %d, error code 0x%lx, CR2 0x%lx)",
	       what, desc__vector_name(vector), error_code,
	       vector == PF_VECTOR ? ", CR2 the first unmapped byte" : "", got,
	       got == NO_EXCEPTION ? 0 : e->error_code, got == PF_VECTOR ? e->cr2 : 0);
}

static void operand_outcome(const char *what, int (*insn)(u64, struct vmx_result *), u64 va,
		     struct vmx_result want)
{
	struct vmx_result r;
	int got = insn(va, &r);

	report(got == NO_EXCEPTION && r.status == want.status && r.error == want.error,
	       "vmx-operands: %s: status %u error %u (got vector %d, status %u error %u)",
	       what, want.status, want.error, got, r.status, r.error);
}

static bool vmx_operands(struct hv *hv)
{
	static u64 ptr[4] __attribute__((aligned(16)));
	u64 odd = (u64)edge_page + 3, ptr_at_edge = EDGE_VA - 4, ptrst = 0;
	struct vmx_result r, fail_addr = { VMX_FAIL_VALID, ERR_VMPTRLD_ADDR };

	if (!paging__map(EDGE_VA - SIZE_4K, (u64)edge_page | PTE_P | PTE_W)) {
		report(false, "vmx-operands: cannot map the page below 0x%lx", EDGE_VA);
		return false;
	}
	operand_fault("VMPTRLD, operand non-canonical (64-bit mode exceptions)", vmptrld_at,
	       NONCANONICAL, GP_VECTOR, 0, 0);
	operand_fault("VMPTRLD, operand unmapped", vmptrld_at, UNMAPPED_VA, PF_VECTOR, 0, UNMAPPED_VA);
	operand_fault("VMPTRLD, operand's last 4 bytes in an unmapped page", vmptrld_at,
	       ptr_at_edge, PF_VECTOR, 0, EDGE_VA);
	operand_fault("VMCLEAR, operand non-canonical", vmclear_at, NONCANONICAL, GP_VECTOR, 0, 0);
	operand_fault("VMPTRST, destination non-canonical", vmptrst_at, NONCANONICAL, GP_VECTOR, 0, 0);
	operand_fault("VMPTRST, destination unmapped (a write)", vmptrst_at, UNMAPPED_VA, PF_VECTOR,
	       PF_EC_W, UNMAPPED_VA);
	/* An unaligned operand is no fault (no alignment check at CPL0). */
	*(volatile u64 *)odd = hv->vmcs_pa;
	operand_outcome("VMPTRLD, operand at an odd address", vmptrld_at, odd,
		 (struct vmx_result){ VMX_SUCCEED, 0 });
	ptr[0] = hv->vmcs_pa | 0x800;
	operand_outcome("VMPTRLD of a pointer with bits 11:0 set", vmptrld_at, (u64)&ptr[0], fail_addr);
	ptr[1] = 1ul << attacks__maxphyaddr();
	operand_outcome("VMPTRLD of 2^MAXPHYADDR", vmptrld_at, (u64)&ptr[1], fail_addr);
	ptr[2] = ~0ul;
	operand_outcome("VMCLEAR of ~0", vmclear_at, (u64)&ptr[2],
		 (struct vmx_result){ VMX_FAIL_VALID, ERR_VMCLEAR_ADDR });
	r = vmptrst(&ptrst);
	report(vmx_ok(r) && ptrst == hv->vmcs_pa,
	       "vmx-operands: the current VMCS is still 0x%lx (got 0x%lx)", hv->vmcs_pa, ptrst);
	return true;
}
#else
static bool vmx_operands(struct hv *hv)
{
	report(false, "attack=vmx-operands needs the raw or native flavour (instructions)");
	return false;
}
#endif

/* ---- msr-load-huge: a VM-entry MSR-load count of 2^20 ---- */

/* IA32_VMX_MISC bits 27:25 = N: 512 * (N + 1) entries at most are
 * recommended; beyond, "undefined processor behavior" (SDM A.6).  L0, like
 * KVM, fails the entry at the first entry past it (SDM 27.4's exit 34,
 * qualification its 1-based index) instead of walking 16 MiB of L1 memory.
 * The first max + 1 entries are valid, so that only the count can fail. */
#define MSR_LIST_MAX(misc)	(512u * ((((misc) >> 25) & 7) + 1))
#define HUGE_COUNT		(1u << 20)
struct msr_entry {
	u32 index, reserved;
	u64 value;
};
static struct msr_entry huge_list[512 * 8 + 1] __attribute__((aligned(16)));

static bool msr_huge_armed(struct hv *hv, const struct l2_entry *entry)
{
	unsigned i, max = MSR_LIST_MAX(hv->caps.misc);

	for (i = 0; i <= max; i++)
		huge_list[i] = (struct msr_entry){ MSR_IA32_SYSENTER_CS, 0, 0 };
	printf("l1-hv: msr-load-huge: %u entries from 0x%lx, IA32_VMX_MISC allows %u\n",
	       HUGE_COUNT, (u64)huge_list, max);
	return hv__vmx_ok(vmwrite(VMCS_ENTRY_MSR_LOAD_ADDR, (u64)huge_list), "VMWRITE of the "
			  "MSR-load address") &&
	       hv__vmx_ok(vmwrite(VMCS_ENTRY_MSR_LOAD_COUNT, HUGE_COUNT), "VMWRITE of the "
			  "MSR-load count");
}

static enum attack_exit msr_huge_exit(struct hv *hv, u32 reason, u64 qual)
{
	u32 want = EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_MSR_LOAD_FAIL;
	unsigned max = MSR_LIST_MAX(hv->caps.misc);

	/* Which entry past the maximum fails is undefined (SDM A.6): L0 and
	 * KVM name the first, max + 1; Bochs loads on and fails at the first
	 * entry it cannot load (docs/reliability.md). */
	report(reason == want && qual > max, "msr-load-huge: VM-entry failure, reason 0x%x, "
	       "qualification past the maximum %u (got 0x%x, qualification %lu)",
	       want, max, reason, qual);
	return ATTACK_FINISH;
}

/* ---- boot-area: VMX regions where L0 put L1's boot information ---- */

/* L1's RAM is L1's, whatever L0 wrote there at boot: VMXON region and
 * VMCS in the boot information area, and L2 runs from there (SDM 31.3:
 * any 4 KiB-aligned address within the physical-address width).  (Not
 * page 0: the enlightened VMCS's vmcs_gpa 0 means "none", docs/abi.md.) */
static bool boot_area_on(struct hv *hv)
{
	struct vmx_result r;

	if (!hv__vmx_ok(vmxoff(), "VMXOFF"))
		return false;
	*(volatile u32 *)BOOT_VMXON_PA = hv->caps.revision;
	*(volatile u32 *)BOOT_VMCS_PA = hv->caps.revision;
	r = vmxon(BOOT_VMXON_PA);
	report(vmx_ok(r), "boot-area: VMXON at 0x%lx: VMsucceed (got %u/%u)", BOOT_VMXON_PA,
	       r.status, r.error);
	if (!vmx_ok(r))
		return false;
	hv->vmxon_pa = BOOT_VMXON_PA;
	r = vmptrld(BOOT_VMXON_PA);
	report(r.status == VMX_FAIL_INVALID, "boot-area: VMPTRLD of the VMXON region, no "
	       "current VMCS: VMfailInvalid (got %u/%u)", r.status, r.error);
	r = vmclear(BOOT_VMCS_PA);
	report(vmx_ok(r), "boot-area: VMCLEAR at 0x%lx: VMsucceed (got %u/%u)", BOOT_VMCS_PA,
	       r.status, r.error);
	r = vmptrld(BOOT_VMCS_PA);
	report(vmx_ok(r), "boot-area: VMPTRLD at 0x%lx: VMsucceed (got %u/%u)", BOOT_VMCS_PA,
	       r.status, r.error);
	if (!vmx_ok(r))
		return false;
	hv->vmcs_pa = BOOT_VMCS_PA;
	r = vmptrld(BOOT_VMXON_PA);
	report(attacks__fail_valid(r, ERR_VMPTRLD_VMXON), "boot-area: VMPTRLD of the VMXON region: "
	       "VMfailValid %u (got %u/%u)", ERR_VMPTRLD_VMXON, r.status, r.error);
	return true;
}

static const struct attack attacks[] = {
	{ "hc-args", "pv: the hypercall ABI's refusals (docs/abi.md) and the VMfail of "
	  "each VMX call's instruction (SDM 31.3, 31.4)", hc_args, NULL, NULL, false },
	{ "hc-fault", "pv: ENABLE_VMX clearing CR4.VMXE in VMX operation: #GP(0) at the "
	  "OUT, as MOV to CR4 (SDM 24.8)", hc_fault, NULL, NULL, false },
	{ "vmx-operands", "raw, native: #GP(0) for a non-canonical operand, #PF for an "
	  "unmapped one, VMfailValid 9/2 for bad pointers (SDM 31.3)", vmx_operands, NULL,
	  NULL, false },
	{ "ept-self", "EPT12 referring to itself: walks of fixed depth (SDM 29.3.2), an EPT "
	  "violation where the loop ends at a zero entry (28.2.1)", NULL, attacks_ept__self_armed,
	  attacks_ept__self_exit, false },
	{ "ept-fanout", "4 pages of EPT12, 512^3 paths: VMsucceed for each INVEPT, "
	  "promptly (SDM 31.3)", NULL, attacks_ept__fanout_armed, attacks_ept__invepts_exit, false },
	{ "ept-holes", "64 PDPTs of 1 GiB leaves beyond RAM: VMsucceed for each INVEPT, "
	  "promptly (SDM 31.3)", NULL, attacks_ept__holes_armed, attacks_ept__invepts_exit, false },
	{ "ept-fanout-spin", "the fan-out, then INVEPT for ever: the run ends only by "
	  "L0's --timeout or a signal", NULL, attacks_ept__fanout_armed,
	  attacks_ept__fanout_spin_exit, true },
	{ "ept-beyond", "tables beyond RAM read as all ones: EPT misconfiguration (SDM "
	  "29.3.3.1); VMPTRLD there VMfailValid 11, INVEPT VMsucceed", attacks_ept__beyond_on,
	  attacks_ept__beyond_armed, attacks_ept__beyond_exit, false },
	{ "ept-misconfig", "a write-only leaf hit by a data read: EPT misconfiguration, "
	  "exit 49 (SDM 29.3.3.1)", NULL, attacks_ept__misconfig_armed,
	  attacks_ept__misconfig_exit, false },
	{ "ept-misconfig-fetch", "memory type 2 in the PTE of L2's entry page: EPT "
	  "misconfiguration at its first fetch (SDM 29.3.3.1)", NULL, attacks_ept__fetch_armed,
	  attacks_ept__page_exit, false },
	{ "ept-misconfig-walk", "memory type 2 in the PTE of L2's PML4: EPT misconfiguration "
	  "at the page walk of its first fetch (SDM 29.3.3.1)", NULL, attacks_ept__walk_armed,
	  attacks_ept__page_exit, false },
	{ "msr-load-huge", "an MSR-load count of 2^20: VM-entry failure 0x80000022 at the "
	  "first entry past IA32_VMX_MISC's maximum (SDM A.6, 27.4)", NULL, msr_huge_armed,
	  msr_huge_exit, true },
	{ "boot-area", "VMXON region and VMCS in L0's boot area: VMsucceed, L2 runs "
	  "(SDM 31.3)", boot_area_on, NULL, NULL, false },
};

const struct attack *attacks__find(const char *name)
{
	unsigned i;

	if (!strcmp(name, "list")) {
		for (i = 0; i < ARRAY_SIZE(attacks); i++)
			printf("attack=%s\t%s\n", attacks[i].name, attacks[i].expect);
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(attacks); i++)
		if (!strcmp(name, attacks[i].name))
			return &attacks[i];
	return NULL;
}

bool attacks__vmx_on(struct hv *hv)
{
	printf("l1-hv: attack=%s: %s\n", hv->attack->name, hv->attack->expect);
	return !hv->attack->vmx_on || hv->attack->vmx_on(hv);
}

bool attacks__armed(struct hv *hv, const struct l2_entry *entry)
{
	return !hv->attack->armed || hv->attack->armed(hv, entry);
}

int attacks__exit(struct hv *hv, u32 reason, u64 qual)
{
	switch (hv->attack->exit ? hv->attack->exit(hv, reason, qual) : ATTACK_PASS) {
	case ATTACK_RESUME:
		return 1;
	case ATTACK_FINISH:
		return 0;
	case ATTACK_PASS:
		break;
	}
	return -1;
}

bool attacks__no_l2(const struct attack *a)
{
	return a->no_l2;
}
