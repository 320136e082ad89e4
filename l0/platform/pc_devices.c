/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/platform/pc_devices.c: the devices that raise or route interrupts,
 * in the devices table: the 8259 pair and its ELCR, the 8254 and port
 * 0x61, the ACPI PM registers, pc-testdev, the I/O APIC and the local
 * APIC.  Each handler turns an access into the model's call with the host
 * time, then lets irq.c look at what changed. */
#include <string.h>

#include "l0/machine.h"
#include "l0/platform/irq.h"
#include "l0/platform/msr.h"
#include "l0/platform/pc_devices.h"

static struct machine *machine_of(void *opaque)
{
	return opaque;
}

static uint32_t le(const uint8_t *data, unsigned size)
{
	uint32_t v = 0;

	memcpy(&v, data, size > 4 ? 4 : size);
	return v;
}

static void put_le(uint8_t *data, unsigned size, uint64_t v)
{
	memset(data, 0, size);
	memcpy(data, &v, size > 8 ? 8 : size);
}

static void pic_io(struct machine *m, unsigned chip, uint64_t offset, uint8_t *data,
		   unsigned size, bool write)
{
	for (unsigned i = 0; i < size && offset + i < 2; i++) {
		if (write)
			pic__write(&m->platform.pic, chip, (unsigned)offset + i, data[i]);
		else
			data[i] = pic__read(&m->platform.pic, chip, (unsigned)offset + i);
	}
	if (write)
		irq__update(m);
}

static void pic_master_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	pic_io(machine_of(opaque), 0, offset, data, size, write);
}

static void pic_slave_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	pic_io(machine_of(opaque), 1, offset, data, size, write);
}

/* ELCR: IRQs 0, 1, 2, 8 and 13 are edge-triggered on every PC. */
static void elcr_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);
	static const uint8_t fixed_edge[2] = { 0x07, 0x21 };

	for (unsigned i = 0; i < size && offset + i < 2; i++) {
		struct pic_chip *c = &m->platform.pic.chip[offset + i];

		if (write)
			c->elcr = data[i] & (uint8_t)~fixed_edge[offset + i];
		else
			data[i] = c->elcr;
	}
}

static void pit_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);
	uint64_t now = irq__now_ns();

	for (unsigned i = 0; i < size && offset + i < 4; i++) {
		if (write)
			pit__write(&m->platform.pit, PIT__BASE + (unsigned)offset + i, data[i], now);
		else
			data[i] = pit__read(&m->platform.pit, PIT__BASE + (unsigned)offset + i, now);
	}
	if (write)
		irq__update(m);
}

static void port61_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);
	uint64_t now = irq__now_ns();

	if (write)
		pit__write(&m->platform.pit, PIT__PORT_61, data[0], now);
	else
		put_le(data, size, pit__read(&m->platform.pit, PIT__PORT_61, now));
}

static void pm_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);

	if (write)
		pm__write(&m->platform.pm, (unsigned)offset, size, le(data, size));
	else
		put_le(data, size, pm__read(&m->platform.pm, (unsigned)offset, size, irq__now_ns()));
}

static void testdev_port_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	testdev__port(&machine_of(opaque)->platform.testdev, (unsigned)offset, data, size, write);
}

static void testdev_flush_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	if (!write)
		memset(data, 0xff, size);	/* write-only, as in QEMU */
}

/* Port 0x2000 + n: line n follows the value written. */
static void testdev_irq_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);

	if (!write) {
		memset(data, 0, size);
		return;
	}
	irq__set_line(m, (unsigned)offset, le(data, size) != 0);
	irq__update(m);
}

static void testdev_iomem_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	testdev__iomem(&machine_of(opaque)->platform.testdev, offset, data, size, write);
}

static void ioapic_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);

	if (write) {
		ioapic__write(&m->platform.ioapic, (unsigned)offset & ~3u, le(data, size));
		irq__update(m);
	} else {
		put_le(data, size, ioapic__read(&m->platform.ioapic, (unsigned)offset & ~3u));
	}
}

/* The local APIC of the vCPU making the access (SDM 11.4.1: each CPU
 * sees its own at the same address).  In x2APIC mode the MMIO page is
 * not decoded: reads give all ones, writes are dropped. */
static void lapic_io(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	struct machine *m = machine_of(opaque);
	struct lapic *l = &m->platform.lapic[irq__this_cpu()];

	if (lapic__x2apic(l)) {
		if (!write)
			memset(data, 0xff, size);
		return;
	}
	if (write) {
		lapic__write(l, (unsigned)offset, le(data, size), irq__now_ns());
		irq__update(m);
	} else {
		put_le(data, size, lapic__read(l, (unsigned)offset, irq__now_ns()));
	}
}

enum msr_result pc_devices__rdmsr(struct machine *m, unsigned level, uint32_t index,
				  uint64_t *val)
{
	struct lapic *l = &m->platform.lapic[irq__this_cpu()];

	if (level != 1)
		return MSR_GP;
	return lapic__rdmsr(l, index, val, irq__now_ns()) ? MSR_DONE : MSR_GP;
}

enum msr_result pc_devices__wrmsr(struct machine *m, unsigned level, uint32_t index,
				  uint64_t val)
{
	struct lapic *l = &m->platform.lapic[irq__this_cpu()];

	if (level != 1 || !lapic__wrmsr(l, index, val, irq__now_ns()))
		return MSR_GP;
	irq__update(m);
	return MSR_DONE;
}

enum dev_status pc_devices__register(struct machine *m)
{
	struct devices *d = &m->devices;
	static const struct {
		bool mmio;
		uint64_t base, len;
		dev_handler_fn *fn;
		const char *name;
	} table[] = {
		{ false, PIC__MASTER, 2, pic_master_io, "pic-master" },
		{ false, PIC__SLAVE, 2, pic_slave_io, "pic-slave" },
		{ false, PIC__ELCR, 2, elcr_io, "elcr" },
		{ false, PIT__BASE, 4, pit_io, "pit" },
		{ false, PIT__PORT_61, 1, port61_io, "port61" },
		{ false, PM__BASE, PM__LEN, pm_io, "acpi-pm" },
		{ false, TESTDEV__IOPORT, 4, testdev_port_io, "testdev-ioport" },
		{ false, TESTDEV__FLUSH, 4, testdev_flush_io, "testdev-flush" },
		{ false, TESTDEV__IOPORT_BYTE, 4, testdev_port_io, "testdev-ioport-byte" },
		{ false, TESTDEV__IRQ, TESTDEV__NR_IRQ, testdev_irq_io, "testdev-irq" },
		{ true, IOAPIC__BASE, IOAPIC__MMIO_SIZE, ioapic_io, "ioapic" },
		{ true, LAPIC__BASE_DEFAULT, LAPIC__MMIO_SIZE, lapic_io, "lapic" },
		{ true, TESTDEV__IOMEM, TESTDEV__IOMEM_LEN, testdev_iomem_io, "testdev-iomem" },
	};
	enum dev_status st = DEV_OK;

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]) && st == DEV_OK; i++)
		st = table[i].mmio ? devices__register_mmio(d, table[i].base, table[i].len,
							    table[i].fn, m, table[i].name)
				   : devices__register_pio(d, table[i].base, table[i].len,
							   table[i].fn, m, table[i].name);
	return st;
}
