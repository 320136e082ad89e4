# SPDX-License-Identifier: GPL-2.0-only
# testvms/l1-hv/build.mk: the L1 test hypervisor, built from the same
# sources (testvms/l1-hv and l1-shim), with the guest flags and library of
# testvms/build.mk:
#   l1-hv-raw.elf       raw VMX instructions
#   l1-hv-pv.elf        hypercalls and the enlightened VMCS (-DL1_SHIM_PV)
#   l1-hv-native.elf    raw VMX instructions and no Turtle service at all
#                       (-DL1_SHIM_NATIVE), linked without the shim's
#                       hypercall and enlightened-VMCS files
#   l1-vmcheck.elf      l1-hv-pv whose main.c has -DL1_VMCHECK: every
#                       negative VM-entry test (break=all) by default
#   l1-vmcheck-raw.elf  the same over l1-hv-raw
# Its ELF entry is start32.S, which keeps the multiboot information pointer
# for the modules before the library's _start32 runs.

L1HV_SRC      := $(wildcard testvms/l1-hv/*.c testvms/l1-hv/*.S l1-shim/*.c l1-shim/*.S)
L1HV_FLAVOURS := raw pv native
L1HV_FLAGS_raw :=
L1HV_FLAGS_pv  := -DL1_SHIM_PV
L1HV_FLAGS_native := -DL1_SHIM_NATIVE
L1HV_SRC_native := $(filter-out l1-shim/vmx_common.c l1-shim/vmx_pv.c l1-shim/evmcs.c,$(L1HV_SRC))
L1HV_IMAGES   := $(foreach f,$(L1HV_FLAVOURS),$(BUILD)/testvms/l1-hv-$(f).elf)
l1hv_obj = $(patsubst %,$(TVM_OBJDIR)/l1-hv-$(1)/%.o,$(or $(L1HV_SRC_$(1)),$(L1HV_SRC)))

define L1HV_FLAVOUR
.SECONDARY: $(call l1hv_obj,$(1))

$(TVM_OBJDIR)/l1-hv-$(1)/%.o: %
	@mkdir -p $$(dir $$@)
	$$(CC) $$(TVM_CFLAGS) $$(L1HV_FLAGS_$(1)) -c $$< -o $$@

$(BUILD)/testvms/l1-hv-$(1).elf: $(call l1hv_obj,$(1)) $$(TVM_LIB_OBJ) testvms/lib/linker.ld
	$$(CC) $$(TVM_CFLAGS) $$(TVM_LDFLAGS) -Wl,-e,l1hv_start32 $$(filter %.o,$$^) -o $$@
endef
$(foreach f,$(L1HV_FLAVOURS),$(eval $(call L1HV_FLAVOUR,$(f))))

# l1-vmcheck: a flavour's objects with main.c compiled once more (raw and
# pv: they are for Turtle; native runs break=all as an option).
L1VC_FLAVOURS := raw pv
l1vc_image = $(BUILD)/testvms/l1-vmcheck$(if $(filter raw,$(1)),-raw).elf
l1vc_main  = $(TVM_OBJDIR)/l1-vmcheck-$(1)/testvms/l1-hv/main.c.o
L1VC_IMAGES := $(foreach f,$(L1VC_FLAVOURS),$(call l1vc_image,$(f)))

define L1VC_FLAVOUR
.SECONDARY: $(call l1vc_main,$(1))

$(call l1vc_main,$(1)): testvms/l1-hv/main.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(TVM_CFLAGS) $$(L1HV_FLAGS_$(1)) -DL1_VMCHECK -c $$< -o $$@

$(call l1vc_image,$(1)): $(filter-out %/testvms/l1-hv/main.c.o,$(call l1hv_obj,$(1))) \
		$(call l1vc_main,$(1)) $$(TVM_LIB_OBJ) testvms/lib/linker.ld
	$$(CC) $$(TVM_CFLAGS) $$(TVM_LDFLAGS) -Wl,-e,l1hv_start32 $$(filter %.o,$$^) -o $$@
endef
$(foreach f,$(L1VC_FLAVOURS),$(eval $(call L1VC_FLAVOUR,$(f))))

guests: $(L1HV_IMAGES) $(L1VC_IMAGES)
