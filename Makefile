# SPDX-License-Identifier: GPL-2.0-only
# Turtle: nested VMX over KVM.  `make` builds everything into $(BUILD)/.
#
# Layout-driven: every C file in a library folder goes into that library,
# every tests/unit/<module>/*.c becomes a TAP binary linked against it, so a
# new file needs no Makefile edit.  Guest images are described in
# testvms/build.mk.
#
#   make              L0 (build/turtle), the test guests, the bench tools
#   make check        every test (unit and integration, TAP, prove)
#   make check-sanitize  the same with ASan and UBSan
#   make fuzz         each libFuzzer harness for FUZZ_SECONDS (default 60),
#                     a finding fails (tests/fuzz/build.mk)
#   make bench        the benchmarks (bench/build.mk)
#   make run          boot the hello guest, then a nested one

BUILD    ?= build
CC       ?= gcc
SANITIZE ?=

# Host code: l0 and the three pure libraries.
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wshadow -Wswitch-enum \
               -Wno-unused-parameter -I. -MMD -MP
HOST_LDLIBS := -lcapstone -lunicorn -ljansson -lpthread -lrt -ldl
ifneq ($(SANITIZE),)
HOST_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
HOST_LDFLAGS += -fsanitize=address,undefined
endif

# Pure libraries, in link order (a library may use the ones after it).
LIBS := exit-forwarder vmcs-merge ept-compose

.PHONY: all deps run check check-sanitize bench clean
.PRECIOUS: $(BUILD)/obj/%.o   # keep objects made by chained rules
all: $(BUILD)/turtle guests

deps:
	@./.ci/install-deps

lib_src = $(if $(filter l0,$(1)),$(shell find l0 -name '*.c'),$(wildcard $(1)/*.c))
lib_obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(call lib_src,$(1)))
lib_a   = $(BUILD)/lib/lib$(1).a

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

define LIBRARY
$(call lib_a,$(1)): $(call lib_obj,$(1))
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(LIBS),$(eval $(call LIBRARY,$(l))))

# l0 (in sub-rooms): everything but main.c is a library too, so unit tests
# can link it.
L0_OBJ := $(filter-out $(BUILD)/obj/l0/main.o,$(call lib_obj,l0))
$(call lib_a,l0): $(L0_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_LIB_A := $(call lib_a,l0) $(foreach l,$(LIBS),$(call lib_a,$(l)))

$(BUILD)/turtle: $(BUILD)/obj/l0/main.o $(ALL_LIB_A)
	$(CC) $(HOST_LDFLAGS) $^ $(HOST_LDLIBS) -o $@

# Unit tests: tests/unit/<module>/<name>.c -> $(BUILD)/tests/unit/<module>/<name>.t,
# a pure library's tests linked with the pure libraries only (never l0), l0's
# with everything.
UNIT_SRC   := $(wildcard tests/unit/*/*.c)
UNIT_TESTS := $(patsubst %.c,$(BUILD)/%.t,$(UNIT_SRC))
unit_libs = $(if $(filter l0,$(1)),$(ALL_LIB_A),$(foreach l,$(LIBS),$(call lib_a,$(l))))
define UNIT_TEST
$(BUILD)/tests/unit/$(1)/%.t: $(BUILD)/obj/tests/unit/$(1)/%.o $(call unit_libs,$(1))
	@mkdir -p $$(dir $$@)
	$(CC) $(HOST_LDFLAGS) $$^ $(HOST_LDLIBS) -o $$@
endef
$(foreach m,l0 $(LIBS),$(eval $(call UNIT_TEST,$(m))))

# l1-shim is guest code; its enlightened-VMCS accessors are plain C, so they
# are also built for the host and unit-tested like a pure library.
$(BUILD)/tests/unit/l1-shim/%.t: $(BUILD)/obj/tests/unit/l1-shim/%.o $(BUILD)/obj/l1-shim/evmcs.o \
		$(foreach l,$(LIBS),$(call lib_a,$(l)))
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ $(HOST_LDLIBS) -o $@

include testvms/build.mk
-include $(wildcard testvms/*/build.mk)
-include bench/build.mk
include tests/fuzz/build.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# One guest single level, then L0 -> l1-hv -> l2-hello with the exit
# table of both levels.
run: deps all
	$(BUILD)/turtle run $(BUILD)/testvms/hello.elf -- hello from make run
	$(BUILD)/turtle run --stats - $(BUILD)/testvms/l1-hv-pv.elf \
		--module "$(BUILD)/testvms/l2-hello.elf=hello from make run"

# The tests find the build through TURTLE_BUILD.
check: deps all $(UNIT_TESTS)
	TURTLE_BUILD=$(abspath $(BUILD)) prove --exec '' $(addprefix ./,$(UNIT_TESTS)) ./tests/integration/*.t

# The same tests once more, host code built with ASan and UBSan.
check-sanitize: deps
	$(MAKE) --no-print-directory SANITIZE=1 BUILD=$(BUILD)/sanitize check

clean:
	rm -rf $(BUILD)
