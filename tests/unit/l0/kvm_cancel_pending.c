/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/kvm_cancel_pending.c: the kvm engine's cancel_pending on a
 * real KVM vCPU (the one unit test that needs /dev/kvm, since what it
 * tests is what KVM does at the next KVM_RUN).  A real-mode guest runs
 * `in al, dx; hlt`; at the IN exit, cancel_pending lets KVM finish the IN
 * and puts the registers back: RIP at the IN again, the length 1, one
 * KVM_RUN counted, the registers marked for KVM to reload. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "l0/engine/kvm/kvm.h"
#include "l0/machine.h"
#include "l0/engine/kvm/vcpu.h"
#include "l0/engine/kvm/vm.h"
#include "tests/tap.h"

#define CODE 0x1000

int main(void)
{
	static struct machine m;
	struct kvm kvm = { .fd = -1 };
	struct level_stats stats;
	struct error err;
	struct vm vm;
	struct vcpu v;
	uint8_t *ram;
	unsigned len;

	if (access("/dev/kvm", R_OK | W_OK)) {
		printf("1..0 # SKIP no usable /dev/kvm\n");
		return 0;
	}
	memset(&stats, 0, sizeof(stats));
	if (!ok(!kvm__open(&kvm, "/dev/kvm", &err), "KVM opens") ||
	    !ok(!vm__create(&vm, &kvm, 1, &stats.ioctls.other, &err), "a VM") ||
	    !ok(!vcpu__create(&v, &m, &vm, 0, &stats, &err), "a vCPU"))
		return diag("%s", err.msg), done_testing();
	ram = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ram[CODE] = 0xec;	/* in al, dx */
	ram[CODE + 1] = 0xf4;	/* hlt */
	ok(vm__set_slot(&vm, 0, 0x10000, ram, 0, &err) >= 0, "RAM at 0");

	/* Real mode at 0:CODE, DX = port 0x60. */
	/* A KVM_RUN that returns at once (EINTR) fills the sync regs. */
	v.run->kvm_valid_regs = VCPU__SYNC_REGS;
	v.run->immediate_exit = 1;
	ioctl(v.fd, KVM_RUN, 0);
	v.run->s.regs.sregs.cs.selector = 0;
	v.run->s.regs.sregs.cs.base = 0;
	v.run->s.regs.regs.rip = CODE;
	v.run->s.regs.regs.rdx = 0x60;
	v.run->s.regs.regs.rax = 0x1234;
	v.run->s.regs.regs.rflags = 2;
	v.run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
	v.run->immediate_exit = 0;
	for (int i = 0; i < 10; i++) {
		if (ioctl(v.fd, KVM_RUN, 0) == 0 || errno != EINTR)
			break;
	}
	is_u64(v.run->exit_reason, KVM_EXIT_IO, "the IN exits to userspace");
	is_u64(v.run->s.regs.regs.rip, CODE, "KVM holds the IN unfinished: RIP at it");
	*((uint8_t *)v.run + v.run->io.data_offset) = 0x56;

	stats.ioctls.kvm_run = 0;
	len = v.ops->cancel_pending(&v);
	is_u64(len, 1, "cancel_pending: the IN's length, 1");
	is_u64(v.run->s.regs.regs.rip, CODE, "RIP back at the IN");
	is_u64(v.run->s.regs.regs.rax, 0x1234, "AL as before the IN (KVM's 0x56 undone)");
	is_u64(stats.ioctls.kvm_run, 1, "one KVM_RUN counted");
	ok(v.run->kvm_dirty_regs & KVM_SYNC_X86_REGS, "the registers go back to KVM at the next run");
	is_u64(v.run->immediate_exit, 0, "immediate_exit cleared");
	vcpu__destroy(&v);
	vm__destroy(&vm);
	kvm__close(&kvm);
	return done_testing();
}
