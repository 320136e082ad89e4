/*
 * Negative VM-entry tests: option break=NAME spoils one VMCS field after
 * step 5, and the run checks that VMLAUNCH fails exactly as the SDM says,
 * either as VMfailValid (SDM 27.2: controls and host state are checked
 * before the instruction commits) or as a VM exit with bit 31 of the exit
 * reason set (SDM 27.8: guest-state checks).  One row per check; L2 never
 * runs.  break=list prints the rows.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

enum spoil {
	SPOIL_SET,		/* field = arg */
	SPOIL_CLEAR,		/* field &= ~arg */
	SPOIL_REFUSED,		/* field |= a bit the capability MSR at caps
				 * offset arg does not allow to be 1 */
};

/* VM-instruction error numbers (SDM 31.4) and entry-failure exit reasons
 * and qualifications (SDM 27.8) the rows expect. */
#define ERR_ENTRY_CONTROLS	7
#define ERR_ENTRY_HOST		8
#define QUAL_DEFAULT		0
#define QUAL_LINK_POINTER	4

struct entry_break {
	const char *name;
	u32 field;
	enum spoil spoil;
	u64 arg;
	bool exits;		/* fails as a VM exit, not as VMfailValid */
	u32 code;		/* VM-instruction error, or basic exit reason */
	u64 qual;		/* exit qualification, when exits */
	const char *sdm;
};

#define CAP(member) offsetof(struct vmx_caps, member)

static const struct entry_break breaks[] = {
	{ "pin-reserved", VMCS_PIN_BASED_CONTROLS, SPOIL_REFUSED, CAP(pin),
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: reserved pin-based control set" },
	{ "proc2-reserved", VMCS_SECONDARY_PROC_CONTROLS, SPOIL_REFUSED, CAP(proc2),
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: reserved secondary control set" },
	{ "eptp-memtype", VMCS_EPT_POINTER, SPOIL_CLEAR, 0x4,
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: EPTP memory type 2 (only 0 and 6 exist)" },
	{ "vpid-zero", VMCS_VPID, SPOIL_SET, 0,
	  false, ERR_ENTRY_CONTROLS, 0, "27.2.1.1: enable VPID with VPID 0" },
	{ "host-cr4-vmxe", VMCS_HOST_CR4, SPOIL_CLEAR, X86_CR4_VMXE,
	  false, ERR_ENTRY_HOST, 0, "27.2.2: host CR4 outside IA32_VMX_CR4_FIXED0" },
	{ "host-rip", VMCS_HOST_RIP, SPOIL_SET, 0x8000000000000000ul,
	  false, ERR_ENTRY_HOST, 0, "27.2.3: non-canonical host RIP" },
	{ "host-tr-zero", VMCS_HOST_TR_SELECTOR, SPOIL_SET, 0,
	  false, ERR_ENTRY_HOST, 0, "27.2.3: host TR selector 0" },
	{ "guest-cr0-pg", VMCS_GUEST_CR0, SPOIL_CLEAR, X86_CR0_PG,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.1: IA-32e mode guest with CR0.PG = 0" },
	{ "guest-rflags", VMCS_GUEST_RFLAGS, SPOIL_CLEAR, 0x2,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.4: RFLAGS bit 1 clear" },
	{ "guest-activity", VMCS_GUEST_ACTIVITY_STATE, SPOIL_SET, 5,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_DEFAULT,
	  "27.3.1.5: activity state 5 does not exist" },
	{ "guest-link", VMCS_VMCS_LINK_POINTER, SPOIL_SET, 0x1000,
	  true, EXIT_REASON_INVALID_GUEST_STATE, QUAL_LINK_POINTER,
	  "27.3.1.5: VMCS link pointer not ~0 and no shadow VMCS there" },
};

const struct entry_break *breaks__find(const char *name)
{
	unsigned i;

	if (!strcmp(name, "list")) {
		for (i = 0; i < ARRAY_SIZE(breaks); i++)
			printf("break=%s\tSDM %s\n", breaks[i].name, breaks[i].sdm);
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(breaks); i++)
		if (!strcmp(name, breaks[i].name))
			return &breaks[i];
	return NULL;
}

bool breaks__apply(const struct entry_break *b, const struct vmx_caps *caps)
{
	u64 v = 0, cap, refused;

	if (!hv__vmx_ok(vmread(b->field, &v), "VMREAD of the field to spoil"))
		return false;
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
	}
	printf("l1-hv: break=%s: field 0x%x = 0x%lx (SDM %s)\n", b->name, b->field, v, b->sdm);
	return hv__vmx_ok(vmwrite(b->field, v), "VMWRITE of the spoiled field");
}

void breaks__check_vmfail(const struct entry_break *b, struct vmx_result r)
{
	report(!b->exits && r.status == VMX_FAIL_VALID && r.error == b->code,
	       "break=%s: VMLAUNCH fails with VMfailValid %u (got status %u, error %u)",
	       b->name, b->code, r.status, r.error);
}

void breaks__check_exit(const struct entry_break *b, u32 reason, u64 qual)
{
	report(b->exits && reason == (EXIT_REASON_ENTRY_FAILURE | b->code) && qual == b->qual,
	       "break=%s: VM-entry failure, reason 0x%x qualification %lu "
	       "(got reason 0x%x qualification %lu)", b->name,
	       EXIT_REASON_ENTRY_FAILURE | b->code, b->qual, reason, qual);
}
