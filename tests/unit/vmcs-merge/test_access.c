/* SPDX-License-Identifier: GPL-2.0-only */
/* VMREAD/VMWRITE widths (SDM 31.3): 16-, 32-, 64-bit and natural-width
 * fields, HIGH halves, 32-bit operand size outside 64-bit mode; and the
 * vmcs12 cache moving between VMCS regions on VMPTRLD/VMCLEAR/VMXOFF. */
#include "tests/tap.h"
#include "vmcs-merge/vmx_cpu.h"
#include "mem_buf.h"

#define VMXON_REGION 0x1000ull
#define VMCS_A 0x2000ull
#define VMCS_B 0x3000ull

static struct mem_buf m;
static struct vmx_cpu cpu;
static struct vmx_caps caps;

static uint64_t write(enum vmx_cpu_mode mode, uint64_t enc, uint64_t value)
{
	struct vmx_insn_ctx c = { .mode = mode, .reg = enc, .src = value };

	return vmx__vmwrite(&cpu, &caps, &c).outcome;
}

static uint64_t read(enum vmx_cpu_mode mode, uint64_t enc)
{
	struct vmx_insn_ctx c = { .mode = mode, .reg = enc };
	struct vmx_result r = vmx__vmread(&cpu, &c);

	return r.outcome == VMX_SUCCEED ? r.value : 0xdeadull << 48;
}

static void ptr(struct vmx_result (*fn)(struct vmx_cpu *, const struct vmx_caps *,
					 const struct vmx_insn_ctx *, const struct guest_mem *),
		 uint64_t ptr)
{
	struct vmx_insn_ctx c = { .mode = VMX_MODE_64, .cr0 = 0x80000031, .cr4 = 0x20,
				  .mem = { ptr } };

	fn(&cpu, &caps, &c, &m.mem);
}

static void widths(void)
{
	const enum vmx_cpu_mode M64 = VMX_MODE_64, M32 = VMX_MODE_PROTECTED;

	/* 16-bit field */
	write(M64, VMCS_GUEST_CS_SELECTOR, 0xabcd1234ull);
	is_u64(read(M64, VMCS_GUEST_CS_SELECTOR), 0x1234, "16-bit field keeps 16 bits, read zero-extends");
	/* 32-bit field */
	write(M64, VMCS_GUEST_CS_LIMIT, 0x1122334455667788ull);
	is_u64(read(M64, VMCS_GUEST_CS_LIMIT), 0x55667788, "32-bit field keeps 32 bits");
	/* 64-bit field, full and high */
	write(M64, VMCS_TSC_OFFSET, 0x1122334455667788ull);
	is_u64(read(M64, VMCS_TSC_OFFSET), 0x1122334455667788ull, "64-bit field full access");
	is_u64(read(M64, VMCS_TSC_OFFSET | 1), 0x11223344, "high access reads bits 63:32");
	write(M64, VMCS_TSC_OFFSET | 1, 0xffffffffaabbccddull);
	is_u64(read(M64, VMCS_TSC_OFFSET), 0xaabbccdd55667788ull,
	       "high write replaces bits 63:32, ignores operand bits 63:32");
	/* 32-bit operand size */
	write(M32, VMCS_TSC_OFFSET, 0x1122334455667788ull);
	is_u64(read(M64, VMCS_TSC_OFFSET), 0x55667788, "32-bit VMWRITE of a 64-bit field clears bits 63:32");
	write(M32, VMCS_TSC_OFFSET | 1, 0x99);
	is_u64(read(M64, VMCS_TSC_OFFSET), 0x0000009955667788ull, "32-bit mode writes the high half");
	is_u64(read(M32, VMCS_TSC_OFFSET), 0x55667788, "32-bit VMREAD of a 64-bit field truncates");
	is_u64(read(M32, VMCS_TSC_OFFSET | 1), 0x99, "32-bit VMREAD of the high half");
	/* natural width */
	write(M64, VMCS_GUEST_RIP, 0xffffffff81000000ull);
	is_u64(read(M64, VMCS_GUEST_RIP), 0xffffffff81000000ull, "natural width in 64-bit mode");
	is_u64(read(M32, VMCS_GUEST_RIP), 0x81000000, "natural width read with 32-bit operand");
	write(M32, VMCS_GUEST_RIP, 0xffffffff00401000ull);
	is_u64(read(M64, VMCS_GUEST_RIP), 0x00401000, "natural width written with 32-bit operand");
	/* encoding operand size */
	is_u64(write(M32, 0xffffffff00000000ull | VMCS_GUEST_RSP, 0x8000), VMX_SUCCEED,
	       "32-bit mode uses encoding bits 31:0 only");
	is_u64(read(M64, VMCS_GUEST_RSP), 0x8000, "... and wrote the field");
	/* read-only field with MISC bit 29 */
	write(M64, VMCS_EXIT_QUALIFICATION, 0x55);
	is_u64(cpu.cache.vmcs.exit_qualification, 0x55, "VMWRITE to exit information with MISC bit 29");
	caps.vmwrite_any_field = 0;
	write(M64, VMCS_EXIT_QUALIFICATION, 0x66);
	is_u64(cpu.cache.vmcs.exit_qualification, 0x55, "... refused without it, field unchanged");
	is_u64(read(M64, VMCS_VM_INSTRUCTION_ERROR), VMX_ERR_VMWRITE_READ_ONLY,
	       "VMREAD sees the VM-instruction error");
	caps.vmwrite_any_field = 1;
}

static void cache(void)
{
	struct vmx_insn_ctx c = { .mode = VMX_MODE_64 };
	uint64_t a_rip = VMCS_A + offsetof(struct vmcs12_region, vmcs) +
			 offsetof(struct vmcs12, guest_rip);

	write(VMX_MODE_64, VMCS_GUEST_RIP, 0xaaaa);
	vmx_cpu__set_launched(&cpu);
	ptr(vmx__vmptrld, VMCS_B);
	is_u64(cpu.current_vmcs, VMCS_B, "vmptrld switches the current VMCS");
	is_u64(mem_buf__get64(&m, a_rip), 0xaaaa, "the old vmcs12 is written back to its region");
	is_u64(mem_buf__get32(&m, VMCS_A + 8), VMCS12_LAUNCHED, "... with its launch state");
	is_u64(read(VMX_MODE_64, VMCS_GUEST_RIP), 0, "the new vmcs12 comes from its region");
	write(VMX_MODE_64, VMCS_GUEST_RIP, 0xbbbb);
	ptr(vmx__vmptrld, VMCS_A);
	is_u64(read(VMX_MODE_64, VMCS_GUEST_RIP), 0xaaaa, "back to A: its field");
	is_u64(vmx__vmlaunch(&cpu, &c, 1).outcome, VMX_SUCCEED, "back to A: still launched");
	ptr(vmx__vmclear, VMCS_B);
	ptr(vmx__vmptrld, VMCS_B);
	is_u64(read(VMX_MODE_64, VMCS_GUEST_RIP), 0xbbbb, "B kept its field through vmclear");
	is_u64(vmx__vmlaunch(&cpu, &c, 0).outcome, VMX_SUCCEED, "B is clear after vmclear");
	write(VMX_MODE_64, VMCS_GUEST_RIP, 0xcccc);
	vmx__vmxoff(&cpu, &c, &m.mem);
	is_u64(mem_buf__get64(&m, VMCS_B + offsetof(struct vmcs12_region, vmcs) +
			      offsetof(struct vmcs12, guest_rip)),
	       0xcccc, "vmxoff writes the current vmcs12 back");
}

int main(void)
{
	struct vmx_insn_ctx c = { .mode = VMX_MODE_64, .cr0 = 0x80000031, .cr4 = 0x20,
				  .mem = { VMXON_REGION } };

	mem_buf__init(&m);
	mem_buf__put32(&m, VMXON_REGION, VMX_REVISION_ID);
	mem_buf__put32(&m, VMCS_A, VMX_REVISION_ID);
	mem_buf__put32(&m, VMCS_B, VMX_REVISION_ID);
	vmx_caps__init(&caps, 0x3706ff, 39);
	vmx_cpu__init(&cpu);
	vmx_cpu__set_cr4_vmxe(&cpu, 1);
	is_u64(vmx__vmxon(&cpu, &caps, &c, &m.mem).outcome, VMX_SUCCEED, "vmxon");
	ptr(vmx__vmptrld, VMCS_A);
	is_u64(cpu.current_vmcs, VMCS_A, "vmptrld A");
	widths();
	cache();
	return done_testing();
}
