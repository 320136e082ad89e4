/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_msr.c: one row per check on the
 * VM-entry MSR-load list (SDM 27.4): each breaks the second entry (or the
 * list) and expects exit reason 34 | bit 31 with that entry's 1-based index
 * as the qualification. */
#include "tests/unit/vmcs-merge/entry_check_fixture.h"

#define ENTRY2 (GPA_ENTRY_LOAD + 16)

/* A model of L1's MSRs: 0x8b (IA32_BIOS_SIGN_ID) is not loadable, and
 * IA32_SPEC_CTRL (0x48) takes bits 0-2 only. */
static enum entry_msr_verdict model(void *opaque, uint32_t index, uint64_t value)
{
	if (index == 0x8b)
		return ENTRY_MSR_NOT_LOADABLE;
	if (index == 0x48 && value > 7)
		return ENTRY_MSR_GP;
	return ENTRY_MSR_OK;
}

static bool row(struct fx *f, enum entry_check_id id, uint64_t *qual)
{
	struct vmcs12 *v = &f->v;

	*qual = 2;
	f->in.msr_verdict = model;
	switch ((int)id) {
	case ENTRY_CHECK_MSR_LOAD_COUNT_MAX:
		v->entry_msr_load_addr = 0x40000;
		v->entry_msr_load_count = 513;
		for (unsigned i = 0; i < 513; i++)
			fx_put_msr(f, 0x40000 + 16 * i, 0xc0000081, 0, 0);
		*qual = 513;
		break;
	case ENTRY_CHECK_MSR_LOAD_READ:
		v->entry_msr_load_addr = RAM_SIZE - 16;
		fx_put_msr(f, RAM_SIZE - 16, 0xc0000081, 0, 0);
		break;
	case ENTRY_CHECK_MSR_LOAD_FS_GS_BASE: fx_put_msr(f, ENTRY2, 0xc0000101, 0, 0); break;
	case ENTRY_CHECK_MSR_LOAD_X2APIC: fx_put_msr(f, ENTRY2, 0x808, 0, 0); break;
	case ENTRY_CHECK_MSR_LOAD_SMM_ONLY: fx_put_msr(f, ENTRY2, 0x9b, 0, 0); break;
	case ENTRY_CHECK_MSR_LOAD_NOT_LOADABLE: fx_put_msr(f, ENTRY2, 0x8b, 0, 0); break;
	case ENTRY_CHECK_MSR_LOAD_RSVD: fx_put_msr(f, ENTRY2, 0xc0000082, 1, 0); break;
	case ENTRY_CHECK_MSR_LOAD_EFER_RSVD: fx_put_msr(f, ENTRY2, 0xc0000080, 0, 0xd03); break;
	case ENTRY_CHECK_MSR_LOAD_PAT_TYPE: fx_put_msr(f, ENTRY2, 0x277, 0, 0x0007040600070403ull); break;
	case ENTRY_CHECK_MSR_LOAD_CANON: fx_put_msr(f, ENTRY2, 0xc0000102, 0, NONCANON); break;
	case ENTRY_CHECK_MSR_LOAD_DEBUGCTL_RSVD: fx_put_msr(f, ENTRY2, 0x1d9, 0, 1 << 6); break;
	case ENTRY_CHECK_MSR_LOAD_WRMSR_GP: fx_put_msr(f, ENTRY2, 0x48, 0, 8); break;
	default:
		return false;
	}
	return true;
}

static struct fx F;

int main(void)
{
	fx_rows(&F, FX_MSR_LOAD, NULL, false, row);

	fx_init(&F);
	F.v.entry_msr_load_count = 0;
	F.v.entry_msr_load_addr = 0xdeadbeef;	/* unused without entries */
	fx_passes(&F, "an empty list is not read");
	fx_init(&F);
	fx_put_msr(&F, GPA_ENTRY_LOAD, 0xc0000100, 0, 0);
	fx_put_msr(&F, ENTRY2, 0xc0000101, 0, 0);
	fx_expect(&F, FX_MSR_LOAD, ENTRY_CHECK_MSR_LOAD_FS_GS_BASE, 1, "the first bad entry wins");
	fx_init(&F);
	F.in.in_smm = 0;
	fx_put_msr(&F, ENTRY2, 0x174, 0, 0x10);	/* SYSENTER_CS takes any value */
	fx_passes(&F, "IA32_SYSENTER_CS");
	fx_init(&F);
	F.v.entry_msr_load_addr = 0x40000;
	F.v.entry_msr_load_count = 512;
	for (unsigned i = 0; i < 512; i++)
		fx_put_msr(&F, 0x40000 + 16 * i, 0xc0000081, 0, 0);
	fx_passes(&F, "512 entries, the recommended maximum");
	fx_init(&F);
	F.in.msr_verdict = model;
	fx_put_msr(&F, ENTRY2, 0x48, 0, 7);
	fx_passes(&F, "a value the MSR model accepts");
	/* MSR loading comes after the guest-state checks (SDM 27.4). */
	fx_init(&F);
	fx_put_msr(&F, ENTRY2, 0x808, 0, 0);
	F.v.guest_rflags = 0;
	fx_expect(&F, FX_GUEST, ENTRY_CHECK_GUEST_RFLAGS_FIXED1, 0, "guest state before MSR loading");
	return done_testing();
}
