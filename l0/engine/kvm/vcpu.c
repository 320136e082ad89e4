/* l0/engine/kvm/vcpu.c: vCPU creation and its initial state. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "l0/platform/cpuid.h"
#include "l0/boot/multiboot.h"
#include "l0/engine/kvm/vcpu.h"

#define CR0_PE		(1ull << 0)
#define CR0_ET		(1ull << 4)
#define RFLAGS_FIXED	(1ull << 1)	/* bit 1 always reads as 1 */

int vcpu__create(struct vcpu *v, struct vm *vm, unsigned id, struct level_stats *stats,
		 struct error *err)
{
	memset(v, 0, sizeof(*v));
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
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->fd >= 0)
		close(v->fd);
	v->run = NULL;
	v->fd = -1;
}

int vcpu__set_cpuid(struct vcpu *v, struct error *err)
{
	const struct kvm_cpuid2 *sup = v->vm->kvm->cpuid;
	size_t size = sizeof(*sup) + sup->nent * sizeof(sup->entries[0]);
	struct kvm_cpuid2 *c = malloc(size);
	int rc;

	if (!c)
		return error__set(err, "out of memory");
	memcpy(c, sup, size);
	cpuid__adjust(c, v->level);
	rc = kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_CPUID2, c);
	free(c);
	if (rc < 0)
		return error__set(err, "KVM_SET_CPUID2: %s", strerror(errno));
	return 0;
}

static void flat_segment(struct kvm_segment *s, uint16_t selector, uint8_t type)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = selector, .type = type,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
}

int vcpu__set_multiboot_state(struct vcpu *v, uint32_t entry, uint32_t info, struct error *err)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = {
		.rax = MB__BOOT_MAGIC,
		.rbx = info,
		.rip = entry,
		.rflags = RFLAGS_FIXED,	/* IF = 0, VM = 0 */
	};

	if (kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_GET_SREGS, &sregs) < 0)
		return error__set(err, "KVM_GET_SREGS: %s", strerror(errno));
	/* Execute/read code and read/write data, both accessed (SDM 3.4.5.1). */
	flat_segment(&sregs.cs, 0x08, 0xb);
	flat_segment(&sregs.ds, 0x10, 0x3);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 = CR0_PE | CR0_ET;
	sregs.cr3 = 0;
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_SREGS, &sregs) < 0)
		return error__set(err, "KVM_SET_SREGS: %s", strerror(errno));
	if (kvm__ioctl(&v->stats->ioctls.other, v->fd, KVM_SET_REGS, &regs) < 0)
		return error__set(err, "KVM_SET_REGS: %s", strerror(errno));
	return 0;
}

void vcpu__dump(const struct kvm_run *run, FILE *f)
{
	const struct kvm_regs *r = &run->s.regs.regs;
	const struct kvm_sregs *s = &run->s.regs.sregs;

	fprintf(f, "  rip %016llx  rflags %016llx  cpl %u\n", r->rip, r->rflags, s->cs.dpl);
	fprintf(f, "  rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n",
		r->rax, r->rbx, r->rcx, r->rdx);
	fprintf(f, "  rsi %016llx  rdi %016llx  rbp %016llx  rsp %016llx\n",
		r->rsi, r->rdi, r->rbp, r->rsp);
	fprintf(f, "  r8  %016llx  r9  %016llx  r10 %016llx  r11 %016llx\n",
		r->r8, r->r9, r->r10, r->r11);
	fprintf(f, "  r12 %016llx  r13 %016llx  r14 %016llx  r15 %016llx\n",
		r->r12, r->r13, r->r14, r->r15);
	fprintf(f, "  cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx\n",
		s->cr0, s->cr2, s->cr3, s->cr4);
	fprintf(f, "  efer %015llx  cs %04x ss %04x ds %04x  gdt %llx/%x  idt %llx/%x\n",
		s->efer, s->cs.selector, s->ss.selector, s->ds.selector,
		s->gdt.base, s->gdt.limit, s->idt.base, s->idt.limit);
}
