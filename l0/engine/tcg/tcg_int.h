/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg_int.h: what the tcg engine's files share (private to
 * l0/engine/tcg/). */
#ifndef L0__ENGINE__TCG__TCG_INT_H
#define L0__ENGINE__TCG__TCG_INT_H

#include "l0/engine/tcg/tcg.h"
#include "l0/guest_paging.h"
#include "vmcs-merge/msr_list.h"	/* MSR_EFER, MSR_PAT, ... */

/* tcg_state.c: the engine's get_state, set_state and msrs operations. */
void tcg_state__get(struct vcpu *v, struct cpu_state *c);
void tcg_state__set(struct vcpu *v, const struct cpu_state *c);
struct msr_access tcg_state__msrs(struct vcpu *v);
uint64_t tcg_state__dr7(struct vcpu *v);
uint64_t tcg_state__msr(uc_engine *uc, uint32_t index);
/* The guest's paging mode now, for walks of its page tables. */
struct paging_mode tcg_state__paging(struct tcg_vcpu *t);
/* Guest code bytes at a linear address; 0, or -1 if not all mapped. */
int tcg_state__fetch(struct tcg_vcpu *t, uint64_t la, uint8_t *buf, size_t len);

/* tcg_events.c: the raise operation, the hooks tcg.c installs, and what a
 * run that stopped by itself needs. */
void tcg_events__raise(struct vcpu *v, unsigned vector, bool has_error, uint32_t error);
void tcg_events__deliver_pending(struct tcg_vcpu *t);
int tcg_events__invalid_insn(struct tcg_vcpu *t);
int tcg_events__unmapped(struct tcg_vcpu *t, uc_err err);
uint32_t tcg_events__in(uc_engine *uc, uint32_t port, int size, void *opaque);
void tcg_events__out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *opaque);
int tcg_events__cpuid(uc_engine *uc, void *opaque);
bool tcg_events__unmapped_hook(uc_engine *uc, uc_mem_type type, uint64_t address, int size,
			       int64_t value, void *opaque);
void tcg_events__intr(uc_engine *uc, uint32_t intno, void *opaque);
void tcg_events__block(uc_engine *uc, uint64_t address, uint32_t size, void *opaque);
/* The engine's irq_ready, inject and irq_window operations. */
bool tcg_events__irq_ready(struct vcpu *v);
void tcg_events__inject(struct vcpu *v, enum engine_inject kind, uint8_t vector);
void tcg_events__irq_window(struct vcpu *v, bool on);
/* Deliver the injected interrupt (before the run starts). */
void tcg_events__deliver_irq(struct tcg_vcpu *t);
uint64_t tcg_events__mmio_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque);
void tcg_events__mmio_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value,
			    void *opaque);

#endif /* L0__ENGINE__TCG__TCG_INT_H */
