/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_fixture.h: a valid vmcs12 that passes
 * every VM-entry check (64-bit host and guest, EPT, VPID, I/O and MSR
 * bitmaps, MSR lists), the L1 RAM it points into, capability sets, and the
 * helpers the entry_check*.c tests share: run the checks and compare the
 * result with what the SDM says a check of that family gives. */
#ifndef TESTS__ENTRY_CHECK_FIXTURE_H
#define TESTS__ENTRY_CHECK_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include "tests/tap.h"
#include "vmcs-merge/entry_check.h"
#include "vmcs-merge/vmx_controls.h"

#define RAM_SIZE   (2u << 20)
#define PA_WIDTH   39
#define TEST_REV   0x00012345u
#define NONCANON   0x0000800000000000ull

/* Where the baseline's structures live in L1 RAM. */
enum {
	GPA_IO_A = 0x10000, GPA_IO_B = 0x11000, GPA_MSR_BITMAP = 0x12000,
	GPA_EXIT_STORE = 0x13000, GPA_EXIT_LOAD = 0x13010, GPA_ENTRY_LOAD = 0x13100,
	GPA_VAPIC = 0x14000, GPA_LINK = 0x15000, GPA_APIC_ACCESS = 0x16000,
	GPA_PI_DESC = 0x17000, GPA_PAGE = 0x18000, GPA_EPT = 0x20000,
	GPA_CR3 = 0x30000,
};

struct fx {
	struct vmcs12 v;
	struct entry_check_caps caps;
	struct entry_check_input in;
	struct guest_mem mem;
	uint8_t ram[RAM_SIZE];
};

static inline int fx__read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct fx *f = opaque;

	if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
		return -1;
	memcpy(buf, f->ram + gpa, len);
	return 0;
}

static inline int fx__write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct fx *f = opaque;

	if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
		return -1;
	memcpy(f->ram + gpa, buf, len);
	return 0;
}

static inline void fx_put_msr(struct fx *f, uint64_t gpa, uint32_t index, uint32_t rsvd,
		       uint64_t value)
{
	memcpy(f->ram + gpa, &index, 4);
	memcpy(f->ram + gpa + 4, &rsvd, 4);
	memcpy(f->ram + gpa + 8, &value, 8);
}

/* A virtual CPU that allows every control, so rows can reach the checks
 * behind each control (L0's own capabilities are tested separately). */
static inline void fx_full_caps(struct entry_check_caps *k)
{
	entry_check__default_caps(k);
	k->pin_may1 = k->proc_may1 = k->exit_may1 = k->entry_may1 = ~0u;
	k->proc2_may1 = ~0u;
	k->proc3_may1 = k->exit2_may1 = k->vmfunc_may1 = ~0ull;
	k->basic = TEST_REV;
	k->misc = (7ull << 6) | (4ull << 16);		/* HLT, shutdown, SIPI; 4 CR3 targets */
	k->cr4_fixed1 = 0x3727ffull | (1ull << 23);	/* ... and CET */
	k->perf_global_valid = 0x3;
	k->rtit_ctl_valid = 0x1;
	k->lbr_ctl_valid = 0x1;
	k->has_rtm = k->has_sgx = 1;
}

static inline void fx_segment_64(struct vmcs12 *v)
{
	v->guest_cs_selector = 0x08; v->guest_cs_base = 0;
	v->guest_cs_limit = 0xffffffff; v->guest_cs_ar = 0xa09b;
#define DATA(s) v->guest_##s##_selector = 0x10; v->guest_##s##_base = 0; \
	v->guest_##s##_limit = 0xffffffff; v->guest_##s##_ar = 0xc093
	DATA(ss); DATA(ds); DATA(es); DATA(fs); DATA(gs);
#undef DATA
	v->guest_fs_base = 0x7fffff000000ull;
	v->guest_gs_base = 0xffff888000000000ull;
	v->guest_ldtr_selector = 0; v->guest_ldtr_ar = 0x10000;
	v->guest_tr_selector = 0x18; v->guest_tr_base = 0x5000;
	v->guest_tr_limit = 0x67; v->guest_tr_ar = 0x8b;
}

/* The baseline: every check passes (with fx_full_caps and with L0's caps). */
static inline void fx_init(struct fx *f)
{
	struct vmcs12 *v = &f->v;

	memset(f, 0, sizeof(*f));
	fx_full_caps(&f->caps);
	f->mem = (struct guest_mem){ .opaque = f, .read = fx__read, .write = fx__write };
	f->in = (struct entry_check_input){
		.vmcs = v, .caps = &f->caps, .pa_width = PA_WIDTH, .mem = &f->mem,
		.l1_lma = 1,
	};
	v->pin_based_controls = VMX_PIN_DEFAULT1 | VMX_PIN_EXTINT_EXITING | VMX_PIN_NMI_EXITING;
	v->proc_based_controls = (VMX_PROC_DEFAULT1 & ~(uint32_t)(VMX_PROC_CR3_LOAD_EXITING |
				  VMX_PROC_CR3_STORE_EXITING)) | VMX_PROC_HLT_EXITING |
				 VMX_PROC_USE_IO_BITMAPS | VMX_PROC_USE_MSR_BITMAPS |
				 VMX_PROC_SECONDARY_CONTROLS;
	v->secondary_proc_controls = VMX_PROC2_ENABLE_EPT | VMX_PROC2_ENABLE_VPID;
	v->exit_controls = (VMX_EXIT_DEFAULT1 & ~(uint32_t)VMX_EXIT_SAVE_DEBUG_CONTROLS) |
			   VMX_EXIT_HOST_ADDR_SPACE_SIZE | VMX_EXIT_ACK_INTR_ON_EXIT |
			   VMX_EXIT_SAVE_PAT | VMX_EXIT_LOAD_PAT | VMX_EXIT_SAVE_EFER |
			   VMX_EXIT_LOAD_EFER;
	v->entry_controls = VMX_ENTRY_DEFAULT1 | VMX_ENTRY_IA32E_MODE_GUEST |
			    VMX_ENTRY_LOAD_PAT | VMX_ENTRY_LOAD_EFER;
	v->io_bitmap_a = GPA_IO_A; v->io_bitmap_b = GPA_IO_B;
	v->msr_bitmap = GPA_MSR_BITMAP;
	v->ept_pointer = GPA_EPT | (3 << 3) | 6;	/* WB, 4 levels */
	v->vpid = 1;
	v->exception_bitmap = 1u << 14;
	v->cr0_guest_host_mask = 0x80000021; v->cr0_read_shadow = 0x80000031;
	v->cr4_guest_host_mask = 0x2000; v->cr4_read_shadow = 0x20;
	v->exit_msr_store_count = 1; v->exit_msr_store_addr = GPA_EXIT_STORE;
	v->exit_msr_load_count = 1; v->exit_msr_load_addr = GPA_EXIT_LOAD;
	v->entry_msr_load_count = 2; v->entry_msr_load_addr = GPA_ENTRY_LOAD;
	fx_put_msr(f, GPA_ENTRY_LOAD, 0xc0000081, 0, 0x0023001000000000ull);	/* STAR */
	fx_put_msr(f, GPA_ENTRY_LOAD + 16, 0xc0000082, 0, 0xffffffff81800000ull); /* LSTAR */
	/* Host: a 64-bit kernel. */
	v->host_cr0 = 0x80050033; v->host_cr3 = 0x1000; v->host_cr4 = 0x22a0 | 0x20;
	v->host_cs_selector = 0x08; v->host_ss_selector = 0x10; v->host_tr_selector = 0x40;
	v->host_fs_base = 0; v->host_gs_base = 0xffff888100000000ull;
	v->host_tr_base = 0xfffffe0000003000ull; v->host_gdtr_base = 0xfffffe0000001000ull;
	v->host_idtr_base = 0xfffffe0000000000ull;
	v->host_ia32_sysenter_esp = 0xfffffe0000005000ull;
	v->host_ia32_sysenter_eip = 0xffffffff81a00000ull;
	v->host_rsp = 0xffffc90000010000ull; v->host_rip = 0xffffffff81000100ull;
	v->host_ia32_pat = 0x0007040600070406ull; v->host_ia32_efer = 0xd01;
	/* Guest: 64-bit, paging, CPL 0. */
	v->guest_cr0 = 0x80050033; v->guest_cr3 = GPA_CR3; v->guest_cr4 = 0x22a0 | 0x20;
	v->guest_dr7 = 0x400; v->guest_rflags = 0x202;
	v->guest_rip = 0x401000; v->guest_rsp = 0x7ffffff000ull;
	fx_segment_64(v);
	v->guest_gdtr_base = 0x4000; v->guest_gdtr_limit = 0x7f;
	v->guest_idtr_base = 0x6000; v->guest_idtr_limit = 0xfff;
	v->guest_ia32_pat = 0x0007040600070406ull; v->guest_ia32_efer = 0xd01;
	v->guest_ia32_sysenter_esp = 0; v->guest_ia32_sysenter_eip = 0;
	v->vmcs_link_pointer = ~0ull;
	memcpy(f->ram + GPA_LINK, &(uint32_t){ TEST_REV }, 4);
	f->ram[GPA_VAPIC + 0x80] = 0x40;		/* VTPR: priority class 4 */
}

/* A 32-bit protected-mode guest with PAE paging (PDPTEs from the vmcs12
 * fields while EPT is on, from the table at CR3 otherwise). */
static inline void fx_to_pae(struct fx *f)
{
	struct vmcs12 *v = &f->v;

	v->entry_controls &= ~(uint32_t)VMX_ENTRY_IA32E_MODE_GUEST;
	v->guest_ia32_efer = 0x800;		/* NXE */
	v->guest_cs_ar = 0xc09b;
	v->guest_fs_base = 0; v->guest_gs_base = 0x1000;
	v->guest_rip = 0xc0100000;
	v->guest_pdpte0 = 0x31001; v->guest_pdpte1 = 0x32001;
	v->guest_pdpte2 = 0x33001; v->guest_pdpte3 = 0;
	memcpy(f->ram + GPA_CR3, &v->guest_pdpte0, 8);
	memcpy(f->ram + GPA_CR3 + 8, &v->guest_pdpte1, 8);
	memcpy(f->ram + GPA_CR3 + 16, &v->guest_pdpte2, 8);
	memcpy(f->ram + GPA_CR3 + 24, &v->guest_pdpte3, 8);
}

/* CS..GS as virtual-8086 mode wants them (SDM 27.3.1.2). */
static inline void fx_v86_segments(struct vmcs12 *v)
{
#define V86(s, sel) v->guest_##s##_selector = sel; v->guest_##s##_base = (sel) << 4; \
	v->guest_##s##_limit = 0xffff; v->guest_##s##_ar = 0xf3
	V86(cs, 0x1000); V86(ss, 0x2000); V86(ds, 0x3000);
	V86(es, 0x3000); V86(fs, 0x0); V86(gs, 0x4000);
#undef V86
}

/* A virtual-8086 task under a 32-bit PAE kernel. */
static inline void fx_to_v86(struct fx *f)
{
	fx_to_pae(f);
	fx_v86_segments(&f->v);
	f->v.guest_rflags = 0x20202;
	f->v.guest_rip = 0x100;
}

/* What the SDM says a failure of each family gives (SDM 27.2, 27.8). */
enum fx_family { FX_CONTROLS, FX_HOST, FX_GUEST, FX_MSR_LOAD };

static inline bool fx_expect(struct fx *f, enum fx_family fam, enum entry_check_id id,
		      uint64_t qual, const char *why)
{
	struct entry_check_result r = entry_check__run(&f->in);
	const char *name = entry_check__name(id);
	bool pass;

	switch (fam) {
	case FX_CONTROLS:
	case FX_HOST:
		pass = r.kind == ENTRY_CHECK_VMFAIL && r.id == id &&
		       r.vmfail == (fam == FX_CONTROLS ? 7u : 8u);
		break;
	case FX_GUEST:
	case FX_MSR_LOAD:
	default:
		pass = r.kind == ENTRY_CHECK_EXIT && r.id == id &&
		       r.exit_reason == ((fam == FX_GUEST ? 33u : 34u) | 0x80000000u) &&
		       r.exit_qualification == qual;
		break;
	}
	ok(pass, "%s: %s", name ? name : "?", why);
	if (!pass)
		diag("got kind %d id %s vmfail %u exit 0x%x qual %llu", r.kind,
		     entry_check__name(r.id) ? entry_check__name(r.id) : "NONE",
		     r.vmfail, r.exit_reason, (unsigned long long)r.exit_qualification);
	return pass;
}

static inline bool fx_passes(struct fx *f, const char *why)
{
	struct entry_check_result r = entry_check__run(&f->in);
	char line[512];

	entry_check__format(&r, line, sizeof(line));
	ok(r.kind == ENTRY_CHECK_PASSED, "passes: %s", why);
	if (r.kind != ENTRY_CHECK_PASSED)
		diag("%s", line);
	return r.kind == ENTRY_CHECK_PASSED;
}

/* Every implemented check of @fam in @section (NULL: any) got a row. */
typedef bool (*fx_row)(struct fx *f, enum entry_check_id id, uint64_t *qual);

static inline void fx_rows(struct fx *f, enum fx_family fam, const char *section,
		    bool exclude_section, fx_row row)
{
	unsigned rows = 0;

	for (unsigned id = 1; id < ENTRY_CHECK__END; id++) {
		uint64_t qual = 0;
		bool in_section;

		if (entry_check__family(id) != (int)fam || !entry_check__implemented(id))
			continue;
		in_section = !section || strcmp(entry_check__section(id), section) == 0;
		if (in_section == exclude_section)
			continue;
		fx_init(f);
		if (!row(f, id, &qual)) {
			ok(0, "%s: has a test row", entry_check__name(id));
			continue;
		}
		fx_expect(f, fam, id, qual, "its row breaks exactly this check");
		rows++;
	}
	diag("%u rows", rows);
}

#endif /* TESTS__ENTRY_CHECK_FIXTURE_H */
