/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The common exception handler: returns from CPL3 (usermode.c), fixups for
 * labelled instructions, armed catchers, and a report for the rest.
 */
#include "testvms/lib/desc.h"
#include "testvms/lib/exceptions.h"
#include "testvms/lib/libc.h"
#include "testvms/lib/processor.h"
#include "testvms/lib/usermode.h"

#define UNHANDLED_EXIT	3

struct ex_fixup {
	u64 insn, fixup;
};

struct catcher {
	jmp_buf env;
	struct catcher *outer;
};

extern const struct ex_fixup __ex_table_start[], __ex_table_end[];

static struct exception_info last = { .vector = NO_EXCEPTION };
static struct catcher *catcher;

void exception__clear(void)
{
	last = (struct exception_info){ .vector = NO_EXCEPTION };
}

const struct exception_info *exception__last(void)
{
	return &last;
}

static void record(const struct ex_regs *regs)
{
	last.vector = regs->vector;
	last.error_code = regs->error_code;
	last.rip = regs->rip;
	last.cr2 = regs->vector == PF_VECTOR ? read_cr2() : 0;
}

static const struct ex_fixup *find_fixup(u64 rip)
{
	const struct ex_fixup *f;

	for (f = __ex_table_start; f < __ex_table_end; f++)
		if (f->insn == rip)
			return f;
	return NULL;
}

int exception__catch(void (*fn)(void *), void *arg)
{
	struct catcher c = { .outer = catcher };

	exception__clear();
	if (setjmp(c.env) == 0) {
		catcher = &c;
		fn(arg);
	}
	catcher = c.outer;
	return last.vector;
}

static intr_handler_fn *handlers[NR_VECTORS];

void intr__set_handler(unsigned int vector, intr_handler_fn *fn)
{
	if (vector < NR_VECTORS)
		handlers[vector] = fn;
}

void exception__handle(struct ex_regs *regs)
{
	const struct ex_fixup *f;

	if (regs->vector < NR_VECTORS && handlers[regs->vector]) {
		handlers[regs->vector](regs);
		return;
	}

	if ((regs->cs & 3) == 3) {
		if (!usermode__is_return(regs))
			record(regs);
		usermode__trap(regs);	/* does not return */
	}

	f = find_fixup(regs->rip);
	if (f) {
		record(regs);
		regs->rip = f->fixup;
		return;
	}
	if (catcher) {
		record(regs);
		longjmp(catcher->env, 1);
	}
	printf("unhandled exception %s (vector %lu) error code 0x%lx at RIP 0x%lx",
	       desc__vector_name(regs->vector), regs->vector, regs->error_code,
	       regs->rip);
	if (regs->vector == PF_VECTOR)
		printf(" CR2 0x%lx", read_cr2());
	printf("\n");
	exit(UNHANDLED_EXIT);
}
