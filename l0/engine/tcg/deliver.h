/* l0/engine/tcg/deliver.h: delivery of an exception or interrupt through
 * the guest's IDT (SDM vol. 3A ch. 6), for the engine that does not do it
 * itself (unicorn reports an exception and stops; L0 delivers it).
 *
 * Pure: the CPU is a struct cpu_state, memory is reached through
 * guest_mem (physical) and the guest's own paging (l0/guest_paging.h), so
 * unit tests drive it with a buffer.  Real mode (IVT), legacy protected
 * mode (32-bit interrupt and trap gates, task gates refused) and IA-32e
 * mode (64-bit gates, IST); privilege change and stack switch through the
 * TSS; error codes; CR2 for #PF; a fault while delivering becomes the
 * exception Table 6-5 says (#DF for two contributory or a page fault and a
 * contributory or page fault), and a fault while delivering #DF is a
 * triple fault (shutdown).
 */
#ifndef L0__ENGINE__TCG__DELIVER_H
#define L0__ENGINE__TCG__DELIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "ept-compose/guest_mem.h"
#include "vmcs-merge/cpu_state.h"

/* The event's origin decides the gate DPL check (SDM 6.12.1.1), whether
 * an error code is pushed and which RIP is saved. */
enum deliver_type {
	DELIVER_EXTERNAL,	/* external interrupt: no DPL check */
	DELIVER_NMI,		/* vector 2 */
	DELIVER_HW_EXCEPTION,	/* fault or trap the CPU raised: no DPL check */
	DELIVER_SW_INT,		/* INT n: gate DPL >= CPL or #GP(vector*8+2) */
	DELIVER_SW_EXCEPTION,	/* INT3, INTO: same DPL check */
	DELIVER_PRIV_SW_EXCEPTION, /* INT1 (ICEBP): no DPL check */
};

struct deliver_event {
	uint8_t vector;
	enum deliver_type type;
	bool has_error;		/* pushed when set (the caller knows the vector) */
	uint32_t error_code;
	uint64_t cr2;		/* #PF: the faulting linear address */
};

enum deliver_outcome {
	DELIVER_DONE,		/* *c is the state at the handler's first instruction */
	DELIVER_SHUTDOWN,	/* triple fault: *c is unspecified */
};

struct deliver_result {
	enum deliver_outcome outcome;
	uint8_t vector;		/* what was delivered in the end (8 after escalation) */
	uint32_t error_code;	/* and its error code, if any */
};

/* Deliver ev to the CPU in *c.  c->rip is the RIP to save (the faulting
 * instruction for a fault, the next one for a trap or INT n). */
struct deliver_result deliver__event(struct cpu_state *c, const struct guest_mem *mem,
				     const struct deliver_event *ev);

#endif /* L0__ENGINE__TCG__DELIVER_H */
