/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/vmx.c: L1's VMX instructions over a vmcs12 it controls
 * (VMWRITE, and plain stores to the VMCS region before VMPTRLD), then
 * VMLAUNCH/VMRESUME as L0 runs them (l0/nested/nested_entry.c): the
 * entry checks, guest-state loading, a VM exit with the input's exit
 * information, host-state loading.  Findings beyond the sanitizers': a
 * VMfailValid or entry-check result the SDM does not define.
 *
 * Input: records (tests/fuzz/fuzz_ram.h), op % 12:
 *   0 CR4.VMXE = val & 1   1 VMXON [val]   2 VMXOFF   3 VMCLEAR [val]
 *   4 VMPTRLD [val]   5 VMPTRST   6 VMREAD a16   7 VMWRITE a16, val
 *   8 VMLAUNCH (a16 bit 0: VMRESUME; bit 1: checked against a virtual CPU
 *     that allows every control, not L0's), exit reason a32, qualification val
 *   9 INVEPT, 10 INVVPID: type a16, descriptor val and a32
 *   11 L1 stores val at a32
 * a8 is the context: bits 2:0 mode % 5 (4: 64-bit), 4:3 CPL, 5 register
 * operand, 6 blocking by MOV SS, 7 CR0.NE clear.  Seeds: tests/fuzz/mkseeds
 * vmx, from the vmcs12s a real l1-hv run dumped. */
#define FUZZ_RAM_SIZE (4u << 20)
#include "tests/fuzz/fuzz_ram.h"
#include "vmcs-merge/entry_check.h"
#include "vmcs-merge/vm_switch.h"
#include "vmcs-merge/vmx_cpu.h"

#define MAXPHYADDR 39
#define CR4_MASK   0x3727ffull	/* the CR4 bits a typical L1 CPUID offers */

/* L1's and L2's MSRs beyond cpu_state: any MSR with bit 30 set is refused,
 * as KVM refuses what it does not know. */
static int msr_read(void *opaque, uint32_t index, uint64_t *value)
{
	*value = index;
	return index & (1u << 30) ? -1 : 0;
}

static int msr_write(void *opaque, uint32_t index, uint64_t value)
{
	return index & (1u << 30) ? -1 : 0;
}

static const struct msr_access msrs = { .read = msr_read, .write = msr_write };

static void enter_and_exit(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			   const struct vmx_insn_ctx *ctx, const struct fuzz_rec *r)
{
	struct vmcs12 *v = vmx_cpu__vmcs12(cpu);
	struct entry_check_caps ecaps;
	struct entry_check_input in = { .vmcs = v, .caps = &ecaps, .pa_width = MAXPHYADDR,
					.mem = &fuzz_mem, .l1_lma = ctx->mode >= VMX_MODE_COMPAT };
	struct cpu_state l1 = { .cr0 = ctx->cr0, .cr4 = ctx->cr4,
				.efer = in.l1_lma ? 0x500 : 0 }, l2;
	struct vmx_exit_info info = { .reason = r->a32, .qualification = r->val,
				      .intr_info = (uint32_t)(r->val >> 32),
				      .idt_vectoring_info = (uint32_t)r->val,
				      .instruction_len = r->a16 >> 8 };
	struct entry_check_result cr;
	struct vm_entry_result er;
	char line[1024];

	entry_check__vcpu_caps(&ecaps, caps);
	if (r->a16 & 2) {	/* every control allowed: the checks behind them run */
		ecaps.pin_may1 = ecaps.proc_may1 = ecaps.proc2_may1 = ~0u;
		ecaps.exit_may1 = ecaps.entry_may1 = ~0u;
		ecaps.proc3_may1 = ecaps.exit2_may1 = ecaps.vmfunc_may1 = ~0ull;
		ecaps.misc |= 7ull << 6 | 4ull << 16;	/* activity states, CR3 targets */
		ecaps.has_rtm = ecaps.has_sgx = 1;
	}
	cr = entry_check__run(&in);
	entry_check__format(&cr, line, sizeof(line));
	FUZZ_ASSERT(cr.kind == ENTRY_CHECK_PASSED || entry_check__name(cr.id));
	if (cr.kind == ENTRY_CHECK_VMFAIL) {
		FUZZ_ASSERT(cr.vmfail == VMX_ERR_ENTRY_INVALID_CONTROL ||
			    cr.vmfail == VMX_ERR_ENTRY_INVALID_HOST_STATE);
		v->vm_instruction_error = cr.vmfail;
		return;
	}
	er = (struct vm_entry_result){ 1, cr.exit_reason, cr.exit_qualification };
	if (cr.kind == ENTRY_CHECK_PASSED)
		er = vm_entry__load_guest(v, &l1, &l2, &fuzz_mem, &msrs);
	if (er.failed) {
		FUZZ_ASSERT((er.exit_reason & ~ENTRY_CHECK_FAILED_ENTRY) == ENTRY_EXIT_GUEST_STATE ||
			    (er.exit_reason & ~ENTRY_CHECK_FAILED_ENTRY) == ENTRY_EXIT_MSR_LOADING);
		vm_entry__fail(v, &er);
		/* SDM 27.8: the "guest" state is L1's own, at the instruction. */
		vm_exit__load_host(v, &l1, &l2, &fuzz_mem, &msrs);
		return;
	}
	if (!(r->a16 & 1))
		vmx_cpu__set_launched(cpu);
	if (vm_exit__save_guest(v, &l2, &info, &fuzz_mem, &msrs) == VMX_ABORT_NONE)
		vm_exit__load_host(v, &l2, &l1, &fuzz_mem, &msrs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmx_cpu cpu;
	struct vmx_caps caps;
	struct fuzz_rec r;

	vmx_cpu__init(&cpu);
	vmx_caps__init(&caps, CR4_MASK, MAXPHYADDR);
	while (fuzz_rec__next(&data, &size, &r)) {
		struct vmx_insn_ctx ctx = {
			.mode = (r.a8 & 7) % 5, .cpl = r.a8 >> 3 & 3, .register_form = r.a8 >> 5 & 1,
			.mov_ss_blocking = r.a8 >> 6 & 1, .cr0 = r.a8 & 128 ? 0x80000011 : 0x80000031,
			.cr4 = 0x2020, .reg = r.a16 | (uint64_t)r.a32 << 32, .src = r.val,
			.mem = { r.val, r.a32 },
		};
		struct vmx_result res = { .outcome = VMX_SUCCEED };

		switch (r.op % 12) {
		case 0: vmx_cpu__set_cr4_vmxe(&cpu, r.val & 1); break;
		case 1: res = vmx__vmxon(&cpu, &caps, &ctx, &fuzz_mem); break;
		case 2: res = vmx__vmxoff(&cpu, &ctx, &fuzz_mem); break;
		case 3: res = vmx__vmclear(&cpu, &caps, &ctx, &fuzz_mem); break;
		case 4: res = vmx__vmptrld(&cpu, &caps, &ctx, &fuzz_mem); break;
		case 5: res = vmx__vmptrst(&cpu, &ctx); break;
		case 6: res = vmx__vmread(&cpu, &ctx); break;
		case 7: res = vmx__vmwrite(&cpu, &caps, &ctx); break;
		case 8:
			res = vmx__vmlaunch(&cpu, &ctx, r.a16 & 1);
			if (res.outcome == VMX_SUCCEED)
				enter_and_exit(&cpu, &caps, &ctx, &r);
			break;
		case 9: ctx.reg = r.a16; res = vmx__invept(&cpu, &caps, &ctx); break;
		case 10: ctx.reg = r.a16; res = vmx__invvpid(&cpu, &caps, &ctx); break;
		case 11: fuzz_ram__write(NULL, (r.a32 % FUZZ_RAM_SIZE) & ~7u, &r.val, 8); break;
		}
		FUZZ_ASSERT(res.outcome != VMX_FAIL_VALID || vmx_error__name(res.error));
		vmx_result__rflags(res, 2);
	}
	fuzz_ram__reset();
	return 0;
}
