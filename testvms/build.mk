# SPDX-License-Identifier: GPL-2.0-only
# testvms/build.mk: the test guest images, included by the top Makefile.
#
# Every testvms/<name>.c is one image, $(BUILD)/testvms/<name>.elf, linked
# with all of testvms/lib/.  Guests get their own flags: freestanding,
# no SSE (KVM's instruction emulator runs their CPL0 code on this host),
# no red zone (exceptions arrive on the current stack), linked at 1 MiB.

TVM_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wshadow -Wswitch-enum \
              -Wno-unused-parameter -I. -MMD -MP \
              -m64 -ffreestanding -fno-pic -fno-pie -mno-red-zone \
              -mgeneral-regs-only -fno-stack-protector -fcf-protection=none \
              -fno-asynchronous-unwind-tables -fno-builtin
TVM_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,testvms/lib/linker.ld \
               -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none

TVM_OBJDIR  := $(BUILD)/testvms/obj
TVM_LIB_SRC := $(wildcard testvms/lib/*.c testvms/lib/*.S)
TVM_LIB_OBJ := $(patsubst testvms/%,$(TVM_OBJDIR)/%.o,$(TVM_LIB_SRC))
TVM_IMAGES  := $(patsubst testvms/%.c,$(BUILD)/testvms/%.elf,$(wildcard testvms/*.c))
TVM_IMG_OBJ := $(patsubst testvms/%.c,$(TVM_OBJDIR)/%.c.o,$(wildcard testvms/*.c))

# Keep the objects make would otherwise delete as intermediates.
.SECONDARY: $(TVM_LIB_OBJ) $(TVM_IMG_OBJ)

.PHONY: guests
guests: $(TVM_IMAGES)

$(TVM_OBJDIR)/%.c.o: testvms/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TVM_CFLAGS) -c $< -o $@

$(TVM_OBJDIR)/%.S.o: testvms/%.S
	@mkdir -p $(dir $@)
	$(CC) $(TVM_CFLAGS) -c $< -o $@

$(BUILD)/testvms/%.elf: $(TVM_OBJDIR)/%.c.o $(TVM_LIB_OBJ) testvms/lib/linker.ld
	$(CC) $(TVM_CFLAGS) $(TVM_LDFLAGS) $(filter %.o,$^) -o $@

-include $(shell find $(TVM_OBJDIR) -name '*.d' 2>/dev/null)
