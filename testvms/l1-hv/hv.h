/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * l1-hv: a small VMX hypervisor, run as Turtle's L1.  It loads one L2
 * image (its first multiboot module), gives it 32 MiB behind EPT, runs it
 * and reports what came out.  The same sources build against the three
 * shim flavours, raw, pv and native (l1-shim/vmx_ops.h).
 *
 * Files: caps.c (capability MSRs, step 1), l2_load.c (L2 memory and image,
 * step 3), ept.c (EPT12, step 4), vmcs_setup.c (controls and state,
 * step 5), exits.c and exit_stub.S (the exit loop, step 6), main.c (the
 * steps in order, options, summary), breaks.c (negative entry tests),
 * vmcheck.c (all of them in one boot), attacks.c (an L1 that attacks L0),
 * start32.S (the ELF entry).
 */
#ifndef L1_HV__HV_H
#define L1_HV__HV_H

#include "exit-forwarder/exit_reasons.h"
#include "l1-shim/vmx_ops.h"
#include "testvms/lib/types.h"

/* L2 guest-physical memory: 0..L2_MEM_SIZE, backed by one block of L1
 * RAM.  The top L2_LAZY_SIZE bytes start unmapped in EPT12. */
#define L2_MEM_SIZE	(32ul << 20)
#define L2_LAZY_SIZE	(8ul << 20)
#define SIZE_2M		(2ul << 20)
#define SIZE_4K		4096ul

/* Control-register bits VMX operation needs (SDM 24.8, A.7, A.8); the
 * library's processor.h has the paging ones. */
#define X86_CR0_NE	(1ul << 5)
#define X86_CR4_VMXE	(1ul << 13)

/* Selectors of the GDT l1-hv builds for L2 (l2_load.c). */
#define L2_SEL_CS	0x08
#define L2_SEL_DS	0x10
#define L2_SEL_TR	0x18

/* IA32_VMX_* capability MSRs and what l1-hv takes from them (SDM App. A). */
struct vmx_caps {
	u64 basic;
	u32 revision;		/* BASIC bits 30:0 */
	u32 region_size;	/* BASIC bits 44:32 */
	bool true_ctls;		/* BASIC bit 55: the TRUE_* MSRs exist */
	/* allowed-0 settings in bits 31:0, allowed-1 in 63:32 (SDM A.3-A.5) */
	u64 pin, proc, proc2, exit, entry;
	u64 misc;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid;
};

/* What l1-hv counts, and how L2 ended. */
struct hv_stats {
	unsigned exits[EXIT_REASON_MAX + 1];	/* by basic exit reason */
	unsigned port80, port_other, port_in;
	unsigned ept_violations;
	unsigned msr_reads, msr_writes;
	unsigned timer_exits;
	bool l2_exited;
	u32 l2_status;
};

struct entry_break;
struct attack;

/* Option apic-timer= (apic_timer.c). */
enum apic_timer_mode { APIC_TIMER_OFF, APIC_TIMER_ACK, APIC_TIMER_NOACK };
#define APIC_TIMER_EXITS	5	/* timer interrupts L1 takes while L2 runs */

struct hv {
	struct vmx_caps caps;
	unsigned long timer;		/* option timer=N: preemption timer value */
	enum apic_timer_mode apic_timer;
	bool vectoring;			/* option vectoring (vectoring.c) */
	const struct entry_break *brk;	/* option break=NAME, or NULL */
	bool all_breaks;		/* break=all, and l1-vmcheck */
	const struct attack *attack;	/* option attack=NAME, or NULL */
	u64 vmxon_pa, vmcs_pa;
	u64 eptp;
	u64 l2_base;			/* L1 gpa of L2 gpa 0 */
	u64 sysenter_cs;		/* L2's view of the intercepted MSR */
	const char *l2_cmdline;		/* L2's multiboot string: image name first */
	bool launched;			/* VMLAUNCH was attempted */
	struct hv_stats stats;
};

/* caps.c: step 1.  false (and FAIL lines) when VMX is unusable. */
bool caps__probe(struct vmx_caps *caps);
/* A control value within a capability MSR: default1 bits on, bits not
 * allowed-1 off (SDM A.3).  *missing gets the wanted bits that were refused. */
u32 caps__adjust(u64 cap_msr, u32 want, u32 *missing);

/* l2_load.c: step 3.  Loads the ELF into L2 memory and lays out page
 * tables, GDT, TSS, stack and command line; fills the entry state. */
struct l2_entry {
	u64 rip, rsp, rdi;
	u64 cr3, gdt_base, gdt_limit, tr_base;
};
bool l2__load(u64 l2_base, const void *elf, u64 elf_size,
	      const char *cmdline, struct l2_entry *entry);

/* ept.c: step 4. */
u64 ept__build(u64 l2_base);
/* Map the 2 MiB around an L2 gpa left unmapped at build time; false when
 * the gpa is outside L2 memory or already mapped (a real violation). */
bool ept__map_lazy(u64 gpa);
/* For attacks.c: l1-hv's one table of each level (4 PML4 .. 1 PT, which
 * maps L2's first 2 MiB), identity-mapped, and the 2 MiB leaf that
 * ept__build gives the 2 MiB around an L2 gpa. */
u64 *ept__table(unsigned level);
u64 ept__leaf_2m(u64 gpa);

/* vmcs_setup.c: step 5. */
bool vmcs_setup__controls(struct hv *hv);
bool vmcs_setup__guest(struct hv *hv, const struct l2_entry *entry);
bool vmcs_setup__host(struct hv *hv);

/* exits.c: step 6.  attach: the hv the exit stub's exits go to (before
 * any VMLAUNCH).  run attaches, enters L2 and never returns: the run ends
 * in hv__finish(). */
void exits__attach(struct hv *hv);
void exits__run(struct hv *hv, const struct l2_entry *entry)
	__attribute__((noreturn));

/* breaks.c: option break=NAME, negative VM-entry tests.  find: NULL when
 * there is no such row ("list" prints them all); row: NULL past the end.
 * apply spoils the row's field(s), keeping what restore puts back. */
struct break_saved {
	u64 value, msr_addr;
};
const struct entry_break *breaks__find(const char *name);
const struct entry_break *breaks__row(unsigned i);
bool breaks__apply(const struct entry_break *b, const struct vmx_caps *caps,
		   struct break_saved *saved);
bool breaks__restore(const struct entry_break *b, const struct break_saved *saved);
void breaks__check_vmfail(const struct entry_break *b, struct vmx_result r);
void breaks__check_exit(const struct entry_break *b, u32 reason, u64 qual);

/* attacks.c: option attack=NAME, an L1 that attacks L0.  find: NULL when
 * there is no such row ("list" prints them all).  vmx_on runs after step
 * 2, armed after step 5 (false: the row could not be set up); exit sees
 * each VM exit first: 1 resume L2, 0 finish, -1 handle as usual.  no_l2:
 * the row ends the run before L2 completes. */
const struct attack *attacks__find(const char *name);
bool attacks__vmx_on(struct hv *hv);
bool attacks__armed(struct hv *hv, const struct l2_entry *entry);
int attacks__exit(struct hv *hv, u32 reason, u64 qual);
bool attacks__no_l2(const struct attack *a);

/* vmcheck.c: every breaks.c row in one boot, each VMCS field put back
 * after its row, so that L2 then runs as without break=.  next_row: after
 * a row's entry-failure exit, back to the row loop (never returns). */
void vmcheck__run(struct hv *hv);
void vmcheck__next_row(void) __attribute__((noreturn));

/* main.c: step 7, summary and exit status. */
void hv__finish(struct hv *hv) __attribute__((noreturn));

/* "vmwrite 0x681e: VMfailValid 12" style reporting of shim results. */
bool hv__vmx_ok(struct vmx_result r, const char *what);
/* A VMCS field of the current VMCS; a VMfail is a FAIL line and 0
 * (exits.c). */
u64 hv__vmread(u32 field);

/* vectoring.c: option vectoring, an injected event whose delivery exits.
 * arm: before an injection (a no-op without the option); exit: an EPT
 * violation it caused, handled (true) or not its own (false). */
void vectoring__arm(struct hv *hv, u32 info, u32 error, u32 len);
bool vectoring__exit(struct hv *hv, u64 gpa);
void vectoring__finish(const struct hv *hv);

/* apic_timer.c: L1's APIC timer while L2 runs (option apic-timer=). */
void apic_timer__start(struct hv *hv);
bool apic_timer__exit(struct hv *hv, u64 intr_info);
void apic_timer__finish(const struct hv *hv);
/* state.c: after l2-state.elf, the state its VM exit saved and loaded. */
void state__check_saved(void);

#endif /* L1_HV__HV_H */
