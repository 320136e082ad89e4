/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/msr.h: RDMSR/WRMSR exits that KVM leaves to userspace. */
#ifndef L0__MSR_H
#define L0__MSR_H

#include <stdint.h>

#include <linux/kvm.h>

struct machine;

enum msr_result {
	MSR_DONE,
	MSR_GP,		/* inject #GP(0) */
};

typedef enum msr_result msr_read_fn(struct machine *m, unsigned level, uint32_t index,
				    uint64_t *val);
typedef enum msr_result msr_write_fn(struct machine *m, unsigned level, uint32_t index,
				     uint64_t val);

enum msr_result msr__read(struct machine *m, unsigned level, uint32_t index, uint64_t *val);
enum msr_result msr__write(struct machine *m, unsigned level, uint32_t index, uint64_t val);
/* "IA32_FEATURE_CONTROL", or NULL for an MSR L0 does not serve. */
const char *msr__name(uint32_t index);
/* IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC MSRs: the local APIC
 * of the vCPU on this thread (l0/platform/pc_devices.c). */
msr_read_fn pc_devices__rdmsr;
msr_write_fn pc_devices__wrmsr;
/* A filter denying (so exiting on) exactly the MSRs of msr.def. */
int msr__build_filter(struct kvm_msr_filter *f);

#endif /* L0__MSR_H */
