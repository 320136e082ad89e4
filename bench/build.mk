# SPDX-License-Identifier: GPL-2.0-only
# bench/build.mk: the benchmarks, included by the top Makefile.
#
#   $(BUILD)/bench/bench-ops.elf   the timed workloads (bench/workloads.def),
#                                  with testvms/lib: single level or as L2
#   $(BUILD)/bench/cpl0.elf        the CPL0 loops (bench/cpl0.def): an L1's
#                                  own code, per engine, single level
#   $(BUILD)/bench/l1-hv-bochs.elf l1-hv-raw whose CR4.VMXE is a MOV to CR4
#                                  (bench/guest/bochs_vmx.c), for Bochs' VMX
#   $(BUILD)/bench/tsc-hz          host TSC frequency, to turn cycles into ns
#   $(BUILD)/bench/kvm-rtt         one bare KVM_RUN round trip, in ns
#
# `make bench` installs what the peer and the plots need, builds, and runs
# bench/run, which writes bench/results/ (JSON, table.md, PNG plots).

BENCH_DEPS := bochs bochsbios vgabios grub-pc-bin grub-common xorriso mtools gnuplot-nox
BENCH_OUT  := $(BUILD)/bench
BENCH_OBJ  := $(BENCH_OUT)/obj

BENCH_IMAGES := $(BENCH_OUT)/bench-ops.elf $(BENCH_OUT)/cpl0.elf
BENCH_TOOLS  := $(BENCH_OUT)/tsc-hz $(BENCH_OUT)/kvm-rtt
# l1-hv-bochs reuses l1-hv's raw objects (testvms/l1-hv/build.mk).
ifdef l1hv_obj
BENCH_IMAGES += $(BENCH_OUT)/l1-hv-bochs.elf
endif

.PHONY: bench bench-guests
.SECONDARY: $(patsubst bench/%.c,$(BENCH_OBJ)/%.c.o,$(wildcard bench/guest/*.c))
guests: $(BENCH_IMAGES)
bench-guests: $(BENCH_IMAGES) $(BENCH_TOOLS)
all: $(BENCH_TOOLS)

$(BENCH_OBJ)/%.c.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TVM_CFLAGS) -c $< -o $@

$(BENCH_OUT)/%.elf: $(BENCH_OBJ)/guest/%.c.o $(BENCH_OBJ)/guest/phase.c.o $(TVM_LIB_OBJ) \
		testvms/lib/linker.ld
	$(CC) $(TVM_CFLAGS) $(TVM_LDFLAGS) $(filter %.o,$^) -o $@

$(BENCH_OUT)/l1-hv-bochs.elf: $(filter-out %/l1-shim/vmx_common.c.o,$(call l1hv_obj,raw)) \
		$(BENCH_OBJ)/guest/bochs_vmx.c.o $(TVM_LIB_OBJ) testvms/lib/linker.ld
	$(CC) $(TVM_CFLAGS) $(TVM_LDFLAGS) -Wl,-e,l1hv_start32 $(filter %.o,$^) -o $@

$(BENCH_OUT)/tsc-hz: bench/tsc_hz.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(HOST_CFLAGS)) $< -o $@

$(BENCH_OUT)/kvm-rtt: bench/kvm_rtt.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(HOST_CFLAGS)) $< -o $@

# Headers and .def lists the guests include.
-include $(shell find $(BENCH_OBJ) -name '*.d' 2>/dev/null)

# Packages first (the peer and gnuplot), then the build, then the run.
bench:
	@./.ci/install-deps $(BENCH_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(BUILD) all bench-guests
	bench/run --build $(BUILD) --out bench/results $(BENCH_ARGS)
