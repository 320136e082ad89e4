/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench/kvm-rtt [ROUND_TRIPS [BATCHES]]: the cost of one bare KVM_RUN round
 * trip on this host, the yardstick of a reflected exit.  A VM with one vCPU
 * in real mode runs `out %al, $0x80; jmp .-4` (../shared/host-facts.md: on
 * this host's KVM the two instructions are emulated, as all guest CPL0 code
 * is), so each KVM_RUN enters the guest and comes back with KVM_EXIT_IO;
 * nothing else happens between two runs: no register sync, no other ioctl.
 *
 * Prints one JSON object: the median over BATCHES of the wall time
 * (CLOCK_MONOTONIC) and of the thread's CPU time per round trip, in ns,
 * and the min and max batch.  Exits 1 with a line on stderr when KVM is
 * not usable.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_MEM	0x10000ul
#define GUEST_CODE	0x1000ul
#define OUT_PORT	0x80
#define WARMUP		200
#define MAX_BATCHES	64
#define DEFAULT_RTS	2000
#define DEFAULT_BATCHES	9

/* out %al, $0x80; jmp back to the out. */
static const uint8_t code[] = { 0xe6, OUT_PORT, 0xeb, 0xfc };

struct vm {
	int kvm, vm, vcpu;
	struct kvm_run *run;
};

static int fail(const char *what)
{
	fprintf(stderr, "kvm-rtt: %s: %s\n", what, strerror(errno));
	return -1;
}

static int vm__open(struct vm *v)
{
	struct kvm_userspace_memory_region slot = { .memory_size = GUEST_MEM };
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = GUEST_CODE, .rflags = 0x2 };
	void *mem;
	int size;

	v->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (v->kvm < 0)
		return fail("/dev/kvm");
	v->vm = ioctl(v->kvm, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		return fail("KVM_CREATE_VM");
	mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap guest memory");
	memcpy((uint8_t *)mem + GUEST_CODE, code, sizeof(code));
	slot.userspace_addr = (uintptr_t)mem;
	if (ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	v->vcpu = ioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	size = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(*v->run))
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	v->run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, v->vcpu, 0);
	if (v->run == MAP_FAILED)
		return fail("mmap kvm_run");
	/* Real mode at 0:GUEST_CODE. */
	if (ioctl(v->vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(v->vcpu, KVM_SET_SREGS, &sregs) < 0)
		return fail("KVM_SET_SREGS");
	if (ioctl(v->vcpu, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_REGS");
	return 0;
}

static int vm__round_trip(struct vm *v)
{
	if (ioctl(v->vcpu, KVM_RUN, 0) < 0)
		return fail("KVM_RUN");
	if (v->run->exit_reason != KVM_EXIT_IO || v->run->io.port != OUT_PORT) {
		fprintf(stderr, "kvm-rtt: unexpected exit %u\n", v->run->exit_reason);
		return -1;
	}
	return 0;
}

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long rts = argc > 1 ? strtol(argv[1], NULL, 0) : DEFAULT_RTS;
	long batches = argc > 2 ? strtol(argv[2], NULL, 0) : DEFAULT_BATCHES;
	double wall[MAX_BATCHES], cpu[MAX_BATCHES];
	struct vm v;

	if (rts < 1 || batches < 1 || batches > MAX_BATCHES) {
		fprintf(stderr, "usage: kvm-rtt [ROUND_TRIPS [BATCHES (1-%d)]]\n", MAX_BATCHES);
		return 2;
	}
	if (vm__open(&v))
		return 1;
	for (int i = 0; i < WARMUP; i++)
		if (vm__round_trip(&v))
			return 1;
	for (long b = 0; b < batches; b++) {
		uint64_t t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);

		for (long i = 0; i < rts; i++)
			if (vm__round_trip(&v))
				return 1;
		cpu[b] = (double)(now_ns(CLOCK_THREAD_CPUTIME_ID) - c0) / (double)rts;
		wall[b] = (double)(now_ns(CLOCK_MONOTONIC) - t0) / (double)rts;
	}
	qsort(wall, (size_t)batches, sizeof(wall[0]), cmp_double);
	qsort(cpu, (size_t)batches, sizeof(cpu[0]), cmp_double);
	printf("{\"round_trips\": %ld, \"batches\": %ld, \"ns\": %.1f, \"ns_min\": %.1f, "
	       "\"ns_max\": %.1f, \"cpu_ns\": %.1f}\n", rts, batches, wall[batches / 2], wall[0],
	       wall[batches - 1], cpu[batches / 2]);
	return 0;
}
