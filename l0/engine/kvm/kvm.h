/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm.h: the KVM device (/dev/kvm or --kvm-device) and what it offers. */
#ifndef L0__KVM_H
#define L0__KVM_H

#include <stdint.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "l0/error.h"

/* Newer than the installed uapi headers (host-facts.md): define here. */
#ifndef KVM_CAP_X86_MSR_FILTER
#define KVM_CAP_X86_MSR_FILTER 189
#endif

struct kvm {
	int fd;
	const char *path;
	int run_size;			/* mmap size of struct kvm_run */
	struct kvm_cpuid2 *cpuid;	/* KVM_GET_SUPPORTED_CPUID */
};

/* Open the device and check the capabilities turtle relies on. */
int kvm__open(struct kvm *k, const char *path, struct error *err);
void kvm__close(struct kvm *k);

/* Every ioctl goes through here so stats can count them per level. */
static inline int kvm__ioctl(uint64_t *count, int fd, unsigned long req, void *arg)
{
	if (count)
		(*count)++;
	return ioctl(fd, req, arg);
}

#endif /* L0__KVM_H */
