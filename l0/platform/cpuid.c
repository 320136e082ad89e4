/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/cpuid.c: CPUID policy, a pure edit of the table KVM supports. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "exit-forwarder/exit_reasons.h"
#include "l0/platform/cpuid.h"
#include "l1-shim/turtle_cpuid.h"

#define CPUID_1_ECX_VMX        (1u << 5)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

struct kvm_cpuid_entry2 *cpuid__find(const struct kvm_cpuid2 *c, uint32_t function, uint32_t index)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = (struct kvm_cpuid_entry2 *)&c->entries[i];

		if (e->function != function)
			continue;
		if ((e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) && e->index != index)
			continue;
		return e;
	}
	return NULL;
}

/* Entries L0 may add to KVM's table: the hypervisor leaves, which a host
 * KVM need not list (cpuid__adjust fills them for L1). */
static const uint32_t added_leaves[] = { 0x40000000u, 0x40000001u };

struct kvm_cpuid2 *cpuid__build(const struct kvm_cpuid2 *supported, unsigned level)
{
	size_t n = supported->nent + sizeof(added_leaves) / sizeof(added_leaves[0]);
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

	if (!c)
		return NULL;
	memcpy(c, supported, sizeof(*c) + supported->nent * sizeof(c->entries[0]));
	for (size_t i = 0; i < sizeof(added_leaves) / sizeof(added_leaves[0]); i++)
		if (!cpuid__find(c, added_leaves[i], 0))
			c->entries[c->nent++].function = added_leaves[i];
	cpuid__adjust(c, level);
	return c;
}

/* Turtle's leaves for L1 (l1-shim/turtle_cpuid.h) in place of the host's
 * hypervisor leaves: L1's hypervisor is L0, and the lost-exit mask is the
 * ABSORBED column of exit_reasons.def. */
static void turtle_leaves(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *sig = cpuid__find(c, TURTLE_CPUID_SIGNATURE, 0);
	struct kvm_cpuid_entry2 *lost = cpuid__find(c, TURTLE_CPUID_LOST_EXITS, 0);
	uint32_t mask[4] = { 0 };

	if (!sig || !lost)
		return;
	for (unsigned r = 0; r < 128; r++)
		if (exit_reason__host(r) == HOST_ABSORBED)
			mask[r / 32] |= 1u << (r % 32);
	*sig = (struct kvm_cpuid_entry2){ .function = TURTLE_CPUID_SIGNATURE,
					  .eax = TURTLE_CPUID_MAX, .ebx = TURTLE_CPUID_SIG_EBX,
					  .ecx = TURTLE_CPUID_SIG_ECX, .edx = TURTLE_CPUID_SIG_EDX };
	*lost = (struct kvm_cpuid_entry2){ .function = TURTLE_CPUID_LOST_EXITS, .eax = mask[0],
					   .ebx = mask[1], .ecx = mask[2], .edx = mask[3] };
}

void cpuid__adjust(struct kvm_cpuid2 *c, unsigned level)
{
	struct kvm_cpuid_entry2 *e = cpuid__find(c, 1, 0);

	if (!e)
		return;
	/* Guests may trust the bit to skip hardware probing they cannot do. */
	e->ecx |= CPUID_1_ECX_HYPERVISOR;
	/* L1 runs on L0's emulated VT-x; L2 gets no VMX (one nesting level). */
	if (level == 1) {
		e->ecx |= CPUID_1_ECX_VMX;
		turtle_leaves(c);
	} else {
		e->ecx &= ~CPUID_1_ECX_VMX;
	}
}

void cpuid__lookup(const struct kvm_cpuid2 *c, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	const struct kvm_cpuid_entry2 *max_basic = cpuid__find(c, 0, 0);
	const struct kvm_cpuid_entry2 *max_ext = cpuid__find(c, 0x80000000u, 0);
	const struct kvm_cpuid_entry2 *e;

	/* SDM vol. 2A CPUID: a leaf above the maximum returns the data of the
	 * highest basic leaf (Intel; AMD returns zeros).  The hypervisor range
	 * 0x40000000-0x4fffffff is the hypervisor's own: its table answers. */
	bool hypervisor = (leaf & 0xf0000000u) == 0x40000000u;

	if (max_basic && !hypervisor &&
	    ((leaf < 0x80000000u && leaf > max_basic->eax) ||
	     (leaf >= 0x80000000u && (!max_ext || leaf > max_ext->eax))))
		leaf = max_basic->eax;
	e = cpuid__find(c, leaf, subleaf);
	out[0] = e ? e->eax : 0;
	out[1] = e ? e->ebx : 0;
	out[2] = e ? e->ecx : 0;
	out[3] = e ? e->edx : 0;
}

/* The hypervisor leaves beyond those the signature leaf (0x40000000)
 * announces in its EAX: for level 1 the signature is Turtle's (l0/nested)
 * and what follows it in KVM's table is KVM's own paravirtual interface
 * (async page faults, PV EOI, steal time, kvmclock...) whose MSRs L0 does
 * not back (they raise #GP), so a guest must not be told of them.  Without
 * a signature leaf the whole range goes. */
void cpuid__drop_kvm_leaves(struct kvm_cpuid2 *c)
{
	const struct kvm_cpuid_entry2 *sig = cpuid__find(c, 0x40000000u, 0);
	uint32_t last = sig ? sig->eax : 0x3fffffffu, i, n = 0;

	for (i = 0; i < c->nent; i++) {
		uint32_t f = c->entries[i].function;

		if ((f & 0xffffff00u) != 0x40000000u || f <= last)
			c->entries[n++] = c->entries[i];
	}
	c->nent = n;
}

#define CPUID_1_EDX_APIC	(1u << 9)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)

/* What L0's own machine backs (docs/platform.md): the local APIC (xAPIC
 * and x2APIC, both modelled), its TSC-deadline timer; the BSP's initial
 * APIC ID 0 (leaf 1 EBX[31:24], leaf 0xB EDX). */
void cpuid__machine(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *e = cpuid__find(c, 1, 0);

	if (e) {
		e->edx |= CPUID_1_EDX_APIC;
		e->ecx |= CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE;
		e->ebx &= 0x00ffffffu;
	}
	for (uint32_t i = 0; i < c->nent; i++)
		if (c->entries[i].function == 0xb || c->entries[i].function == 0x1f)
			c->entries[i].edx = 0;
	cpuid__drop_kvm_leaves(c);
}

void cpuid__for_cpu(uint32_t leaf, uint32_t regs[4], unsigned cpu)
{
	if (leaf == 1) {
		regs[1] = (regs[1] & 0x00ffffffu) | cpu << 24;
	} else if (leaf == 0xb || leaf == 0x1f) {
		regs[3] = cpu;
	}
}

struct kvm_cpuid2 *cpuid__copy_for_cpu(const struct kvm_cpuid2 *c, unsigned cpu)
{
	size_t size = sizeof(*c) + c->nent * sizeof(c->entries[0]);
	struct kvm_cpuid2 *copy = malloc(size);

	if (!copy)
		return NULL;
	memcpy(copy, c, size);
	for (uint32_t i = 0; i < copy->nent; i++) {
		struct kvm_cpuid_entry2 *e = &copy->entries[i];
		uint32_t regs[4] = { e->eax, e->ebx, e->ecx, e->edx };

		cpuid__for_cpu(e->function, regs, cpu);
		e->ebx = regs[1];
		e->ecx = regs[2];
		e->edx = regs[3];
	}
	return copy;
}

/* What QEMU 5's translator (libunicorn 2.0.1) executes: no AVX, no XSAVE,
 * no PCID; leaf 7 only the integer and supervisor-protection features.
 * Advertising more would promise instructions the engine answers with
 * #UD.  (x2APIC and the TSC deadline are L0's, not QEMU's: they stay.) */
void cpuid__restrict_tcg(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *e = cpuid__find(c, 1, 0);
	const uint32_t leaf1_ecx_off = 1u << 12 | 1u << 17 | 1u << 25 |
				       1u << 26 | 1u << 27 | 1u << 28 | 1u << 29 | 1u << 30;
	const uint32_t leaf7_ebx_on = 1u << 0 | 1u << 3 | 1u << 7 | 1u << 8 | 1u << 9 |
				      1u << 19 | 1u << 20;

	if (e)
		e->ecx &= ~leaf1_ecx_off;
	e = cpuid__find(c, 7, 0);
	if (e) {
		e->ebx &= leaf7_ebx_on;
		e->ecx = e->edx = 0;
	}
}
