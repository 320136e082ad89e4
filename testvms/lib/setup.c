/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From the loader's registers to main(argc, argv): descriptor tables,
 * command line, RAM size.  The command line is copied first, because the
 * loader may have put it in memory the image later allocates.
 */
#include "testvms/lib/alloc.h"
#include "testvms/lib/args.h"
#include "testvms/lib/desc.h"
#include "testvms/lib/libc.h"
#include "testvms/lib/setup.h"

/* argv[0] when an L2 entry comes without a command line. */
#define DEFAULT_ARGV0	"guest"

static struct boot_info boot_info;
static char cmdline[CMDLINE_MAX];
static char *argv[ARGV_MAX + 1];

const struct boot_info *setup__boot_info(void)
{
	return &boot_info;
}

/* The end of the highest multiboot module: the allocator stays above it. */
static u64 mods_end;

static const char *multiboot_cmdline(u32 magic, u64 info)
{
	const struct multiboot_info *mbi = (const void *)info;
	const u32 *mod;

	if (magic != MULTIBOOT_BOOT_MAGIC || !mbi) {
		printf("warning: bad multiboot magic 0x%x\n", magic);
		return NULL;
	}
	if (mbi->flags & MULTIBOOT_INFO_MEMORY)
		boot_info.mem_end = (1ul << 20) + (u64)mbi->mem_upper * 1024;
	/* Multiboot 0.6.96 3.3: 16-byte entries, mod_end the second word. */
	for (u32 i = 0; (mbi->flags & MULTIBOOT_INFO_MODS) && i < mbi->mods_count; i++) {
		mod = (const u32 *)(u64)(mbi->mods_addr + 16 * i);
		if (mod[1] > mods_end)
			mods_end = mod[1];
	}
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		return (const char *)(u64)mbi->cmdline;
	return NULL;
}

void setup__start(u32 magic, u64 info, enum boot_kind kind)
{
	const char *src;
	size_t len;
	int argc;

	desc__setup();
	boot_info.kind = kind;
	src = kind == BOOT_KIND_MULTIBOOT ? multiboot_cmdline(magic, info)
				     : (const char *)info;
	if (src) {
		len = strlen(src);
		if (len >= CMDLINE_MAX)
			len = CMDLINE_MAX - 1;
		memcpy(cmdline, src, len);
		cmdline[len] = '\0';
	}
	alloc__init(boot_info.mem_end);
	alloc__skip(mods_end);

	argc = args__split(cmdline, argv, ARGV_MAX);
	if (argc == 0) {
		argv[argc++] = DEFAULT_ARGV0;
		argv[argc] = NULL;
	}
	exit(main(argc, argv));
}
