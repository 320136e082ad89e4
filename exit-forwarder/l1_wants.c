/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/l1_wants.c: would this L2 exit happen on hardware running
 * L2 under L1's vmcs12?  SDM 26.1.2 (instructions that exit
 * unconditionally), 26.1.3 (conditionally), 26.2 (other causes).
 *
 * One case per basic reason; families with more than a control bit to
 * test have their own file (io_bitmap, msr_bitmap, exception_bitmap,
 * cr_access).  An exit that would not happen on hardware is still one
 * KVM gave L0, so L0 completes it for L2 as the CPU would have.
 */
#include "exit-forwarder/cr_access.h"
#include "exit-forwarder/exception_bitmap.h"
#include "exit-forwarder/io_bitmap.h"
#include "exit-forwarder/msr_bitmap.h"
#include "exit-forwarder/route.h"

static bool exception_or_nmi(const struct exit_ctls *c, const struct exit_event *ev)
{
	switch ((enum exit_intr_type)ev->intr.type) {
	case EXIT_INTR_NMI:
		return (c->pin & VMX_PIN_NMI_EXITING) != 0;
	case EXIT_INTR_HW_EXCEPTION:
	case EXIT_INTR_PRIV_SW_EXCEPTION:	/* INT1 uses bit 1 */
	case EXIT_INTR_SW_EXCEPTION:		/* INT3, INTO use bits 3, 4 */
		return exception_bitmap__exits(c, ev->intr.vector, ev->intr.error_code);
	case EXIT_INTR_EXTERNAL:
	case EXIT_INTR_SW_INTERRUPT:
		break;	/* never reported under this reason */
	}
	return true;
}

static bool on(uint32_t controls, int bit)
{
	return (controls & (uint32_t)bit) != 0;
}

bool exit_route__l1_wants_exit(const struct exit_event *ev,
			       const struct exit_ctls *c,
			       const struct guest_mem *l1_mem)
{
	uint32_t proc2 = exit_ctls__proc2(c);

	/* A failed entry into L2 is reported to L1, SDM 27.8. */
	if (exit_event__entry_failure(ev))
		return true;

	switch ((enum exit_reason)exit_event__basic(ev)) {
	/* SDM 26.1.2 and 26.2: no control can stop these. */
	case EXIT_REASON_TRIPLE_FAULT:
	case EXIT_REASON_INIT_SIGNAL:
	case EXIT_REASON_SIPI:
	case EXIT_REASON_IO_SMI:
	case EXIT_REASON_OTHER_SMI:
	case EXIT_REASON_TASK_SWITCH:
	case EXIT_REASON_CPUID:
	case EXIT_REASON_GETSEC:
	case EXIT_REASON_INVD:
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
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_XSETBV:
	case EXIT_REASON_VMFUNC:	/* only a failing VMFUNC exits */
	case EXIT_REASON_SEAMCALL:
	case EXIT_REASON_TDCALL:
	case EXIT_REASON_INVALID_GUEST_STATE:
	case EXIT_REASON_MSR_LOAD_FAIL:
	case EXIT_REASON_MCE_DURING_ENTRY:
		return true;
	/* Controlled by state this view does not carry (tertiary controls,
	 * MSR lists): let L1 decide. */
	case EXIT_REASON_LOADIWKEY:
	case EXIT_REASON_ENQCMD_PASID_FAIL:
	case EXIT_REASON_ENQCMDS_PASID_FAIL:
	case EXIT_REASON_RDMSRLIST:
	case EXIT_REASON_WRMSRLIST:
		return true;

	/* Families with their own rules. */
	case EXIT_REASON_EXCEPTION_NMI:
		return exception_or_nmi(c, ev);
	case EXIT_REASON_CR_ACCESS:
		return cr_access__exits(c, ev);
	case EXIT_REASON_IO_INSTRUCTION:
		return io_bitmap__exits(c, l1_mem, ev->io.port, ev->io.size);
	case EXIT_REASON_RDMSR:
	case EXIT_REASON_WRMSR:
		return msr_bitmap__exits(c, l1_mem, ev->msr.index,
					 exit_event__basic(ev) == EXIT_REASON_WRMSR);

	/* SDM 26.1.3 and 26.2: one control each. */
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		return on(c->pin, VMX_PIN_EXTINT_EXITING);
	case EXIT_REASON_PREEMPTION_TIMER:
		return on(c->pin, VMX_PIN_PREEMPTION_TIMER);
	case EXIT_REASON_INTERRUPT_WINDOW:
		return on(c->proc, VMX_PROC_INTR_WINDOW_EXITING);
	case EXIT_REASON_NMI_WINDOW:
		return on(c->proc, VMX_PROC_NMI_WINDOW_EXITING);
	case EXIT_REASON_HLT:
		return on(c->proc, VMX_PROC_HLT_EXITING);
	case EXIT_REASON_INVLPG:
		return on(c->proc, VMX_PROC_INVLPG_EXITING);
	case EXIT_REASON_RDPMC:
		return on(c->proc, VMX_PROC_RDPMC_EXITING);
	case EXIT_REASON_RDTSC:
		return on(c->proc, VMX_PROC_RDTSC_EXITING);
	case EXIT_REASON_DR_ACCESS:
		return on(c->proc, VMX_PROC_MOV_DR_EXITING);
	case EXIT_REASON_MWAIT:
		return on(c->proc, VMX_PROC_MWAIT_EXITING);
	case EXIT_REASON_MONITOR:
		return on(c->proc, VMX_PROC_MONITOR_EXITING);
	case EXIT_REASON_MONITOR_TRAP_FLAG:
		return on(c->proc, VMX_PROC_MONITOR_TRAP_FLAG);
	case EXIT_REASON_TPR_BELOW_THRESHOLD:
		return on(c->proc, VMX_PROC_USE_TPR_SHADOW);
	case EXIT_REASON_PAUSE:
		/* L0 detects loops itself, so either control asks for it. */
		return on(c->proc, VMX_PROC_PAUSE_EXITING) ||
		       on(proc2, VMX_PROC2_PAUSE_LOOP_EXITING);
	case EXIT_REASON_APIC_ACCESS:
		return on(proc2, VMX_PROC2_VIRT_APIC_ACCESSES);
	case EXIT_REASON_VIRTUALIZED_EOI:
		return on(proc2, VMX_PROC2_VIRT_INTR_DELIVERY);
	case EXIT_REASON_APIC_WRITE:
		return on(proc2, VMX_PROC2_APIC_REGISTER_VIRT);
	case EXIT_REASON_GDTR_IDTR:
	case EXIT_REASON_LDTR_TR:
		return on(proc2, VMX_PROC2_DESC_TABLE_EXITING);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		/* Without EPT in vmcs12 the gpa is L1's own: L0's business. */
		return on(proc2, VMX_PROC2_ENABLE_EPT);
	case EXIT_REASON_WBINVD:
		return on(proc2, VMX_PROC2_WBINVD_EXITING);
	case EXIT_REASON_RDRAND:
		return on(proc2, VMX_PROC2_RDRAND_EXITING);
	case EXIT_REASON_RDSEED:
		return on(proc2, VMX_PROC2_RDSEED_EXITING);
	case EXIT_REASON_PML_FULL:
		return on(proc2, VMX_PROC2_ENABLE_PML);
	case EXIT_REASON_SPP_EVENT:
		return on(proc2, VMX_PROC2_SUBPAGE_WRITE_PERM);
	case EXIT_REASON_BUS_LOCK:
		return on(proc2, VMX_PROC2_BUS_LOCK_DETECTION);
	case EXIT_REASON_INSTRUCTION_TIMEOUT:
		return on(proc2, VMX_PROC2_INSTRUCTION_TIMEOUT);
	/* These also consult an exiting bitmap this view does not carry
	 * (XSS, ENCLS, ENCLV, PCONFIG); with the control set, assume L1
	 * wants the exit. */
	case EXIT_REASON_XSAVES:
	case EXIT_REASON_XRSTORS:
		return on(proc2, VMX_PROC2_ENABLE_XSAVES);
	case EXIT_REASON_ENCLS:
		return on(proc2, VMX_PROC2_ENCLS_EXITING);
	case EXIT_REASON_ENCLV:
		return on(proc2, VMX_PROC2_ENABLE_ENCLV_EXITING);
	case EXIT_REASON_PCONFIG:
		return on(proc2, VMX_PROC2_ENABLE_PCONFIG);

	/* SDM 26.1.3: two controls, both needed. */
	case EXIT_REASON_RDTSCP:
		return on(c->proc, VMX_PROC_RDTSC_EXITING) &&
		       on(proc2, VMX_PROC2_ENABLE_RDTSCP);
	case EXIT_REASON_INVPCID:
		return on(c->proc, VMX_PROC_INVLPG_EXITING) &&
		       on(proc2, VMX_PROC2_ENABLE_INVPCID);
	case EXIT_REASON_UMWAIT:
	case EXIT_REASON_TPAUSE:
		return on(c->proc, VMX_PROC_RDTSC_EXITING) &&
		       on(proc2, VMX_PROC2_ENABLE_USER_WAIT_PAUSE);
	}
	return true;	/* a reason this library does not know: L1's */
}
