/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/route.c: L0's own interest in an L2 exit, and the
 * decision that puts the two predicates in order (see route.h).
 */
#include <stddef.h>

#include "exit-forwarder/route.h"

static const char *const route_names[EXIT_ROUTE_COUNT] = {
#define X(name, str) [EXIT_ROUTE_##name] = str,
	EXIT_ROUTES(X)
#undef X
};

const char *exit_route__name(enum exit_route route)
{
	return (unsigned)route < EXIT_ROUTE_COUNT ? route_names[route] : NULL;
}

/* Every reason is listed so that -Wswitch-enum flags a reason added to
 * exit_reasons.def until someone decides whether L0 can want it. */
bool exit_route__l0_wants_exit(const struct exit_event *ev,
			       const struct exit_l0_facts *facts)
{
	/* A failed VM entry of vmcs12 is always L1's to handle (SDM 27.8). */
	if (exit_event__entry_failure(ev))
		return false;
	/* L0's timer or kick: whichever reason it surfaced as. */
	if (facts->own_kick)
		return true;

	switch ((enum exit_reason)exit_event__basic(ev)) {
	case EXIT_REASON_IO_INSTRUCTION:
		return facts->port_owned;
	case EXIT_REASON_INTERRUPT_WINDOW:
		return facts->own_intr_window;
	case EXIT_REASON_EPT_VIOLATION:
		return facts->ept_fixable;

	case EXIT_REASON_EXCEPTION_NMI:
	case EXIT_REASON_EXTERNAL_INTERRUPT:
	case EXIT_REASON_TRIPLE_FAULT:
	case EXIT_REASON_INIT_SIGNAL:
	case EXIT_REASON_SIPI:
	case EXIT_REASON_IO_SMI:
	case EXIT_REASON_OTHER_SMI:
	case EXIT_REASON_NMI_WINDOW:
	case EXIT_REASON_TASK_SWITCH:
	case EXIT_REASON_CPUID:
	case EXIT_REASON_GETSEC:
	case EXIT_REASON_HLT:
	case EXIT_REASON_INVD:
	case EXIT_REASON_INVLPG:
	case EXIT_REASON_RDPMC:
	case EXIT_REASON_RDTSC:
	case EXIT_REASON_RSM:
	case EXIT_REASON_VMCALL:
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMXOFF:
	case EXIT_REASON_VMXON:
	case EXIT_REASON_CR_ACCESS:
	case EXIT_REASON_DR_ACCESS:
	case EXIT_REASON_RDMSR:
	case EXIT_REASON_WRMSR:
	case EXIT_REASON_INVALID_GUEST_STATE:
	case EXIT_REASON_MSR_LOAD_FAIL:
	case EXIT_REASON_MWAIT:
	case EXIT_REASON_MONITOR_TRAP_FLAG:
	case EXIT_REASON_MONITOR:
	case EXIT_REASON_PAUSE:
	case EXIT_REASON_MCE_DURING_ENTRY:
	case EXIT_REASON_TPR_BELOW_THRESHOLD:
	case EXIT_REASON_APIC_ACCESS:
	case EXIT_REASON_VIRTUALIZED_EOI:
	case EXIT_REASON_GDTR_IDTR:
	case EXIT_REASON_LDTR_TR:
	case EXIT_REASON_EPT_MISCONFIG:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_RDTSCP:
	case EXIT_REASON_PREEMPTION_TIMER:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_WBINVD:
	case EXIT_REASON_XSETBV:
	case EXIT_REASON_APIC_WRITE:
	case EXIT_REASON_RDRAND:
	case EXIT_REASON_INVPCID:
	case EXIT_REASON_VMFUNC:
	case EXIT_REASON_ENCLS:
	case EXIT_REASON_RDSEED:
	case EXIT_REASON_PML_FULL:
	case EXIT_REASON_XSAVES:
	case EXIT_REASON_XRSTORS:
	case EXIT_REASON_PCONFIG:
	case EXIT_REASON_SPP_EVENT:
	case EXIT_REASON_UMWAIT:
	case EXIT_REASON_TPAUSE:
	case EXIT_REASON_LOADIWKEY:
	case EXIT_REASON_ENCLV:
	case EXIT_REASON_ENQCMD_PASID_FAIL:
	case EXIT_REASON_ENQCMDS_PASID_FAIL:
	case EXIT_REASON_BUS_LOCK:
	case EXIT_REASON_INSTRUCTION_TIMEOUT:
	case EXIT_REASON_SEAMCALL:
	case EXIT_REASON_TDCALL:
	case EXIT_REASON_RDMSRLIST:
	case EXIT_REASON_WRMSRLIST:
		return false;
	}
	return false;	/* a reason L0 does not know is not L0's */
}

enum exit_route exit_route__decide(const struct exit_event *ev,
				   const struct exit_ctls *c,
				   const struct exit_l0_facts *facts,
				   const struct guest_mem *l1_mem)
{
	if (exit_route__l0_wants_exit(ev, facts))
		return EXIT_ROUTE_L0;
	if (exit_route__l1_wants_exit(ev, c, l1_mem))
		return EXIT_ROUTE_L1;
	return EXIT_ROUTE_L0_FOR_L1;
}
