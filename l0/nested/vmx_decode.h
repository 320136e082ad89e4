/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/nested/vmx_decode.h: decoding the VMX instructions L1 (or L2) executes.
 *
 * On this host a VMX instruction at CPL0 exits to userspace as an emulation
 * failure carrying its raw bytes (host-facts.md).  capstone turns the bytes
 * into an operation and operands; this file turns capstone's view into the
 * SDM's: the GPR numbers and memory-operand parts that the VM-exit
 * instruction-information field encodes (SDM 28.2.5).
 */
#ifndef L0__VMX_DECODE_H
#define L0__VMX_DECODE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmcs-merge/cpu_state.h"

#define VMX_OPS(X)                                                  \
	X(VMXON) X(VMXOFF) X(VMCLEAR) X(VMPTRLD) X(VMPTRST) X(VMREAD) \
	X(VMWRITE) X(VMLAUNCH) X(VMRESUME) X(INVEPT) X(INVVPID)       \
	X(VMFUNC) X(VMCALL)

enum vmx_op {
#define VMX_OP_ENUM(name) VMX_OP_##name,
	VMX_OPS(VMX_OP_ENUM)
#undef VMX_OP_ENUM
	VMX_OP_COUNT,
	VMX_OP_NONE = VMX_OP_COUNT,   /* not a VMX instruction */
};

enum vmx_operand_kind { VMX_OPND_NONE, VMX_OPND_REG, VMX_OPND_MEM };

struct vmx_operand {
	enum vmx_operand_kind kind;
	uint8_t size;            /* operand size in bytes */
	uint8_t reg;             /* REG: GPR number, 0 = RAX ... 15 = R15 */
	struct {
		int8_t base, index;  /* GPR numbers, -1 when absent */
		uint8_t scale;       /* 1, 2, 4 or 8 */
		uint8_t seg;         /* SEG_* (the default one filled in) */
		uint8_t addr_size;   /* 2, 4 or 8 bytes */
		bool rip_relative;   /* disp counts from the next instruction */
		int64_t disp;
	} mem;
};

/*
 * Operands in SDM order:  VMREAD  [0] = destination r/m, [1] = field reg;
 * VMWRITE [0] = field reg, [1] = source r/m;  INVEPT/INVVPID [0] = type reg,
 * [1] = descriptor in memory;  VMXON/VMCLEAR/VMPTRLD/VMPTRST [0] = memory.
 */
struct vmx_insn {
	enum vmx_op op;
	uint8_t len;
	struct vmx_operand opnd[2];
};

/* One capstone handle, opened once and kept for its owner's life (one per
 * struct nested: a handle opened per decode cost ~70,000 instructions of
 * L0's ~600,000 per reflected exit on the raw path, callgrind). */
struct vmx_decoder {
	size_t handle;		/* capstone's csh */
	int mode_bits;		/* the mode the handle is set to; 0: not open */
};

int vmx_decode__open(struct vmx_decoder *d);
void vmx_decode__close(struct vmx_decoder *d);

/* mode_bits: 16, 32 or 64 (from L1's CS).  0 when decoded, -1 when the
 * bytes are not a VMX instruction we know. */
int vmx_decode__bytes(struct vmx_decoder *d, const uint8_t *bytes, size_t len, int mode_bits,
		      struct vmx_insn *out);

const char *vmx_decode__op_name(enum vmx_op op);

/* SDM 28.2.5: the VM-exit instruction-information field for this
 * instruction (Tables 28-13, 28-14, 28-15), and the exit qualification
 * (the memory operand's displacement, 28.2.1), for reflecting to L1. */
uint32_t vmx_decode__instruction_info(const struct vmx_insn *insn);
uint64_t vmx_decode__qualification(const struct vmx_insn *insn);

#endif /* L0__VMX_DECODE_H */
