/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/boot_state.c: the CPU state a Multiboot image starts in, on any
 * engine. */
#include <string.h>

#include "l0/boot/boot_state.h"
#include "l0/boot/multiboot.h"

#define CR0_PE		(1ull << 0)
#define CR0_ET		(1ull << 4)
#define RFLAGS_FIXED	(1ull << 1)	/* bit 1 always reads as 1 */
#define AR_CODE		(CPU_AR_TYPE(0xb) | CPU_AR_S | CPU_AR_P | CPU_AR_DB | CPU_AR_G)
#define AR_DATA		(CPU_AR_TYPE(0x3) | CPU_AR_S | CPU_AR_P | CPU_AR_DB | CPU_AR_G)
#define AR_LDTR		(CPU_AR_TYPE(0x2) | CPU_AR_P | CPU_AR_UNUSABLE)
#define AR_TR		(CPU_AR_TYPE(0xb) | CPU_AR_P)
#define CR0_CD		(1ull << 30)
#define CR0_NW		(1ull << 29)
#define AR_REAL_CODE	(CPU_AR_TYPE(0xb) | CPU_AR_S | CPU_AR_P)
#define AR_REAL_DATA	(CPU_AR_TYPE(0x3) | CPU_AR_S | CPU_AR_P)
#define AR_REAL_LDTR	(CPU_AR_TYPE(0x2) | CPU_AR_P)
#define PAT_POWER_ON	0x0007040600070406ull

/* Multiboot spec 3.2: 32-bit protected mode, paging off, flat 4 GiB code
 * and data segments (execute/read code, read/write data, both accessed:
 * SDM 3.4.5.1), IF = 0, EAX = the boot magic, EBX = the information
 * structure.  GDTR and IDTR are undefined there; L0 leaves them empty.  TR
 * holds a busy 32-bit TSS type, as after reset (SDM 10.1.1, Table 10-1). */
void boot_state__multiboot(struct cpu_state *c, uint32_t entry, uint32_t info)
{
	memset(c, 0, sizeof(*c));
	c->gpr[CPU_RAX] = MB__BOOT_MAGIC;
	c->gpr[CPU_RBX] = info;
	c->rip = entry;
	c->rflags = RFLAGS_FIXED;
	c->cr0 = CR0_PE | CR0_ET;
	c->dr7 = 0x400;
	c->seg[CPU_SEG_CS] = (struct cpu_segment){ 0x08, 0, 0xffffffff, AR_CODE };
	for (unsigned s = CPU_SEG_ES; s <= CPU_SEG_GS; s++)
		if (s != CPU_SEG_CS)
			c->seg[s] = (struct cpu_segment){ 0x10, 0, 0xffffffff, AR_DATA };
	c->seg[CPU_SEG_LDTR] = (struct cpu_segment){ 0, 0, 0xffff, AR_LDTR };
	c->seg[CPU_SEG_TR] = (struct cpu_segment){ 0, 0, 0xffff, AR_TR };
	c->gdtr.limit = c->idtr.limit = 0xffff;
	c->pat = PAT_POWER_ON;
}

/* SDM vol. 3A 10.1.1, Table 10-1 ("following INIT"), and 9.4 "Multiple-
 * Processor (MP) Initialization" for the SIPI: CS.selector = vector << 8, CS.base = vector << 12,
 * IP = 0; segments of 64 KiB, present, read/write (code: execute/read),
 * accessed; CR0 = 60000010H (a fresh processor's CD and NW; INIT keeps
 * them, and these APs have had no other), RFLAGS = 2, DR7 = 400H, EFER
 * and the other control registers 0.  EDX would hold the processor's
 * signature; L0 leaves it 0. */
void boot_state__sipi(struct cpu_state *c, uint8_t vector)
{
	memset(c, 0, sizeof(*c));
	c->rflags = RFLAGS_FIXED;
	c->cr0 = CR0_CD | CR0_NW | CR0_ET;
	c->dr7 = 0x400;
	for (unsigned s = CPU_SEG_ES; s <= CPU_SEG_GS; s++)
		c->seg[s] = (struct cpu_segment){ 0, 0, 0xffff, AR_REAL_DATA };
	c->seg[CPU_SEG_CS] = (struct cpu_segment){ (uint16_t)(vector << 8),
						   (uint64_t)vector << 12, 0xffff, AR_REAL_CODE };
	c->seg[CPU_SEG_LDTR] = (struct cpu_segment){ 0, 0, 0xffff, AR_REAL_LDTR };
	c->seg[CPU_SEG_TR] = (struct cpu_segment){ 0, 0, 0xffff, AR_TR };
	c->gdtr.limit = c->idtr.limit = 0xffff;
	c->pat = PAT_POWER_ON;
}
