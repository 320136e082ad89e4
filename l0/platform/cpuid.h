/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/cpuid.h: the CPUID table a level's vCPUs see. */
#ifndef L0__CPUID_H
#define L0__CPUID_H

#include <stdint.h>

#include <linux/kvm.h>

/* A copy of KVM_GET_SUPPORTED_CPUID's table, with room for L0's own
 * leaves, adjusted for `level` (below); NULL when out of memory. */
struct kvm_cpuid2 *cpuid__build(const struct kvm_cpuid2 *supported, unsigned level);
/* Start from KVM_GET_SUPPORTED_CPUID and adjust in place for `level`:
 * CPUID.1:ECX.VMX set for L1 (L0 emulates VT-x), clear for L2. */
void cpuid__adjust(struct kvm_cpuid2 *c, unsigned level);
/* Advertise what L0's machine backs (APIC, x2APIC, TSC deadline), less
 * KVM's paravirtual leaves (cpuid__drop_kvm_leaves). */
void cpuid__machine(struct kvm_cpuid2 *c);
void cpuid__drop_kvm_leaves(struct kvm_cpuid2 *c);
/* Drop what the tcg engine cannot execute. */
void cpuid__restrict_tcg(struct kvm_cpuid2 *c);
/* What CPUID returns for (leaf, subleaf) from the table, as the SDM's CPUID
 * page says for leaves beyond the maximum (the highest basic leaf's data)
 * and for leaves the table lacks (zeros). */
void cpuid__lookup(const struct kvm_cpuid2 *c, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
/* Level 1's table as vCPU cpu (its APIC ID) answers it: the initial APIC
 * ID in leaf 1 EBX[31:24] and leaves 0xB/0x1F EDX. */
void cpuid__for_cpu(uint32_t leaf, uint32_t regs[4], unsigned cpu);
/* A copy of c with every entry as cpu answers it; NULL when out of
 * memory. */
struct kvm_cpuid2 *cpuid__copy_for_cpu(const struct kvm_cpuid2 *c, unsigned cpu);
/* The entry for (function, index), or NULL. */
struct kvm_cpuid_entry2 *cpuid__find(const struct kvm_cpuid2 *c, uint32_t function, uint32_t index);

#endif /* L0__CPUID_H */
