/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * testvms/l1-hv/attacks.h: what attacks.c (the rows' table, the VMX rows)
 * and attacks_ept.c (the EPT12 rows) share; private to them.
 */
#ifndef L1_HV__ATTACKS_H
#define L1_HV__ATTACKS_H

#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

/* VM-instruction error numbers (SDM 31.4, Table 31-1). */
#define ERR_VMCLEAR_ADDR	2
#define ERR_VMCLEAR_VMXON	3
#define ERR_VMPTRLD_ADDR	9
#define ERR_VMPTRLD_VMXON	10
#define ERR_VMPTRLD_REVISION	11
#define ERR_FIELD		12
#define ERR_VMXON_IN_ROOT	15
#define ERR_INV_OPERAND		28

/* What a row's exit hook tells exits.c. */
enum attack_exit { ATTACK_PASS, ATTACK_RESUME, ATTACK_FINISH };

struct attack {
	const char *name;
	const char *expect;	/* what L1 must get, and the SDM's section */
	bool (*vmx_on)(struct hv *hv);
	bool (*armed)(struct hv *hv, const struct l2_entry *entry);
	enum attack_exit (*exit)(struct hv *hv, u32 reason, u64 qual);
	bool no_l2;		/* the row ends the run: L2 never completes */
};

static inline unsigned attacks__maxphyaddr(void)
{
	return cpuid(0x80000008, 0).a & 0xff;
}

static inline u64 attacks__vmread(u32 field)
{
	u64 v = 0;

	vmread(field, &v);
	return v;
}

static inline bool attacks__fail_valid(struct vmx_result r, u32 error)
{
	return r.status == VMX_FAIL_VALID && r.error == error;
}

/* attacks_ept.c: the EPT12 rows' hooks. */
bool attacks_ept__self_armed(struct hv *hv, const struct l2_entry *entry);
enum attack_exit attacks_ept__self_exit(struct hv *hv, u32 reason, u64 qual);
bool attacks_ept__fanout_armed(struct hv *hv, const struct l2_entry *entry);
enum attack_exit attacks_ept__invepts_exit(struct hv *hv, u32 reason, u64 qual);
bool attacks_ept__holes_armed(struct hv *hv, const struct l2_entry *entry);
enum attack_exit attacks_ept__fanout_spin_exit(struct hv *hv, u32 reason, u64 qual);
bool attacks_ept__beyond_on(struct hv *hv);
bool attacks_ept__beyond_armed(struct hv *hv, const struct l2_entry *entry);
enum attack_exit attacks_ept__beyond_exit(struct hv *hv, u32 reason, u64 qual);
bool attacks_ept__misconfig_armed(struct hv *hv, const struct l2_entry *entry);
enum attack_exit attacks_ept__misconfig_exit(struct hv *hv, u32 reason, u64 qual);
bool attacks_ept__fetch_armed(struct hv *hv, const struct l2_entry *entry);
bool attacks_ept__walk_armed(struct hv *hv, const struct l2_entry *entry);
enum attack_exit attacks_ept__page_exit(struct hv *hv, u32 reason, u64 qual);

#endif /* L1_HV__ATTACKS_H */
