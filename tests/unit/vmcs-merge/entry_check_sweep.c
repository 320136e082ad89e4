/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/entry_check_sweep.c: every bit 0..63 of each
 * address the entry checks validate, flipped one at a time in the valid
 * baseline: alignment bits and bits at or above the physical-address width
 * must fail with the named check, every other bit must pass.  Memory here
 * mirrors one pattern page across the whole physical-address space, so the
 * pointers that are read (link VMCS, MSR list, VTPR) find valid contents
 * wherever they land. */
#include "tests/unit/vmcs-merge/entry_check_fixture.h"

static uint8_t pattern[4096];

static int mirror_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *out = buf;

	if ((gpa >> PA_WIDTH) || ((gpa + len - 1) >> PA_WIDTH))
		return -1;
	for (size_t i = 0; i < len; i++)
		out[i] = pattern[(gpa + i) & 4095];
	return 0;
}

static void init(struct fx *f)
{
	fx_init(f);
	f->mem.read = mirror_read;
}

struct sweep {
	const char *field;
	size_t offset;			/* of the uint64_t address in vmcs12 */
	unsigned align_bits;		/* low bits that must be 0 */
	enum fx_family fam;
	enum entry_check_id align, width;
	uint64_t qual;
	void (*setup)(struct fx *f);
};

static void shadowing(struct fx *f)
{
	f->v.secondary_proc_controls |= VMX_PROC2_VMCS_SHADOWING;
	f->v.vmread_bitmap = GPA_PAGE;
	f->v.vmwrite_bitmap = GPA_PAGE + 0x1000;
}

static void link(struct fx *f)
{
	f->v.vmcs_link_pointer = GPA_LINK;
}

static void tpr(struct fx *f)
{
	f->v.proc_based_controls |= VMX_PROC_USE_TPR_SHADOW;
	f->v.virtual_apic_page_addr = GPA_VAPIC;
}

static void apic_access(struct fx *f)
{
	f->v.secondary_proc_controls |= VMX_PROC2_VIRT_APIC_ACCESSES;
	f->v.apic_access_addr = GPA_APIC_ACCESS;
}

static void pml(struct fx *f)
{
	f->v.secondary_proc_controls |= VMX_PROC2_ENABLE_PML;
	f->v.pml_address = GPA_PAGE;
}

#define OFF(m) offsetof(struct vmcs12, m)
#define C(x) ENTRY_CHECK_CTL_##x
static const struct sweep sweeps[] = {
	{ "io_bitmap_a", OFF(io_bitmap_a), 12, FX_CONTROLS, C(IO_BITMAP_A_ALIGN), C(IO_BITMAP_A_WIDTH), 0, NULL },
	{ "io_bitmap_b", OFF(io_bitmap_b), 12, FX_CONTROLS, C(IO_BITMAP_B_ALIGN), C(IO_BITMAP_B_WIDTH), 0, NULL },
	{ "msr_bitmap", OFF(msr_bitmap), 12, FX_CONTROLS, C(MSR_BITMAP_ALIGN), C(MSR_BITMAP_WIDTH), 0, NULL },
	{ "ept_pointer", OFF(ept_pointer), 12, FX_CONTROLS, C(EPTP_RSVD), C(EPTP_WIDTH), 0, NULL },
	{ "virtual_apic_page_addr", OFF(virtual_apic_page_addr), 12, FX_CONTROLS, C(VAPIC_ALIGN), C(VAPIC_WIDTH), 0, tpr },
	{ "apic_access_addr", OFF(apic_access_addr), 12, FX_CONTROLS, C(APIC_ACCESS_ALIGN), C(APIC_ACCESS_WIDTH), 0, apic_access },
	{ "pml_address", OFF(pml_address), 12, FX_CONTROLS, C(PML_ALIGN), C(PML_WIDTH), 0, pml },
	{ "vmread_bitmap", OFF(vmread_bitmap), 12, FX_CONTROLS, C(VMREAD_BITMAP_ALIGN), C(VMREAD_BITMAP_WIDTH), 0, shadowing },
	{ "vmwrite_bitmap", OFF(vmwrite_bitmap), 12, FX_CONTROLS, C(VMWRITE_BITMAP_ALIGN), C(VMWRITE_BITMAP_WIDTH), 0, shadowing },
	{ "exit_msr_store_addr", OFF(exit_msr_store_addr), 4, FX_CONTROLS, C(EXIT_MSR_STORE_ALIGN), C(EXIT_MSR_STORE_WIDTH), 0, NULL },
	{ "exit_msr_load_addr", OFF(exit_msr_load_addr), 4, FX_CONTROLS, C(EXIT_MSR_LOAD_ALIGN), C(EXIT_MSR_LOAD_WIDTH), 0, NULL },
	{ "entry_msr_load_addr", OFF(entry_msr_load_addr), 4, FX_CONTROLS, C(ENTRY_MSR_LOAD_ALIGN), C(ENTRY_MSR_LOAD_WIDTH), 0, NULL },
	{ "vmcs_link_pointer", OFF(vmcs_link_pointer), 12, FX_GUEST, ENTRY_CHECK_GUEST_LINK_ALIGN, ENTRY_CHECK_GUEST_LINK_WIDTH, 4, link },
};
#undef C

static struct fx F;

static void sweep(const struct sweep *s)
{
	unsigned bad = 0;

	for (unsigned bit = 0; bit < 64; bit++) {
		uint64_t *addr = (uint64_t *)((char *)&F.v + s->offset);
		bool align = bit < s->align_bits && !(s->offset == OFF(ept_pointer) && bit < 7);
		bool width = bit >= PA_WIDTH;
		struct entry_check_result r;

		if (s->offset == OFF(ept_pointer) && bit < 7)
			continue;		/* memory type, walk length, A/D: rows elsewhere */
		init(&F);
		if (s->setup)
			s->setup(&F);
		*addr ^= 1ull << bit;
		if (align || width) {
			bad += !fx_expect(&F, s->fam, align ? s->align : s->width, s->qual, s->field);
			continue;
		}
		r = entry_check__run(&F.in);
		if (r.kind != ENTRY_CHECK_PASSED) {
			bad++;
			ok(0, "%s bit %u passes", s->field, bit);
			diag("failed %s", entry_check__name(r.id));
		}
	}
	ok(bad == 0, "%s: bits 0..63 swept", s->field);
}

/* The last byte of an MSR area must fit the width too (SDM 27.2.1.2). */
static void area_end(void)
{
	uint64_t top = 1ull << PA_WIDTH;

	init(&F);
	F.v.exit_msr_store_count = 4;
	F.v.exit_msr_store_addr = top - 64;
	fx_passes(&F, "exit MSR-store area ending at the last byte of the width");
	init(&F);
	F.v.exit_msr_store_count = 5;
	F.v.exit_msr_store_addr = top - 64;
	fx_expect(&F, FX_CONTROLS, ENTRY_CHECK_CTL_EXIT_MSR_STORE_END, 0, "one entry past the width");
	init(&F);
	F.v.entry_msr_load_count = 2;
	F.v.entry_msr_load_addr = top - 32;
	fx_passes(&F, "entry MSR-load area ending at the last byte of the width");
	init(&F);
	F.in.pa_width = 32;
	F.v.entry_msr_load_count = 0xffffffff;
	F.v.entry_msr_load_addr = 16;
	fx_expect(&F, FX_CONTROLS, ENTRY_CHECK_CTL_ENTRY_MSR_LOAD_END, 0,
		  "2^32-1 entries run past a 32-bit width");
	init(&F);
	F.v.exit_msr_load_count = 0;
	F.v.exit_msr_load_addr = ~0ull;
	fx_passes(&F, "a zero count leaves the address unchecked");
}

/* Page edges across physical-address widths. */
static void widths(void)
{
	static const unsigned widths[] = { 32, 36, 39, 46, 52 };

	for (unsigned i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		uint64_t top = 1ull << widths[i];
		char what[64];

		fx_init(&F);
		F.in.pa_width = widths[i];
		F.v.msr_bitmap = top - 4096;
		snprintf(what, sizeof(what), "MSR bitmap in the last page below 2^%u", widths[i]);
		fx_passes(&F, what);
		fx_init(&F);
		F.in.pa_width = widths[i];
		F.v.msr_bitmap = top;
		fx_expect(&F, FX_CONTROLS, ENTRY_CHECK_CTL_MSR_BITMAP_WIDTH, 0, "MSR bitmap at 2^width");
	}
}

int main(void)
{
	/* Every 16 bytes: a harmless MSR entry whose index is also a valid
	 * VMCS revision identifier; VTPR (offset 0x80) reads 0x45. */
	for (unsigned i = 0; i < 4096 / 16; i++)
		memcpy(pattern + 16 * i, &(uint32_t){ TEST_REV }, 4);
	for (unsigned i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++)
		sweep(&sweeps[i]);
	area_end();
	widths();
	return done_testing();
}
