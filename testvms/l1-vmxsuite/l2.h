/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-vmxsuite: the suite's own L2 guest and the way into it.
 *
 * l2_code.S is a few instructions of 64-bit code that run as L2 on the
 * suite's own page tables, GDT and IDT (identity map, no EPT); each one the
 * host expects to exit is labelled.  vmcs_l2.c fills a VMCS for it from the
 * capability MSRs; vmentry.S enters it and comes back at every VM exit.
 * Usable from assembly (the port numbers and ENTRY_* flags).
 */
#ifndef L1_VMXSUITE__L2_H
#define L1_VMXSUITE__L2_H

/* vmentry__enter(how): VMRESUME instead of VMLAUNCH; a MOV to SS right
 * before the instruction (blocking by MOV SS, SDM 25.4.2 Table 25-3,
 * which VM entry checks first, SDM 27.1). */
#define ENTRY_RESUME		1
#define ENTRY_MOV_SS		2

/* I/O ports of l2_code.S: 0x80 (bitmap A) and 0x8000 (bitmap B) are
 * intercepted; 0x81 and 0x7fff are not, but a word OUT to 0x7fff also
 * touches 0x8000 and so must exit (SDM 26.1.3). */
#define L2_PORT_TRAPPED		0x80
#define L2_PORT_PASS		0x81
#define L2_PORT_SPLIT		0x7fff
#define L2_PORT_B_TRAPPED	0x8000

#ifndef __ASSEMBLER__
#include "testvms/l1-vmxsuite/raw.h"
#include "testvms/lib/types.h"

struct suite;

/* Guest GPRs as the last VM exit left them (vmentry.S stores them). */
struct guest_regs {
	u64 rax, rcx, rdx, rbx, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};
extern struct guest_regs vmentry__guest;

/* HOST_RIP of the VMCS the suite enters (vmentry.S). */
void vmentry__host_rip(void);

/* Writes HOST_RSP, then VMLAUNCH or VMRESUME (how: ENTRY_* flags).  A VM
 * exit, or a VM-entry failure (which loads host state too, SDM 27.8),
 * comes back as VMsucceed (status flags clear: SDM 28.5.3 loads RFLAGS
 * with only bit 1 set); a failed instruction returns its flags, a fault
 * its vector. */
struct raw_result vmentry__enter(unsigned how);

/* Fills the current VMCS for l2_code: controls within the capability
 * MSRs, the suite's own state as host state, 64-bit guest state.  false
 * (with a FAIL line) if a VMWRITE failed. */
bool vmcs_l2__setup(const struct suite *s);

/* The control values vmcs_l2__setup() chose (SDM A.3-A.5). */
struct l2_controls {
	u32 pin, proc, exit, entry;
};
const struct l2_controls *vmcs_l2__controls(void);

/* Labels in l2_code.S. */
extern const char l2_code[], l2_at_vmcall[], l2_at_cpuid[], l2_at_hlt[],
	l2_at_out_imm[], l2_at_out_dx[], l2_at_done[];
#endif

#endif /* L1_VMXSUITE__L2_H */
