/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_exits.c: the name table generated from kvm_exits.def. */
#include <stddef.h>

#include "l0/engine/kvm/kvm_exits.h"

static const char *const names[KVM_EXITS__MAX] = {
#define X(num, name) [num] = #name,
#include "l0/engine/kvm/kvm_exits.def"
#undef X
};

#define X(num, name) _Static_assert(num < KVM_EXITS__MAX, "KVM_EXITS__MAX too small");
#include "l0/engine/kvm/kvm_exits.def"
#undef X

const char *kvm_exits__name(unsigned reason)
{
	return reason < KVM_EXITS__MAX ? names[reason] : NULL;
}
