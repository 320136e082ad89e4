/* l0/platform/cpuid.c: CPUID policy, a pure edit of the table KVM supports. */
#include <stddef.h>

#include "l0/platform/cpuid.h"
#include "l0/nested/nested.h"

#define CPUID_1_ECX_HYPERVISOR (1u << 31)

struct kvm_cpuid_entry2 *cpuid__find(struct kvm_cpuid2 *c, uint32_t function, uint32_t index)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function != function)
			continue;
		if ((e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) && e->index != index)
			continue;
		return e;
	}
	return NULL;
}

void cpuid__adjust(struct kvm_cpuid2 *c, unsigned level)
{
	struct kvm_cpuid_entry2 *e = cpuid__find(c, 1, 0);

	/* Guests may trust the bit to skip hardware probing they cannot do. */
	if (e)
		e->ecx |= CPUID_1_ECX_HYPERVISOR;
	nested__adjust_cpuid(c, level);
}
