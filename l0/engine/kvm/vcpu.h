/* l0/engine/kvm/vcpu.h: one KVM vCPU of one level.
 *
 * Registers travel through KVM_CAP_SYNC_REGS (run->s.regs) on every exit, so
 * the run loop and the dispatcher never spend an ioctl on them.  The nested
 * work runs L1's and L2's vcpus on the same host thread, switching between
 * them; each carries its level and a pointer to that level's stats.
 */
#ifndef L0__VCPU_H
#define L0__VCPU_H

#include <stdint.h>
#include <stdio.h>

#include <linux/kvm.h>

#include "l0/error.h"
#include "l0/observe/stats.h"
#include "l0/engine/kvm/vm.h"

#define VCPU__SYNC_REGS (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS | KVM_SYNC_X86_EVENTS)

struct vcpu {
	int fd;
	unsigned id;
	unsigned level;
	struct vm *vm;
	struct kvm_run *run;
	size_t run_size;
	struct level_stats *stats;
};

int vcpu__create(struct vcpu *v, struct vm *vm, unsigned id, struct level_stats *stats,
		 struct error *err);
void vcpu__destroy(struct vcpu *v);
/* KVM's supported CPUID adjusted by cpuid__adjust for the vcpu's level. */
int vcpu__set_cpuid(struct vcpu *v, struct error *err);
/* Multiboot machine state (spec 3.2): 32-bit protected mode, paging off,
 * flat 4G segments, IF=0, EAX = boot magic, EBX = info. */
int vcpu__set_multiboot_state(struct vcpu *v, uint32_t entry, uint32_t info, struct error *err);
/* Registers from the last exit's sync-regs copy, one block on f. */
void vcpu__dump(const struct kvm_run *run, FILE *f);

#endif /* L0__VCPU_H */
