/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/ioapic_acpi.c: the I/O APIC's pins (edge, level, Remote
 * IRR and EOI, masks) and the ACPI tables built into a buffer (every
 * checksum, the MADT's entries). */
#include <stdlib.h>
#include <string.h>

#include "l0/platform/acpi.h"
#include "l0/platform/ioapic.h"
#include "tests/tap.h"

static unsigned delivered;
static uint32_t last_icr, last_dest;

static void deliver(void *o, uint32_t icr, uint32_t dest)
{
	delivered++;
	last_icr = icr;
	last_dest = dest;
}

static const struct ioapic_bus bus = { NULL, deliver };

static void rte(struct ioapic *io, unsigned pin, uint32_t lo, uint32_t hi)
{
	ioapic__write(io, 0, 0x11 + 2 * pin);
	ioapic__write(io, 0x10, hi);
	ioapic__write(io, 0, 0x10 + 2 * pin);
	ioapic__write(io, 0x10, lo);
}

static void ioapic(void)
{
	struct ioapic io;

	ioapic__reset(&io, 1, &bus);
	ioapic__write(&io, 0, 1);
	is_u64(ioapic__read(&io, 0x10), 0x170011, "version 0x11, 24 pins");
	ioapic__set_pin(&io, 4, true);
	is_u64(delivered, 0, "masked at reset");
	ioapic__set_pin(&io, 4, false);
	rte(&io, 4, 0x41, 0x02000000);
	ioapic__set_pin(&io, 4, true);
	ioapic__set_pin(&io, 4, true);
	is_u64(delivered, 1, "edge: once per rising edge");
	ok(last_icr == 0x41 && last_dest == 2, "vector and destination");
	rte(&io, 7, 0x8042, 0);			/* level */
	ioapic__set_pin(&io, 7, true);
	is_u64(delivered, 2, "level: delivered");
	ok(ioapic__busy(&io, 7), "Remote IRR set");
	ioapic__eoi(&io, 0x42);
	is_u64(delivered, 3, "EOI with the line high: again");
	ioapic__set_pin(&io, 7, false);
	ioapic__eoi(&io, 0x42);
	ok(!ioapic__busy(&io, 7) && delivered == 3, "line low at EOI: Remote IRR clear, quiet");
	ioapic__write(&io, 0, 0x10 + 14);
	ok(!(ioapic__read(&io, 0x10) & (1u << 14)), "Remote IRR reads clear");
	ioapic__write(&io, 0, 0x10 + 14);
	ioapic__write(&io, 0x10, 0xffffffff);
	is_u64(ioapic__read(&io, 0x10) & 0x5000, 0, "delivery status and Remote IRR are read-only");
}

static uint32_t u32_at(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static void acpi(void)
{
	uint8_t *ram = calloc(1, ACPI__END);
	uint64_t used = acpi__build(ram, ACPI__END, 2, 2);
	const uint8_t *r = ram + ACPI__BASE, *madt = NULL;
	const uint8_t *rsdt;

	ok(used > 0 && used < 0x1000, "tables built (%llu bytes)", (unsigned long long)used);
	ok(!memcmp(r, "RSD PTR ", 8) && acpi__checksum(r, 20) == 0 && acpi__checksum(r, 36) == 0,
	   "RSDP signature and both checksums");
	rsdt = ram + u32_at(r + 16);
	ok(!memcmp(rsdt, "RSDT", 4) && acpi__checksum(rsdt, u32_at(rsdt + 4)) == 0, "RSDT");
	for (unsigned i = 0; i < 2; i++) {
		const uint8_t *t = ram + u32_at(rsdt + 36 + 4 * i);

		ok(acpi__checksum(t, u32_at(t + 4)) == 0, "%.4s checksum", (const char *)t);
		if (!memcmp(t, "APIC", 4))
			madt = t;
	}
	ok(madt != NULL, "MADT listed");
	if (madt) {
		unsigned cpus = 0, ioapic_id = 0xff;

		for (const uint8_t *e = madt + 44; e < madt + u32_at(madt + 4); e += e[1]) {
			cpus += e[0] == 0;
			if (e[0] == 1)
				ioapic_id = e[2];
		}
		is_u64(cpus, 2, "one processor entry per vCPU");
		is_u64(ioapic_id, 2, "the I/O APIC's ID");
	}
	is_u64(acpi__build(ram, 0x80000, 1, 1), 0, "RAM below 1 MiB: no tables");
	free(ram);
}

int main(void)
{
	ioapic();
	acpi();
	return done_testing();
}
