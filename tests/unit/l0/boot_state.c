/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/boot_state.c: the CPU states an image and an AP start in
 * (l0/boot/boot_state.c): Multiboot's 32-bit protected mode, and real
 * mode at a SIPI's page (SDM vol. 3A Table 10-1 and 9.4). */
#include "l0/boot/boot_state.h"
#include "l0/boot/multiboot.h"
#include "tests/tap.h"

int main(void)
{
	struct cpu_state c;

	boot_state__multiboot(&c, 0x100040, 0x9000);
	is_u64(c.rip, 0x100040, "Multiboot: RIP at the entry");
	is_u64(c.gpr[CPU_RAX], MB__BOOT_MAGIC, "Multiboot: EAX the boot magic");
	is_u64(c.gpr[CPU_RBX], 0x9000, "Multiboot: EBX the information structure");
	is_u64(c.cr0 & 1, 1, "Multiboot: protected mode");
	is_u64(c.seg[CPU_SEG_CS].limit, 0xffffffff, "Multiboot: flat 4 GiB code");
	ok(c.seg[CPU_SEG_CS].ar & CPU_AR_DB, "Multiboot: 32-bit code");
	is_u64(c.rflags, 2, "Multiboot: IF = 0");

	boot_state__sipi(&c, 0x08);
	is_u64(c.seg[CPU_SEG_CS].selector, 0x0800, "SIPI 0x08: CS selector 0x0800");
	is_u64(c.seg[CPU_SEG_CS].base, 0x8000, "SIPI 0x08: CS base 0x8000");
	is_u64(c.rip, 0, "SIPI: IP 0");
	is_u64(c.cr0, 0x60000010, "SIPI: CR0 60000010H (CD, NW, ET), real mode");
	is_u64(c.rflags, 2, "SIPI: RFLAGS 2");
	is_u64(c.dr7, 0x400, "SIPI: DR7 400H");
	is_u64(c.efer, 0, "SIPI: EFER 0");
	ok(!(c.seg[CPU_SEG_CS].ar & CPU_AR_DB), "SIPI: 16-bit code");
	for (unsigned s = CPU_SEG_ES; s <= CPU_SEG_GS; s++)
		ok(c.seg[s].limit == 0xffff && (c.seg[s].ar & CPU_AR_P),
		   "SIPI: segment %u present, 64 KiB", s);
	is_u64(c.gdtr.limit, 0xffff, "SIPI: GDTR limit FFFFH");
	is_u64(c.idtr.base, 0, "SIPI: IDTR base 0 (the real-mode IVT)");
	boot_state__sipi(&c, 0x9f);
	is_u64(c.seg[CPU_SEG_CS].base, 0x9f000, "SIPI 0x9F: CS base 0x9F000");
	return done_testing();
}
