/* SPDX-License-Identifier: GPL-2.0-only */
/* CPL3 round trips; the protocol is described in usermode.h. */
#include "testvms/lib/exceptions.h"
#include "testvms/lib/usermode.h"

#define RFLAGS_FIXED	0x2	/* bit 1 is always set; IF stays clear */

struct user_call {
	jmp_buf env;
	int vector;
	u64 result;
};

static struct user_call call;
static u8 user_stack[16384] __attribute__((aligned(16), noinit));

/* In usermode_entry.S */
void usermode__enter(usermode_fn fn, u64 arg, u64 rsp, u64 rflags)
	__attribute__((noreturn));
extern const char usermode__return_point[];

int usermode__call(usermode_fn fn, u64 arg, u64 *ret)
{
	exception__clear();
	if (setjmp(call.env) == 0)
		usermode__enter(fn, arg, (u64)user_stack + sizeof(user_stack),
				RFLAGS_FIXED);
	/* The exception left SS null and the IRETQ nulled DS and ES. */
	asm volatile("mov %0, %%ds\n\tmov %0, %%es\n\tmov %0, %%ss"
		     :: "r"(KERNEL_DS));
	if (call.vector == NO_EXCEPTION && ret)
		*ret = call.result;
	return call.vector;
}

/* INT3 is a trap: the saved RIP is the byte after it (SDM 6.5). */
bool usermode__is_return(const struct ex_regs *regs)
{
	return regs->vector == BP_VECTOR &&
	       regs->rip == (u64)usermode__return_point;
}

void usermode__trap(struct ex_regs *regs)
{
	if (usermode__is_return(regs)) {
		call.vector = NO_EXCEPTION;
		call.result = regs->rax;
	} else {
		call.vector = regs->vector;
	}
	longjmp(call.env, 1);
}
