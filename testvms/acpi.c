/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * acpi.elf: finds the ACPI tables as an OS does (RSDP in the BIOS area,
 * then RSDT and XSDT), checks every checksum and signature, and checks
 * that they describe this machine: the MADT's local APIC address and one
 * enabled processor per CPU (fw_cfg's count) whose APIC ID the APIC
 * reports, the I/O APIC's address, ID and GSI base, the override of ISA
 * IRQ 0 to GSI 2; the FADT's PM timer block counts at 3.579545 MHz.
 */
#include "testvms/lib/acpi.h"
#include "testvms/lib/apic.h"
#include "testvms/lib/guest.h"
#include "testvms/lib/pc_timers.h"

#define FW_CFG_PORT	0x510
#define FW_CFG_NB_CPUS	0x05

static const struct acpi_header *table(u64 addr, const char *sig)
{
	const struct acpi_header *h = (const void *)addr;

	report(addr && !memcmp(h->signature, sig, 4), "%.4s at 0x%lx", sig, addr);
	report(addr && acpi__sum_ok(h, h->length), "%.4s checksum", sig);
	return h;
}

static u16 fw_cfg_cpus(void)
{
	outw(FW_CFG_NB_CPUS, FW_CFG_PORT);
	return inb(FW_CFG_PORT + 1) | inb(FW_CFG_PORT + 1) << 8;
}

static u32 rd32(const u8 *p) { u32 v; memcpy(&v, p, 4); return v; }
static u64 rd64(const u8 *p) { u64 v; memcpy(&v, p, 8); return v; }

static void check_madt(const struct acpi_header *h)
{
	const u8 *p = (const u8 *)h + 44, *end = (const u8 *)h + h->length;
	unsigned cpus = 0, ioapics = 0, irq0 = 0, nmi = 0;
	u32 my_id = apic_read(APIC_ID) >> 24;
	bool me = false;

	report_prefix_push("MADT");
	report(rd32((const u8 *)h + 36) == APIC_BASE_MMIO, "local APIC at 0x%x",
	       rd32((const u8 *)h + 36));
	report(rd32((const u8 *)h + 40) & 1, "PCAT_COMPAT: the 8259 pair is there");
	for (; p + 2 <= end && p[1] >= 2; p += p[1]) {
		switch (p[0]) {
		case 0:
			if (rd32(p + 4) & 1)
				cpus++;
			me |= p[3] == my_id;
			break;
		case 1:
			ioapics++;
			report(rd32(p + 4) == IOAPIC_BASE, "I/O APIC at 0x%x", rd32(p + 4));
			report(p[2] == ioapic_read(0) >> 24, "its ID %u is the one it reports", p[2]);
			report(rd32(p + 8) == 0, "GSI base 0");
			break;
		case 2:
			if (p[3] == 0 && rd32(p + 4) == 2)
				irq0++;
			break;
		case 4:
			nmi += p[5] == 1;
			break;
		default:
			break;
		}
	}
	report(p == end, "entries fill the table exactly");
	report(cpus == fw_cfg_cpus(), "%u enabled processors, as fw_cfg says", cpus);
	report(me, "one with this CPU's APIC ID %u", my_id);
	report(ioapics == 1, "one I/O APIC");
	report(irq0 == 1, "ISA IRQ 0 overridden to GSI 2");
	report(nmi == 1, "LINT1 is NMI");
	report_prefix_pop();
}

static void check_fadt(const struct acpi_header *h)
{
	const u8 *f = (const u8 *)h;
	u32 port = rd32(f + 76), t0, t1;
	u64 tsc0;

	report_prefix_push("FADT");
	table(rd32(f + 40), "DSDT");
	report(rd64(f + 140) == rd32(f + 40), "X_DSDT = DSDT");
	report(!memcmp((const void *)(u64)rd32(f + 36), "FACS", 4), "FACS");
	report(port == PM_TIMER_PORT && f[91] == 4, "PM timer at port 0x%x", port);
	report(rd32(f + 112) & (1u << 2), "C1 (HLT) supported");
	t0 = inl(port) & 0xffffff;
	tsc0 = rdtsc();
	while (((inl(port) - t0) & 0xffffff) < PM_TIMER_HZ / 100)	/* 10 ms */
		;
	t1 = inl(port) & 0xffffff;
	report(((t1 - t0) & 0xffffff) >= PM_TIMER_HZ / 100 && rdtsc() > tsc0,
	       "the PM timer counts");
	report_prefix_pop();
}

int main(int argc, char **argv)
{
	const u8 *rsdp = acpi__find_rsdp();
	const struct acpi_header *rsdt, *xsdt;
	const struct acpi_header *fadt = NULL, *madt = NULL;
	unsigned n;

	report(rsdp != NULL, "RSDP found in the BIOS area");
	if (!rsdp)
		return report_summary();
	report(acpi__sum_ok(rsdp, 20) && acpi__sum_ok(rsdp, 36), "RSDP checksums (20 and 36 bytes)");
	report(rsdp[15] == 2, "RSDP revision 2");
	rsdt = table(rd32(rsdp + 16), "RSDT");
	xsdt = table(rd64(rsdp + 24), "XSDT");
	n = (rsdt->length - 36) / 4;
	report(n == (xsdt->length - 36) / 8 && n == 2, "RSDT and XSDT list the same %u tables", n);
	for (unsigned i = 0; i < n; i++) {
		u64 a = rd32((const u8 *)rsdt + 36 + 4 * i);
		const struct acpi_header *h = (const void *)a;

		report(rd64((const u8 *)xsdt + 36 + 8 * i) == a, "entry %u the same in both", i);
		if (!memcmp(h->signature, "FACP", 4))
			fadt = table(a, "FACP");
		else if (!memcmp(h->signature, "APIC", 4))
			madt = table(a, "APIC");
	}
	report(fadt && madt, "FADT and MADT listed");
	if (madt)
		check_madt(madt);
	if (fadt)
		check_fadt(fadt);
	return report_summary();
}
