/* SPDX-License-Identifier: GPL-2.0-only */
/* Every #UD, #GP, VMfailInvalid and VMfailValid case of the VMX
 * instructions (SDM 31.3 pseudo-code), one row per case, plus the success
 * path of each.  Rows run from a state built through the API itself. */
#include "tests/tap.h"
#include "vmcs-merge/vmx_cpu.h"
#include "mem_buf.h"

#define VMXON_REGION 0x1000ull
#define VMCS_A       0x2000ull	/* good revision */
#define VMCS_BAD     0x3000ull	/* wrong revision */
#define VMCS_SHADOW  0x4000ull	/* right revision with the shadow bit */
#define NOT_RAM      0x100000ull	/* aligned, below MAXPHYADDR, not RAM */
#define BEYOND_PA    (1ull << 36)	/* MAXPHYADDR is 36 in these tests */
#define GOOD_EPTP    (0x5000ull | 6 | 3 << 3)

enum state { S_OFF, S_VMXE, S_ROOT, S_CURRENT, S_LAUNCHED };
enum op { VMXON, VMXOFF, VMCLEAR, VMPTRLD, VMPTRST, VMLAUNCH, VMRESUME,
	  VMREAD, VMWRITE, INVEPT, INVVPID };
/* Zero is 64-bit mode, so rows only name the unusual ones. */
enum tmode { T_64, T_REAL, T_V86, T_PROT, T_COMPAT };
enum caps_tweak { C_NONE, C_UNLOCKED, C_NO_VMX_OUTSIDE, C_NO_VMWRITE_ANY };

struct row {
	const char *name;
	enum state state;
	enum op op;
	enum tmode mode;
	unsigned cpl;
	uint64_t cr0, cr4;	/* 0: PE|NE|ET|PG and PAE */
	int register_form, mov_ss;
	uint64_t reg, src, mem0, mem1;
	enum caps_tweak tweak;
	enum vmx_outcome want;
	enum vmx_error error;
};

static const struct row rows[] = {
	/* VMXON */
	{ "vmxon register operand", S_VMXE, VMXON, .register_form = 1, .mem0 = VMXON_REGION, .want = VMX_UD },
	{ "vmxon CR0.PE=0", S_VMXE, VMXON, .mode = T_REAL, .mem0 = VMXON_REGION, .want = VMX_UD },
	{ "vmxon CR4.VMXE=0", S_OFF, VMXON, .mem0 = VMXON_REGION, .want = VMX_UD },
	{ "vmxon virtual-8086", S_VMXE, VMXON, .mode = T_V86, .mem0 = VMXON_REGION, .want = VMX_UD },
	{ "vmxon compatibility mode", S_VMXE, VMXON, .mode = T_COMPAT, .mem0 = VMXON_REGION, .want = VMX_UD },
	{ "vmxon CPL 3", S_VMXE, VMXON, .cpl = 3, .mem0 = VMXON_REGION, .want = VMX_GP },
	{ "vmxon CR0.NE=0", S_VMXE, VMXON, .cr0 = 0x80000011, .mem0 = VMXON_REGION, .want = VMX_GP },
	{ "vmxon CR4 bit outside FIXED1", S_VMXE, VMXON, .cr4 = 0x20 | 1u << 22, .mem0 = VMXON_REGION, .want = VMX_GP },
	{ "vmxon FEATURE_CONTROL unlocked", S_VMXE, VMXON, .mem0 = VMXON_REGION, .tweak = C_UNLOCKED, .want = VMX_GP },
	{ "vmxon FEATURE_CONTROL no VMX", S_VMXE, VMXON, .mem0 = VMXON_REGION, .tweak = C_NO_VMX_OUTSIDE, .want = VMX_GP },
	{ "vmxon misaligned", S_VMXE, VMXON, .mem0 = VMXON_REGION + 8, .want = VMX_FAIL_INVALID },
	{ "vmxon beyond MAXPHYADDR", S_VMXE, VMXON, .mem0 = BEYOND_PA, .want = VMX_FAIL_INVALID },
	{ "vmxon wrong revision", S_VMXE, VMXON, .mem0 = VMCS_BAD, .want = VMX_FAIL_INVALID },
	{ "vmxon revision bit 31", S_VMXE, VMXON, .mem0 = VMCS_SHADOW, .want = VMX_FAIL_INVALID },
	{ "vmxon region not RAM", S_VMXE, VMXON, .mem0 = NOT_RAM, .want = VMX_FAIL_INVALID },
	{ "vmxon succeeds", S_VMXE, VMXON, .mem0 = VMXON_REGION, .want = VMX_SUCCEED },
	{ "vmxon in root, CPL 3", S_ROOT, VMXON, .cpl = 3, .mem0 = VMXON_REGION, .want = VMX_GP },
	{ "vmxon in root, no VMCS", S_ROOT, VMXON, .mem0 = VMXON_REGION, .want = VMX_FAIL_INVALID },
	{ "vmxon in root", S_CURRENT, VMXON, .mem0 = VMXON_REGION, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMXON_IN_ROOT },
	/* VMXOFF */
	{ "vmxoff outside VMX", S_VMXE, VMXOFF, .want = VMX_UD },
	{ "vmxoff compatibility mode", S_ROOT, VMXOFF, .mode = T_COMPAT, .want = VMX_UD },
	{ "vmxoff CPL 1", S_ROOT, VMXOFF, .cpl = 1, .want = VMX_GP },
	{ "vmxoff succeeds", S_CURRENT, VMXOFF, .want = VMX_SUCCEED },
	/* VMCLEAR */
	{ "vmclear outside VMX", S_VMXE, VMCLEAR, .mem0 = VMCS_A, .want = VMX_UD },
	{ "vmclear register operand", S_ROOT, VMCLEAR, .register_form = 1, .want = VMX_UD },
	{ "vmclear real mode", S_ROOT, VMCLEAR, .mode = T_REAL, .mem0 = VMCS_A, .want = VMX_UD },
	{ "vmclear virtual-8086", S_ROOT, VMCLEAR, .mode = T_V86, .mem0 = VMCS_A, .want = VMX_UD },
	{ "vmclear CPL 3", S_ROOT, VMCLEAR, .cpl = 3, .mem0 = VMCS_A, .want = VMX_GP },
	{ "vmclear misaligned, no VMCS", S_ROOT, VMCLEAR, .mem0 = VMCS_A + 1, .want = VMX_FAIL_INVALID },
	{ "vmclear misaligned", S_CURRENT, VMCLEAR, .mem0 = VMCS_A + 0x800, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMCLEAR_INVALID_ADDR },
	{ "vmclear beyond MAXPHYADDR", S_CURRENT, VMCLEAR, .mem0 = BEYOND_PA, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMCLEAR_INVALID_ADDR },
	{ "vmclear VMXON pointer, no VMCS", S_ROOT, VMCLEAR, .mem0 = VMXON_REGION, .want = VMX_FAIL_INVALID },
	{ "vmclear VMXON pointer", S_CURRENT, VMCLEAR, .mem0 = VMXON_REGION, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMCLEAR_VMXON_PTR },
	{ "vmclear succeeds", S_LAUNCHED, VMCLEAR, .mem0 = VMCS_A, .want = VMX_SUCCEED },
	/* VMPTRLD */
	{ "vmptrld outside VMX", S_VMXE, VMPTRLD, .mem0 = VMCS_A, .want = VMX_UD },
	{ "vmptrld register operand", S_ROOT, VMPTRLD, .register_form = 1, .want = VMX_UD },
	{ "vmptrld compatibility mode", S_ROOT, VMPTRLD, .mode = T_COMPAT, .mem0 = VMCS_A, .want = VMX_UD },
	{ "vmptrld CPL 3", S_ROOT, VMPTRLD, .cpl = 3, .mem0 = VMCS_A, .want = VMX_GP },
	{ "vmptrld misaligned, no VMCS", S_ROOT, VMPTRLD, .mem0 = VMCS_A + 4, .want = VMX_FAIL_INVALID },
	{ "vmptrld misaligned", S_CURRENT, VMPTRLD, .mem0 = VMCS_A + 4, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMPTRLD_INVALID_ADDR },
	{ "vmptrld beyond MAXPHYADDR", S_CURRENT, VMPTRLD, .mem0 = BEYOND_PA, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMPTRLD_INVALID_ADDR },
	{ "vmptrld VMXON pointer", S_CURRENT, VMPTRLD, .mem0 = VMXON_REGION, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMPTRLD_VMXON_PTR },
	{ "vmptrld VMXON pointer, no VMCS", S_ROOT, VMPTRLD, .mem0 = VMXON_REGION, .want = VMX_FAIL_INVALID },
	{ "vmptrld wrong revision", S_CURRENT, VMPTRLD, .mem0 = VMCS_BAD, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMPTRLD_BAD_REVISION },
	{ "vmptrld shadow bit", S_CURRENT, VMPTRLD, .mem0 = VMCS_SHADOW, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMPTRLD_BAD_REVISION },
	{ "vmptrld not RAM", S_CURRENT, VMPTRLD, .mem0 = NOT_RAM, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMPTRLD_BAD_REVISION },
	{ "vmptrld wrong revision, no VMCS", S_ROOT, VMPTRLD, .mem0 = VMCS_BAD, .want = VMX_FAIL_INVALID },
	{ "vmptrld succeeds", S_ROOT, VMPTRLD, .mem0 = VMCS_A, .want = VMX_SUCCEED },
	/* VMPTRST */
	{ "vmptrst outside VMX", S_VMXE, VMPTRST, .want = VMX_UD },
	{ "vmptrst register operand", S_ROOT, VMPTRST, .register_form = 1, .want = VMX_UD },
	{ "vmptrst CPL 2", S_ROOT, VMPTRST, .cpl = 2, .want = VMX_GP },
	{ "vmptrst succeeds", S_CURRENT, VMPTRST, .want = VMX_SUCCEED },
	/* VMLAUNCH / VMRESUME */
	{ "vmlaunch outside VMX", S_VMXE, VMLAUNCH, .want = VMX_UD },
	{ "vmlaunch virtual-8086", S_CURRENT, VMLAUNCH, .mode = T_V86, .want = VMX_UD },
	{ "vmlaunch CPL 3", S_CURRENT, VMLAUNCH, .cpl = 3, .want = VMX_GP },
	{ "vmlaunch no VMCS", S_ROOT, VMLAUNCH, .want = VMX_FAIL_INVALID },
	{ "vmlaunch MOV-SS blocking", S_CURRENT, VMLAUNCH, .mov_ss = 1, .want = VMX_FAIL_VALID, .error = VMX_ERR_ENTRY_MOV_SS_BLOCKING },
	{ "vmlaunch launched VMCS", S_LAUNCHED, VMLAUNCH, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMLAUNCH_NONCLEAR },
	{ "vmlaunch succeeds", S_CURRENT, VMLAUNCH, .want = VMX_SUCCEED },
	{ "vmresume no VMCS", S_ROOT, VMRESUME, .want = VMX_FAIL_INVALID },
	{ "vmresume MOV-SS before launch state", S_CURRENT, VMRESUME, .mov_ss = 1, .want = VMX_FAIL_VALID, .error = VMX_ERR_ENTRY_MOV_SS_BLOCKING },
	{ "vmresume clear VMCS", S_CURRENT, VMRESUME, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMRESUME_NONLAUNCHED },
	{ "vmresume succeeds", S_LAUNCHED, VMRESUME, .want = VMX_SUCCEED },
	/* VMREAD */
	{ "vmread outside VMX", S_VMXE, VMREAD, .reg = VMCS_GUEST_RIP, .want = VMX_UD },
	{ "vmread real mode", S_CURRENT, VMREAD, .mode = T_REAL, .reg = VMCS_GUEST_RIP, .want = VMX_UD },
	{ "vmread CPL 3", S_CURRENT, VMREAD, .cpl = 3, .reg = VMCS_GUEST_RIP, .want = VMX_GP },
	{ "vmread no VMCS", S_ROOT, VMREAD, .reg = VMCS_GUEST_RIP, .want = VMX_FAIL_INVALID },
	{ "vmread unsupported field", S_CURRENT, VMREAD, .reg = 0x1234, .want = VMX_FAIL_VALID, .error = VMX_ERR_UNSUPPORTED_COMPONENT },
	{ "vmread high of a 32-bit field", S_CURRENT, VMREAD, .reg = VMCS_EXIT_REASON | 1, .want = VMX_FAIL_VALID, .error = VMX_ERR_UNSUPPORTED_COMPONENT },
	{ "vmread 64-bit encoding bits 63:32", S_CURRENT, VMREAD, .reg = 1ull << 32 | VMCS_GUEST_RIP, .want = VMX_FAIL_VALID, .error = VMX_ERR_UNSUPPORTED_COMPONENT },
	{ "vmread 32-bit mode ignores bits 63:32", S_CURRENT, VMREAD, .mode = T_PROT, .reg = 1ull << 32 | VMCS_GUEST_RIP, .want = VMX_SUCCEED },
	{ "vmread succeeds", S_CURRENT, VMREAD, .reg = VMCS_EXIT_REASON, .want = VMX_SUCCEED },
	/* VMWRITE */
	{ "vmwrite outside VMX", S_VMXE, VMWRITE, .reg = VMCS_GUEST_RIP, .want = VMX_UD },
	{ "vmwrite compatibility mode", S_CURRENT, VMWRITE, .mode = T_COMPAT, .reg = VMCS_GUEST_RIP, .want = VMX_UD },
	{ "vmwrite CPL 1", S_CURRENT, VMWRITE, .cpl = 1, .reg = VMCS_GUEST_RIP, .want = VMX_GP },
	{ "vmwrite no VMCS", S_ROOT, VMWRITE, .reg = VMCS_GUEST_RIP, .want = VMX_FAIL_INVALID },
	{ "vmwrite unsupported field", S_CURRENT, VMWRITE, .reg = 0x6830, .want = VMX_FAIL_VALID, .error = VMX_ERR_UNSUPPORTED_COMPONENT },
	{ "vmwrite high of natural field", S_CURRENT, VMWRITE, .reg = VMCS_GUEST_RIP | 1, .want = VMX_FAIL_VALID, .error = VMX_ERR_UNSUPPORTED_COMPONENT },
	{ "vmwrite read-only, MISC bit 29 clear", S_CURRENT, VMWRITE, .reg = VMCS_EXIT_QUALIFICATION, .tweak = C_NO_VMWRITE_ANY, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMWRITE_READ_ONLY },
	{ "vmwrite read-only high, MISC bit 29 clear", S_CURRENT, VMWRITE, .reg = VMCS_GUEST_PHYSICAL_ADDRESS | 1, .tweak = C_NO_VMWRITE_ANY, .want = VMX_FAIL_VALID, .error = VMX_ERR_VMWRITE_READ_ONLY },
	{ "vmwrite read-only, MISC bit 29 set", S_CURRENT, VMWRITE, .reg = VMCS_EXIT_QUALIFICATION, .src = 7, .want = VMX_SUCCEED },
	{ "vmwrite succeeds", S_CURRENT, VMWRITE, .reg = VMCS_GUEST_RIP, .src = 0x1000, .want = VMX_SUCCEED },
	/* INVEPT */
	{ "invept outside VMX", S_VMXE, INVEPT, .reg = 2, .want = VMX_UD },
	{ "invept register operand", S_ROOT, INVEPT, .register_form = 1, .reg = 2, .want = VMX_UD },
	{ "invept CPL 3", S_ROOT, INVEPT, .cpl = 3, .reg = 2, .want = VMX_GP },
	{ "invept type 0, no VMCS", S_ROOT, INVEPT, .reg = 0, .want = VMX_FAIL_INVALID },
	{ "invept type 0", S_CURRENT, INVEPT, .reg = 0, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept type 3", S_CURRENT, INVEPT, .reg = 3, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept type 1 + 2^32 in 64-bit mode", S_CURRENT, INVEPT, .reg = 1ull << 32 | 1, .mem0 = GOOD_EPTP, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept type 1 + 2^32 in 32-bit mode", S_CURRENT, INVEPT, .mode = T_PROT, .reg = 1ull << 32 | 1, .mem0 = GOOD_EPTP, .want = VMX_SUCCEED },
	{ "invept single, memory type 1", S_CURRENT, INVEPT, .reg = 1, .mem0 = (GOOD_EPTP & ~7ull) | 1, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept single, 5-level walk", S_CURRENT, INVEPT, .reg = 1, .mem0 = (GOOD_EPTP & ~0x38ull) | 4 << 3, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept single, A/D enable", S_CURRENT, INVEPT, .reg = 1, .mem0 = GOOD_EPTP | 1 << 6, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept single, reserved bit 8", S_CURRENT, INVEPT, .reg = 1, .mem0 = GOOD_EPTP | 1 << 8, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept single, beyond MAXPHYADDR", S_CURRENT, INVEPT, .reg = 1, .mem0 = GOOD_EPTP | BEYOND_PA, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invept single succeeds", S_CURRENT, INVEPT, .reg = 1, .mem0 = GOOD_EPTP, .want = VMX_SUCCEED },
	{ "invept single UC succeeds", S_CURRENT, INVEPT, .reg = 1, .mem0 = GOOD_EPTP & ~7ull, .want = VMX_SUCCEED },
	{ "invept global ignores EPTP", S_CURRENT, INVEPT, .reg = 2, .mem0 = ~0ull, .want = VMX_SUCCEED },
	/* INVVPID */
	{ "invvpid outside VMX", S_VMXE, INVVPID, .reg = 2, .want = VMX_UD },
	{ "invvpid real mode", S_ROOT, INVVPID, .mode = T_REAL, .reg = 2, .want = VMX_UD },
	{ "invvpid CPL 3", S_ROOT, INVVPID, .cpl = 3, .reg = 2, .want = VMX_GP },
	{ "invvpid type 4, no VMCS", S_ROOT, INVVPID, .reg = 4, .want = VMX_FAIL_INVALID },
	{ "invvpid type 4", S_CURRENT, INVVPID, .reg = 4, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invvpid descriptor bits 63:16", S_CURRENT, INVVPID, .reg = 2, .mem0 = 1 << 16, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invvpid individual, VPID 0", S_CURRENT, INVVPID, .reg = 0, .mem0 = 0, .mem1 = 0x1000, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invvpid individual, non-canonical", S_CURRENT, INVVPID, .reg = 0, .mem0 = 1, .mem1 = 0x0000800000000000ull, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invvpid single, VPID 0", S_CURRENT, INVVPID, .reg = 1, .mem0 = 0, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invvpid single-retaining-globals, VPID 0", S_CURRENT, INVVPID, .reg = 3, .mem0 = 0, .want = VMX_FAIL_VALID, .error = VMX_ERR_INVALID_INVEPT_INVVPID },
	{ "invvpid individual succeeds", S_CURRENT, INVVPID, .reg = 0, .mem0 = 1, .mem1 = 0xffff800000001000ull, .want = VMX_SUCCEED },
	{ "invvpid single succeeds", S_CURRENT, INVVPID, .reg = 1, .mem0 = 5, .want = VMX_SUCCEED },
	{ "invvpid all succeeds with VPID 0", S_CURRENT, INVVPID, .reg = 2, .mem0 = 0, .want = VMX_SUCCEED },
	{ "invvpid single-retaining-globals succeeds", S_CURRENT, INVVPID, .reg = 3, .mem0 = 5, .want = VMX_SUCCEED },
};

static const enum vmx_cpu_mode modes[] = {
	[T_64] = VMX_MODE_64, [T_REAL] = VMX_MODE_REAL, [T_V86] = VMX_MODE_V8086,
	[T_PROT] = VMX_MODE_PROTECTED, [T_COMPAT] = VMX_MODE_COMPAT,
};

static struct vmx_insn_ctx ctx(enum vmx_cpu_mode mode)
{
	return (struct vmx_insn_ctx){ .mode = mode, .cr0 = 0x80000031, .cr4 = 0x20 };
}

/* Build a state through the API; 0 on success. */
static int setup(struct vmx_cpu *cpu, const struct vmx_caps *caps,
		  struct mem_buf *m, enum state st)
{
	struct vmx_insn_ctx c = ctx(VMX_MODE_64);

	vmx_cpu__init(cpu);
	if (st == S_OFF)
		return 0;
	vmx_cpu__set_cr4_vmxe(cpu, 1);
	if (st == S_VMXE)
		return 0;
	c.mem[0] = VMXON_REGION;
	if (vmx__vmxon(cpu, caps, &c, &m->mem).outcome != VMX_SUCCEED)
		return -1;
	if (st == S_ROOT)
		return 0;
	c.mem[0] = VMCS_A;
	if (vmx__vmptrld(cpu, caps, &c, &m->mem).outcome != VMX_SUCCEED)
		return -1;
	if (st == S_LAUNCHED)
		vmx_cpu__set_launched(cpu);
	return 0;
}

static struct vmx_result run(struct vmx_cpu *cpu, const struct vmx_caps *caps,
			      struct mem_buf *m, enum op op, const struct vmx_insn_ctx *c)
{
	switch (op) {
	case VMXON:    return vmx__vmxon(cpu, caps, c, &m->mem);
	case VMXOFF:   return vmx__vmxoff(cpu, c, &m->mem);
	case VMCLEAR:  return vmx__vmclear(cpu, caps, c, &m->mem);
	case VMPTRLD:  return vmx__vmptrld(cpu, caps, c, &m->mem);
	case VMPTRST:  return vmx__vmptrst(cpu, c);
	case VMLAUNCH: return vmx__vmlaunch(cpu, c, 0);
	case VMRESUME: return vmx__vmlaunch(cpu, c, 1);
	case VMREAD:   return vmx__vmread(cpu, c);
	case VMWRITE:  return vmx__vmwrite(cpu, caps, c);
	case INVEPT:   return vmx__invept(cpu, caps, c);
	case INVVPID:  return vmx__invvpid(cpu, caps, c);
	}
	return (struct vmx_result){ .outcome = VMX_UD };
}

static void memory(struct mem_buf *m)
{
	mem_buf__init(m);
	mem_buf__put32(m, VMXON_REGION, VMX_REVISION_ID);
	mem_buf__put32(m, VMCS_A, VMX_REVISION_ID);
	mem_buf__put32(m, VMCS_BAD, VMX_REVISION_ID + 1);
	mem_buf__put32(m, VMCS_SHADOW, VMX_REVISION_ID | 1u << 31);
}

static void run_rows(void)
{
	static struct mem_buf m;
	static struct vmx_cpu cpu;

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct vmx_caps caps;
		struct vmx_insn_ctx c = ctx(modes[r->mode]);
		struct vmx_result res;

		vmx_caps__init(&caps, 0x3706ff, 36);
		memory(&m);
		if (!ok(setup(&cpu, &caps, &m, r->state) == 0, "%s: setup", r->name))
			continue;
		switch (r->tweak) {
		case C_NONE: break;
		case C_UNLOCKED: caps.feature_control &= ~FEATURE_CONTROL_LOCKED; break;
		case C_NO_VMX_OUTSIDE: caps.feature_control &= ~FEATURE_CONTROL_VMX_OUTSIDE; break;
		case C_NO_VMWRITE_ANY: caps.vmwrite_any_field = 0; break;
		}
		c.cpl = r->cpl;
		if (r->cr0)
			c.cr0 = r->cr0;
		if (r->cr4)
			c.cr4 = r->cr4;
		c.register_form = r->register_form;
		c.mov_ss_blocking = r->mov_ss;
		c.reg = r->reg;
		c.src = r->src;
		c.mem[0] = r->mem0;
		c.mem[1] = r->mem1;
		cpu.cache.vmcs.vm_instruction_error = 0;
		res = run(&cpu, &caps, &m, r->op, &c);
		if (!is_u64(res.outcome, r->want, "%s: outcome", r->name))
			continue;
		if (r->want == VMX_FAIL_VALID) {
			is_u64(res.error, r->error, "%s: error %s", r->name,
			       vmx_error__name(r->error));
			is_u64(cpu.cache.vmcs.vm_instruction_error, r->error,
			       "%s: VM-instruction error field", r->name);
		}
	}
}

/* State changes of the success paths. */
static void effects(void)
{
	static struct mem_buf m;
	static struct vmx_cpu cpu;
	struct vmx_caps caps;
	struct vmx_insn_ctx c = ctx(VMX_MODE_64);
	struct vmx_result r;

	vmx_caps__init(&caps, 0x3706ff, 36);
	memory(&m);
	setup(&cpu, &caps, &m, S_LAUNCHED);
	r = vmx__vmptrst(&cpu, &c);
	is_u64(r.value, VMCS_A, "vmptrst returns the current pointer");
	c.mem[0] = VMCS_A;
	vmx__vmclear(&cpu, &caps, &c, &m.mem);
	is_u64(cpu.current_vmcs, VMX_NO_VMCS, "vmclear of the current VMCS makes none current");
	is_u64(mem_buf__get32(&m, VMCS_A + 8), VMCS12_CLEAR, "vmclear writes launch state clear");
	r = vmx__vmptrst(&cpu, &c);
	is_u64(r.value, VMX_NO_VMCS, "vmptrst with none current gives all ones");
	is_u64(vmx_cpu__set_cr4_vmxe(&cpu, 0), VMX_GP, "clearing CR4.VMXE in VMX operation is #GP");
	vmx__vmxoff(&cpu, &c, &m.mem);
	ok(!cpu.in_vmx && cpu.vmxon_ptr == VMX_NO_VMCS, "vmxoff leaves VMX operation");
	is_u64(vmx_cpu__set_cr4_vmxe(&cpu, 0), VMX_SUCCEED, "clearing CR4.VMXE outside VMX operation");

	/* RFLAGS conventions, SDM 31.2. */
	struct vmx_result s = { .outcome = VMX_SUCCEED };
	struct vmx_result fi = { .outcome = VMX_FAIL_INVALID };
	struct vmx_result fv = { .outcome = VMX_FAIL_VALID };
	is_u64(vmx_result__rflags(s, 0x8d7), 0x2, "VMsucceed clears CF PF AF ZF SF OF");
	is_u64(vmx_result__rflags(fi, 0x2c2), 0x203, "VMfailInvalid sets CF only");
	is_u64(vmx_result__rflags(fv, 0x203), 0x242, "VMfailValid sets ZF only");
	is_u64(vmx_result__rflags((struct vmx_result){ .outcome = VMX_GP }, 0x8d7), 0x8d7, "faults leave RFLAGS");
	is_str(vmx_error__name(28), "INVALID_INVEPT_INVVPID", "error 28 name");
	ok(vmx_error__name(14) == NULL && vmx_error__name(27) == NULL, "14 and 27 unassigned");
}

int main(void)
{
	run_rows();
	effects();
	return done_testing();
}
