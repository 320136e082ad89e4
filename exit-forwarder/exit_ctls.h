/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exit_ctls.h: the inputs of a routing decision besides
 * the event itself.
 *
 * struct exit_ctls is the slice of vmcs12 that decides whether L1 wants an
 * exit; L0 fills it from its vmcs12 copy (field names follow SDM 25.6).
 * The bitmaps stay in L1 memory and are read through guest_mem at each
 * exit: L1 may rewrite them while L2 runs, and hardware consults them at
 * each access (SDM 25.6.4, 25.6.9), so a copy taken at VM entry would go
 * stale.
 *
 * struct exit_l0_facts is what L0 knows about this particular exit that
 * vmcs12 cannot tell: whether the exit is L0's own business.
 */
#ifndef EXIT_FORWARDER__EXIT_CTLS_H
#define EXIT_FORWARDER__EXIT_CTLS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs-merge/vmx_controls.h"

#define EXIT_CR3_TARGETS_MAX 4		/* SDM 25.6.7: at most 4 are supported */

struct exit_ctls {
	uint32_t pin;			/* pin-based controls, SDM 25.6.1 */
	uint32_t proc;			/* primary processor-based, SDM 25.6.2 */
	uint32_t proc2;			/* secondary; ignored unless proc activates it */

	uint32_t exception_bitmap;	/* SDM 25.6.3 */
	uint32_t pf_ec_mask;
	uint32_t pf_ec_match;

	uint64_t cr0_mask;		/* guest/host masks and read shadows, SDM 25.6.6 */
	uint64_t cr0_shadow;
	uint64_t cr4_mask;
	uint64_t cr4_shadow;
	uint32_t cr3_target_count;	/* SDM 25.6.7 */
	uint64_t cr3_target[EXIT_CR3_TARGETS_MAX];

	uint64_t io_bitmap_a;		/* L1 gpa, ports 0x0000-0x7fff, SDM 25.6.4 */
	uint64_t io_bitmap_b;		/* L1 gpa, ports 0x8000-0xffff */
	uint64_t msr_bitmap;		/* L1 gpa, SDM 25.6.9 */
};

struct exit_l0_facts {
	/* L0 itself caused the exit: its timer signal or a kick to run
	 * something else.  Whatever reason L0 mapped it to, L1 never asked. */
	bool own_kick;
	/* An interrupt window L0 opened to inject an event of its own. */
	bool own_intr_window;
	/* An EPT violation on a gpa that EPT12 maps but EPT02 does not yet
	 * (lazy composition): L0 adds the mapping and re-enters L2. */
	bool ept_fixable;
	/* An I/O port L0 must serve whatever L1's bitmaps say (e.g. the
	 * debug-exit port of the test guests). */
	bool port_owned;
};

struct vmcs12;

/* The slice of @v that routing reads (SDM 25.6). */
void exit_ctls__from_vmcs12(const struct vmcs12 *v, struct exit_ctls *c);

/* SDM 25.6.2: with "activate secondary controls" 0 the processor behaves
 * as if every secondary control were 0, whatever the field holds. */
static inline uint32_t exit_ctls__proc2(const struct exit_ctls *c)
{
	return (c->proc & (uint32_t)VMX_PROC_SECONDARY_CONTROLS) ? c->proc2 : 0;
}

#endif /* EXIT_FORWARDER__EXIT_CTLS_H */
