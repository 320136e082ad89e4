/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/vm.h: one KVM VM and its memslots.
 *
 * L1 is one VM with one slot over all of guest RAM.  L2 (nested work) will
 * be a second struct vm whose slots alias L1's RAM: the slot allocator here
 * sets and deletes slots at any gpa over any host pointer.
 */
#ifndef L0__VM_H
#define L0__VM_H

#include <stdbool.h>
#include <stdint.h>

#include "l0/error.h"
#include "l0/engine/kvm/kvm.h"

#define VM__MAX_SLOTS 512

struct vm_slot {
	bool used;
	uint64_t gpa, size;
	void *host;
	uint32_t flags;		/* KVM_MEM_READONLY, ... */
};

struct vm {
	int fd;
	struct kvm *kvm;
	unsigned level;		/* 1 for L1, 2 for L2 */
	uint64_t *ioctls;	/* the level's stats counter for "other" ioctls */
	struct vm_slot slots[VM__MAX_SLOTS];
};

int vm__create(struct vm *vm, struct kvm *kvm, unsigned level, uint64_t *ioctl_count,
	       struct error *err);
void vm__destroy(struct vm *vm);
/* Map [gpa, gpa+size) to host memory; returns the slot number or -1. */
int vm__set_slot(struct vm *vm, uint64_t gpa, uint64_t size, void *host, uint32_t flags,
		 struct error *err);
int vm__delete_slot(struct vm *vm, int slot, struct error *err);
/* RDMSR/WRMSR of MSRs KVM does not know, and of those in l0/platform/msr.def, exit
 * to L0 (KVM_CAP_X86_USER_SPACE_MSR + KVM_X86_SET_MSR_FILTER). */
int vm__enable_user_msrs(struct vm *vm, struct error *err);
/* Every RDMSR/WRMSR exits to L0 (L2's VM: L1's MSR bitmap decides). */
int vm__deny_all_msrs(struct vm *vm, struct error *err);

#endif /* L0__VM_H */
