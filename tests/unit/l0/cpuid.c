/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/cpuid.c: the CPUID table L0 builds from KVM's: L1's VMX
 * bit, Turtle's hypervisor leaves (l1-shim/turtle_cpuid.h) and the lookup
 * rules for leaves beyond the maximum. */
#include <stdbool.h>
#include <stdlib.h>

#include "exit-forwarder/exit_reasons.h"
#include "l0/platform/cpuid.h"
#include "l1-shim/turtle_cpuid.h"
#include "tests/tap.h"

/* A host table as KVM_GET_SUPPORTED_CPUID could give it: basic leaves up
 * to 0xd, KVM's own signature at 0x40000000, extended up to 0x80000008. */
static struct kvm_cpuid2 *host_table(bool with_kvm_leaf)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + 8 * sizeof(c->entries[0]));

	c->entries[c->nent++] = (struct kvm_cpuid_entry2){ .function = 0, .eax = 0xd };
	c->entries[c->nent++] = (struct kvm_cpuid_entry2){ .function = 1, .ecx = 0x1234 };
	c->entries[c->nent++] = (struct kvm_cpuid_entry2){ .function = 0xd, .eax = 0xdd };
	if (with_kvm_leaf)
		c->entries[c->nent++] = (struct kvm_cpuid_entry2){
			.function = 0x40000000, .eax = 0x40000001, .ebx = 0x4b4d564b };
	c->entries[c->nent++] = (struct kvm_cpuid_entry2){ .function = 0x80000000,
							   .eax = 0x80000008 };
	return c;
}

/* EBX, ECX, EDX as the 12 characters CPUID returns them in. */
static void signature(const uint32_t r[4], char out[13])
{
	for (unsigned i = 0; i < 12; i++)
		out[i] = (char)(r[1 + i / 4] >> (8 * (i % 4)));
	out[12] = 0;
}

static void l1_leaves(bool with_kvm_leaf)
{
	struct kvm_cpuid2 *host = host_table(with_kvm_leaf);
	struct kvm_cpuid2 *c = cpuid__build(host, 1);
	uint32_t r[4], lost[4] = { 0 };
	char sig[13];

	cpuid__lookup(c, 1, 0, r);
	ok(r[2] & (1u << 5), "L1: CPUID.1:ECX.VMX set");
	ok(r[2] & (1u << 31), "L1: CPUID.1:ECX.hypervisor set");
	cpuid__lookup(c, TURTLE_CPUID_SIGNATURE, 0, r);
	is_u64(r[0], TURTLE_CPUID_MAX, "L1 (KVM leaf %s): 0x40000000.EAX is Turtle's highest leaf",
	       with_kvm_leaf ? "replaced" : "added");
	signature(r, sig);
	is_str(sig, "TurtleTurtle", "L1: the signature reads TurtleTurtle");
	for (unsigned reason = 0; reason < 128; reason++)
		if (exit_reason__host(reason) == HOST_ABSORBED)
			lost[reason / 32] |= 1u << (reason % 32);
	cpuid__lookup(c, TURTLE_CPUID_LOST_EXITS, 0, r);
	ok(r[0] == lost[0] && r[1] == lost[1] && r[2] == lost[2] && r[3] == lost[3],
	   "L1: 0x40000001 is the ABSORBED column of exit_reasons.def");
	ok(r[0] & (1u << EXIT_REASON_CPUID), "L1: the CPUID exit is among the lost ones");
	ok(!(r[0] & (1u << EXIT_REASON_HLT)), "L1: the HLT exit is not");
	free(c);
	free(host);
}

/* --smp: each vCPU's APIC ID in leaves 1 and 0xB. */
static void per_cpu(void)
{
	struct kvm_cpuid2 *host = host_table(false), *l1, *ap;
	struct kvm_cpuid2 *topo = calloc(1, sizeof(*topo) + sizeof(topo->entries[0]));
	uint32_t r[4];

	l1 = cpuid__build(host, 1);
	cpuid__machine(l1);
	ap = cpuid__copy_for_cpu(l1, 3);
	cpuid__lookup(ap, 1, 0, r);
	is_u64(r[1] >> 24, 3, "AP 3: initial APIC ID 3 in leaf 1 EBX[31:24]");
	ok(r[2] & (1u << 5), "AP 3: VMX, as every vCPU (L0 emulates VT-x for each)");
	is_u64(r[2] & 0x1234, 0x1234, "AP 3: leaf 1 ECX kept");
	cpuid__lookup(l1, 1, 0, r);
	cpuid__for_cpu(1, r, 0);
	ok(r[2] & (1u << 5), "BSP: VMX");
	is_u64(r[1] >> 24, 0, "BSP: APIC ID 0");
	topo->nent = 1;
	topo->entries[0] = (struct kvm_cpuid_entry2){ .function = 0xb, .index = 1, .edx = 0 };
	free(ap);
	ap = cpuid__copy_for_cpu(topo, 15);
	is_u64(ap->entries[0].edx, 15, "AP 15: x2APIC ID in leaf 0xB EDX, every subleaf");
	free(ap);
	free(topo);
	free(l1);
	free(host);
}

int main(void)
{
	struct kvm_cpuid2 *host = host_table(true);
	struct kvm_cpuid2 *l2 = cpuid__build(host, 2);
	uint32_t r[4];

	l1_leaves(true);
	l1_leaves(false);

	cpuid__lookup(l2, 1, 0, r);
	ok(!(r[2] & (1u << 5)), "L2: no VMX");
	cpuid__lookup(l2, TURTLE_CPUID_SIGNATURE, 0, r);
	ok(r[1] != TURTLE_CPUID_SIG_EBX, "L2: no Turtle signature (L1 is its hypervisor)");
	cpuid__lookup(l2, 0x20, 0, r);
	is_u64(r[0], 0xdd, "a basic leaf above the maximum reads the highest basic leaf (SDM vol. 2A)");
	cpuid__lookup(l2, 0x80000009, 0, r);
	is_u64(r[0], 0xdd, "so does an extended leaf above the extended maximum");
	free(l2);
	per_cpu();
	free(host);
	return done_testing();
}
