/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_seg.c: one row per VM-entry check on the
 * guest segment registers (SDM 27.3.1.2), in and outside virtual-8086 mode:
 * exit reason 33 | bit 31, qualification 0, naming the check. */
#include "tests/unit/vmcs-merge/entry_check_fixture.h"

/* Rows every one of CS..GS has in virtual-8086 mode. */
#define V86_ROWS(S, s)								\
	case ENTRY_CHECK_GUEST_##S##_BASE_V86: fx_to_v86(f); v->guest_##s##_base += 0x10; break; \
	case ENTRY_CHECK_GUEST_##S##_LIMIT_V86: fx_to_v86(f); v->guest_##s##_limit = 0xfffe; break; \
	case ENTRY_CHECK_GUEST_##S##_AR_V86: fx_to_v86(f); v->guest_##s##_ar = 0xf7; break;
/* Rows every usable segment has outside it (CS and SS: see below). */
#define AR_ROWS(S, s)								\
	case ENTRY_CHECK_GUEST_##S##_AR_S: v->guest_##s##_ar = 0xc083; break;	\
	case ENTRY_CHECK_GUEST_##S##_AR_P: v->guest_##s##_ar = 0xc013; break;	\
	case ENTRY_CHECK_GUEST_##S##_AR_RSVD_LOW: v->guest_##s##_ar = 0xc193; break; \
	case ENTRY_CHECK_GUEST_##S##_AR_G: v->guest_##s##_ar = 0x4093; break;	\
	case ENTRY_CHECK_GUEST_##S##_AR_RSVD_HIGH: v->guest_##s##_ar = 0x2c093; break;
/* DS, ES, FS, GS: data rules. */
#define DATA_ROWS(S, s)								\
	AR_ROWS(S, s)								\
	case ENTRY_CHECK_GUEST_##S##_AR_ACCESSED: v->guest_##s##_ar = 0xc092; break; \
	case ENTRY_CHECK_GUEST_##S##_AR_READABLE: v->guest_##s##_ar = 0xc099; break; \
	case ENTRY_CHECK_GUEST_##S##_AR_DPL: v->guest_##s##_selector |= 3; break;

static void usable_ldtr(struct vmcs12 *v)
{
	v->guest_ldtr_selector = 0x28;
	v->guest_ldtr_base = 0x7000;
	v->guest_ldtr_limit = 0xff;
	v->guest_ldtr_ar = 0x82;
}

static bool row(struct fx *f, enum entry_check_id id, uint64_t *qual)
{
	struct vmcs12 *v = &f->v;

	*qual = 0;
	switch ((int)id) {
	V86_ROWS(CS, cs) V86_ROWS(SS, ss) V86_ROWS(DS, ds)
	V86_ROWS(ES, es) V86_ROWS(FS, fs) V86_ROWS(GS, gs)
	AR_ROWS(SS, ss)
	DATA_ROWS(DS, ds) DATA_ROWS(ES, es) DATA_ROWS(FS, fs) DATA_ROWS(GS, gs)
	case ENTRY_CHECK_GUEST_TR_SEL_TI: v->guest_tr_selector |= 4; break;
	case ENTRY_CHECK_GUEST_LDTR_SEL_TI: usable_ldtr(v); v->guest_ldtr_selector |= 4; break;
	case ENTRY_CHECK_GUEST_SS_SEL_RPL: v->guest_ss_selector = 0x13; break;
	case ENTRY_CHECK_GUEST_TR_BASE_CANON: v->guest_tr_base = NONCANON; break;
	case ENTRY_CHECK_GUEST_FS_BASE_CANON: v->guest_fs_base = NONCANON; break;
	case ENTRY_CHECK_GUEST_GS_BASE_CANON: v->guest_gs_base = 0x8000000000000000ull; break;
	case ENTRY_CHECK_GUEST_LDTR_BASE_CANON: usable_ldtr(v); v->guest_ldtr_base = NONCANON; break;
	case ENTRY_CHECK_GUEST_CS_BASE_HIGH: v->guest_cs_base = 1ull << 32; break;
	case ENTRY_CHECK_GUEST_SS_BASE_HIGH: v->guest_ss_base = 1ull << 40; break;
	case ENTRY_CHECK_GUEST_DS_BASE_HIGH: v->guest_ds_base = 1ull << 32; break;
	case ENTRY_CHECK_GUEST_ES_BASE_HIGH: v->guest_es_base = 1ull << 47; break;
	case ENTRY_CHECK_GUEST_CS_AR_TYPE: v->guest_cs_ar = 0xa098; break;
	case ENTRY_CHECK_GUEST_SS_AR_TYPE: v->guest_ss_ar = 0xc091; break;
	case ENTRY_CHECK_GUEST_CS_AR_S: v->guest_cs_ar = 0xa08b; break;
	case ENTRY_CHECK_GUEST_CS_AR_DPL_DATA:
		v->secondary_proc_controls |= VMX_PROC2_UNRESTRICTED_GUEST;
		v->guest_cs_ar = 0xc0f3;		/* type 3, DPL 3 */
		break;
	case ENTRY_CHECK_GUEST_CS_AR_DPL: v->guest_cs_ar = 0xa0fb; break;
	case ENTRY_CHECK_GUEST_CS_AR_DPL_CONF: v->guest_cs_ar = 0xa0ff; break;
	case ENTRY_CHECK_GUEST_SS_AR_DPL_RPL:
		v->guest_cs_ar = 0xa09f;		/* conforming, DPL 0 */
		v->guest_ss_ar = 0xc0f3;
		break;
	case ENTRY_CHECK_GUEST_SS_AR_DPL_ZERO:
		v->secondary_proc_controls |= VMX_PROC2_UNRESTRICTED_GUEST;
		v->guest_cs_ar = 0xc093;		/* type 3, DPL 0 */
		v->guest_ss_selector = 0x13;
		v->guest_ss_ar = 0xc0f3;
		break;
	case ENTRY_CHECK_GUEST_CS_AR_P: v->guest_cs_ar = 0xa01b; break;
	case ENTRY_CHECK_GUEST_CS_AR_RSVD_LOW: v->guest_cs_ar = 0xa89b; break;
	case ENTRY_CHECK_GUEST_CS_AR_DB: v->guest_cs_ar = 0xe09b; break;
	case ENTRY_CHECK_GUEST_CS_AR_G: v->guest_cs_ar = 0x209b; break;
	case ENTRY_CHECK_GUEST_CS_AR_RSVD_HIGH: v->guest_cs_ar = 0x8a09b; break;
	case ENTRY_CHECK_GUEST_TR_AR_TYPE: v->guest_tr_ar = 0x83; break;
	case ENTRY_CHECK_GUEST_TR_AR_S: v->guest_tr_ar = 0x9b; break;
	case ENTRY_CHECK_GUEST_TR_AR_P: v->guest_tr_ar = 0x0b; break;
	case ENTRY_CHECK_GUEST_TR_AR_RSVD_LOW: v->guest_tr_ar = 0x48b; break;
	case ENTRY_CHECK_GUEST_TR_AR_G: v->guest_tr_ar = 0x808b; break;
	case ENTRY_CHECK_GUEST_TR_AR_UNUSABLE: v->guest_tr_ar = 0x1008b; break;
	case ENTRY_CHECK_GUEST_TR_AR_RSVD_HIGH: v->guest_tr_ar = 0x4008b; break;
	case ENTRY_CHECK_GUEST_LDTR_AR_TYPE: usable_ldtr(v); v->guest_ldtr_ar = 0x83; break;
	case ENTRY_CHECK_GUEST_LDTR_AR_S: usable_ldtr(v); v->guest_ldtr_ar = 0x92; break;
	case ENTRY_CHECK_GUEST_LDTR_AR_P: usable_ldtr(v); v->guest_ldtr_ar = 0x02; break;
	case ENTRY_CHECK_GUEST_LDTR_AR_RSVD_LOW: usable_ldtr(v); v->guest_ldtr_ar = 0x282; break;
	case ENTRY_CHECK_GUEST_LDTR_AR_G: usable_ldtr(v); v->guest_ldtr_ar = 0x8082; break;
	case ENTRY_CHECK_GUEST_LDTR_AR_RSVD_HIGH: usable_ldtr(v); v->guest_ldtr_ar = 0x80082; break;
	default:
		return false;
	}
	return true;
}

static struct fx F;

/* What the rules allow. */
static void passing(struct fx *f)
{
	fx_init(f);
	usable_ldtr(&f->v);
	fx_passes(f, "a usable LDT");
	fx_init(f);
	f->v.guest_ss_selector = 0; f->v.guest_ss_ar = 0x10000;
	f->v.guest_ds_ar = f->v.guest_es_ar = 0x10000;
	f->v.guest_ds_base = 1ull << 40;		/* ignored when unusable */
	fx_passes(f, "unusable SS, DS, ES in 64-bit mode");
	fx_init(f);
	f->v.guest_ds_ar = 0xc09b;		/* readable code in DS */
	fx_passes(f, "readable code segment in DS");
	fx_init(f);
	f->v.guest_cs_ar = 0xa09f;		/* conforming, DPL 0 <= SS.DPL */
	fx_passes(f, "conforming CS");
	fx_init(f);
	f->v.guest_cs_selector = 0x2b; f->v.guest_cs_ar = 0xa0fb;
	f->v.guest_ss_selector = 0x23; f->v.guest_ss_ar = 0xc0f3;
	f->v.guest_ds_selector = 0x23; f->v.guest_ds_ar = 0xc0f3;
	fx_passes(f, "CPL 3 in 64-bit mode");
	fx_init(f);
	f->v.guest_ds_ar = 0xc09f;		/* conforming code: DPL < RPL allowed */
	f->v.guest_ds_selector = 0x13;
	fx_passes(f, "conforming code in DS with RPL above DPL");
	fx_init(f);
	f->v.guest_cs_limit = 0xfffff; f->v.guest_cs_ar = 0x209b;
	fx_passes(f, "byte-granular CS with limit 0xfffff");
	fx_init(f);
	fx_to_pae(f);
	f->v.guest_tr_ar = 0x83;
	fx_passes(f, "busy 16-bit TSS outside IA-32e mode");
	fx_init(f);
	fx_to_v86(f);
	f->v.guest_tr_selector |= 4;
	fx_expect(f, FX_GUEST, ENTRY_CHECK_GUEST_TR_SEL_TI, 0, "TR rules hold in virtual-8086 mode too");
	fx_init(f);
	fx_to_v86(f);
	f->v.guest_ss_selector = 0x2100;	/* base left at 0x20000 */
	fx_expect(f, FX_GUEST, ENTRY_CHECK_GUEST_SS_BASE_V86, 0, "v86 base follows the selector");
}

int main(void)
{
	fx_rows(&F, FX_GUEST, "27.3.1.2", false, row);
	passing(&F);
	return done_testing();
}
