/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/acpi.h: the ACPI tables that describe exactly this machine
 * (ACPI 6.4 chapter 5), written into guest RAM in the BIOS area before
 * the guest starts: RSDP (revision 2) at ACPI__BASE, where an OS finds it
 * by scanning 0xE0000-0xFFFFF on 16-byte boundaries; RSDT and XSDT, each
 * listing the FADT and the MADT; the FADT (revision 4) with its FACS and
 * an empty DSDT; the MADT with one Processor Local APIC per vCPU, the I/O
 * APIC, the ISA IRQ 0 -> GSI 2 and SCI overrides and LINT1 as NMI.
 * docs/platform.md lists every field that is not zero.
 */
#ifndef L0__PLATFORM__ACPI_H
#define L0__PLATFORM__ACPI_H

#include <stdint.h>

#define ACPI__BASE	0xe0000ull	/* RSDP; the tables follow */
#define ACPI__END	0x100000ull
#define ACPI__SCI_IRQ	9

/* Write the tables into ram (which must reach ACPI__END); the bytes
 * used from ACPI__BASE, or 0 if they do not fit. */
uint64_t acpi__build(uint8_t *ram, uint64_t ram_size, unsigned nr_cpus, uint8_t ioapic_id);
/* The byte sum that makes a table's checksum field right. */
uint8_t acpi__checksum(const uint8_t *p, uint64_t len);

#endif /* L0__PLATFORM__ACPI_H */
