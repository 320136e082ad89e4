/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From what an instruction did to one report line.  SDM 31.2: VMsucceed
 * clears CF, PF, AF, ZF, SF and OF; VMfailInvalid sets CF and clears the
 * others; VMfailValid sets ZF, clears the others and stores an error
 * number (31.4, Table 31-1) in the VM-instruction error field of the
 * current VMCS.  raw.h sets all six flags before each instruction, so a
 * flag the instruction forgot to clear shows here.
 *
 * A passing line shows only what was expected, never an address or a
 * value that differs between runs, so that two runs (Bochs, Turtle) can
 * be compared line by line.
 */
#include "testvms/l1-vmxsuite/suite.h"
#include "testvms/lib/guest.h"
#include "vmcs-merge/vmcs12.h"

/* Exceptions that push an error code (SDM 6.13, Table 6-1). */
static bool has_error_code(unsigned vector)
{
	switch (vector) {
	case DF_VECTOR: case TS_VECTOR: case NP_VECTOR: case SS_VECTOR:
	case GP_VECTOR: case PF_VECTOR: case AC_VECTOR:
		return true;
	default:
		return false;
	}
}

struct expect expect__classify(struct raw_result r)
{
	u64 status = r.rflags & RFLAGS_STATUS, err = ~0ul;

	if (r.vector != NO_EXCEPTION)
		return FAULT_EC(r.vector, has_error_code(r.vector) ? r.error_code : 0);
	if (status == 0)
		return SUCCEED;
	if (status == RFLAGS_CF)
		return FAIL_INVALID;
	if (status == RFLAGS_ZF) {
		/* A VMREAD may itself fail: then ~0 stays, "unreadable". */
		raw_vmread(VMCS_VM_INSTRUCTION_ERROR, &err);
		return FAIL_VALID((unsigned)err);
	}
	return (struct expect){ EXP_ODD_FLAGS, 0, r.rflags };
}

void expect__format(struct expect e, char *buf, size_t size)
{
	switch (e.kind) {
	case EXP_SUCCEED:
		snprintf(buf, size, "VMsucceed");
		break;
	case EXP_FAIL_INVALID:
		snprintf(buf, size, "VMfailInvalid");
		break;
	case EXP_FAIL_VALID:
		if (e.n == ~0u)
			snprintf(buf, size, "VMfailValid (error field unreadable)");
		else
			snprintf(buf, size, "VMfailValid(%u)", e.n);
		break;
	case EXP_FAULT:
		if (has_error_code(e.n) && e.error_code == 0)
			snprintf(buf, size, "%s(0)", desc__vector_name(e.n));
		else if (has_error_code(e.n))
			snprintf(buf, size, "%s(0x%lx)", desc__vector_name(e.n),
				 e.error_code);
		else
			snprintf(buf, size, "%s", desc__vector_name(e.n));
		break;
	case EXP_ODD_FLAGS:
		snprintf(buf, size, "no VMX outcome (RFLAGS 0x%lx)", e.error_code);
		break;
	}
}

static bool same_outcome(struct expect a, struct expect b)
{
	if (a.kind != b.kind)
		return false;
	switch (a.kind) {
	case EXP_SUCCEED:
	case EXP_FAIL_INVALID:
		return true;
	case EXP_FAIL_VALID:
		return a.n == b.n;
	case EXP_FAULT:
		return a.n == b.n && (!has_error_code(a.n) || a.error_code == b.error_code);
	case EXP_ODD_FLAGS:
		return false;
	}
	return false;
}

static bool line(struct raw_result r, struct expect want, const struct expect *known,
		  bool extra, const char *extra_what, const char *fmt, va_list ap)
{
	char what[160], want_s[48], got_s[64];
	struct expect got = expect__classify(r);
	bool same = same_outcome(got, want), pass = same && extra;

	vsnprintf(what, sizeof(what), fmt, ap);
	expect__format(want, want_s, sizeof(want_s));
	if (pass) {
		report(true, "%s: %s", what, want_s);
	} else if (!same) {
		expect__format(got, got_s, sizeof(got_s));
		report_kfail(known && same_outcome(got, *known), false,
			     "%s: %s expected, got %s%s", what, want_s, got_s,
			     known && same_outcome(got, *known) ? " (known deviation)" : "");
	} else {
		report(false, "%s: %s, but not %s", what, want_s, extra_what);
	}
	return pass;
}

bool expect(struct raw_result r, struct expect want, const char *fmt, ...)
{
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = line(r, want, NULL, true, NULL, fmt, ap);
	va_end(ap);
	return pass;
}

bool expect_known(struct raw_result r, struct expect want, struct expect known,
		  const char *fmt, ...)
{
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = line(r, want, &known, true, NULL, fmt, ap);
	va_end(ap);
	return pass;
}

bool expect_and(struct raw_result r, struct expect want, bool extra,
		const char *extra_what, const char *fmt, ...)
{
	va_list ap;
	bool pass;

	va_start(ap, fmt);
	pass = line(r, want, NULL, extra, extra_what, fmt, ap);
	va_end(ap);
	return pass;
}
