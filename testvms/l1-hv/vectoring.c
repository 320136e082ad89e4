/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Option vectoring, with l2-inject.elf: every event l1-hv injects exits
 * while it is being delivered.  Before each injection l1-hv takes away
 * the EPT12 mapping of the page the delivery pushes L2's frame onto (the
 * 4 KiB page below GUEST_RSP: L2's stack is in the 4K-mapped first 2 MiB,
 * and its gates use no IST), so delivering the event is an EPT violation,
 * whose IDT-vectoring information describes the event (SDM 28.2.4) and
 * whose instruction-length field holds a software event's length (SDM
 * 28.2.5); the exit clears the entry's valid bit (28.2).  l1-hv checks
 * both against what it injected, maps the page again and injects the
 * event again from them, as a hypervisor does; L2 (l2-inject's own rows)
 * then sees each event once, with the RIP it would have without the exit.
 */
#include "testvms/l1-hv/hv.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/l2_inject.h"
#include "vmcs-merge/cpu_state.h"
#include "vmcs-merge/vmcs12.h"

#define ONE(...)		+ 1
#define L2_INJECTION_COUNT	(0 L2_INJECTIONS(ONE))

#define NMI_UNBLOCKED_BY_IRET	(1u << 12)	/* undefined in IDT-vectoring info */
#define EPT_RWX			0x7ul

static struct {
	u32 info, error, len;	/* the event in flight */
	u64 page;		/* the L2 page taken away, 0: none */
	u64 pte;		/* its EPT12 entry */
	unsigned exits, good;
} v;

void vectoring__arm(struct hv *hv, u32 info, u32 error, u32 len)
{
	u64 rsp, push, *pt = ept__table(1);

	if (!hv->vectoring)
		return;
	rsp = hv__vmread(VMCS_GUEST_RSP);
	push = (rsp & ~0xful) - 8;	/* the frame's first slot (SDM 6.14.2) */
	if (push >= SIZE_2M) {
		report(false, "vectoring: L2's stack at 0x%lx is not in its 4K-mapped 2 MiB", rsp);
		return;
	}
	v.info = info;
	v.error = error;
	v.len = len;
	v.page = push & ~0xffful;
	v.pte = pt[v.page / SIZE_4K];
	pt[v.page / SIZE_4K] = 0;
	/* The entry was present: INVEPT drops what L0 or the CPU cached. */
	invept(VMX_INVEPT_SINGLE_CONTEXT, hv->eptp);
}

bool vectoring__exit(struct hv *hv, u64 gpa)
{
	bool soft = cpu_event__software(v.info);
	u32 idt, err, len;

	if (!hv->vectoring || !v.page || (gpa & ~0xffful) != v.page)
		return false;
	idt = (u32)hv__vmread(VMCS_IDT_VECTORING_INFO);
	err = (u32)hv__vmread(VMCS_IDT_VECTORING_ERROR_CODE);
	len = (u32)hv__vmread(VMCS_EXIT_INSTRUCTION_LEN);
	v.exits++;
	v.good += (idt & ~NMI_UNBLOCKED_BY_IRET) == v.info &&
		  (!(v.info & CPU_EVENT_HAS_ERROR) || err == v.error) && (!soft || len == v.len) &&
		  !((u32)hv__vmread(VMCS_ENTRY_INTR_INFO) & CPU_EVENT_VALID);
	ept__table(1)[v.page / SIZE_4K] = v.pte;
	v.page = 0;
	/* Not present -> present needs no INVEPT (SDM 29.4.3.1). */
	vmwrite(VMCS_ENTRY_INTR_INFO, idt & ~NMI_UNBLOCKED_BY_IRET);
	vmwrite(VMCS_ENTRY_EXCEPTION_ERROR_CODE, err);
	vmwrite(VMCS_ENTRY_INSTRUCTION_LEN, len);
	return true;
}

void vectoring__finish(const struct hv *hv)
{
	if (!hv->vectoring)
		return;
	report(v.exits == L2_INJECTION_COUNT && v.good == v.exits,
	       "vectoring: %u EPT violations during an injected event's delivery, %u with the "
	       "event in the IDT-vectoring information and the entry's valid bit clear "
	       "(want %u)", v.exits, v.good, L2_INJECTION_COUNT);
}
