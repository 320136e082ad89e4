/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/vm.c: KVM VM lifetime and memslot allocation. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "l0/platform/msr.h"
#include "l0/engine/kvm/vm.h"

int vm__create(struct vm *vm, struct kvm *kvm, unsigned level, uint64_t *ioctl_count,
	       struct error *err)
{
	memset(vm, 0, sizeof(*vm));
	vm->kvm = kvm;
	vm->level = level;
	vm->ioctls = ioctl_count;
	vm->fd = kvm__ioctl(ioctl_count, kvm->fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		return error__set(err, "KVM_CREATE_VM: %s", strerror(errno));
	return 0;
}

void vm__destroy(struct vm *vm)
{
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
}

static int set_region(struct vm *vm, int slot, uint64_t size, struct error *err)
{
	struct vm_slot *s = &vm->slots[slot];
	struct kvm_userspace_memory_region r = {
		.slot = (uint32_t)slot,
		.flags = s->flags,
		.guest_phys_addr = s->gpa,
		.memory_size = size,	/* 0 deletes */
		.userspace_addr = (uint64_t)(uintptr_t)s->host,
	};

	if (kvm__ioctl(vm->ioctls, vm->fd, KVM_SET_USER_MEMORY_REGION, &r) < 0)
		return error__set(err, "KVM_SET_USER_MEMORY_REGION slot %d at 0x%llx: %s", slot,
				  (unsigned long long)s->gpa, strerror(errno));
	return 0;
}

int vm__set_slot(struct vm *vm, uint64_t gpa, uint64_t size, void *host, uint32_t flags,
		 struct error *err)
{
	int i;

	for (i = 0; i < VM__MAX_SLOTS && vm->slots[i].used; i++)
		;
	if (i == VM__MAX_SLOTS)
		return error__set(err, "no free memslot (at most %d)", VM__MAX_SLOTS);
	vm->slots[i] = (struct vm_slot){ true, gpa, size, host, flags };
	if (set_region(vm, i, size, err)) {
		vm->slots[i].used = false;
		return -1;
	}
	return i;
}

int vm__delete_slot(struct vm *vm, int slot, struct error *err)
{
	if (slot < 0 || slot >= VM__MAX_SLOTS || !vm->slots[slot].used)
		return error__set(err, "memslot %d is not in use", slot);
	if (set_region(vm, slot, 0, err))
		return -1;
	vm->slots[slot].used = false;
	return 0;
}

int vm__enable_user_msrs(struct vm *vm, struct error *err)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_UNKNOWN | KVM_MSR_EXIT_REASON_FILTER |
			   KVM_MSR_EXIT_REASON_INVAL,
	};
	struct kvm_msr_filter filter;

	if (kvm__ioctl(vm->ioctls, vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return error__set(err, "KVM_CAP_X86_USER_SPACE_MSR: %s", strerror(errno));
	msr__build_filter(&filter);
	if (kvm__ioctl(vm->ioctls, vm->fd, KVM_X86_SET_MSR_FILTER, &filter) < 0)
		return error__set(err, "KVM_X86_SET_MSR_FILTER: %s", strerror(errno));
	return 0;
}

/* L2: every RDMSR/WRMSR exits (default deny), so L0 can route each one by
 * L1's MSR bitmap.  KVM wants at least one range; it denies one MSR more. */
int vm__deny_all_msrs(struct vm *vm, struct error *err)
{
	static uint8_t deny_one[1];
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_UNKNOWN | KVM_MSR_EXIT_REASON_FILTER |
			   KVM_MSR_EXIT_REASON_INVAL,
	};
	struct kvm_msr_filter filter = {
		.flags = KVM_MSR_FILTER_DEFAULT_DENY,
		.ranges[0] = { .flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
			       .nmsrs = 1, .base = 0, .bitmap = deny_one },
	};

	if (kvm__ioctl(vm->ioctls, vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return error__set(err, "KVM_CAP_X86_USER_SPACE_MSR: %s", strerror(errno));
	if (kvm__ioctl(vm->ioctls, vm->fd, KVM_X86_SET_MSR_FILTER, &filter) < 0)
		return error__set(err, "KVM_X86_SET_MSR_FILTER (deny all): %s", strerror(errno));
	return 0;
}
