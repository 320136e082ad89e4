/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/loader.c: the ELF/Multiboot loader (l0/boot/) over any image,
 * with two modules, into RAM of OPTIONS__MEM_MIN bytes (the smallest
 * --mem: where the range checks bite).  RAM is a heap block of exactly
 * that size, so ASan sees any write beyond it.  Findings beyond the
 * sanitizers': an image accepted with its entry, segments, modules or boot
 * information outside RAM, or refused without a message.
 *
 * Input: the image. */
#include "tests/fuzz/fuzz.h"
#include "l0/boot/loader.h"
#include "l0/cli/options.h"

#define RAM_SIZE OPTIONS__MEM_MIN

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	static const uint8_t big[64 << 10];
	const struct loader_module mods[2] = {
		{ "module", 6, "m.elf one two" }, { big, sizeof(big), "big.bin" },
	};
	struct loader_input in = { data, size, "image.elf a b", mods, 2 };
	struct loader_boot boot;
	struct error err = { "" };
	enum loader_status st;

	if (!ram)
		ram = malloc(RAM_SIZE);
	st = loader__load(ram, RAM_SIZE, &in, &boot, &err);
	FUZZ_ASSERT(loader__status_name(st));
	if (st != LOADER_OK) {
		FUZZ_ASSERT(err.msg[0]);
		return 0;
	}
	FUZZ_ASSERT(boot.entry < boot.image_end && boot.image_end <= RAM_SIZE);
	FUZZ_ASSERT(boot.image_end <= boot.modules_end && boot.modules_end <= RAM_SIZE);
	FUZZ_ASSERT(boot.info >= LOADER__INFO_START && boot.info < LOADER__INFO_END);
	return 0;
}
