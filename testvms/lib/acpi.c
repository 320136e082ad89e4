/* SPDX-License-Identifier: GPL-2.0-only */
/* ACPI table helpers (acpi.h). */
#include "testvms/lib/acpi.h"
#include "testvms/lib/libc.h"

bool acpi__sum_ok(const void *p, u32 len)
{
	const u8 *b = p;
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

const u8 *acpi__find_rsdp(void)
{
	for (u64 a = 0xe0000; a < 0x100000; a += 16)
		if (!memcmp((const void *)a, "RSD PTR ", 8))
			return (const u8 *)a;
	return NULL;
}
