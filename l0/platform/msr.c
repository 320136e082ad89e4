/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/msr.c: the MSRs L0 emulates, and the KVM MSR filter derived from them. */
#include <string.h>

#include "l0/machine.h"
#include "l0/platform/msr.h"
#include "l0/platform/lapic.h"
#include "vmcs-merge/vmx_caps.h"

static enum msr_result msr_write_gp(struct machine *m, unsigned level, uint32_t index,
				    uint64_t val)
{
	return MSR_GP;
}

struct msr_entry {
	uint32_t index;
	const char *name;
	msr_read_fn *read;
	msr_write_fn *write;
};

#define FEATURE_CONTROL_LOCKED_OFF 1ull	/* locked, VMX off (SDM 24.7) */

/* IA32_FEATURE_CONTROL and the capability MSRs: VMX for level 1 while
 * m->vmx_caps exists (nested state, l0/nested); for any other vCPU the
 * MSR says VMX is locked off and the capability MSRs do not exist
 * (SDM 24.6). */
static enum msr_result read_vmx(struct machine *m, unsigned level, uint32_t index,
				uint64_t *val)
{
	if (!m->vmx_caps || level != 1) {
		if (index != MSR_IA32_FEATURE_CONTROL)
			return MSR_GP;
		*val = FEATURE_CONTROL_LOCKED_OFF;
		return MSR_DONE;
	}
	return vmx_caps__read_msr(m->vmx_caps, index, val) ? MSR_GP : MSR_DONE;
}

static const struct msr_entry msr_table[] = {
#define X(index, name, rd, wr) { index, #name, rd, wr },
#include "l0/platform/msr.def"
#undef X
	/* SDM 24.7: IA32_FEATURE_CONTROL is locked, so writes take #GP; the
	 * capability MSRs are read-only (Appendix A). */
#define X(index, name) { index, "IA32_" #name, read_vmx, msr_write_gp },
#include "vmcs-merge/vmx_caps.def"
#undef X
};

#define NR_MSRS (sizeof(msr_table) / sizeof(msr_table[0]))

/* The x2APIC registers (SDM 11.12.1.2): one range, the local APIC's. */
static const struct msr_entry x2apic = { LAPIC__X2APIC_MSR, "IA32_X2APIC", pc_devices__rdmsr,
					 pc_devices__wrmsr };

static const struct msr_entry *lookup(uint32_t index)
{
	unsigned i;

	if (index >= LAPIC__X2APIC_MSR && index <= LAPIC__X2APIC_MSR_END)
		return &x2apic;
	for (i = 0; i < NR_MSRS; i++)
		if (msr_table[i].index == index)
			return &msr_table[i];
	return NULL;
}

enum msr_result msr__read(struct machine *m, unsigned level, uint32_t index, uint64_t *val)
{
	const struct msr_entry *e = lookup(index);

	return e ? e->read(m, level, index, val) : MSR_GP;
}

enum msr_result msr__write(struct machine *m, unsigned level, uint32_t index, uint64_t val)
{
	const struct msr_entry *e = lookup(index);

	return e ? e->write(m, level, index, val) : MSR_GP;
}

const char *msr__name(uint32_t index)
{
	const struct msr_entry *e = lookup(index);

	return e ? e->name : NULL;
}

/* A clear bit denies the access, and a denied access exits to userspace:
 * one all-zero bitmap serves every range. */
static uint8_t deny_all[KVM_MSR_FILTER_MAX_BITMAP_SIZE];

int msr__build_filter(struct kvm_msr_filter *f)
{
	unsigned i, n = 0;

	memset(f, 0, sizeof(*f));
	f->flags = KVM_MSR_FILTER_DEFAULT_ALLOW;
	for (i = 0; i < NR_MSRS; i++) {
		struct kvm_msr_filter_range *r = n ? &f->ranges[n - 1] : NULL;

		/* Consecutive indices share a range: 16 ranges are all KVM has. */
		if (r && r->base + r->nmsrs == msr_table[i].index &&
		    r->nmsrs < KVM_MSR_FILTER_MAX_BITMAP_SIZE * 8) {
			r->nmsrs++;
			continue;
		}
		if (n == KVM_MSR_FILTER_MAX_RANGES)
			return -1;
		f->ranges[n++] = (struct kvm_msr_filter_range){
			.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
			.nmsrs = 1,
			.base = msr_table[i].index,
			.bitmap = deny_all,
		};
	}
	if (n == KVM_MSR_FILTER_MAX_RANGES)
		return -1;
	f->ranges[n] = (struct kvm_msr_filter_range){
		.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
		.nmsrs = LAPIC__X2APIC_MSR_END - LAPIC__X2APIC_MSR + 1,
		.base = LAPIC__X2APIC_MSR,
		.bitmap = deny_all,
	};
	return 0;
}
