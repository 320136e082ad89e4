/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Step 6: run L2 and handle its exits.  One handler per basic exit reason
 * l1-hv expects (SDM Appendix C), in a table; every other reason, and any
 * VM-entry failure, ends the run with a FAIL.  Handlers that emulate an
 * instruction advance GUEST_RIP by the VM-exit instruction length
 * (SDM 28.2.5).
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_inject.h"
#include "vmcs-merge/vmcs12.h"
#include "vmcs-merge/vmx_controls.h"

#define DEBUG_EXIT_PORT		0xf4
#define PORT_80			0x80
#define RFLAGS_IF		(1ul << 9)

/* Exit qualification for I/O instructions (SDM 28.2.1, Table 28-5). */
#define IO_SIZE(q)		(((q) & 7) + 1)
#define IO_IN			(1ul << 3)
#define IO_STRING		(1ul << 4)
#define IO_PORT(q)		((u16)((q) >> 16))

enum verdict { RESUME, FINISH };

struct exit_ctx {
	struct hv *hv;
	struct vmx_gprs *regs;
	u64 qualification;
};

static struct hv *the_hv;	/* set by exits__attach, for exits__handle */

u64 hv__vmread(u32 field)
{
	u64 v = 0;

	hv__vmx_ok(vmread(field, &v), "VMREAD in the exit handler");
	return v;
}

static enum verdict skip(struct exit_ctx *x)
{
	u64 rip = hv__vmread(VMCS_GUEST_RIP), len = hv__vmread(VMCS_EXIT_INSTRUCTION_LEN);

	return hv__vmx_ok(vmwrite(VMCS_GUEST_RIP, rip + len), "advance GUEST_RIP")
	       ? RESUME : FINISH;
}

static u64 mask(unsigned bytes)
{
	return bytes >= 8 ? ~0ul : (1ul << (bytes * 8)) - 1;
}

/* l2-inject.elf's request: row AL of l2_inject.h, injected at the next
 * VM entry (SDM 25.8.3). */
static enum verdict inject(struct exit_ctx *x, u64 row)
{
	static const struct { u32 type, vector, has_error, error, len; } rows[] = {
#define X(n, t, v, he, e, l) { t, v, he, e, l },
		L2_INJECTIONS(X)
#undef X
	};
	u32 info;

	if (row >= ARRAY_SIZE(rows)) {
		report(false, "l2-inject asked for row %lu of %lu", row, ARRAY_SIZE(rows));
		return FINISH;
	}
	info = 1u << 31 | rows[row].type << 8 | rows[row].vector | rows[row].has_error << 11;
	/* An external interrupt needs RFLAGS.IF = 1 (SDM 27.3.1.5); L2's
	 * gate clears it again as it delivers, so L2 never runs with it. */
	if (rows[row].type == INJ_EXTERNAL &&
	    !hv__vmx_ok(vmwrite(VMCS_GUEST_RFLAGS, hv__vmread(VMCS_GUEST_RFLAGS) | RFLAGS_IF),
			"VMWRITE of RFLAGS.IF"))
		return FINISH;
	if (!hv__vmx_ok(vmwrite(VMCS_ENTRY_INTR_INFO, info), "VMWRITE of the event") ||
	    !hv__vmx_ok(vmwrite(VMCS_ENTRY_EXCEPTION_ERROR_CODE, rows[row].error),
			"VMWRITE of its error code") ||
	    !hv__vmx_ok(vmwrite(VMCS_ENTRY_INSTRUCTION_LEN, rows[row].len),
			"VMWRITE of its instruction length"))
		return FINISH;
	vectoring__arm(x->hv, info, rows[row].error, rows[row].len);
	return skip(x);
}

/* l2-wake.elf's requests (l2_inject.h): the HLT activity state. */
#define ACTIVITY_HLT		1	/* SDM 25.4.2 */
#define HALT_TIMER_VALUE	20000	/* preemption-timer ticks: a few ms */

static unsigned halt_request;
static u64 window_rip;		/* L2_WINDOW: where the exit must come */

static bool write_all2(u32 f1, u64 v1, u32 f2, u64 v2, const char *what)
{
	return hv__vmx_ok(vmwrite(f1, v1), what) && hv__vmx_ok(vmwrite(f2, v2), what);
}

static enum verdict halt(struct exit_ctx *x, u64 request)
{
	halt_request = (unsigned)request;
	if (request == L2_WINDOW) {
		window_rip = x->regs->r[VMX_RBX];
		if (!hv__vmx_ok(vmwrite(VMCS_PROC_BASED_CONTROLS, hv__vmread(VMCS_PROC_BASED_CONTROLS) |
					VMX_PROC_INTR_WINDOW_EXITING), "VMWRITE of the primary controls"))
			return FINISH;
	}
	if (request == L2_HALT_UNTIL_TIMER &&
	    (!write_all2(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_HLT, VMCS_PREEMPTION_TIMER_VALUE,
			  HALT_TIMER_VALUE, "VMWRITE of the HLT state and its timer") ||
	     !hv__vmx_ok(vmwrite(VMCS_PIN_BASED_CONTROLS, hv__vmread(VMCS_PIN_BASED_CONTROLS) |
				 VMX_PIN_PREEMPTION_TIMER), "VMWRITE of the pin-based controls")))
		return FINISH;
	return skip(x);
}

/* HLT exiting: skip the HLT, or, when asked, resume L2 in the HLT state
 * with an external interrupt that wakes it (a vectoring entry leaves it
 * active, SDM 27.7.2; RFLAGS.IF = 1 for the injection, 27.3.1.5). */
static enum verdict on_hlt(struct exit_ctx *x)
{
	if (halt_request != L2_HALT_WAKE_BY_INJECTION)
		return skip(x);
	halt_request = 0;
	if (skip(x) != RESUME ||
	    !write_all2(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_HLT, VMCS_ENTRY_INTR_INFO,
			 1u << 31 | INJ_EXTERNAL << 8 | L2_HALT_WAKE_VECTOR,
			 "VMWRITE of the HLT state and the event") ||
	    !hv__vmx_ok(vmwrite(VMCS_GUEST_RFLAGS, hv__vmread(VMCS_GUEST_RFLAGS) | RFLAGS_IF),
			"VMWRITE of RFLAGS.IF"))
		return FINISH;
	return RESUME;
}

static enum verdict io(struct exit_ctx *x)
{
	u64 q = x->qualification;
	u64 *rax = &x->regs->r[VMX_RAX];
	struct hv_stats *s = &x->hv->stats;

	if (IO_PORT(q) == DEBUG_EXIT_PORT && !(q & IO_IN)) {
		s->l2_exited = true;
		s->l2_status = (u32)(*rax & mask(IO_SIZE(q)));
		return FINISH;
	}
	if (IO_PORT(q) == L2_INJECT_PORT && !(q & IO_IN))
		return inject(x, *rax & 0xff);
	if (IO_PORT(q) == L2_HALT_PORT && !(q & IO_IN))
		return halt(x, *rax & 0xff);
	if (IO_PORT(q) == PORT_80) {
		s->port80++;
	} else {
		s->port_other++;
		/* Nothing behind other ports: reads float high.  IN EAX
		 * zero-extends into RAX like every 32-bit destination. */
		if ((q & IO_IN) && !(q & IO_STRING)) {
			s->port_in++;
			*rax = IO_SIZE(q) == 4 ? 0xffffffffu : *rax | mask(IO_SIZE(q));
		}
	}
	return skip(x);
}

static enum verdict ept_violation(struct exit_ctx *x)
{
	struct hv *hv = x->hv;
	u64 gpa = hv__vmread(VMCS_GUEST_PHYSICAL_ADDRESS);

	if (vectoring__exit(hv, gpa))
		return RESUME;
	if (!ept__map_lazy(gpa)) {
		report(false, "EPT violation at L2 gpa 0x%lx (qualification 0x%lx, "
		       "RIP 0x%lx): not lazily mapped L2 memory", gpa,
		       x->qualification, hv__vmread(VMCS_GUEST_RIP));
		return FINISH;
	}
	hv->stats.ept_violations++;
	/* No INVEPT: the entry was not present, and an EPT violation itself
	 * invalidates the mappings that would translate the faulting address
	 * (SDM 29.4.3.1), so the new entry is used when L2 retries. */
	return RESUME;
}

static enum verdict msr(struct exit_ctx *x, bool write)
{
	struct vmx_gprs *r = x->regs;
	u32 msr = (u32)r->r[VMX_RCX];

	if (msr != MSR_IA32_SYSENTER_CS) {
		report(false, "%s of MSR 0x%x, which l1-hv does not intercept",
		       write ? "WRMSR" : "RDMSR", msr);
		return FINISH;
	}
	/* SDM 5.8.6 (WRMSR/RDMSR): EDX:EAX; the upper halves of RAX and RDX
	 * are cleared by RDMSR. */
	if (write) {
		x->hv->sysenter_cs = (r->r[VMX_RDX] << 32) | (u32)r->r[VMX_RAX];
		x->hv->stats.msr_writes++;
	} else {
		r->r[VMX_RAX] = (u32)x->hv->sysenter_cs;
		r->r[VMX_RDX] = x->hv->sysenter_cs >> 32;
		x->hv->stats.msr_reads++;
	}
	return skip(x);
}

static enum verdict on_rdmsr(struct exit_ctx *x)
{
	return msr(x, false);
}

static enum verdict on_wrmsr(struct exit_ctx *x)
{
	return msr(x, true);
}

static enum verdict timer(struct exit_ctx *x)
{
	if (halt_request == L2_HALT_UNTIL_TIMER) {
		/* SDM 28.3.4: the exit saves the HLT state L2 was in. */
		u64 act = hv__vmread(VMCS_GUEST_ACTIVITY_STATE);

		halt_request = 0;
		report(act == ACTIVITY_HLT, "VMX-preemption timer ended L2's HLT state: "
		       "activity state %lu saved (HLT is %u)", act, ACTIVITY_HLT);
		return write_all2(VMCS_GUEST_ACTIVITY_STATE, 0, VMCS_PIN_BASED_CONTROLS,
				   hv__vmread(VMCS_PIN_BASED_CONTROLS) & ~VMX_PIN_PREEMPTION_TIMER,
				   "VMWRITE of the active state") ? RESUME : FINISH;
	}
	x->hv->stats.timer_exits++;
	/* Without "save VMX-preemption timer value" the next entry starts the
	 * timer from the field again (SDM 26.5.1); written anyway, to be
	 * independent of that control. */
	return hv__vmx_ok(vmwrite(VMCS_PREEMPTION_TIMER_VALUE, x->hv->timer),
			  "re-arm the preemption timer") ? RESUME : FINISH;
}

/* SDM 27.7.5: with interrupt-window exiting, a VM exit
 * before the first instruction at which RFLAGS.IF = 1 and no STI or
 * MOV-SS blocking holds: for L2's "STI; NOP; <here>", at <here>. */
static enum verdict interrupt_window(struct exit_ctx *x)
{
	u64 rip = hv__vmread(VMCS_GUEST_RIP);

	report(halt_request == L2_WINDOW && rip == window_rip,
	       "interrupt-window exit at the instruction after STI's shadow (RIP %s)",
	       rip == window_rip ? "as expected" : "elsewhere");
	halt_request = 0;
	return hv__vmx_ok(vmwrite(VMCS_PROC_BASED_CONTROLS, hv__vmread(VMCS_PROC_BASED_CONTROLS) &
				  ~(u64)VMX_PROC_INTR_WINDOW_EXITING), "VMWRITE of the primary controls")
	       ? RESUME : FINISH;
}

static enum verdict external_interrupt(struct exit_ctx *x)
{
	return apic_timer__exit(x->hv, hv__vmread(VMCS_EXIT_INTR_INFO)) ? RESUME : FINISH;
}

static enum verdict triple_fault(struct exit_ctx *x)
{
	report(false, "L2 triple fault at RIP 0x%lx", hv__vmread(VMCS_GUEST_RIP));
	return FINISH;
}

static enum verdict (*const handlers[])(struct exit_ctx *) = {
	[EXIT_REASON_EXTERNAL_INTERRUPT] = external_interrupt,
	[EXIT_REASON_INTERRUPT_WINDOW]	= interrupt_window,
	[EXIT_REASON_TRIPLE_FAULT]	= triple_fault,
	[EXIT_REASON_HLT]		= on_hlt,
	[EXIT_REASON_VMCALL]		= skip,
	[EXIT_REASON_IO_INSTRUCTION]	= io,
	[EXIT_REASON_RDMSR]		= on_rdmsr,
	[EXIT_REASON_WRMSR]		= on_wrmsr,
	[EXIT_REASON_EPT_VIOLATION]	= ept_violation,
	[EXIT_REASON_PREEMPTION_TIMER]	= timer,
};

static enum verdict dispatch(struct exit_ctx *x, u32 reason)
{
	unsigned basic = reason & 0xffff;	/* SDM 25.9.1 */

	if (basic < ARRAY_SIZE(x->hv->stats.exits))
		x->hv->stats.exits[basic]++;
	if (x->hv->attack) {
		switch (attacks__exit(x->hv, reason, x->qualification)) {
		case 1:
			return RESUME;
		case 0:
			return FINISH;
		}
	}
	if (reason & EXIT_REASON_ENTRY_FAILURE) {
		report(false, "VM entry failed: exit reason %u%s, qualification 0x%lx",
		       basic, basic == EXIT_REASON_INVALID_GUEST_STATE ?
		       " (invalid guest state)" : "", x->qualification);
		return FINISH;
	}
	if (basic >= ARRAY_SIZE(handlers) || !handlers[basic]) {
		report(false, "unexpected VM exit, reason %u, qualification 0x%lx, "
		       "RIP 0x%lx", basic, x->qualification, hv__vmread(VMCS_GUEST_RIP));
		return FINISH;
	}
	return handlers[basic](x);
}

/* Called by exit_stub with L2's registers; resumes L2 or ends the run. */
void exits__handle(struct vmx_gprs *regs) __attribute__((noreturn));
void exits__handle(struct vmx_gprs *regs)
{
	struct exit_ctx x = { .hv = the_hv, .regs = regs };
	u32 reason = (u32)hv__vmread(VMCS_EXIT_REASON);

	x.qualification = hv__vmread(VMCS_EXIT_QUALIFICATION);
	if (the_hv->brk) {
		breaks__check_exit(the_hv->brk, reason, x.qualification);
		if (the_hv->all_breaks)
			vmcheck__next_row();
	} else if (dispatch(&x, reason) == RESUME)
		hv__vmx_ok(vmx_enter(regs, false), "VMRESUME");
	hv__finish(the_hv);
}

void exits__attach(struct hv *hv)
{
	the_hv = hv;
}

void exits__run(struct hv *hv, const struct l2_entry *entry)
{
	struct vmx_gprs regs = { .r = { 0 } };
	struct vmx_result r;

	exits__attach(hv);
	hv->launched = true;
	regs.r[VMX_RDI] = entry->rdi;
	r = vmx_enter(&regs, true);
	if (hv->brk) {
		breaks__check_vmfail(hv->brk, r);
	} else {
		hv__vmx_ok(r, "VMLAUNCH");
#ifndef L1_SHIM_NATIVE
		vmcs_dump();	/* L0 explains on its stderr */
#endif
	}
	hv__finish(hv);
}
