/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check.h: the checks VMLAUNCH/VMRESUME make on a vmcs12
 * (SDM 27.2 to 27.4), done in software because L2 runs on plain KVM with
 * no VT-x underneath.  Every check is a line of entry_check.def; a failure
 * names the line, carries up to three field values and the result the SDM
 * gives: VMfailValid 7 or 8, or a VM-entry-failure exit 33 or 34.
 */
#ifndef VMCS_MERGE__ENTRY_CHECK_H
#define VMCS_MERGE__ENTRY_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_result.h"

enum entry_check_family {
	ENTRY_FAMILY_CONTROLS,		/* SDM 27.2.1: VMfailValid 7 */
	ENTRY_FAMILY_HOST,		/* SDM 27.2.2-27.2.4: VMfailValid 8 */
	ENTRY_FAMILY_GUEST,		/* SDM 27.3: exit 33 | bit 31 */
	ENTRY_FAMILY_MSR_LOAD,		/* SDM 27.4: exit 34 | bit 31 */
};

/* ENTRY_CHECK_NONE, then one id per line of the list: also the stats index. */
enum entry_check_id {
	ENTRY_CHECK_NONE = 0,
#define X(ID, fam, sec, q, impl, cond) ENTRY_CHECK_##ID,
#include "vmcs-merge/entry_check.def"
#undef X
	ENTRY_CHECK__END
};
#define ENTRY_CHECK_COUNT (ENTRY_CHECK__END - 1)

/* Basic exit reasons of a VM-entry failure (SDM 27.8); exit-forwarder's
 * exit_reasons.c (above this library) asserts they agree with its
 * exit_reasons.def.  Kept apart from enum vmx_error so that no path can
 * hand out the other kind of number. */
enum entry_check_exit {
	ENTRY_EXIT_NONE        = 0,
	ENTRY_EXIT_GUEST_STATE = 33,
	ENTRY_EXIT_MSR_LOADING = 34,
};

/* The exit qualification of a guest-state failure (SDM 27.8). */
enum entry_check_qual {
	ENTRY_QUAL_DEFAULT = 0,
	ENTRY_QUAL_PDPTE   = 2,
	ENTRY_QUAL_NMI_STI = 3,
	ENTRY_QUAL_LINK    = 4,
};

/* What the caller's MSR model says about one MSR-load entry (SDM 27.4). */
enum entry_msr_verdict {
	ENTRY_MSR_OK,
	ENTRY_MSR_NOT_LOADABLE,		/* model-specific: never loaded by VM entry */
	ENTRY_MSR_GP,			/* WRMSR of this value would #GP */
};

/* The capability values the checks compare against (SDM Appendix A), as
 * the virtual CPU L1 sees reports them, and the virtual CPU's features. */
struct entry_check_caps {
	uint32_t pin_must1, pin_may1;	/* IA32_VMX_TRUE_PINBASED_CTLS */
	uint32_t proc_must1, proc_may1;	/* IA32_VMX_TRUE_PROCBASED_CTLS */
	uint32_t proc2_may1;		/* IA32_VMX_PROCBASED_CTLS2 bits 63:32 */
	uint64_t proc3_may1;		/* IA32_VMX_PROCBASED_CTLS3 */
	uint32_t exit_must1, exit_may1;	/* IA32_VMX_TRUE_EXIT_CTLS */
	uint64_t exit2_may1;		/* IA32_VMX_EXIT_CTLS2 */
	uint32_t entry_must1, entry_may1; /* IA32_VMX_TRUE_ENTRY_CTLS */
	uint64_t vmfunc_may1;		/* IA32_VMX_VMFUNC */
	uint64_t basic;			/* IA32_VMX_BASIC (revision id, bit 56) */
	uint64_t misc;			/* IA32_VMX_MISC */
	uint64_t ept_vpid_cap;		/* IA32_VMX_EPT_VPID_CAP */
	uint64_t cr0_fixed0, cr0_fixed1;
	uint64_t cr4_fixed0, cr4_fixed1;
	/* Bits the virtual CPU implements in these MSRs: the rest are reserved. */
	uint64_t efer_valid, debugctl_valid, perf_global_valid;
	uint64_t rtit_ctl_valid, lbr_ctl_valid;
	unsigned linear_width;		/* 48, or 57 with 5-level paging */
	unsigned has_rtm : 1, has_sgx : 1;
	/* Fail an NMI injection under STI blocking (qualification 3). */
	unsigned nmi_sti_fails : 1;
};

/* Everything one VM entry is checked against. */
struct entry_check_input {
	const struct vmcs12 *vmcs;
	const struct entry_check_caps *caps;
	unsigned pa_width;		/* CPUID.80000008H:EAX[7:0] L1 sees */
	const struct guest_mem *mem;	/* L1 RAM: link VMCS, PDPTEs, MSR list, VTPR */
	int l1_lma;			/* L1's IA32_EFER.LMA at VMLAUNCH/VMRESUME */
	int in_smm;			/* L1 executes in SMM (never, so far) */
	/* Optional model of L1's MSRs for the MSR-load list; NULL: only the
	 * architectural rules of entry_check.def apply. */
	enum entry_msr_verdict (*msr_verdict)(void *opaque, uint32_t index,
					      uint64_t value);
	void *msr_opaque;
};

enum entry_check_kind {
	ENTRY_CHECK_PASSED,		/* go on: load guest state, run L2 */
	ENTRY_CHECK_VMFAIL,		/* VMfailValid(vmfail); nothing loaded */
	ENTRY_CHECK_EXIT,		/* VM-entry failure: exit_reason, qualification */
};

#define ENTRY_CHECK_MAX_VALS 3
#define ENTRY_CHECK_FAILED_ENTRY (1u << 31)	/* exit-reason bit 31, SDM 25.9.1 */

struct entry_check_val {
	const char *name;		/* "guest_cs_ar": the vmcs12 member */
	uint64_t value;
};

struct entry_check_result {
	enum entry_check_kind kind;
	enum entry_check_id id;		/* the failed check; NONE when passed */
	enum vmx_error vmfail;		/* kind VMFAIL: 7 or 8 */
	enum entry_check_exit exit;	/* kind EXIT: basic reason 33 or 34 */
	uint32_t exit_reason;		/* kind EXIT: exit | bit 31, as stored */
	uint64_t exit_qualification;	/* kind EXIT */
	unsigned nvals;
	struct entry_check_val vals[ENTRY_CHECK_MAX_VALS];
};

/* All checks in SDM order (controls, host, guest, MSR loading); the first
 * failure wins. */
struct entry_check_result entry_check__run(const struct entry_check_input *in);

/* Capabilities of L0's virtual CPU taken from vmx_controls.h: default1
 * classes, the TRUE-MSR relaxations of SDM A.3-A.5, the 1-settings L0
 * implements; CR0/CR4 fixed bits without unrestricted guest; EPT with 4
 * levels, UC and WB, no A/D flags. */
void entry_check__default_caps(struct entry_check_caps *caps);

/* The default caps with the values L1 reads from @vcpu's capability MSRs
 * (controls, BASIC, MISC, EPT_VPID_CAP, CR0/CR4 fixed bits, CTLS2): what
 * L0 checks an entry of that virtual CPU against. */
struct vmx_caps;
void entry_check__vcpu_caps(struct entry_check_caps *c, const struct vmx_caps *vcpu);

/* "VM-entry failed: ID (SDM s): condition; name=0x.. ..." into buf;
 * snprintf-like: the length the whole line needs. "VM entry passed" when
 * nothing failed. */
int entry_check__format(const struct entry_check_result *r, char *buf, size_t len);

/* The list as data; NULL or -1 for ENTRY_CHECK_NONE and out-of-range ids. */
const char *entry_check__name(enum entry_check_id id);
const char *entry_check__section(enum entry_check_id id);
const char *entry_check__condition(enum entry_check_id id);
int entry_check__family(enum entry_check_id id);
int entry_check__implemented(enum entry_check_id id);
unsigned entry_check__count_implemented(void);

/* Per-check failure counts L0 keeps (index = the check id). */
struct entry_check_stats {
	uint64_t failed[ENTRY_CHECK__END];
	uint64_t passed;
};
void entry_check__count(struct entry_check_stats *s, const struct entry_check_result *r);

/* docs/vmentry-checks.md, generated from the list; snprintf-like. */
size_t entry_check__doc(char *buf, size_t len);

#endif /* VMCS_MERGE__ENTRY_CHECK_H */
