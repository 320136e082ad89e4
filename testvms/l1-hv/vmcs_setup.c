/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Step 5: the VMCS l1-hv builds for L2: execution, exit and entry controls
 * within the capability MSRs, the I/O and MSR bitmaps, L2's initial state
 * (64-bit, as l2_load.c laid it out) and l1-hv's own state as host state.
 * Each group is a table of (field, value) written in one loop, so that a
 * failing VMWRITE names its field.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/l1-hv/rep.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_state.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_controls.h"

#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101

/* Ports l1-hv lets L2 reach directly: the UART and 0x81; all others exit. */
#define UART_FIRST		0x3f8
#define UART_LAST		0x3ff
#define PORT_PASS		0x81

/* Guest segment access rights (SDM 25.4.1, Table 25-2): type, S, DPL,
 * P, L, D/B, G; accessed bits set (SDM 27.3.1.2). */
#define AR_CODE64		0xa09bu
#define AR_DATA			0xc093u
#define AR_TSS_BUSY		0x008bu
#define AR_UNUSABLE		0x10000u
#define RFLAGS_FIXED		0x2ul
#define VPID_L2			1

struct field_value {
	u32 field;
	u64 value;
};

/* 4 KiB each (SDM 25.6.4, 25.6.9); in .bss, zero at boot. */
static u8 io_bitmap_a[SIZE_4K] __attribute__((aligned(4096)));
static u8 io_bitmap_b[SIZE_4K] __attribute__((aligned(4096)));
static u8 msr_bitmap[SIZE_4K] __attribute__((aligned(4096)));

/* The exit stack: HOST_RSP points at its top (exit_stub.S). */
static u8 exit_stack[16384] __attribute__((aligned(16), section(".noinit")));
void exit_stub(void);

static bool write_all(const struct field_value *fv, unsigned n, const char *group)
{
	unsigned i;
	char what[48];

	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "VMWRITE 0x%x (%s)", fv[i].field, group);
		if (!hv__vmx_ok(vmwrite(fv[i].field, fv[i].value), what))
			return false;
	}
	report(true, "%s: %u fields written", group, n);
	return true;
}

static void bit_set(u8 *bitmap, unsigned bit)
{
	bitmap[bit / 8] |= 1u << (bit % 8);
}

static void bit_clear(u8 *bitmap, unsigned bit)
{
	bitmap[bit / 8] &= ~(1u << (bit % 8));
}

/* SDM 25.6.4: bitmap A covers ports 0-0x7fff, B 0x8000-0xffff; a set bit
 * makes the port exit.  SDM 25.6.9: the MSR bitmap's read-low quarter
 * starts at byte 0, write-low at byte 2048. */
static void bitmaps(void)
{
	unsigned port;

	rep_stosb(io_bitmap_a, 0xff, SIZE_4K);
	rep_stosb(io_bitmap_b, 0xff, SIZE_4K);
	for (port = UART_FIRST; port <= UART_LAST; port++)
		bit_clear(io_bitmap_a, port);
	bit_clear(io_bitmap_a, PORT_PASS);
	bit_set(msr_bitmap, MSR_IA32_SYSENTER_CS);
	bit_set(msr_bitmap + 2048, MSR_IA32_SYSENTER_CS);
}

static u32 control(const char *name, u64 cap, u32 want)
{
	u32 missing, value = caps__adjust(cap, want, &missing);

	report(missing == 0, "%s controls 0x%08x (wanted 0x%08x, refused 0x%x)",
	       name, value, want, missing);
	return value;
}

bool vmcs_setup__controls(struct hv *hv)
{
	const struct vmx_caps *c = &hv->caps;
	u32 pin = control("pin-based", c->pin,
			   (hv->timer ? VMX_PIN_PREEMPTION_TIMER : 0) |
			   (hv->apic_timer ? VMX_PIN_EXTINT_EXITING : 0));
	u32 proc = control("primary", c->proc,
			    VMX_PROC_HLT_EXITING | VMX_PROC_USE_IO_BITMAPS |
			    VMX_PROC_USE_MSR_BITMAPS | (u32)VMX_PROC_SECONDARY_CONTROLS);
	u32 proc2 = control("secondary", c->proc2,
			     VMX_PROC2_ENABLE_EPT | VMX_PROC2_ENABLE_VPID);
	u32 exit = control("VM-exit", c->exit,
			    VMX_EXIT_HOST_ADDR_SPACE_SIZE | VMX_EXIT_SAVE_EFER |
			    VMX_EXIT_LOAD_EFER | VMX_EXIT_SAVE_DEBUG_CONTROLS |
			    VMX_EXIT_SAVE_PAT | VMX_EXIT_LOAD_PAT |
			    (hv->apic_timer == APIC_TIMER_ACK ? VMX_EXIT_ACK_INTR_ON_EXIT : 0));
	u32 entry = control("VM-entry", c->entry,
			     VMX_ENTRY_IA32E_MODE_GUEST | VMX_ENTRY_LOAD_EFER |
			     VMX_ENTRY_LOAD_DEBUG_CONTROLS | VMX_ENTRY_LOAD_PAT);
	const struct field_value fv[] = {
		{ VMCS_PIN_BASED_CONTROLS, pin },
		{ VMCS_PROC_BASED_CONTROLS, proc },
		{ VMCS_SECONDARY_PROC_CONTROLS, proc2 },
		{ VMCS_EXIT_CONTROLS, exit },
		{ VMCS_ENTRY_CONTROLS, entry },
		{ VMCS_EXCEPTION_BITMAP, 0 },
		{ VMCS_IO_BITMAP_A, (u64)io_bitmap_a },
		{ VMCS_IO_BITMAP_B, (u64)io_bitmap_b },
		{ VMCS_MSR_BITMAP, (u64)msr_bitmap },
		{ VMCS_EPT_POINTER, hv->eptp },
		{ VMCS_VPID, VPID_L2 },
		/* L2 reads CR4 without the VMXE that VMX operation needs. */
		{ VMCS_CR4_GUEST_HOST_MASK, X86_CR4_VMXE },
		{ VMCS_CR4_READ_SHADOW, 0 },
		{ VMCS_PREEMPTION_TIMER_VALUE, hv->timer },
	};

	bitmaps();
	return write_all(fv, ARRAY_SIZE(fv), "controls");
}

/* A CR value that VMX operation accepts: SDM 24.8, A.7 and A.8. */
static u64 fixed(u64 cr, u64 fixed0, u64 fixed1)
{
	return (cr | fixed0) & fixed1;
}

/* SDM 27.3.1: 64-bit guest, paging on, flat segments, active, nothing
 * pending. */
bool vmcs_setup__guest(struct hv *hv, const struct l2_entry *e)
{
	const struct vmx_caps *c = &hv->caps;
	const struct field_value fv[] = {
		{ VMCS_GUEST_CR0, fixed(X86_CR0_PE | X86_CR0_PG, c->cr0_fixed0, c->cr0_fixed1) },
		{ VMCS_GUEST_CR3, e->cr3 },
		{ VMCS_GUEST_CR4, fixed(X86_CR4_PAE, c->cr4_fixed0, c->cr4_fixed1) },
		{ VMCS_GUEST_IA32_EFER, EFER_LME | EFER_LMA },
		{ VMCS_GUEST_DR7, L2_GIVEN_DR7 },
		{ VMCS_GUEST_RSP, e->rsp },
		{ VMCS_GUEST_RIP, e->rip },
		{ VMCS_GUEST_RFLAGS, RFLAGS_FIXED },
#define SEG(S, sel, ar)							\
		{ VMCS_GUEST_##S##_SELECTOR, sel },			\
		{ VMCS_GUEST_##S##_BASE, 0 },				\
		{ VMCS_GUEST_##S##_LIMIT, 0xffffffff },			\
		{ VMCS_GUEST_##S##_AR, ar }
		SEG(CS, L2_SEL_CS, AR_CODE64),
		SEG(SS, L2_SEL_DS, AR_DATA),
		SEG(DS, L2_SEL_DS, AR_DATA),
		SEG(ES, L2_SEL_DS, AR_DATA),
		SEG(FS, L2_SEL_DS, AR_DATA),
		SEG(GS, L2_SEL_DS, AR_DATA),
#undef SEG
		{ VMCS_GUEST_LDTR_SELECTOR, 0 },
		{ VMCS_GUEST_LDTR_BASE, 0 },
		{ VMCS_GUEST_LDTR_LIMIT, 0 },
		{ VMCS_GUEST_LDTR_AR, AR_UNUSABLE },
		{ VMCS_GUEST_TR_SELECTOR, L2_SEL_TR },
		{ VMCS_GUEST_TR_BASE, e->tr_base },
		{ VMCS_GUEST_TR_LIMIT, 0x67 },
		{ VMCS_GUEST_TR_AR, AR_TSS_BUSY },
		{ VMCS_GUEST_GDTR_BASE, e->gdt_base },
		{ VMCS_GUEST_GDTR_LIMIT, e->gdt_limit },
		{ VMCS_GUEST_IDTR_BASE, 0 },
		{ VMCS_GUEST_IDTR_LIMIT, 0 },
		{ VMCS_GUEST_IA32_SYSENTER_CS, 0 },
		{ VMCS_GUEST_IA32_SYSENTER_ESP, L2_GIVEN_SYSENTER_ESP },
		{ VMCS_GUEST_IA32_SYSENTER_EIP, L2_GIVEN_SYSENTER_EIP },
		{ VMCS_GUEST_IA32_DEBUGCTL, 0 },
		{ VMCS_GUEST_IA32_PAT, L2_GIVEN_PAT },
		{ VMCS_GUEST_INTERRUPTIBILITY, 0 },
		{ VMCS_GUEST_ACTIVITY_STATE, 0 },
		{ VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0 },
		{ VMCS_VMCS_LINK_POINTER, ~0ul },
		{ VMCS_ENTRY_INTR_INFO, 0 },
	};

	return write_all(fv, ARRAY_SIZE(fv), "guest state");
}

struct dt_reg {
	u16 limit;
	u64 base;
} __attribute__((packed));

#define READ_SEG(s) ({ u16 v; asm volatile("mov %%" #s ", %0" : "=r"(v)); v; })

/* Base of the TSS TR selects: its 16-byte GDT descriptor (SDM 8.2.3). */
static u64 tr_base(u64 gdt, u16 tr)
{
	const u64 *d = (const u64 *)(gdt + (tr & ~7u));

	return (d[0] >> 16 & 0xffffff) | (d[0] >> 56 & 0xff) << 24 | d[1] << 32;
}

/* SDM 27.2.2 and 27.2.3: l1-hv's own state, reloaded at every VM exit
 * (SDM 28.5).  Selectors with RPL and TI cleared; CR0 and CR4 as VMX
 * operation has them (L0 keeps CR4.VMXE, which L1 cannot read back). */
bool vmcs_setup__host(struct hv *hv)
{
	const struct vmx_caps *c = &hv->caps;
	struct dt_reg gdtr, idtr;
	u16 tr;

	asm volatile("sgdt %0" : "=m"(gdtr));
	asm volatile("sidt %0" : "=m"(idtr));
	asm volatile("str %0" : "=r"(tr));
	const struct field_value fv[] = {
		{ VMCS_HOST_CR0, fixed(read_cr0(), c->cr0_fixed0, c->cr0_fixed1) },
		{ VMCS_HOST_CR3, read_cr3() },
		{ VMCS_HOST_CR4, fixed(read_cr4(), c->cr4_fixed0, c->cr4_fixed1) },
		{ VMCS_HOST_CS_SELECTOR, READ_SEG(cs) & ~7u },
		{ VMCS_HOST_SS_SELECTOR, READ_SEG(ss) & ~7u },
		{ VMCS_HOST_DS_SELECTOR, READ_SEG(ds) & ~7u },
		{ VMCS_HOST_ES_SELECTOR, READ_SEG(es) & ~7u },
		{ VMCS_HOST_FS_SELECTOR, READ_SEG(fs) & ~7u },
		{ VMCS_HOST_GS_SELECTOR, READ_SEG(gs) & ~7u },
		{ VMCS_HOST_TR_SELECTOR, tr & ~7u },
		{ VMCS_HOST_FS_BASE, rdmsr(MSR_FS_BASE) },
		{ VMCS_HOST_GS_BASE, rdmsr(MSR_GS_BASE) },
		{ VMCS_HOST_TR_BASE, tr_base(gdtr.base, tr) },
		{ VMCS_HOST_GDTR_BASE, gdtr.base },
		{ VMCS_HOST_IDTR_BASE, idtr.base },
		{ VMCS_HOST_IA32_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS) },
		{ VMCS_HOST_IA32_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP) },
		{ VMCS_HOST_IA32_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP) },
		{ VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT) },
		{ VMCS_HOST_IA32_EFER, rdmsr(MSR_EFER) },
		{ VMCS_HOST_RSP, (u64)exit_stack + sizeof(exit_stack) },
		{ VMCS_HOST_RIP, (u64)exit_stub },
	};

	return write_all(fv, ARRAY_SIZE(fv), "host state");
}
