/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/kvm_engine.h: a KVM exit as an engine event and back. */
#ifndef L0__ENGINE__KVM__KVM_ENGINE_H
#define L0__ENGINE__KVM__KVM_ENGINE_H

#include <linux/kvm.h>

#include "l0/engine/engine.h"
#include "l0/engine/kvm/vcpu.h"

/* After KVM_RUN returned (EINTR as KVM_EXIT_INTR): count the exit, hand
 * it to the dispatcher as an event, write the answer back; the dispatch
 * action.  Testable with a synthetic kvm_run, no /dev/kvm. */
int kvm_engine__exited(struct vcpu *v);
/* 0, or -1 for an exit with no event of its own (ev is then a FAIL). */
int kvm_engine__event(struct kvm_run *run, struct engine_event *ev);
/* The handler's answer into kvm_run, for KVM to finish the instruction. */
void kvm_engine__complete(struct kvm_run *run, const struct engine_event *ev);

#endif /* L0__ENGINE__KVM__KVM_ENGINE_H */
