/* SPDX-License-Identifier: GPL-2.0-only */
/* vmcs-merge/entry_check_seg.c: checks on the guest segment registers,
 * SDM 27.3.1.2, in the order the SDM lists them: selectors, bases, limits,
 * then access rights field by field (type, S, DPL, P, reserved, D/B, G,
 * reserved) across CS, SS, DS, ES, FS, GS, and last TR and LDTR.  A failure
 * is exit reason 33, qualification 0. */
#include <stddef.h>

#include "vmcs-merge/entry_check_int.h"

/* The order SDM 27.3.1.2 lists the registers in, which is the order the
 * checks are made (so the failure reported first): not a numbering of the
 * registers, which is enum cpu_seg's (cpu_state.h). */
enum { CS, SS, DS, ES, FS, GS, NSEG };

struct seg {
	uint16_t sel;
	uint64_t base;
	uint32_t limit, ar;
};

/* Where each segment lives in vmcs12, its field names, and its check ids
 * (ENTRY_CHECK_NONE where the SDM has no such rule for that register). */
static const struct seg_desc {
	size_t sel, base, limit, ar;
	const char *sel_name, *base_name, *limit_name, *ar_name;
	enum entry_check_id base_v86, limit_v86, ar_v86, base_high;
	enum entry_check_id accessed, readable, s, dpl, p, rsvd_low, g, rsvd_high;
} segs[NSEG] = {
#define FIELDS(s) offsetof(struct vmcs12, guest_##s##_selector),	\
	offsetof(struct vmcs12, guest_##s##_base),			\
	offsetof(struct vmcs12, guest_##s##_limit),			\
	offsetof(struct vmcs12, guest_##s##_ar),			\
	"guest_" #s "_selector", "guest_" #s "_base",			\
	"guest_" #s "_limit", "guest_" #s "_ar"
#define V86(S) ENTRY_CHECK_GUEST_##S##_BASE_V86, ENTRY_CHECK_GUEST_##S##_LIMIT_V86, \
	ENTRY_CHECK_GUEST_##S##_AR_V86
#define AR(S) ENTRY_CHECK_GUEST_##S##_AR_S, ENTRY_CHECK_NONE, ENTRY_CHECK_GUEST_##S##_AR_P, \
	ENTRY_CHECK_GUEST_##S##_AR_RSVD_LOW, ENTRY_CHECK_GUEST_##S##_AR_G,	\
	ENTRY_CHECK_GUEST_##S##_AR_RSVD_HIGH
#define DATA_AR(S) ENTRY_CHECK_GUEST_##S##_AR_ACCESSED, ENTRY_CHECK_GUEST_##S##_AR_READABLE, \
	ENTRY_CHECK_GUEST_##S##_AR_S, ENTRY_CHECK_GUEST_##S##_AR_DPL,	\
	ENTRY_CHECK_GUEST_##S##_AR_P, ENTRY_CHECK_GUEST_##S##_AR_RSVD_LOW,	\
	ENTRY_CHECK_GUEST_##S##_AR_G, ENTRY_CHECK_GUEST_##S##_AR_RSVD_HIGH
	[CS] = { FIELDS(cs), V86(CS), ENTRY_CHECK_GUEST_CS_BASE_HIGH,
		 ENTRY_CHECK_NONE, ENTRY_CHECK_NONE, AR(CS) },
	[SS] = { FIELDS(ss), V86(SS), ENTRY_CHECK_GUEST_SS_BASE_HIGH,
		 ENTRY_CHECK_NONE, ENTRY_CHECK_NONE, AR(SS) },
	[DS] = { FIELDS(ds), V86(DS), ENTRY_CHECK_GUEST_DS_BASE_HIGH, DATA_AR(DS) },
	[ES] = { FIELDS(es), V86(ES), ENTRY_CHECK_GUEST_ES_BASE_HIGH, DATA_AR(ES) },
	[FS] = { FIELDS(fs), V86(FS), ENTRY_CHECK_NONE, DATA_AR(FS) },
	[GS] = { FIELDS(gs), V86(GS), ENTRY_CHECK_NONE, DATA_AR(GS) },
#undef FIELDS
#undef V86
#undef AR
#undef DATA_AR
};

static struct seg load(const struct vmcs12 *v, const struct seg_desc *d)
{
	const char *p = (const char *)v;

	return (struct seg){
		.sel = *(const uint16_t *)(p + d->sel),
		.base = *(const uint64_t *)(p + d->base),
		.limit = *(const uint32_t *)(p + d->limit),
		.ar = *(const uint32_t *)(p + d->ar),
	};
}

static bool usable(const struct seg *s)
{
	return !(s->ar & AR_UNUSABLE);
}

/* G must be 1 if any limit bit 31:20 is 1, and 0 if any bit 11:0 is 0. */
static bool g_ok(uint32_t limit, uint32_t ar)
{
	if ((limit & 0xfff) != 0xfff && (ar & AR_G))
		return false;
	return !((limit & 0xfff00000u) && !(ar & AR_G));
}

/* The access-rights fields outside virtual-8086 mode. */
static enum entry_check_exit ar(struct entry_check_ctx *c, const struct seg *s)
{
	const struct seg_desc *d;
	bool ug = ec_unrestricted(c);
	unsigned cs_type = AR_TYPE(s[CS].ar);
	int i;

	if (!(cs_type == 9 || cs_type == 11 || cs_type == 13 || cs_type == 15 ||
	      (ug && cs_type == 3)))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CS_AR_TYPE, EF(c, guest_cs_ar));
	if (usable(&s[SS]) && AR_TYPE(s[SS].ar) != 3 && AR_TYPE(s[SS].ar) != 7)
		EC_FAIL(c, ENTRY_CHECK_GUEST_SS_AR_TYPE, EF(c, guest_ss_ar));
	for (i = DS; i < NSEG; i++) {
		d = &segs[i];
		if (usable(&s[i]) && !(s[i].ar & 1))
			EC_FAIL(c, d->accessed, EV(d->ar_name, s[i].ar));
		if (usable(&s[i]) && (s[i].ar & 8) && !(s[i].ar & 2))
			EC_FAIL(c, d->readable, EV(d->ar_name, s[i].ar));
	}
	for (i = CS; i < NSEG; i++)
		if ((i == CS || usable(&s[i])) && !(s[i].ar & AR_S))
			EC_FAIL(c, segs[i].s, EV(segs[i].ar_name, s[i].ar));
	if (cs_type == 3 && AR_DPL(s[CS].ar) != 0)
		EC_FAIL(c, ENTRY_CHECK_GUEST_CS_AR_DPL_DATA, EF(c, guest_cs_ar));
	if ((cs_type == 9 || cs_type == 11) && AR_DPL(s[CS].ar) != AR_DPL(s[SS].ar))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CS_AR_DPL, EF(c, guest_cs_ar), EF(c, guest_ss_ar));
	if ((cs_type == 13 || cs_type == 15) && AR_DPL(s[CS].ar) > AR_DPL(s[SS].ar))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CS_AR_DPL_CONF, EF(c, guest_cs_ar), EF(c, guest_ss_ar));
	if (!ug && AR_DPL(s[SS].ar) != (s[SS].sel & 3u))
		EC_FAIL(c, ENTRY_CHECK_GUEST_SS_AR_DPL_RPL, EF(c, guest_ss_ar),
			EF(c, guest_ss_selector));
	if ((cs_type == 3 || !(c->v->guest_cr0 & CR0_PE)) && AR_DPL(s[SS].ar) != 0)
		EC_FAIL(c, ENTRY_CHECK_GUEST_SS_AR_DPL_ZERO, EF(c, guest_ss_ar), EF(c, guest_cs_ar),
			EF(c, guest_cr0));
	for (i = DS; i < NSEG; i++) {
		d = &segs[i];
		if (!ug && usable(&s[i]) && AR_TYPE(s[i].ar) <= 11 &&
		    AR_DPL(s[i].ar) < (s[i].sel & 3u))
			EC_FAIL(c, d->dpl, EV(d->ar_name, s[i].ar), EV(d->sel_name, s[i].sel));
	}
	for (i = CS; i < NSEG; i++)
		if ((i == CS || usable(&s[i])) && !(s[i].ar & AR_P))
			EC_FAIL(c, segs[i].p, EV(segs[i].ar_name, s[i].ar));
	for (i = CS; i < NSEG; i++)
		if ((i == CS || usable(&s[i])) && (s[i].ar & AR_RSVD_LOW))
			EC_FAIL(c, segs[i].rsvd_low, EV(segs[i].ar_name, s[i].ar));
	if (ec_ia32e_guest(c) && (s[CS].ar & AR_L) && (s[CS].ar & AR_DB))
		EC_FAIL(c, ENTRY_CHECK_GUEST_CS_AR_DB, EF(c, guest_cs_ar));
	for (i = CS; i < NSEG; i++)
		if ((i == CS || usable(&s[i])) && !g_ok(s[i].limit, s[i].ar))
			EC_FAIL(c, segs[i].g, EV(segs[i].ar_name, s[i].ar),
				EV(segs[i].limit_name, s[i].limit));
	for (i = CS; i < NSEG; i++)
		if ((i == CS || usable(&s[i])) && (s[i].ar & AR_RSVD_HIGH))
			EC_FAIL(c, segs[i].rsvd_high, EV(segs[i].ar_name, s[i].ar));
	return ENTRY_EXIT_NONE;
}

/* TR and, when usable, LDTR: system descriptors. */
static enum entry_check_exit tr_ldtr(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	uint32_t ar = v->guest_tr_ar, type = AR_TYPE(ar);

	if (!(type == 11 || (type == 3 && !ec_ia32e_guest(c))))
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_TYPE, EF(c, guest_tr_ar), EF(c, entry_controls));
	if (ar & AR_S)
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_S, EF(c, guest_tr_ar));
	if (!(ar & AR_P))
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_P, EF(c, guest_tr_ar));
	if (ar & AR_RSVD_LOW)
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_RSVD_LOW, EF(c, guest_tr_ar));
	if (!g_ok(v->guest_tr_limit, ar))
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_G, EF(c, guest_tr_ar), EF(c, guest_tr_limit));
	if (ar & AR_UNUSABLE)
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_UNUSABLE, EF(c, guest_tr_ar));
	if (ar & AR_RSVD_HIGH)
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_AR_RSVD_HIGH, EF(c, guest_tr_ar));

	ar = v->guest_ldtr_ar;
	if (ar & AR_UNUSABLE)
		return ENTRY_EXIT_NONE;
	if (AR_TYPE(ar) != 2)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_AR_TYPE, EF(c, guest_ldtr_ar));
	if (ar & AR_S)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_AR_S, EF(c, guest_ldtr_ar));
	if (!(ar & AR_P))
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_AR_P, EF(c, guest_ldtr_ar));
	if (ar & AR_RSVD_LOW)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_AR_RSVD_LOW, EF(c, guest_ldtr_ar));
	if (!g_ok(v->guest_ldtr_limit, ar))
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_AR_G, EF(c, guest_ldtr_ar),
			EF(c, guest_ldtr_limit));
	if (ar & AR_RSVD_HIGH)
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_AR_RSVD_HIGH, EF(c, guest_ldtr_ar));
	return ENTRY_EXIT_NONE;
}

/* SDM 27.3.1.2: guest segment registers. */
enum entry_check_exit entry_check__guest_segments(struct entry_check_ctx *c)
{
	const struct vmcs12 *v = c->v;
	bool v86 = v->guest_rflags & RFLAGS_VM, ldtr = !(v->guest_ldtr_ar & AR_UNUSABLE);
	struct seg s[NSEG];
	enum entry_check_exit e;
	int i;

	for (i = CS; i < NSEG; i++)
		s[i] = load(v, &segs[i]);
	/* Selectors. */
	if (v->guest_tr_selector & 4)
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_SEL_TI, EF(c, guest_tr_selector));
	if (ldtr && (v->guest_ldtr_selector & 4))
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_SEL_TI, EF(c, guest_ldtr_selector));
	if (!v86 && !ec_unrestricted(c) && (s[SS].sel & 3) != (s[CS].sel & 3))
		EC_FAIL(c, ENTRY_CHECK_GUEST_SS_SEL_RPL, EF(c, guest_ss_selector),
			EF(c, guest_cs_selector));
	/* Bases. */
	for (i = CS; v86 && i < NSEG; i++)
		if (s[i].base != (uint64_t)s[i].sel << 4)
			EC_FAIL(c, segs[i].base_v86, EV(segs[i].base_name, s[i].base),
				EV(segs[i].sel_name, s[i].sel));
	if (!ec_canonical(c, v->guest_tr_base))
		EC_FAIL(c, ENTRY_CHECK_GUEST_TR_BASE_CANON, EF(c, guest_tr_base));
	if (!ec_canonical(c, v->guest_fs_base))
		EC_FAIL(c, ENTRY_CHECK_GUEST_FS_BASE_CANON, EF(c, guest_fs_base));
	if (!ec_canonical(c, v->guest_gs_base))
		EC_FAIL(c, ENTRY_CHECK_GUEST_GS_BASE_CANON, EF(c, guest_gs_base));
	if (ldtr && !ec_canonical(c, v->guest_ldtr_base))
		EC_FAIL(c, ENTRY_CHECK_GUEST_LDTR_BASE_CANON, EF(c, guest_ldtr_base));
	for (i = CS; i <= ES; i++)
		if ((i == CS || usable(&s[i])) && (s[i].base >> 32))
			EC_FAIL(c, segs[i].base_high, EV(segs[i].base_name, s[i].base));
	/* Limits, then access rights. */
	for (i = CS; v86 && i < NSEG; i++)
		if (s[i].limit != 0xffff)
			EC_FAIL(c, segs[i].limit_v86, EV(segs[i].limit_name, s[i].limit));
	for (i = CS; v86 && i < NSEG; i++)
		if (s[i].ar != 0xf3)
			EC_FAIL(c, segs[i].ar_v86, EV(segs[i].ar_name, s[i].ar));
	if (!v86 && (e = ar(c, s)) != ENTRY_EXIT_NONE)
		return e;
	return tr_ldtr(c);
}
