/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/engine/tcg/tcg_fault.c: which instruction made a non-canonical access.
 *
 * QEMU 5 does not check canonical form on data accesses; libunicorn 2.0.1
 * then stops with UC_ERR_*_UNMAPPED and RIP at the start of the translated
 * block, not at the instruction, whose predecessors in the block have
 * already run.  L0 decodes the block from there with the registers as they
 * are now (the faulting instruction has not run) and takes the first
 * instruction with a non-canonical memory operand, explicit or the stack:
 * its RIP is the fault's, and through SS (RSP/RBP based, or PUSH/POP/CALL/
 * RET) the fault is #SS(0), else #GP(0) (SDM 3.3.7.1, 6.15).
 */
#include <capstone/capstone.h>
#include <string.h>

#include "l0/cs_gpr.h"
#include "l0/engine/tcg/tcg_fault.h"

#define MAX_INSNS 64		/* a translated block is shorter */

static bool canonical(uint64_t la)
{
	return (uint64_t)((int64_t)(la << 16) >> 16) == la;
}

static bool stack_insn(unsigned id)
{
	switch (id) {
	case X86_INS_PUSH: case X86_INS_POP: case X86_INS_CALL: case X86_INS_RET:
	case X86_INS_PUSHFQ: case X86_INS_POPFQ: case X86_INS_LEAVE: case X86_INS_ENTER:
		return true;
	default:
		return false;
	}
}

/* -1: nothing found (the caller keeps RIP, #GP). */
static int scan(csh cs, const uint8_t *code, size_t len, const struct cpu_state *c,
		struct tcg_fault *out)
{
	const uint8_t *p = code;
	uint64_t rip = c->rip;
	cs_insn *insn = cs_malloc(cs);
	int found = -1;

	for (unsigned n = 0; insn && n < MAX_INSNS && found < 0; n++) {
		const cs_x86 *x;

		if (!cs_disasm_iter(cs, &p, &len, &rip, insn))
			break;
		x = &insn->detail->x86;
		if (stack_insn(insn->id) && !canonical(c->gpr[CPU_RSP])) {
			*out = (struct tcg_fault){ insn->address, true };
			found = 0;
			break;
		}
		for (unsigned i = 0; i < x->op_count; i++) {
			const cs_x86_op *o = &x->operands[i];
			uint64_t ea;
			bool kb, ki;

			if (o->type != X86_OP_MEM || insn->id == X86_INS_LEA ||
			    insn->id == X86_INS_NOP)
				continue;
			ea = cs_gpr__value(c, o->mem.base, &kb) +
			     cs_gpr__value(c, o->mem.index, &ki) * (uint64_t)o->mem.scale +
			     (uint64_t)o->mem.disp;
			if (o->mem.base == X86_REG_RIP)
				ea = rip + (uint64_t)o->mem.disp, kb = true;
			if (!kb || !ki || canonical(ea))
				continue;
			*out = (struct tcg_fault){
				insn->address,
				o->mem.segment == X86_REG_SS || o->mem.base == X86_REG_RSP ||
				o->mem.base == X86_REG_RBP,
			};
			found = 0;
			break;
		}
		if (cs_insn_group(cs, insn, CS_GRP_JUMP) || cs_insn_group(cs, insn, CS_GRP_CALL) ||
		    cs_insn_group(cs, insn, CS_GRP_RET))
			break;
	}
	if (insn)
		cs_free(insn, 1);
	return found;
}

int tcg_fault__noncanonical(const struct cpu_state *c, const uint8_t *code, size_t len,
			    struct tcg_fault *out)
{
	csh cs;
	int rc;

	*out = (struct tcg_fault){ c->rip, false };
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return -1;
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	rc = scan(cs, code, len, c, out);
	cs_close(&cs);
	return rc;
}
