/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Negative VM-entry tests: option break=NAME spoils one VMCS field after
 * step 5, and the run checks that VMLAUNCH fails exactly as the SDM says,
 * either as VMfailValid (SDM 27.2: controls and host state are checked
 * before the instruction commits) or as a VM exit with bit 31 of the exit
 * reason set (SDM 27.8: guest-state and MSR-loading checks).  One row per
 * check, covering every family: VM-execution, VM-exit and VM-entry
 * controls (event injection among them), host state, guest state, MSR
 * loading.  break=NAME runs one row and L2 never runs; break=all (and
 * l1-vmcheck) runs them all in one boot (vmcheck.c).  break=list prints
 * the rows.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

enum spoil {
	SPOIL_SET,		/* field = arg */
	SPOIL_CLEAR,		/* field &= ~arg */
	SPOIL_REFUSED,		/* field |= a bit the capability MSR at caps
				 * offset arg does not allow to be 1 */
	SPOIL_MSR_LIST,		/* field (the VM-entry MSR-load count) and
				 * address: msr_lists[arg] */
};

/* VM-instruction error numbers (SDM 31.4) and entry-failure exit reasons
 * and qualifications (SDM 27.8) the rows expect. */
#define ERR_ENTRY_CONTROLS	7
#define ERR_ENTRY_HOST		8
#define QUAL_DEFAULT		0
#define QUAL_LINK_POINTER	4

/* VM-entry interruption information (SDM 25.8.3): valid, type, vector. */
#define EVENT(type, vector)	((1u << 31) | (type) << 8 | (vector))
#define EVENT_RESERVED_TYPE	1
#define EVENT_HW_EXCEPTION	3

#define AR_CODE64_DPL3		0xa0fbu	/* l1-hv's 0xa09b with DPL 3 */
#define MSR_FS_BASE		0xc0000100u
#define MSR_NONE		0xdeadbeefu	/* no processor implements it */

struct entry_break {
	const char *name;
	u32 field;
	enum spoil spoil;
	u64 arg;
	bool exits;		/* fails as a VM exit, not as VMfailValid */
	u32 code;		/* VM-instruction error, or basic exit reason */
	u64 qual;		/* exit qualification, when exits */
	const char *sdm;
	/* The check of Turtle's vmcs-merge/entry_check.def that must fail
	 * (tests/integration/vmcheck.t holds L0 to it; Bochs ignores it). */
	const char *check;
};

/* A VM-entry MSR-load area (SDM 25.8.2, Table 25-15): 16-byte entries,
 * 16-byte aligned (SDM 27.2.1.3). */
struct msr_entry {
	u32 index, reserved;
	u64 value;
};

struct msr_list {
	struct msr_entry e[2];
	u32 count;
} __attribute__((aligned(16)));

/* The first entry of each is one VM entry may load; VM exit reloads
 * IA32_SYSENTER_CS from the host-state area anyway (SDM 28.5.1). */
static struct msr_list msr_lists[] = {
	/* SDM 27.4: IA32_FS_BASE may not be loaded from the list. */
	{ { { MSR_IA32_SYSENTER_CS, 0, 0 }, { MSR_FS_BASE, 0, 0 } }, 2 },
	/* SDM 27.4: bits 63:32 of an entry are reserved. */
	{ { { MSR_IA32_SYSENTER_CS, 1, 0 } }, 1 },
	/* SDM 27.4: the load fails where WRMSR would #GP, here for an MSR
	 * that does not exist (L0 learns it when KVM refuses the write). */
	{ { { MSR_IA32_SYSENTER_CS, 0, 0 }, { MSR_NONE, 0, 0 } }, 2 },
};

#define CAP(member) offsetof(struct vmx_caps, member)

static const struct entry_break breaks[] = {
	{ "pin-reserved", VMCS_PIN_BASED_CONTROLS, SPOIL_REFUSED, CAP(pin),
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: pin-based control the capability MSR refuses",
	  "CTL_PIN_ALLOWED1" },
	{ "proc2-reserved", VMCS_SECONDARY_PROC_CONTROLS, SPOIL_REFUSED, CAP(proc2),
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: secondary control the capability MSR refuses",
	  "CTL_PROC2_ALLOWED1" },
	{ "eptp-memtype", VMCS_EPT_POINTER, SPOIL_CLEAR, 0x4,
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: EPTP memory type 2 (only 0 and 6 exist)",
	  "CTL_EPTP_MEMTYPE" },
	{ "vpid-zero", VMCS_VPID, SPOIL_SET, 0,
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: enable VPID with VPID 0", "CTL_VPID_ZERO" },
	{ "event-type", VMCS_ENTRY_INTR_INFO, SPOIL_SET, EVENT(EVENT_RESERVED_TYPE, 0),
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.3: injected event of reserved type 1",
	  "CTL_EVENT_TYPE" },
	{ "event-hw-vector", VMCS_ENTRY_INTR_INFO, SPOIL_SET, EVENT(EVENT_HW_EXCEPTION, 32),
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.3: injected hardware exception with vector 32",
	  "CTL_EVENT_HW_VECTOR" },
	{ "host-cr4-vmxe", VMCS_HOST_CR4, SPOIL_CLEAR, X86_CR4_VMXE,
	  false, ERR_ENTRY_HOST, 0, "27.2.2: host CR4 outside IA32_VMX_CR4_FIXED0",
	  "HOST_CR4_FIXED0" },
	{ "host-tr-zero", VMCS_HOST_TR_SELECTOR, SPOIL_SET, 0,
	  false, ERR_ENTRY_HOST, 0, "27.2.3: host TR selector 0", "HOST_TR_SEL_NULL" },
	{ "host-rip", VMCS_HOST_RIP, SPOIL_SET, 0x8000000000000000ul,
	  false, ERR_ENTRY_HOST, 0, "27.2.4: non-canonical host RIP", "HOST_64_RIP_CANON" },
	{ "guest-cr0-pg", VMCS_GUEST_CR0, SPOIL_CLEAR, X86_CR0_PG,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.1: CR0.PG = 0, outside IA32_VMX_CR0_FIXED0 (and an IA-32e mode guest)",
	  "GUEST_CR0_FIXED0" },
	{ "guest-cs-dpl", VMCS_GUEST_CS_AR, SPOIL_SET, AR_CODE64_DPL3,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.2: non-conforming CS with DPL 3, SS with DPL 0", "GUEST_CS_AR_DPL" },
	{ "guest-rflags", VMCS_GUEST_RFLAGS, SPOIL_CLEAR, 0x2,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.4: RFLAGS bit 1 clear", "GUEST_RFLAGS_FIXED1" },
	{ "guest-activity", VMCS_GUEST_ACTIVITY_STATE, SPOIL_SET, 5,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.5: activity state 5 does not exist", "GUEST_ACTIVITY_RANGE" },
	{ "guest-link", VMCS_VMCS_LINK_POINTER, SPOIL_SET, 0x1000,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_LINK_POINTER,
	  "27.3.1.5: VMCS link pointer not ~0 and no shadow VMCS there",
	  "GUEST_LINK_REVISION" },
	{ "msr-load-fs-base", VMCS_ENTRY_MSR_LOAD_COUNT, SPOIL_MSR_LIST, 0,
	  true, EXIT_REASON_MSR_LOAD_FAIL, 2,
	  "27.4: second VM-entry MSR-load entry names IA32_FS_BASE", "MSR_LOAD_FS_GS_BASE" },
	{ "msr-load-reserved", VMCS_ENTRY_MSR_LOAD_COUNT, SPOIL_MSR_LIST, 1,
	  true, EXIT_REASON_MSR_LOAD_FAIL, 1,
	  "27.4: first VM-entry MSR-load entry sets reserved bits 63:32", "MSR_LOAD_RSVD" },
	{ "msr-load-unknown", VMCS_ENTRY_MSR_LOAD_COUNT, SPOIL_MSR_LIST, 2,
	  true, EXIT_REASON_MSR_LOAD_FAIL, 2,
	  "27.4: second VM-entry MSR-load entry names an MSR that does not exist",
	  "MSR_LOAD_WRMSR_GP" },
};

const struct entry_break *breaks__row(unsigned i)
{
	return i < ARRAY_SIZE(breaks) ? &breaks[i] : NULL;
}

const struct entry_break *breaks__find(const char *name)
{
	unsigned i;

	if (!strcmp(name, "list")) {
		for (i = 0; i < ARRAY_SIZE(breaks); i++)
			printf("break=%s\tSDM %s (check %s)\n", breaks[i].name,
			       breaks[i].sdm, breaks[i].check);
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(breaks); i++)
		if (!strcmp(name, breaks[i].name))
			return &breaks[i];
	return NULL;
}

/* The entry-failure exit rows' exit reason, as l1-hv reads it. */
static u32 expected_reason(const struct entry_break *b)
{
	return EXIT_REASON_ENTRY_FAILURE | b->code;
}

bool breaks__apply(const struct entry_break *b, const struct vmx_caps *caps,
		   struct break_saved *saved)
{
	u64 v = 0, cap, refused;

	if (!hv__vmx_ok(vmread(b->field, &v), "VMREAD of the field to spoil"))
		return false;
	saved->value = v;
	switch (b->spoil) {
	case SPOIL_SET:
		v = b->arg;
		break;
	case SPOIL_CLEAR:
		v &= ~b->arg;
		break;
	case SPOIL_REFUSED:
		cap = *(const u64 *)((const u8 *)caps + b->arg);
		refused = ~(cap >> 32) & 0xffffffffu;
		if (!refused) {
			report_skip("break=%s: every control of the group may be 1", b->name);
			return false;
		}
		v |= refused & -refused;	/* the lowest such bit */
		break;
	case SPOIL_MSR_LIST:
		if (!hv__vmx_ok(vmread(VMCS_ENTRY_MSR_LOAD_ADDR, &saved->msr_addr),
				"VMREAD of the MSR-load address") ||
		    !hv__vmx_ok(vmwrite(VMCS_ENTRY_MSR_LOAD_ADDR, (u64)msr_lists[b->arg].e),
				"VMWRITE of the MSR-load address"))
			return false;
		v = msr_lists[b->arg].count;
		break;
	}
	printf("l1-hv: break=%s: field 0x%x = 0x%lx, L0 check %s (SDM %s)\n", b->name,
	       b->field, v, b->check, b->sdm);
	return hv__vmx_ok(vmwrite(b->field, v), "VMWRITE of the spoiled field");
}

bool breaks__restore(const struct entry_break *b, const struct break_saved *saved)
{
	if (b->spoil == SPOIL_MSR_LIST &&
	    !hv__vmx_ok(vmwrite(VMCS_ENTRY_MSR_LOAD_ADDR, saved->msr_addr),
			"VMWRITE restoring the MSR-load address"))
		return false;
	return hv__vmx_ok(vmwrite(b->field, saved->value), "VMWRITE restoring the spoiled field");
}

void breaks__check_vmfail(const struct entry_break *b, struct vmx_result r)
{
	if (b->exits) {
		report(false, "break=%s: VMLAUNCH returned (status %u, error %u) instead of "
		       "exiting with reason 0x%x", b->name, r.status, r.error, expected_reason(b));
		return;
	}
	report(r.status == VMX_FAIL_VALID && r.error == b->code,
	       "break=%s: VMLAUNCH fails with VMfailValid %u (got status %u, error %u)",
	       b->name, b->code, r.status, r.error);
}

void breaks__check_exit(const struct entry_break *b, u32 reason, u64 qual)
{
	if (!b->exits) {
		report(false, "break=%s: VM exit 0x%x (qualification %lu) instead of "
		       "VMfailValid %u", b->name, reason, qual, b->code);
		return;
	}
	report(reason == expected_reason(b) && qual == b->qual,
	       "break=%s: VM-entry failure, reason 0x%x qualification %lu "
	       "(got reason 0x%x qualification %lu)", b->name, expected_reason(b), b->qual,
	       reason, qual);
}
