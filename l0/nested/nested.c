/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/nested.c: the nested state's lifetime, and what L1 sees of VMX before
 * it executes any VMX instruction: CPUID.1:ECX.VMX and the capability MSRs
 * (SDM 24.6, Appendix A), derived from what KVM offers this host. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l0/platform/cpuid.h"
#include "l0/platform/msr.h"
#include "l0/nested/nested.h"
#include "l0/nested/nested_int.h"


/* CR4 bits a CPU supports given its CPUID (SDM Vol. 3A 2.5, "Control
 * Registers", names the CPUID feature flag each bit depends on).  X(bit, leaf,
 * subleaf, register, feature bit); leaf 0 = always supported. */
#define CR4_BITS(X)						\
	X(0,  1, 0, edx, 1)	/* VME: CPUID.1:EDX.VME */	\
	X(1,  1, 0, edx, 1)	/* PVI */			\
	X(2,  0, 0, edx, 0)	/* TSD */			\
	X(3,  1, 0, edx, 2)	/* DE */			\
	X(4,  1, 0, edx, 3)	/* PSE */			\
	X(5,  1, 0, edx, 6)	/* PAE */			\
	X(6,  1, 0, edx, 7)	/* MCE */			\
	X(7,  1, 0, edx, 13)	/* PGE */			\
	X(8,  0, 0, edx, 0)	/* PCE */			\
	X(9,  1, 0, edx, 24)	/* OSFXSR: FXSR */		\
	X(10, 1, 0, edx, 25)	/* OSXMMEXCPT: SSE */		\
	X(11, 7, 0, ecx, 2)	/* UMIP */			\
	X(16, 7, 0, ebx, 0)	/* FSGSBASE */			\
	X(17, 1, 0, ecx, 17)	/* PCIDE */			\
	X(18, 1, 0, ecx, 26)	/* OSXSAVE */			\
	X(20, 7, 0, ebx, 7)	/* SMEP */			\
	X(21, 7, 0, ebx, 20)	/* SMAP */			\
	X(22, 7, 0, ecx, 3)	/* PKE */

static uint64_t cr4_mask(struct kvm_cpuid2 *c)
{
	uint64_t mask = 0;
	struct kvm_cpuid_entry2 *e;

#define X(bit, leaf, sub, reg, feat)					\
	e = leaf ? cpuid__find(c, leaf, sub) : NULL;			\
	if (!leaf || (e && (e->reg >> (feat) & 1)))			\
		mask |= 1ull << (bit);
	CR4_BITS(X)
#undef X
	/* VMXE is the bit L0 adds: its virtual copy lives in struct vmx_cpu. */
	return mask | CPU_STATE_KVM__CR4_VMXE;
}

static unsigned maxphyaddr(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *e = cpuid__find(c, 0x80000008, 0);

	/* SDM Vol. 2A CPUID: 36 when leaf 80000008H is absent. */
	return e ? (e->eax & 0xff) : 36;
}

int nested__init(struct nested *n, struct machine *m, struct kvm *kvm, struct vcpu *l1,
		 struct error *err)
{
	memset(n, 0, sizeof(*n));
	n->m = m;
	n->kvm = kvm;
	n->l1 = l1;
	n->stats = &m->stats.nested;
	n->l2.fd = -1;
	n->identity_slot = -1;
	n->l2_vm.fd = -1;
	vmx_cpu__init(&n->cpu);
	/* From the CPUID table L1 sees: the engine's own where it has one. */
	vmx_caps__init(&n->caps, cr4_mask(m->cpuid[1] ? m->cpuid[1] : kvm->cpuid),
		       maxphyaddr(kvm->cpuid));
	/* The host's TSC rate, from a KVM vcpu: L1's, else L2's when made. */
	if (l1->engine == ENGINE_KVM)
		n->tsc_khz = nested_timer__tsc_khz(l1);
	m->nested[l1->id] = n;
	m->vmx_caps = &n->caps;
	return 0;
}

int nested__cr_write_ok(const struct nested *n, unsigned reg, uint64_t value)
{
	uint64_t cr4_fixed1;

	if (reg == 4 && !vmx_caps__read_msr(&n->caps, MSR_IA32_VMX_CR4_FIXED1, &cr4_fixed1) &&
	    (value & ~cr4_fixed1))
		return 0;
	if (!n->cpu.in_vmx)
		return 1;
	return reg == 0 ? vmx_caps__cr0_ok(&n->caps, value) : vmx_caps__cr4_ok(&n->caps, value);
}

void nested__release(struct nested *n)
{
	if (n->kick_timer_ok)
		timer_delete(n->kick_timer);
	n->kick_timer_ok = false;
	vcpu__destroy(&n->l2);
	vm__destroy(&n->l2_vm);
	vmx_decode__close(&n->decoder);
	free(n->ept_memo);
	n->ept_memo = NULL;
	if (n->m && n->l1)
		n->m->nested[n->l1->id] = NULL;
	if (n->m && n->m->vmx_caps == &n->caps)
		n->m->vmx_caps = NULL;
}

void nested__l1_state(struct nested *n, struct cpu_state *c)
{
	n->l1->ops->get_state(n->l1, c);
	if (n->l1->engine == ENGINE_TCG)
		n->cpu.cr4_vmxe = !!(c->cr4 & CPU_STATE_KVM__CR4_VMXE);
	else if (n->cpu.cr4_vmxe)
		c->cr4 |= CPU_STATE_KVM__CR4_VMXE;
}

void nested__set_l1_state(struct nested *n, const struct cpu_state *c)
{
	n->l1->ops->set_state(n->l1, c);
	n->cpu.cr4_vmxe = !!(c->cr4 & CPU_STATE_KVM__CR4_VMXE);
}
