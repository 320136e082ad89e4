/* SPDX-License-Identifier: GPL-2.0-only */
/* exit-forwarder/exception_bitmap.c: exceptions, SDM 26.2 and the
 * exception bitmap of SDM 25.6.3.
 */
#include "exit-forwarder/exception_bitmap.h"

#define EXCEPTION_VECTORS 32

bool exception_bitmap__exits(const struct exit_ctls *c, unsigned vector,
			     uint32_t error_code)
{
	/* Exceptions use vectors 0-31; anything else is not an exception
	 * the bitmap can describe, so L1 gets to see it. */
	if (vector >= EXCEPTION_VECTORS)
		return true;

	bool bit = (c->exception_bitmap >> vector) & 1;

	if (vector != EXIT_VECTOR_PF)
		return bit;
	/* SDM 26.2: a #PF whose error code matches (ec & mask == match)
	 * exits iff bit 14 is 1; one that does not match exits iff bit 14
	 * is 0. */
	if ((error_code & c->pf_ec_mask) == c->pf_ec_match)
		return bit;
	return !bit;
}

uint32_t exception_bitmap__effective(const struct exit_ctls *c)
{
	uint32_t pf = 1u << EXIT_VECTOR_PF;
	uint32_t eff = c->exception_bitmap & ~pf;
	bool some_match, some_mismatch;

	/* A matching error code exists unless match has a bit outside the
	 * mask; a mismatching one exists unless mask and match are both 0
	 * (then every error code matches). */
	some_match = (c->pf_ec_match & ~c->pf_ec_mask) == 0;
	some_mismatch = c->pf_ec_mask != 0 || c->pf_ec_match != 0;
	if (c->exception_bitmap & pf ? some_match : some_mismatch)
		eff |= pf;
	return eff;
}
