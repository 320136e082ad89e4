/* SPDX-License-Identifier: GPL-2.0-only */
/* Finding and checking ACPI tables (ACPI 6.4 chapter 5). */
#ifndef TESTVMS__ACPI_H
#define TESTVMS__ACPI_H

#include "testvms/lib/types.h"

struct acpi_header {
	char signature[4];
	u32 length;
	u8 revision, checksum;
	char oem_id[6], oem_table_id[8];
	u32 oem_revision, creator_id, creator_revision;
} __attribute__((packed));

/* The RSDP in the BIOS area (0xE0000-0xFFFFF, 16-byte steps), or NULL. */
const u8 *acpi__find_rsdp(void);
/* Whether len bytes sum to 0 mod 256. */
bool acpi__sum_ok(const void *p, u32 len);

#endif
