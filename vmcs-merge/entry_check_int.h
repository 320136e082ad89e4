/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_int.h: what the entry_check*.c files share: the
 * context of one check run, the one failure macro, architectural bit names
 * and the family functions, one per SDM family, called in SDM order by
 * entry_check__run(). */
#ifndef VMCS_MERGE__ENTRY_CHECK_INT_H
#define VMCS_MERGE__ENTRY_CHECK_INT_H

#include <stdbool.h>

#include "vmcs-merge/entry_check.h"
#include "vmcs-merge/vmx_controls.h"

struct entry_check_ctx {
	const struct entry_check_input *in;
	const struct vmcs12 *v;
	const struct entry_check_caps *caps;
	struct entry_check_result *res;
	uint32_t msr_index;		/* 1-based MSR-load entry under check */
};

/* Records the failure in c->res and returns the number the SDM gives for
 * the check's family (7, 8, 33 or 34), taken from entry_check.def, so a
 * check cannot answer with another family's code. */
int entry_check__fail(struct entry_check_ctx *c, enum entry_check_id id,
		      const struct entry_check_val *vals, unsigned n);

/* The one way a check fails: EC_FAIL(c, ENTRY_CHECK_X, EV("name", value)...)
 * with one to three field values; returns from the family function. */
#define EC_FAIL(c, id, ...)						\
	do {								\
		const struct entry_check_val ec_vals_[] = { __VA_ARGS__ }; \
		_Static_assert(sizeof(ec_vals_) / sizeof(ec_vals_[0]) <= \
			       ENTRY_CHECK_MAX_VALS, "at most 3 values");	\
		return entry_check__fail((c), (id), ec_vals_,		\
			sizeof(ec_vals_) / sizeof(ec_vals_[0]));	\
	} while (0)
#define EV(name, value) { (name), (uint64_t)(value) }
/* A vmcs12 member by its own name. */
#define EF(c, member) EV(#member, (c)->v->member)

/* Architectural bits the checks test (SDM Vol. 3A 2.5, 3.4.5, Table 25-2). */
#define CR0_PE   (1ull << 0)
#define CR0_WP   (1ull << 16)
#define CR0_PG   (1ull << 31)
#define CR4_PAE  (1ull << 5)
#define CR4_PCIDE (1ull << 17)
#define CR4_CET  (1ull << 23)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_IF (1ull << 9)
#define RFLAGS_VM (1ull << 17)
#define DEBUGCTL_BTF (1ull << 1)
#define AR_TYPE(ar)   ((ar) & 0xf)
#define AR_S          (1u << 4)
#define AR_DPL(ar)    (((ar) >> 5) & 3)
#define AR_P          (1u << 7)
#define AR_L          (1u << 13)
#define AR_DB         (1u << 14)
#define AR_G          (1u << 15)
#define AR_UNUSABLE   (1u << 16)
#define AR_RSVD_LOW   0x00000f00u
#define AR_RSVD_HIGH  0xfffe0000u

/* VM-entry interruption information (SDM 25.8.3, Table 25-17). */
#define INTR_VECTOR(i)  ((i) & 0xff)
#define INTR_TYPE(i)    (((i) >> 8) & 7)
#define INTR_DELIVER_EC (1u << 11)
#define INTR_VALID      (1u << 31)
enum { INTR_EXTINT = 0, INTR_NMI = 2, INTR_HW_EXC = 3, INTR_SW_INT = 4,
       INTR_PRIV_SW_EXC = 5, INTR_SW_EXC = 6, INTR_OTHER = 7 };

/* Activity states (SDM 25.4.2, Table 25-3). */
enum { ACT_ACTIVE = 0, ACT_HLT = 1, ACT_SHUTDOWN = 2, ACT_WAIT_SIPI = 3 };
/* Interruptibility state (SDM 25.4.2, Table 25-4). */
#define INTR_BLOCK_STI     (1u << 0)
#define INTR_BLOCK_MOVSS   (1u << 1)
#define INTR_BLOCK_SMI     (1u << 2)
#define INTR_BLOCK_NMI     (1u << 3)
#define INTR_ENCLAVE       (1u << 4)

/* IA32_VMX_MISC and IA32_VMX_BASIC bits (SDM A.1, A.6). */
#define MISC_ACT_HLT        (1ull << 6)
#define MISC_CR3_TARGETS(m) (((m) >> 16) & 0x1ff)
#define MISC_MSR_LIST_MAX(m) (512u * ((((m) >> 25) & 7) + 1))
#define MISC_INSN_LEN_0     (1ull << 30)
#define BASIC_NO_EC_CHECK   (1ull << 56)

static inline bool ec_canonical(const struct entry_check_ctx *c, uint64_t x)
{
	unsigned shift = 64 - c->caps->linear_width;

	return (uint64_t)((int64_t)(x << shift) >> shift) == x;
}

/* Bits beyond the physical-address width clear (SDM 27.2.1.1 wording). */
static inline bool ec_pa_ok(const struct entry_check_ctx *c, uint64_t addr)
{
	return c->in->pa_width >= 64 || (addr >> c->in->pa_width) == 0;
}

/* Valid PAT entry types: UC, WC, WT, WP, WB, UC- (SDM Vol. 3A 13.12.2). */
static inline bool ec_pat_ok(uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned t = (pat >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

static inline uint32_t ec_proc2(const struct entry_check_ctx *c)
{
	if (!(c->v->proc_based_controls & (uint32_t)VMX_PROC_SECONDARY_CONTROLS))
		return 0;	/* treated as 0 when not activated (SDM 25.6.2) */
	return c->v->secondary_proc_controls;
}

static inline bool ec_ia32e_guest(const struct entry_check_ctx *c)
{
	return c->v->entry_controls & VMX_ENTRY_IA32E_MODE_GUEST;
}

static inline bool ec_unrestricted(const struct entry_check_ctx *c)
{
	return ec_proc2(c) & VMX_PROC2_UNRESTRICTED_GUEST;
}

/* The family functions, in SDM order: 0 when every check passed. */
enum vmx_error entry_check__exec_controls(struct entry_check_ctx *c);	/* 27.2.1.1 */
enum vmx_error entry_check__exit_controls(struct entry_check_ctx *c);	/* 27.2.1.2 */
enum vmx_error entry_check__entry_controls(struct entry_check_ctx *c);	/* 27.2.1.3 */
enum vmx_error entry_check__host_regs(struct entry_check_ctx *c);	/* 27.2.2 */
enum vmx_error entry_check__host_segments(struct entry_check_ctx *c);	/* 27.2.3 */
enum vmx_error entry_check__host_addr_size(struct entry_check_ctx *c);	/* 27.2.4 */
enum entry_check_exit entry_check__guest_regs(struct entry_check_ctx *c);	/* 27.3.1.1 */
enum entry_check_exit entry_check__guest_segments(struct entry_check_ctx *c);	/* 27.3.1.2 */
enum entry_check_exit entry_check__guest_desc_tables(struct entry_check_ctx *c); /* 27.3.1.3 */
enum entry_check_exit entry_check__guest_rip_rflags(struct entry_check_ctx *c);	/* 27.3.1.4 */
enum entry_check_exit entry_check__guest_non_reg(struct entry_check_ctx *c);	/* 27.3.1.5 */
enum entry_check_exit entry_check__guest_pdptes(struct entry_check_ctx *c);	/* 27.3.1.6 */
enum entry_check_exit entry_check__msr_load(struct entry_check_ctx *c);	/* 27.4 */

#endif /* VMCS_MERGE__ENTRY_CHECK_INT_H */
