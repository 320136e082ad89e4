# SPDX-License-Identifier: GPL-2.0-only
# tests/fuzz/build.mk: the libFuzzer harnesses, included by the top Makefile.
#
#   make fuzz [FUZZ_SECONDS=60]   builds each harness with Debian's clang
#                                 (-fsanitize=fuzzer,address,undefined) and
#                                 runs it for FUZZ_SECONDS; any finding
#                                 (crash, leak, UB, timeout, over budget) fails
#   make fuzz-NAME                one harness
#
# One harness per file tests/fuzz/NAME.c; the sources it fuzzes are listed
# here (FUZZ_SRC_NAME), compiled apart with clang so that libFuzzer sees
# their coverage.  Seeds: tests/fuzz/corpus/NAME/ (tests/fuzz/mkseeds
# writes them); dictionary: tests/fuzz/NAME.dict, or one made here.  What libFuzzer adds to the corpus
# goes to $(BUILD)/fuzz/corpus/NAME, findings to $(BUILD)/fuzz/findings/.

FUZZ_CC      := clang
# libFuzzer's runtime is only recommended by Debian 12's clang (14).
FUZZ_DEPS    := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -I. \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer -MMD -MP
FUZZ_OUT     := $(BUILD)/fuzz

FUZZ_HARNESSES     := ept vmx decode loader options
FUZZ_SRC_ept       := $(wildcard ept-compose/*.c)
FUZZ_SRC_vmx       := $(wildcard vmcs-merge/*.c ept-compose/*.c)
FUZZ_SRC_decode    := l0/nested/vmx_decode.c
FUZZ_LIBS_decode   := -lcapstone
FUZZ_SRC_loader    := l0/boot/loader.c l0/boot/loader_status.c l0/boot/elf.c l0/error.c
FUZZ_SRC_options   := l0/cli/options.c l0/engine/engine.c l0/error.c
FUZZ_LIBS_options  := -lm
FUZZ_DICT_options  := $(FUZZ_OUT)/options.dict

.PHONY: fuzz fuzz-deps $(addprefix fuzz-,$(FUZZ_HARNESSES))

fuzz-deps:
	@./.ci/install-deps $(FUZZ_DEPS)

# The options' names, from the one list of them.
$(FUZZ_OUT)/options.dict: tests/fuzz/options.dict l0/cli/options.def
	@mkdir -p $(dir $@)
	cat $< > $@
	sed -n 's/^X([A-Z0-9_]*, *"\([^"]*\)".*/"--\1"/p' l0/cli/options.def >> $@

# The libraries' objects: coverage for libFuzzer, without its main.
$(FUZZ_OUT)/obj/%.o: %.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

define FUZZ_HARNESS
$(FUZZ_OUT)/fuzz-$(1): $(FUZZ_OUT)/obj/tests/fuzz/$(1).o $(FUZZ_DICT_$(1)) \
		$(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_SRC_$(1)))
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $$(filter %.o,$$^) $(FUZZ_LIBS_$(1)) -o $$@

fuzz-$(1): $(FUZZ_OUT)/fuzz-$(1)
	tests/fuzz/run $(FUZZ_OUT) $(1) $(FUZZ_SECONDS)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call FUZZ_HARNESS,$(h))))

# One harness at a time, each for its FUZZ_SECONDS; every one runs, so that
# a finding in one does not hide another's.
fuzz: $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_OUT)/fuzz-$(h))
	@failed=""; for h in $(FUZZ_HARNESSES); do \
		tests/fuzz/run $(FUZZ_OUT) $$h $(FUZZ_SECONDS) || failed="$$failed $$h"; done; \
	if [ -n "$$failed" ]; then echo "make fuzz: findings in:$$failed" >&2; exit 1; fi
-include $(shell find $(FUZZ_OUT)/obj -name '*.d' 2>/dev/null)
