/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/kvm/vcpu.c: vCPU creation and its initial state. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <inttypes.h>

#include "l0/engine/kvm/vcpu.h"
#include "l0/machine.h"
#include "l0/platform/cpuid.h"

int vcpu__create(struct vcpu *v, struct machine *m, struct vm *vm, unsigned id,
		 struct level_stats *stats, struct error *err)
{
	memset(v, 0, sizeof(*v));
	v->engine = ENGINE_KVM;
	v->ops = &kvm_engine__ops;
	v->m = m;
	v->id = id;
	v->vm = vm;
	v->level = vm->level;
	v->stats = stats;
	v->fd = kvm__ioctl(&stats->ioctls.other, vm->fd, KVM_CREATE_VCPU, (void *)(uintptr_t)id);
	if (v->fd < 0)
		return error__set(err, "KVM_CREATE_VCPU: %s", strerror(errno));
	v->run_size = vm->kvm->run_size;
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return error__set(err, "mmap of kvm_run: %s", strerror(errno));
	}
	v->run->kvm_valid_regs = VCPU__SYNC_REGS;
	return 0;
}

void vcpu__destroy(struct vcpu *v)
{
	if (v->ops && v->ops->destroy)
		v->ops->destroy(v);
}

int vcpu__set_cpuid(struct vcpu *v, struct error *err)
{
	/* Level 1's table is built once (main.c: the same the tcg engine
	 * answers from), each vCPU with its own APIC ID; L2's is KVM's
	 * adjusted for it. */
	const struct kvm_cpuid2 *l1 = v->level == 1 ? v->m->cpuid[1] : NULL;
	struct kvm_cpuid2 *built = l1 ? cpuid__copy_for_cpu(l1, v->id)
				      : cpuid__build(v->vm->kvm->cpuid, v->level);
	int rc;

	if (!built)
		return error__set(err, "out of memory");
	rc = kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_CPUID2, built);
	free(built);
	if (rc < 0)
		return error__set(err, "KVM_SET_CPUID2: %s", strerror(errno));
	return 0;
}

int vcpu__fetch_regs(struct vcpu *v, struct error *err)
{
	struct kvm_sync_regs *s = &v->run->s.regs;
	uint64_t *count = &v->stats->ioctls.other;

	if (kvm__ioctl(count, v->fd, KVM_GET_REGS, &s->regs) < 0 ||
	    kvm__ioctl(count, v->fd, KVM_GET_SREGS, &s->sregs) < 0 ||
	    kvm__ioctl(count, v->fd, KVM_GET_VCPU_EVENTS, &s->events) < 0)
		return error__set(err, "reading the vCPU's initial registers: %s", strerror(errno));
	return 0;
}

void vcpu__dump(struct vcpu *v, FILE *f)
{
	struct cpu_state c;
	const uint64_t *g = c.gpr;

	v->ops->get_state(v, &c);
	fprintf(f, "  rip %016" PRIx64 "  rflags %016" PRIx64 "  cpl %u  engine %s\n", c.rip,
		c.rflags, (c.seg[CPU_SEG_SS].ar >> 5) & 3, v->ops->name);
	fprintf(f, "  rax %016" PRIx64 "  rbx %016" PRIx64 "  rcx %016" PRIx64 "  rdx %016" PRIx64 "\n",
		g[CPU_RAX], g[CPU_RBX], g[CPU_RCX], g[CPU_RDX]);
	fprintf(f, "  rsi %016" PRIx64 "  rdi %016" PRIx64 "  rbp %016" PRIx64 "  rsp %016" PRIx64 "\n",
		g[CPU_RSI], g[CPU_RDI], g[CPU_RBP], g[CPU_RSP]);
	fprintf(f, "  r8  %016" PRIx64 "  r9  %016" PRIx64 "  r10 %016" PRIx64 "  r11 %016" PRIx64 "\n",
		g[CPU_R8], g[CPU_R9], g[CPU_R10], g[CPU_R11]);
	fprintf(f, "  r12 %016" PRIx64 "  r13 %016" PRIx64 "  r14 %016" PRIx64 "  r15 %016" PRIx64 "\n",
		g[CPU_R12], g[CPU_R13], g[CPU_R14], g[CPU_R15]);
	fprintf(f, "  cr0 %016" PRIx64 "  cr2 %016" PRIx64 "  cr3 %016" PRIx64 "  cr4 %016" PRIx64 "\n",
		c.cr0, c.cr2, c.cr3, c.cr4);
	fprintf(f, "  efer %015" PRIx64 "  cs %04x ss %04x ds %04x  gdt %" PRIx64 "/%x  idt %" PRIx64 "/%x\n",
		c.efer, c.seg[CPU_SEG_CS].selector, c.seg[CPU_SEG_SS].selector,
		c.seg[CPU_SEG_DS].selector, c.gdtr.base, c.gdtr.limit, c.idtr.base, c.idtr.limit);
}
