/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm.c: open the KVM device once per process; VMs of every level are
 * created from it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l0/engine/kvm/kvm.h"

#define CPUID_MAX_ENTRIES 256

static const struct {
	unsigned cap;
	const char *name;
} required_caps[] = {
	{ KVM_CAP_SYNC_REGS,		"KVM_CAP_SYNC_REGS" },
	{ KVM_CAP_X86_USER_SPACE_MSR,	"KVM_CAP_X86_USER_SPACE_MSR" },
	{ KVM_CAP_X86_MSR_FILTER,	"KVM_CAP_X86_MSR_FILTER" },
	{ KVM_CAP_IMMEDIATE_EXIT,	"KVM_CAP_IMMEDIATE_EXIT" },
};

static int get_cpuid(struct kvm *k, struct error *err)
{
	k->cpuid = calloc(1, sizeof(*k->cpuid) + CPUID_MAX_ENTRIES * sizeof(k->cpuid->entries[0]));
	if (!k->cpuid)
		return error__set(err, "out of memory");
	k->cpuid->nent = CPUID_MAX_ENTRIES;
	if (ioctl(k->fd, KVM_GET_SUPPORTED_CPUID, k->cpuid) < 0)
		return error__set(err, "kvm device '%s': KVM_GET_SUPPORTED_CPUID: %s", k->path,
				  strerror(errno));
	return 0;
}

int kvm__open(struct kvm *k, const char *path, struct error *err)
{
	unsigned i;
	int v;

	memset(k, 0, sizeof(*k));
	k->path = path;
	k->fd = open(path, O_RDWR | O_CLOEXEC);
	if (k->fd < 0)
		return error__set(err, "kvm device '%s': %s", path, strerror(errno));
	v = ioctl(k->fd, KVM_GET_API_VERSION, 0);
	if (v != KVM_API_VERSION)
		return error__set(err, "kvm device '%s': not KVM (API version %d, want %d)", path,
				  v, KVM_API_VERSION);
	for (i = 0; i < sizeof(required_caps) / sizeof(required_caps[0]); i++)
		if (ioctl(k->fd, KVM_CHECK_EXTENSION, required_caps[i].cap) <= 0)
			return error__set(err, "kvm device '%s': %s missing", path,
					  required_caps[i].name);
	k->run_size = ioctl(k->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (k->run_size < (int)sizeof(struct kvm_run))
		return error__set(err, "kvm device '%s': KVM_GET_VCPU_MMAP_SIZE: %s", path,
				  strerror(errno));
	return get_cpuid(k, err);
}

void kvm__close(struct kvm *k)
{
	if (k->fd > 0)
		close(k->fd);
	free(k->cpuid);
	k->cpuid = NULL;
	k->fd = -1;
}
