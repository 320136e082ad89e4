/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/cr_access.c: CLTS, LMSW, MOV to/from CR, SDM 26.1.3,
 * with the guest/host masks and read shadows of SDM 25.6.6 and the
 * CR3-target controls of SDM 25.6.7.
 */
#include "exit-forwarder/cr_access.h"

#define CR0_PE 0x1u
#define CR0_TS 0x8u
#define CR0_MP_EM_TS 0xeu

/* A write exits when it would change a bit L1 owns away from the value
 * L2 believes it has (the read shadow). */
static bool owned_bits_change(uint64_t mask, uint64_t shadow, uint64_t value)
{
	return ((value ^ shadow) & mask) != 0;
}

static bool cr3_load_exits(const struct exit_ctls *c, uint64_t value)
{
	uint32_t n = c->cr3_target_count;

	if (!(c->proc & VMX_PROC_CR3_LOAD_EXITING))
		return false;
	/* A count above 4 fails VM entry; clamp so a bad vmcs12 cannot make
	 * us read past the array. */
	if (n > EXIT_CR3_TARGETS_MAX)
		n = EXIT_CR3_TARGETS_MAX;
	for (uint32_t i = 0; i < n; i++)
		if (c->cr3_target[i] == value)
			return false;
	return true;
}

static bool mov_to_cr_exits(const struct exit_ctls *c, unsigned cr, uint64_t value)
{
	switch (cr) {
	case 0:
		return owned_bits_change(c->cr0_mask, c->cr0_shadow, value);
	case 3:
		return cr3_load_exits(c, value);
	case 4:
		return owned_bits_change(c->cr4_mask, c->cr4_shadow, value);
	case 8:
		return (c->proc & VMX_PROC_CR8_LOAD_EXITING) != 0;
	}
	return true;	/* no such access; let L1 see it */
}

static bool mov_from_cr_exits(const struct exit_ctls *c, unsigned cr)
{
	switch (cr) {
	case 0:
	case 4:
		return false;	/* reads return the shadow, never exit */
	case 3:
		return (c->proc & VMX_PROC_CR3_STORE_EXITING) != 0;
	case 8:
		return (c->proc & VMX_PROC_CR8_STORE_EXITING) != 0;
	}
	return true;
}

/* LMSW cannot clear PE, so PE only matters when LMSW would set it while
 * the shadow has it clear; MP, EM and TS exit on any owned change. */
static bool lmsw_exits(const struct exit_ctls *c, uint64_t source)
{
	if ((c->cr0_mask & CR0_PE) && (source & CR0_PE) && !(c->cr0_shadow & CR0_PE))
		return true;
	return owned_bits_change(c->cr0_mask & CR0_MP_EM_TS, c->cr0_shadow, source);
}

bool cr_access__exits(const struct exit_ctls *c, const struct exit_event *ev)
{
	switch ((enum exit_cr_access)ev->cr.access) {
	case EXIT_CR_MOV_TO:
		return mov_to_cr_exits(c, ev->cr.cr, ev->cr.value);
	case EXIT_CR_MOV_FROM:
		return mov_from_cr_exits(c, ev->cr.cr);
	case EXIT_CR_CLTS:
		/* CLTS clears TS: exits if L1 owns TS and L2 sees it set. */
		return (c->cr0_mask & CR0_TS) && (c->cr0_shadow & CR0_TS);
	case EXIT_CR_LMSW:
		return lmsw_exits(c, ev->cr.value);
	}
	return true;
}
