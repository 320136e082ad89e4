/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_exits.h: names of KVM exit reasons, from kvm_exits.def. */
#ifndef L0__KVM_EXITS_H
#define L0__KVM_EXITS_H

#define KVM_EXITS__MAX 40	/* one past the highest number in the list */

/* "IO" for 2; NULL for a number not in the list. */
const char *kvm_exits__name(unsigned reason);

#endif /* L0__KVM_EXITS_H */
