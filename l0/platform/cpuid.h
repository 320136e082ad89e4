/* l0/platform/cpuid.h: the CPUID table a level's vCPUs see. */
#ifndef L0__CPUID_H
#define L0__CPUID_H

#include <stdint.h>

#include <linux/kvm.h>

/* Start from KVM_GET_SUPPORTED_CPUID and adjust in place for `level`:
 * CPUID.1:ECX.VMX set for L1 (L0 emulates VT-x), clear for L2. */
void cpuid__adjust(struct kvm_cpuid2 *c, unsigned level);
/* The entry for (function, index), or NULL. */
struct kvm_cpuid_entry2 *cpuid__find(struct kvm_cpuid2 *c, uint32_t function, uint32_t index);

#endif /* L0__CPUID_H */
