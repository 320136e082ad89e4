/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_extra.c: cpu_state's MSRs and DR7 on a KVM vCPU,
 * through a cache (kvm_extra.h says why each is exact). */
#include "l0/engine/kvm/kvm.h"
#include "l0/engine/kvm/kvm_extra.h"

#define X(index, name, member, kvm) KVM_EXTRA__IF_##kvm(+ 1)
enum { EXTRA_MSR_COUNT = 0 CPU_STATE_MSRS(X) };
#undef X

struct extra_msrs {
	struct kvm_msrs hdr;
	struct kvm_msr_entry e[EXTRA_MSR_COUNT];
};

static int debugregs(const struct kvm_extra_vcpu *k, unsigned long req, struct kvm_debugregs *d)
{
	return kvm__ioctl(k->ioctls, k->fd, req, d);
}

static void fetch(const struct kvm_extra_vcpu *k)
{
	struct kvm_extra *x = k->x;
	struct extra_msrs m = { .hdr.nmsrs = EXTRA_MSR_COUNT };
	struct kvm_debugregs d;
	unsigned i = 0;

#define X(msr, name, member, kvm) KVM_EXTRA__IF_##kvm(m.e[i++].index = msr;)
	CPU_STATE_MSRS(X)
#undef X
	/* KVM stops at the first MSR it lacks; those read as 0. */
	kvm__ioctl(k->ioctls, k->fd, KVM_GET_MSRS, &m);
	i = 0;
#define X(index, name, member, kvm) KVM_EXTRA__IF_##kvm(x->member = m.e[i++].data;)
	CPU_STATE_MSRS(X)
#undef X
	x->dr7 = debugregs(k, KVM_GET_DEBUGREGS, &d) < 0 ? 0x400 : d.dr7;
	x->known = true;
}

void kvm_extra__get(const struct kvm_extra_vcpu *k, struct cpu_state *c)
{
	struct kvm_extra *x = k->x;

	if (!x->known)
		fetch(k);
#define X(index, name, member, kvm) KVM_EXTRA__IF_##kvm(c->member = x->member;)
	CPU_STATE_MSRS(X)
#undef X
	c->dr7 = x->dr7;
}

int kvm_extra__set(const struct kvm_extra_vcpu *k, const struct cpu_state *c)
{
	struct kvm_extra *x = k->x;
	struct extra_msrs m = { .hdr.nmsrs = 0 };
	struct kvm_debugregs d;

	if (!x->known)
		fetch(k);
#define X(i, name, member, kvm)							\
	KVM_EXTRA__IF_##kvm(if (c->member != x->member)					\
		m.e[m.hdr.nmsrs++] = (struct kvm_msr_entry){ .index = i, .data = c->member };)
	CPU_STATE_MSRS(X)
#undef X
	if (m.hdr.nmsrs) {
		if (kvm__ioctl(k->ioctls, k->fd, KVM_SET_MSRS, &m) !=
		    (int)m.hdr.nmsrs) {
			x->known = false;	/* read back what KVM took */
			return -1;
		}
#define X(index, name, member, kvm) KVM_EXTRA__IF_##kvm(x->member = c->member;)
		CPU_STATE_MSRS(X)
#undef X
	}
	if (c->dr7 == x->dr7)
		return 0;
	if (debugregs(k, KVM_GET_DEBUGREGS, &d) < 0)
		return -1;
	d.dr7 = c->dr7;
	if (debugregs(k, KVM_SET_DEBUGREGS, &d) < 0)
		return -1;
	x->dr7 = c->dr7;
	return 0;
}

void kvm_extra__wrote_msr(struct kvm_extra *x, uint32_t index, uint64_t value)
{
	switch (index) {
#define X(i, name, member, kvm) KVM_EXTRA__IF_##kvm(case i: x->member = value; break;)
	CPU_STATE_MSRS(X)
#undef X
	default:
		break;
	}
}

uint64_t kvm_extra__fresh_dr7(const struct kvm_extra_vcpu *k)
{
	struct kvm_debugregs d;

	if (!k->x->known)
		fetch(k);
	else if (debugregs(k, KVM_GET_DEBUGREGS, &d) == 0)
		k->x->dr7 = d.dr7;
	return k->x->dr7;
}
