# SPDX-License-Identifier: GPL-2.0-only
# testvms/l1-vmxsuite/build.mk: l1-vmxsuite.elf, a conformance suite for
# the VMX instructions written for hardware (raw instructions, no
# hypercalls, no l1-shim), built from every .c and .S file of this folder
# with the guest flags and library of testvms/build.mk.  README.md lists
# its report lines.

VMXSUITE_SRC := $(wildcard testvms/l1-vmxsuite/*.c testvms/l1-vmxsuite/*.S)
VMXSUITE_OBJ := $(patsubst testvms/%,$(TVM_OBJDIR)/%.o,$(VMXSUITE_SRC))

.SECONDARY: $(VMXSUITE_OBJ)

$(BUILD)/testvms/l1-vmxsuite.elf: $(VMXSUITE_OBJ) $(TVM_LIB_OBJ) testvms/lib/linker.ld
	$(CC) $(TVM_CFLAGS) $(TVM_LDFLAGS) $(filter %.o,$^) -o $@

guests: $(BUILD)/testvms/l1-vmxsuite.elf
