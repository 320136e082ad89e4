/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg_helpers.c: L0's RDMSR, WRMSR, MOV to CR and HLT for the
 * tcg engine.
 *
 * libunicorn 2.0.1 answers an MSR that QEMU does not know with 0 and drops
 * writes to it, and offers no hook for RDMSR/WRMSR (unicorn-facts.md).  Its
 * helpers are global symbols that its generated code reaches through the
 * GOT, so these definitions in the turtle executable take their place
 * (ELF symbol interposition): an MSR of L0's table (l0/platform/msr.def)
 * becomes an engine event, an MSR QEMU keeps in its CPU state goes to
 * QEMU's own helper, anything else is #GP(0) (SDM vol. 4: an MSR that does
 * not exist).  MOV to CR0/CR4 is offered to L0 first, which refuses what
 * the CPU it describes would (reserved bits, VMX's fixed bits in VMX
 * operation, SDM 24.8).  The TSC is the host's.  The RDMSR helper also tells the engine where
 * QEMU's CPU state is.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <x86intrin.h>

#include "l0/machine.h"
#include "l0/engine/tcg/tcg_int.h"
#include "l0/platform/msr.h"

#define GP_VECTOR 13
#define MSR_IA32_TSC 0x10u

_Thread_local struct tcg_vcpu *tcg__current;

/* QEMU's raise, exported by libunicorn: longjmps out of the instruction. */
void raise_exception_err_ra_x86_64(void *env, int intno, int error_code, uintptr_t retaddr);

/* MSRs QEMU 5 implements in helper_rdmsr/helper_wrmsr. */
bool tcg_msr__resident(uint32_t index)
{
	switch (index) {
	case 0x10:			/* IA32_TSC */
	case 0x1b:			/* IA32_APIC_BASE */
	case 0xfe:			/* IA32_MTRRCAP */
	case 0x174: case 0x175: case 0x176:	/* SYSENTER_CS/ESP/EIP */
	case 0x179: case 0x17a: case 0x17b:	/* MCG_CAP/STATUS/CTL */
	case 0x1a0:			/* IA32_MISC_ENABLE */
	case 0x1d9:			/* IA32_DEBUGCTL: QEMU reads 0, ignores writes */
	case 0x277:			/* IA32_PAT */
	case 0x2ff:			/* MTRR default type */
	case 0xc0000080: case 0xc0000081: case 0xc0000082: case 0xc0000083:
	case 0xc0000084:		/* EFER, STAR, LSTAR, CSTAR, FMASK */
	case 0xc0000100: case 0xc0000101: case 0xc0000102: case 0xc0000103:
		return true;	/* FS/GS/KERNEL_GS base, TSC_AUX */
	default:
		/* Variable and fixed-range MTRRs. */
		return (index >= 0x200 && index <= 0x20f) || index == 0x250 || index == 0x258 ||
		       index == 0x259 || (index >= 0x268 && index <= 0x26f);
	}
}

typedef void helper_fn(void *env);

static helper_fn *qemu_helper(const char *name)
{
	return (helper_fn *)dlsym(RTLD_NEXT, name);
}

void tcg_msr__qemu_rdmsr(void *env)
{
	static helper_fn *fn;

	if (!fn)
		fn = qemu_helper("helper_rdmsr_x86_64");
	fn(env);
}

void tcg_msr__qemu_wrmsr(void *env)
{
	static helper_fn *fn;

	if (!fn)
		fn = qemu_helper("helper_wrmsr_x86_64");
	fn(env);
}

/* env starts with the GPRs: RAX 0, RCX 1, RDX 2. */
static uint64_t *gprs(void *env)
{
	return env;
}

/* 0: handled (value in *val for a read); 1: QEMU's; -1: #GP. */
static int l0_msr(void *env, bool write, uint64_t *val)
{
	struct tcg_vcpu *t = tcg__current;
	uint32_t index = (uint32_t)gprs(env)[1];
	struct engine_event ev = { .kind = write ? ENGINE_EV_WRMSR : ENGINE_EV_RDMSR, .native = -1 };
	int act;

	if (!t) {
		return 1;
	}
	if (!t->cpu.env)
		t->cpu.env = env;	/* the engine's first RDMSR: its CPU state */
	/* QEMU's own MSRs stay QEMU's; every other one is L0's to answer
	 * (and count), #GP for those its table lacks, as on kvm. */
	if (!msr__name(index) && tcg_msr__resident(index))
		return 1;
	ev.msr.index = index;
	ev.msr.value = *val;
	act = t->v->m->dispatch(t->v->m, t->v, &ev);
	if (act != DISPATCH_CONTINUE) {
		t->act = act;
		uc_emu_stop(t->uc);
	}
	*val = ev.msr.value;
	return ev.msr.gp ? -1 : 0;
}

void helper_rdmsr_x86_64(void *env)
{
	uint64_t val = 0;

	switch (l0_msr(env, false, &val)) {
	case 1:
		tcg_msr__qemu_rdmsr(env);
		if ((uint32_t)gprs(env)[1] == MSR_IA32_TSC) {	/* QEMU 5 reads 0 */
			val = __rdtsc();
			gprs(env)[0] = (uint32_t)val;
			gprs(env)[2] = val >> 32;
		}
		return;
	case 0:
		gprs(env)[0] = (uint32_t)val;
		gprs(env)[2] = val >> 32;
		return;
	default:
		raise_exception_err_ra_x86_64(env, GP_VECTOR, 0, (uintptr_t)__builtin_return_address(0));
	}
}

void helper_wrmsr_x86_64(void *env)
{
	uint64_t val = (uint32_t)gprs(env)[0] | gprs(env)[2] << 32;

	switch (l0_msr(env, true, &val)) {
	case 1:
		tcg_msr__qemu_wrmsr(env);
		if ((uint32_t)gprs(env)[1] == MSR_EFER && tcg__current)
			qemu_cpu__efer_fixup(&tcg__current->cpu, val);
		return;
	case 0:
		return;
	default:
		raise_exception_err_ra_x86_64(env, GP_VECTOR, 0, (uintptr_t)__builtin_return_address(0));
	}
}

/* HLT: QEMU's helper stops the CPU loop; L0 notes why it stopped. */
/* IN and OUT: QEMU's helpers, which call the I/O hooks (tcg_events.c),
 * then the fault an event's handler raised for the instruction (a
 * hypercall's #GP, the OUT's own): QEMU's raise with the return address
 * into the translated code restores RIP to the IN/OUT, as a fault's RIP
 * must be (SDM 6.5), and delivers it at once through the interrupt hook,
 * before anything after it in the block runs.  (The hooks themselves only
 * see the block's start as RIP.) */
static void io_fault_now(void *env, uintptr_t retaddr)
{
	struct tcg_vcpu *t = tcg__current;

	if (!t || !t->io_fault)
		return;
	t->io_fault = false;
	t->raise_pending = false;
	raise_exception_err_ra_x86_64(env, (int)t->raise_vector,
				      t->raise_has_error ? (int)t->raise_error : 0, retaddr);
}

#define IO_OUT(size)								\
void helper_out##size##_x86_64(void *env, uint32_t port, uint32_t data);	\
void helper_out##size##_x86_64(void *env, uint32_t port, uint32_t data)	\
{										\
	static void (*fn)(void *, uint32_t, uint32_t);				\
										\
	if (!fn)								\
		fn = (void (*)(void *, uint32_t, uint32_t))			\
		     dlsym(RTLD_NEXT, "helper_out" #size "_x86_64");		\
	fn(env, port, data);							\
	io_fault_now(env, (uintptr_t)__builtin_return_address(0));		\
}
#define IO_IN(size)								\
uint64_t helper_in##size##_x86_64(void *env, uint32_t port);			\
uint64_t helper_in##size##_x86_64(void *env, uint32_t port)			\
{										\
	static uint64_t (*fn)(void *, uint32_t);				\
	uint64_t value;								\
										\
	if (!fn)								\
		fn = (uint64_t (*)(void *, uint32_t))				\
		     dlsym(RTLD_NEXT, "helper_in" #size "_x86_64");		\
	value = fn(env, port);							\
	io_fault_now(env, (uintptr_t)__builtin_return_address(0));		\
	return value;								\
}
IO_OUT(b) IO_OUT(w) IO_OUT(l)
IO_IN(b) IO_IN(w) IO_IN(l)
#undef IO_OUT
#undef IO_IN

void helper_hlt_x86_64(void *env, int next_eip_addend)
{
	static void (*fn)(void *, int);

	if (tcg__current)
		tcg__current->halted = true;
	if (!fn)
		fn = (void (*)(void *, int))dlsym(RTLD_NEXT, "helper_hlt_x86_64");
	fn(env, next_eip_addend);
}

/* IRET ends NMI blocking (SDM 6.7.1); QEMU's helpers clear their flag
 * themselves.  An NMI L0 holds for it is delivered at the next block:
 * the kick stops the run there. */
static void after_iret(void)
{
	struct tcg_vcpu *t = tcg__current;

	if (t && t->nmi_held)
		t->kicked = 1;
}

void helper_iret_real_x86_64(void *env, int shift);
void helper_iret_real_x86_64(void *env, int shift)
{
	static void (*fn)(void *, int);

	if (!fn)
		fn = (void (*)(void *, int))dlsym(RTLD_NEXT, "helper_iret_real_x86_64");
	fn(env, shift);
	after_iret();
}

void helper_iret_protected_x86_64(void *env, int shift, int next_eip);
void helper_iret_protected_x86_64(void *env, int shift, int next_eip)
{
	static void (*fn)(void *, int, int);

	if (!fn)
		fn = (void (*)(void *, int, int))dlsym(RTLD_NEXT, "helper_iret_protected_x86_64");
	fn(env, shift, next_eip);
	after_iret();
}

/* MOV to CRn (QEMU 5: helper_write_crN(env, reg, value)). */
void helper_write_crN_x86_64(void *env, int reg, uint64_t value)
{
	static void (*fn)(void *, int, uint64_t);
	struct tcg_vcpu *t = tcg__current;

	if (t && (reg == 0 || reg == 4)) {
		struct engine_event ev = { .kind = ENGINE_EV_CR_WRITE, .native = -1 };
		int act;

		ev.cr.reg = (unsigned)reg;
		ev.cr.value = value;
		act = t->v->m->dispatch(t->v->m, t->v, &ev);
		if (act != DISPATCH_CONTINUE) {
			t->act = act;
			uc_emu_stop(t->uc);
		}
		if (ev.cr.gp)
			raise_exception_err_ra_x86_64(env, GP_VECTOR, 0,
						      (uintptr_t)__builtin_return_address(0));
	}
	if (!fn)
		fn = (void (*)(void *, int, uint64_t))dlsym(RTLD_NEXT, "helper_write_crN_x86_64");
	fn(env, reg, value);
}

/* The TSC QEMU gives RDTSC and IA32_TSC (plus its TSC offset): the host's,
 * at the host's rate, so that the guest's TSC, the TSC-deadline timer
 * (l0/platform/lapic.c) and the kvm engine's guests all count alike. */
uint64_t cpu_get_tsc_x86_64(void *env)
{
	return __rdtsc();
}

/*
 * libunicorn 2.0.1 keeps no dirty-memory bitmap, so every guest store to
 * RAM takes QEMU's "not dirty" slow path, which brackets a look for
 * translated code on the page with page_collection_lock/unlock: a GLib
 * tree allocated, filled and freed per store (perf: malloc and free were
 * a tenth of L0's time with l1-hv's exit handler; its ~95 stores to its
 * stack per reflected exit).  Unicorn's page locks are no-ops, and the
 * collection is only ever handed back to page_collection_unlock, so the
 * tree buys nothing; later unicorn releases drop it the same way
 * (unicorn-engine/unicorn pull request 1838).  The calls come through
 * libunicorn's PLT, so these definitions in the turtle executable take
 * their place (in this file because the engine references it: an archive
 * member nothing references is not linked).  Translated code is still
 * invalidated on every store that overwrites it (smc.elf in engines.t).
 */
struct uc_struct;
struct page_collection;

struct page_collection *page_collection_lock_x86_64(struct uc_struct *uc, uint64_t start,
						    uint64_t end);
void page_collection_unlock_x86_64(struct page_collection *set);

struct page_collection *page_collection_lock_x86_64(struct uc_struct *uc, uint64_t start,
						    uint64_t end)
{
	return NULL;
}

void page_collection_unlock_x86_64(struct page_collection *set)
{
}
