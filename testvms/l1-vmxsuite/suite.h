/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-vmxsuite: a conformance suite for the VMX instructions, written for
 * hardware: raw VMX instructions, no hypercalls.  One report() line per
 * outcome the SDM (edition pinned in docs/architecture.md) specifies:
 * chapter 31 "VMX Instruction Reference" (31.2 conventions, 31.3 the instructions, 31.4 error
 * numbers), chapters 24-25 for VMX operation and VMCS regions, 27 for
 * VM entry, 28 for VM-exit information, appendix A for the capability
 * MSRs.
 *
 * Files, in the order main.c runs them (each a report prefix):
 *   caps.c          CPUID, capability MSRs, physical-address width
 *   outside.c       #UD outside VMX operation (CR4.VMXE = 0, then 1)
 *   feature_ctl.c   IA32_FEATURE_CONTROL
 *   vmxon.c         VMXON: #GP for CR0/CR4 fixed bits, VMfailInvalid, success
 *   cr_fixed.c      MOV to CR0/CR4 in VMX operation
 *   no_current.c    VMfailInvalid of every instruction without a current VMCS
 *   vmptr.c         VMCLEAR, VMPTRLD, VMPTRST
 *   vmrw.c          VMREAD/VMWRITE failures and field widths
 *   operands.c      memory-operand forms, page crossing, operand faults
 *   entry_fail.c    VMLAUNCH/VMRESUME failures (vmcs_l2.c builds the VMCS)
 *   exits.c         a real VM entry into l2_code.S and its VM exits
 *   inv.c           INVEPT, INVVPID
 *   cpl3.c          #GP at CPL3, VMCALL and VMFUNC in VMX root operation
 *   vmxoff.c        VMXOFF, then #UD again
 * Around them: raw.h wraps the instructions; expect.c turns an outcome
 * into a report line; insn.c runs any instruction with default operands
 * (the #UD and #GP tables); util.c has small helpers; l2.h, l2_code.S,
 * vmcs_l2.c and vmentry.S are the suite's own L2 and the way into it.
 * README.md lists every row.
 */
#ifndef L1_VMXSUITE__SUITE_H
#define L1_VMXSUITE__SUITE_H

#include "testvms/l1-vmxsuite/l2.h"
#include "testvms/l1-vmxsuite/raw.h"
#include "testvms/lib/types.h"

#define SUITE_PAGE		4096ul

/* Control-register bits (SDM 2.5); processor.h has PE, PG, PAE. */
#define X86_CR0_NE		(1ul << 5)
#define X86_CR4_VMXE		(1ul << 13)

/* IA32_VMX_* capability MSRs (SDM A.1-A.10). */
struct vmx_caps {
	u64 basic;
	u32 revision;		/* BASIC bits 30:0 */
	bool true_ctls;		/* BASIC bit 55 */
	u64 pin, proc, exit, entry;	/* TRUE_* when true_ctls */
	u64 proc2;		/* 0 unless PROCBASED_CTLS allows bit 31 */
	u64 misc;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid;		/* 0 unless EPT or VPID may be enabled */
};

/* Everything the topics share: capabilities and the suite's pages. */
struct suite {
	struct vmx_caps caps;
	unsigned maxphyaddr;	/* CPUID 80000008H:EAX[7:0] */
	bool a_launched;	/* VMCS A is current and launched (exits.c) */
	/* Physical (= virtual, identity map) addresses of 4 KiB pages. */
	u64 vmxon_pa;		/* the VMXON region */
	u64 vmcs_a, vmcs_b;	/* two VMCS regions */
	u64 bad_rev;		/* a region whose revision id is wrong */
	u64 shadow;		/* revision id with bit 31 set */
};

/* ---- expect.c: outcomes as report lines ---- */

enum expect_kind {
	EXP_SUCCEED,		/* VMsucceed: status flags all clear */
	EXP_FAIL_INVALID,	/* VMfailInvalid: CF only */
	EXP_FAIL_VALID,		/* VMfailValid(n): ZF only, error field n */
	EXP_FAULT,		/* an exception; error code checked if it has one */
	EXP_ODD_FLAGS,		/* results only: no fault, flags fit no outcome */
};

struct expect {
	enum expect_kind kind;
	unsigned n;		/* error number (FAIL_VALID) or vector (FAULT) */
	u64 error_code;		/* FAULT with an error code */
};

#define SUCCEED		((struct expect){ EXP_SUCCEED, 0, 0 })
#define FAIL_INVALID	((struct expect){ EXP_FAIL_INVALID, 0, 0 })
#define FAIL_VALID(e)	((struct expect){ EXP_FAIL_VALID, (e), 0 })
#define FAULT(v)	((struct expect){ EXP_FAULT, (v), 0 })
#define FAULT_EC(v, ec)	((struct expect){ EXP_FAULT, (v), (ec) })

/* One report line "<what>: <expected outcome>"; on a mismatch the line
 * says what came instead.  For VMfailValid the VM-instruction error field
 * is read back (VMREAD) and must hold the number.  Returns the verdict. */
bool expect(struct raw_result r, struct expect want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, and a further condition (extra says what it is) that must hold.
 * Run the instruction in a statement of its own before the call: the
 * order in which arguments are evaluated is unspecified, and extra must
 * see the instruction's effect. */
bool expect_and(struct raw_result r, struct expect want, bool extra,
		const char *extra_what, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The same for a row where a reference platform is known to deviate from
 * the SDM (README.md, "Where Bochs and the SDM disagree"): the SDM's
 * outcome passes, exactly the known one is a KFAIL (report_kfail), not a
 * failure, anything else fails. */
bool expect_known(struct raw_result r, struct expect want, struct expect known,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "VMfailValid(12)", "#GP(0)", ... into buf. */
void expect__format(struct expect e, char *buf, size_t size);
/* The outcome the result shows (reads the error field for VMfailValid). */
struct expect expect__classify(struct raw_result r);

/* ---- insn.c: every VMX instruction with default operands ---- */

#define VMX_INSNS(X)							\
	X(VMXON) X(VMCLEAR) X(VMPTRLD) X(VMPTRST) X(VMREAD) X(VMWRITE)	\
	X(VMLAUNCH) X(VMRESUME) X(VMXOFF) X(INVEPT) X(INVVPID)		\
	X(VMCALL) X(VMFUNC)

enum vmx_insn {
#define X(name) INSN_##name,
	VMX_INSNS(X)
#undef X
	INSN_COUNT
};

const char *insn__name(enum vmx_insn i);
/* Runs instruction i at the current CPL with operands that are valid for
 * the suite: the VMXON region, VMCS A, a supported field, type 2
 * (all-context) for INVEPT/INVVPID. */
struct raw_result insn__run(const struct suite *s, enum vmx_insn i);
/* Runs instruction i at CPL3 (usermode.h): the vector it raised there,
 * NO_EXCEPTION if none; error code in exception__last(). */
int insn__run_cpl3(const struct suite *s, enum vmx_insn i);

/* ---- small helpers ---- */

/* VMREAD that must work; ~0 when it fails (and a FAIL line then). */
u64 vmcs_read(u64 field);
/* VMWRITE that must work (a FAIL line otherwise). */
bool vmcs_write(u64 field, u64 value);
/* Zeroed pages from the library's allocator; NULL past the end of RAM. */
void *suite__zero_pages(u64 count);
/* A physical address just beyond the physical-address width, 4 KiB
 * aligned (SDM 31.3: "sets any bits beyond the physical-address width"). */
u64 suite__beyond_width(const struct suite *s);

/* INVEPT/INVVPID exist (else #UD): the secondary control may be 1 and
 * IA32_VMX_EPT_VPID_CAP lists the instruction (SDM 31.3, A.10). */
bool suite__has_invept(const struct suite *s);
bool suite__has_invvpid(const struct suite *s);
/* The secondary control "VMCS shadowing" may be 1 (SDM A.3.3). */
bool suite__has_shadowing(const struct suite *s);

/* ---- the topics, in the order main.c runs them ---- */

bool caps__run(struct suite *s);
void outside__run(struct suite *s);
bool feature_ctl__run(struct suite *s);
bool vmxon__run(struct suite *s);
void cr_fixed__run(struct suite *s);
void no_current__run(struct suite *s);
bool vmptr__run(struct suite *s);
void vmrw__run(struct suite *s);
void operands__run(struct suite *s);
bool entry_fail__run(struct suite *s);
bool exits__run(struct suite *s);
void inv__run(struct suite *s);
void cpl3__run(struct suite *s);
void vmxoff__run(struct suite *s);

#endif /* L1_VMXSUITE__SUITE_H */
