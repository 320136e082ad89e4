/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMCS for the suite's own L2 (l2_code.S), and the C side of
 * vmentry.S.  L2 shares everything with the suite: the identity-mapped
 * page tables (no EPT), the GDT, the IDT and the TSS; it runs at CPL0 in
 * 64-bit mode.  Every exception in L2 exits (exception bitmap all ones),
 * so a broken L2 shows as exit 0 instead of running the suite's handlers
 * as a guest.  Controls are the wanted bits within the capability MSRs
 * (SDM A.3-A.5); every field VM entry checks (SDM 27.2, 27.3) is written,
 * none is left to what VMCLEAR happened to leave.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_controls.h"

#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176

/* Guest segment access rights (SDM 25.4.1, Table 25-2), accessed bit set
 * (SDM 27.3.1.2): 64-bit code, flat data, busy 64-bit TSS, unusable. */
#define AR_CODE64		0xa09bu
#define AR_DATA			0xc093u
#define AR_TSS_BUSY		0x008bu
#define AR_UNUSABLE		0x10000u
#define TSS_LIMIT		0x67u	/* the library's 104-byte TSS */
#define RFLAGS_BIT1		0x2ul
#define DR7_INIT		0x400ul

/* SDM 25.6.4: bitmap A covers ports 0-0x7fff, B 0x8000-0xffff; a set bit
 * makes an access to the port exit.  In .bss: zero at boot. */
static u8 io_bitmap_a[SUITE_PAGE] __attribute__((aligned(4096)));
static u8 io_bitmap_b[SUITE_PAGE] __attribute__((aligned(4096)));
static u8 l2_stack[4096] __attribute__((aligned(16), section(".noinit")));

static struct l2_controls controls;

const struct l2_controls *vmcs_l2__controls(void)
{
	return &controls;
}

struct field_value {
	u32 field;
	u64 value;
};

static bool write_all(const struct field_value *fv, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!vmcs_write(fv[i].field, fv[i].value))
			return false;
	return true;
}

/* SDM A.3: allowed-0 settings in bits 31:0 (a 1 there must be 1),
 * allowed-1 settings in bits 63:32 (a 0 there must be 0). */
static u32 adjust(u64 cap, u32 want, const char *name)
{
	u32 value = (want | (u32)cap) & (u32)(cap >> 32);

	if ((value & want) != want)
		report(false, "%s controls: wanted bits 0x%x not allowed (cap 0x%lx)",
		       name, want & ~value, cap);
	return value;
}

struct dt_reg {
	u16 limit;
	u64 base;
} __attribute__((packed));

#define READ_SEG(s) ({ u16 v_; asm volatile("mov %%" #s ", %0" : "=r"(v_)); v_; })

/* Base of the TSS a selector names: its 16-byte descriptor (SDM 8.2.3). */
static u64 tss_base(u64 gdt, u16 sel)
{
	const u64 *d = (const u64 *)(gdt + (sel & ~7u));

	return (d[0] >> 16 & 0xffffff) | (d[0] >> 56 & 0xff) << 24 | d[1] << 32;
}

static bool set_controls(const struct suite *s)
{
	const struct vmx_caps *c = &s->caps;

	controls.pin = adjust(c->pin, 0, "pin-based");
	controls.proc = adjust(c->proc, VMX_PROC_HLT_EXITING | VMX_PROC_USE_IO_BITMAPS,
				"primary processor-based");
	controls.exit = adjust(c->exit, VMX_EXIT_HOST_ADDR_SPACE_SIZE, "VM-exit");
	controls.entry = adjust(c->entry, VMX_ENTRY_IA32E_MODE_GUEST, "VM-entry");
	io_bitmap_a[L2_PORT_TRAPPED / 8] |= 1u << (L2_PORT_TRAPPED % 8);
	io_bitmap_b[(L2_PORT_B_TRAPPED - 0x8000) / 8] |= 1u << (L2_PORT_B_TRAPPED % 8);

	const struct field_value fv[] = {
		{ VMCS_PIN_BASED_CONTROLS, controls.pin },
		{ VMCS_PROC_BASED_CONTROLS, controls.proc },
		{ VMCS_EXIT_CONTROLS, controls.exit },
		{ VMCS_ENTRY_CONTROLS, controls.entry },
		{ VMCS_EXCEPTION_BITMAP, 0xffffffff },
		{ VMCS_PF_ERROR_CODE_MASK, 0 },
		{ VMCS_PF_ERROR_CODE_MATCH, 0 },
		{ VMCS_IO_BITMAP_A, (u64)io_bitmap_a },
		{ VMCS_IO_BITMAP_B, (u64)io_bitmap_b },
		{ VMCS_TSC_OFFSET, 0 },
		{ VMCS_CR0_GUEST_HOST_MASK, 0 },
		{ VMCS_CR4_GUEST_HOST_MASK, 0 },
		{ VMCS_CR0_READ_SHADOW, 0 },
		{ VMCS_CR4_READ_SHADOW, 0 },
		{ VMCS_CR3_TARGET_COUNT, 0 },
		{ VMCS_EXIT_MSR_STORE_COUNT, 0 },
		{ VMCS_EXIT_MSR_LOAD_COUNT, 0 },
		{ VMCS_ENTRY_MSR_LOAD_COUNT, 0 },
		{ VMCS_ENTRY_INTR_INFO, 0 },
		{ VMCS_VMCS_LINK_POINTER, ~0ul },
	};
	return write_all(fv, ARRAY_SIZE(fv));
}

/* SDM 27.2.2-27.2.4: the suite's own state, loaded at every VM exit
 * (SDM 28.5).  HOST_RSP is written by vmentry.S at each entry. */
static bool host(void)
{
	struct dt_reg gdtr, idtr;
	u16 tr;

	asm volatile("sgdt %0" : "=m"(gdtr));
	asm volatile("sidt %0" : "=m"(idtr));
	asm volatile("str %0" : "=r"(tr));
	const struct field_value fv[] = {
		{ VMCS_HOST_CR0, read_cr0() },
		{ VMCS_HOST_CR3, read_cr3() },
		{ VMCS_HOST_CR4, read_cr4() },
		{ VMCS_HOST_CS_SELECTOR, READ_SEG(cs) & ~7u },
		{ VMCS_HOST_SS_SELECTOR, READ_SEG(ss) & ~7u },
		{ VMCS_HOST_DS_SELECTOR, READ_SEG(ds) & ~7u },
		{ VMCS_HOST_ES_SELECTOR, READ_SEG(es) & ~7u },
		{ VMCS_HOST_FS_SELECTOR, READ_SEG(fs) & ~7u },
		{ VMCS_HOST_GS_SELECTOR, READ_SEG(gs) & ~7u },
		{ VMCS_HOST_TR_SELECTOR, tr & ~7u },
		{ VMCS_HOST_FS_BASE, rdmsr(MSR_FS_BASE) },
		{ VMCS_HOST_GS_BASE, rdmsr(MSR_GS_BASE) },
		{ VMCS_HOST_TR_BASE, tss_base(gdtr.base, tr) },
		{ VMCS_HOST_GDTR_BASE, gdtr.base },
		{ VMCS_HOST_IDTR_BASE, idtr.base },
		{ VMCS_HOST_IA32_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS) },
		{ VMCS_HOST_IA32_SYSENTER_ESP, rdmsr(MSR_SYSENTER_ESP) },
		{ VMCS_HOST_IA32_SYSENTER_EIP, rdmsr(MSR_SYSENTER_EIP) },
		{ VMCS_HOST_RIP, (u64)vmentry__host_rip },
	};
	return write_all(fv, ARRAY_SIZE(fv));
}

/* SDM 27.3.1: 64-bit guest at l2_code, the suite's CR0/CR3/CR4 (which
 * satisfy the fixed bits, SDM 27.3.1.1), flat segments, active, nothing
 * pending or blocked. */
static bool guest(void)
{
	struct dt_reg gdtr, idtr;

	asm volatile("sgdt %0" : "=m"(gdtr));
	asm volatile("sidt %0" : "=m"(idtr));
	const struct field_value fv[] = {
		{ VMCS_GUEST_CR0, read_cr0() },
		{ VMCS_GUEST_CR3, read_cr3() },
		{ VMCS_GUEST_CR4, read_cr4() },
		{ VMCS_GUEST_DR7, DR7_INIT },
		{ VMCS_GUEST_RSP, (u64)l2_stack + sizeof(l2_stack) },
		{ VMCS_GUEST_RIP, (u64)l2_code },
		{ VMCS_GUEST_RFLAGS, RFLAGS_BIT1 },
#define SEG(S, sel, ar)							\
		{ VMCS_GUEST_##S##_SELECTOR, sel },			\
		{ VMCS_GUEST_##S##_BASE, 0 },				\
		{ VMCS_GUEST_##S##_LIMIT, 0xffffffff },			\
		{ VMCS_GUEST_##S##_AR, ar }
		SEG(CS, KERNEL_CS, AR_CODE64),
		SEG(SS, KERNEL_DS, AR_DATA),
		SEG(DS, KERNEL_DS, AR_DATA),
		SEG(ES, KERNEL_DS, AR_DATA),
		SEG(FS, KERNEL_DS, AR_DATA),
		SEG(GS, KERNEL_DS, AR_DATA),
#undef SEG
		{ VMCS_GUEST_LDTR_SELECTOR, 0 },
		{ VMCS_GUEST_LDTR_BASE, 0 },
		{ VMCS_GUEST_LDTR_LIMIT, 0 },
		{ VMCS_GUEST_LDTR_AR, AR_UNUSABLE },
		{ VMCS_GUEST_TR_SELECTOR, TSS_SEL },
		{ VMCS_GUEST_TR_BASE, tss_base(gdtr.base, TSS_SEL) },
		{ VMCS_GUEST_TR_LIMIT, TSS_LIMIT },
		{ VMCS_GUEST_TR_AR, AR_TSS_BUSY },
		{ VMCS_GUEST_GDTR_BASE, gdtr.base },
		{ VMCS_GUEST_GDTR_LIMIT, gdtr.limit },
		{ VMCS_GUEST_IDTR_BASE, idtr.base },
		{ VMCS_GUEST_IDTR_LIMIT, idtr.limit },
		{ VMCS_GUEST_IA32_SYSENTER_CS, 0 },
		{ VMCS_GUEST_IA32_SYSENTER_ESP, 0 },
		{ VMCS_GUEST_IA32_SYSENTER_EIP, 0 },
		{ VMCS_GUEST_IA32_DEBUGCTL, 0 },
		{ VMCS_GUEST_INTERRUPTIBILITY, 0 },
		{ VMCS_GUEST_ACTIVITY_STATE, 0 },
		{ VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0 },
	};
	return write_all(fv, ARRAY_SIZE(fv));
}

bool vmcs_l2__setup(const struct suite *s)
{
	return set_controls(s) && host() && guest();
}

u64 vmentry__asm(unsigned how, u64 host_rsp_field);

struct raw_result vmentry__enter(unsigned how)
{
	u64 fl;

	exception__clear();
	fl = vmentry__asm(how, VMCS_HOST_RSP);
	return raw__result(fl);
}
