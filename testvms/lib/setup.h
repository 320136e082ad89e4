/* SPDX-License-Identifier: GPL-2.0-only */
/* What the loader told the image, and the C entry both entries reach. */
#ifndef TESTVMS__SETUP_H
#define TESTVMS__SETUP_H

#include "testvms/lib/boot.h"
#include "testvms/lib/types.h"

#define CMDLINE_MAX	1024
#define ARGV_MAX	32

struct boot_info {
	enum boot_kind kind;
	u64 mem_end;		/* first byte past RAM above 1 MiB; 0 if unknown */
};

const struct boot_info *setup__boot_info(void);

/* Called by entry.S with the registers the loader handed over. */
void setup__start(u32 magic, u64 info, enum boot_kind kind)
	__attribute__((noreturn));

/* Each image defines it; its return value becomes the exit status. */
int main(int argc, char **argv);

#endif
