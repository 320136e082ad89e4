/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_extra.c: cpu_state's MSRs and DR7 on a KVM vCPU,
 * through a cache (kvm_extra.h says why each is exact). */
#include "l0/engine/kvm/kvm.h"
#include "l0/engine/kvm/kvm_extra.h"
#include "l0/engine/kvm/vcpu.h"

#define X(index, member) + 1
enum { EXTRA_MSR_COUNT = 0 KVM_EXTRA__MSRS(X) };
#undef X

struct extra_msrs {
	struct kvm_msrs hdr;
	struct kvm_msr_entry e[EXTRA_MSR_COUNT];
};

static int debugregs(struct vcpu *v, unsigned long req, struct kvm_debugregs *d)
{
	return kvm__ioctl(&v->stats->ioctls.other, v->fd, req, d);
}

static void fetch(struct vcpu *v)
{
	struct kvm_extra *x = &v->extra;
	struct extra_msrs m = { .hdr.nmsrs = EXTRA_MSR_COUNT };
	struct kvm_debugregs d;
	unsigned i = 0;

#define X(msr, member) m.e[i++].index = msr;
	KVM_EXTRA__MSRS(X)
#undef X
	/* KVM stops at the first MSR it lacks; those read as 0. */
	kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_GET_MSRS, &m);
	i = 0;
#define X(index, member) x->member = m.e[i++].data;
	KVM_EXTRA__MSRS(X)
#undef X
	x->dr7 = debugregs(v, KVM_GET_DEBUGREGS, &d) < 0 ? 0x400 : d.dr7;
	x->known = true;
}

void kvm_extra__get(struct vcpu *v, struct cpu_state *c)
{
	struct kvm_extra *x = &v->extra;

	if (!x->known)
		fetch(v);
#define X(index, member) c->member = x->member;
	KVM_EXTRA__MSRS(X)
#undef X
	c->dr7 = x->dr7;
}

int kvm_extra__set(struct vcpu *v, const struct cpu_state *c)
{
	struct kvm_extra *x = &v->extra;
	struct extra_msrs m = { .hdr.nmsrs = 0 };
	struct kvm_debugregs d;

	if (!x->known)
		fetch(v);
#define X(i, member)								\
	if (c->member != x->member)						\
		m.e[m.hdr.nmsrs++] = (struct kvm_msr_entry){ .index = i, .data = c->member };
	KVM_EXTRA__MSRS(X)
#undef X
	if (m.hdr.nmsrs) {
		if (kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_MSRS, &m) !=
		    (int)m.hdr.nmsrs) {
			x->known = false;	/* read back what KVM took */
			return -1;
		}
#define X(index, member) x->member = c->member;
		KVM_EXTRA__MSRS(X)
#undef X
	}
	if (c->dr7 == x->dr7)
		return 0;
	if (debugregs(v, KVM_GET_DEBUGREGS, &d) < 0)
		return -1;
	d.dr7 = c->dr7;
	if (debugregs(v, KVM_SET_DEBUGREGS, &d) < 0)
		return -1;
	x->dr7 = c->dr7;
	return 0;
}

void kvm_extra__wrote_msr(struct vcpu *v, uint32_t index, uint64_t value)
{
	struct kvm_extra *x = &v->extra;

	switch (index) {
#define X(i, member) case i: x->member = value; break;
	KVM_EXTRA__MSRS(X)
#undef X
	default:
		break;
	}
}

uint64_t kvm_extra__fresh_dr7(struct vcpu *v)
{
	struct kvm_debugregs d;

	if (!v->extra.known)
		fetch(v);
	else if (debugregs(v, KVM_GET_DEBUGREGS, &d) == 0)
		v->extra.dr7 = d.dr7;
	return v->extra.dr7;
}
