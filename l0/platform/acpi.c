/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/acpi.c: the machine's ACPI tables (acpi.h).  Field offsets
 * are those of ACPI 6.4: RSDP 5.2.5.3, header 5.2.6, FADT 5.2.9 (Table
 * 5.9), FACS 5.2.10, MADT 5.2.12. */
#include <string.h>

#include "l0/platform/acpi.h"
#include "l0/platform/ioapic.h"
#include "l0/platform/lapic.h"
#include "l0/platform/pm_timer.h"

#define HEADER_LEN	36
#define RSDP_LEN	36
#define FADT_LEN	244	/* revision 4 */
#define FACS_LEN	64
#define OEM_ID		"TURTLE"
#define OEM_TABLE_ID	"TURTLEPC"
#define CREATOR_ID	"TRTL"

/* MADT entry types and flags. */
#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_OVERRIDE		2
#define MADT_LAPIC_NMI		4
#define MADT_PCAT_COMPAT	1u	/* the 8259 pair is present */
#define MADT_ENABLED		1u
#define MPS_LEVEL_HIGH		0xd	/* level-triggered, active high */

/* FADT flags and boot architecture. */
#define FADT_WBINVD		(1u << 0)
#define FADT_PROC_C1		(1u << 2)
#define FADT_PWR_BUTTON		(1u << 4)	/* 1: no fixed power button */
#define FADT_SLP_BUTTON		(1u << 5)
#define BOOT_LEGACY_DEVICES	(1u << 0)	/* PIT, PIC, ... */
#define GAS_SYSTEM_IO		1

struct builder {
	uint8_t *ram;
	uint64_t next, end;
};

static void put(uint8_t *p, uint64_t off, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

/* Room for len bytes at the next `align` boundary; its offset in RAM. */
static uint64_t take(struct builder *b, uint64_t len, uint64_t align)
{
	uint64_t at = (b->next + align - 1) & ~(align - 1);

	if (at + len > b->end)
		return 0;
	b->next = at + len;
	memset(b->ram + at, 0, len);
	return at;
}

uint8_t acpi__checksum(const uint8_t *p, uint64_t len)
{
	uint8_t sum = 0;

	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)(0x100 - sum);
}

static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put(t, 4, len, 4);
	t[8] = rev;
	memcpy(t + 10, OEM_ID, 6);
	memcpy(t + 16, OEM_TABLE_ID, 8);
	put(t, 24, 1, 4);
	memcpy(t + 28, CREATOR_ID, 4);
	put(t, 32, 1, 4);
}

static void seal(uint8_t *t, uint32_t len)
{
	t[9] = 0;
	t[9] = acpi__checksum(t, len);
}

/* A Generic Address Structure for a port block (5.2.3.2). */
static void gas_io(uint8_t *t, uint64_t off, uint16_t port, uint8_t len)
{
	t[off] = GAS_SYSTEM_IO;
	t[off + 1] = (uint8_t)(len * 8);
	t[off + 3] = len == 4 ? 3 : len == 2 ? 2 : 1;	/* access size */
	put(t, off + 4, port, 8);
}

static uint64_t fadt(struct builder *b, uint64_t facs, uint64_t dsdt)
{
	uint64_t at = take(b, FADT_LEN, 16);
	uint8_t *t = b->ram + at;

	if (!at)
		return 0;
	header(t, "FACP", FADT_LEN, 4);
	put(t, 36, facs, 4);
	put(t, 40, dsdt, 4);
	put(t, 46, ACPI__SCI_IRQ, 2);
	put(t, 56, PM__BASE, 4);		/* PM1a_EVT_BLK */
	put(t, 64, PM__BASE + PM__EVT_LEN, 4);	/* PM1a_CNT_BLK */
	put(t, 76, PM__TMR, 4);			/* PM_TMR_BLK */
	t[88] = PM__EVT_LEN;
	t[89] = PM__CNT_LEN;
	t[91] = 4;				/* PM_TMR_LEN */
	put(t, 96, 101, 2);			/* P_LVL2_LAT > 100: no C2 */
	put(t, 98, 1001, 2);			/* P_LVL3_LAT > 1000: no C3 */
	put(t, 109, BOOT_LEGACY_DEVICES, 2);
	put(t, 112, FADT_WBINVD | FADT_PROC_C1 | FADT_PWR_BUTTON | FADT_SLP_BUTTON, 4);
	put(t, 132, facs, 8);			/* X_FIRMWARE_CTRL */
	put(t, 140, dsdt, 8);			/* X_DSDT */
	gas_io(t, 148, PM__BASE, PM__EVT_LEN);
	gas_io(t, 172, PM__BASE + PM__EVT_LEN, PM__CNT_LEN);
	gas_io(t, 208, PM__TMR, 4);
	seal(t, FADT_LEN);
	return at;
}

static uint64_t madt(struct builder *b, unsigned nr_cpus, uint8_t ioapic_id)
{
	uint32_t len = HEADER_LEN + 8 + nr_cpus * 8 + 12 + 2 * 10 + 6;
	uint64_t at = take(b, len, 16);
	uint8_t *t = b->ram + at, *e;

	if (!at)
		return 0;
	header(t, "APIC", len, 4);
	put(t, 36, LAPIC__BASE_DEFAULT, 4);
	put(t, 40, MADT_PCAT_COMPAT, 4);
	e = t + 44;
	for (unsigned i = 0; i < nr_cpus; i++, e += 8) {
		e[0] = MADT_LAPIC;
		e[1] = 8;
		e[2] = (uint8_t)i;		/* ACPI processor UID */
		e[3] = (uint8_t)i;		/* APIC ID */
		put(e, 4, MADT_ENABLED, 4);
	}
	e[0] = MADT_IOAPIC;
	e[1] = 12;
	e[2] = ioapic_id;
	put(e, 4, IOAPIC__BASE, 4);
	put(e, 8, 0, 4);			/* GSI base */
	e += 12;
	/* ISA IRQ 0 (the PIT) is I/O APIC pin 2; the SCI is level, high. */
	e[0] = MADT_OVERRIDE;
	e[1] = 10;
	e[3] = 0;
	put(e, 4, 2, 4);
	e += 10;
	e[0] = MADT_OVERRIDE;
	e[1] = 10;
	e[3] = ACPI__SCI_IRQ;
	put(e, 4, ACPI__SCI_IRQ, 4);
	put(e, 8, MPS_LEVEL_HIGH, 2);
	e += 10;
	e[0] = MADT_LAPIC_NMI;
	e[1] = 6;
	e[2] = 0xff;				/* every processor */
	e[5] = 1;				/* LINT1 */
	seal(t, len);
	return at;
}

/* RSDT (32-bit entries) or XSDT (64-bit) listing the tables. */
static uint64_t sdt(struct builder *b, const char *sig, unsigned width, const uint64_t *tables,
		    unsigned n)
{
	uint32_t len = HEADER_LEN + n * width;
	uint64_t at = take(b, len, 16);

	if (!at)
		return 0;
	header(b->ram + at, sig, len, 1);
	for (unsigned i = 0; i < n; i++)
		put(b->ram + at, HEADER_LEN + i * width, tables[i], width);
	seal(b->ram + at, len);
	return at;
}

uint64_t acpi__build(uint8_t *ram, uint64_t ram_size, unsigned nr_cpus, uint8_t ioapic_id)
{
	struct builder b = { ram, ACPI__BASE, ACPI__END };
	uint64_t rsdp, facs, dsdt, tables[2], rsdt, xsdt;
	uint8_t *r;

	if (ram_size < ACPI__END)
		return 0;
	rsdp = take(&b, RSDP_LEN, 16);
	facs = take(&b, FACS_LEN, 64);
	dsdt = take(&b, HEADER_LEN, 16);
	if (!rsdp || !facs || !dsdt)
		return 0;
	memcpy(ram + facs, "FACS", 4);
	put(ram + facs, 4, FACS_LEN, 4);
	ram[facs + 32] = 2;			/* version */
	header(ram + dsdt, "DSDT", HEADER_LEN, 2);	/* no AML: no devices to describe */
	seal(ram + dsdt, HEADER_LEN);
	tables[0] = fadt(&b, facs, dsdt);
	tables[1] = madt(&b, nr_cpus, ioapic_id);
	rsdt = tables[0] && tables[1] ? sdt(&b, "RSDT", 4, tables, 2) : 0;
	xsdt = rsdt ? sdt(&b, "XSDT", 8, tables, 2) : 0;
	if (!xsdt)
		return 0;
	r = ram + rsdp;
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, OEM_ID, 6);
	r[15] = 2;				/* revision: ACPI 2.0 and later */
	put(r, 16, rsdt, 4);
	put(r, 20, RSDP_LEN, 4);
	put(r, 24, xsdt, 8);
	r[8] = acpi__checksum(r, 20);
	r[32] = acpi__checksum(r, RSDP_LEN);
	return b.next - ACPI__BASE;
}
