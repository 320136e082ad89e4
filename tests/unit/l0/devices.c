/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/devices.c: the range table (one row per rejected range)
 * and the PC devices behind it. */
#include "l0/platform/devices.h"
#include "l0/platform/platform.h"
#include "tests/tap.h"

static unsigned calls;
static uint64_t last_offset;

static void probe(void *opaque, uint64_t offset, uint8_t *data, unsigned size, bool write)
{
	calls++;
	last_offset = offset;
}

struct reg_row {
	const char *what;
	enum dev_space space;
	uint64_t base, len;
	enum dev_status want;
};

static const struct reg_row rows[] = {
	{ "first range",		DEV_PIO,  0x100, 0x10, DEV_OK },
	{ "zero length",		DEV_PIO,  0x200, 0,    DEV_ZERO_LENGTH },
	{ "past the port space",	DEV_PIO,  0xfff0, 0x20, DEV_OVERFLOW },
	{ "last ports",			DEV_PIO,  0xfff0, 0x10, DEV_OK },
	{ "overlap at start",		DEV_PIO,  0xf8, 0x10,  DEV_OVERLAP },
	{ "overlap at end",		DEV_PIO,  0x10f, 1,    DEV_OVERLAP },
	{ "inside",			DEV_PIO,  0x104, 2,    DEV_OVERLAP },
	{ "covering",			DEV_PIO,  0x0, 0x1000, DEV_OVERLAP },
	{ "adjacent below",		DEV_PIO,  0xf0, 0x10,  DEV_OK },
	{ "adjacent above",		DEV_PIO,  0x110, 0x10, DEV_OK },
	{ "MMIO wraps",			DEV_MMIO, 0xfffffffffffff000ull, 0x2000, DEV_OVERFLOW },
	{ "MMIO top page",		DEV_MMIO, 0xfffffffffffff000ull, 0x1000, DEV_OK },
	{ "MMIO same base as a port",	DEV_MMIO, 0x100, 0x10, DEV_OK },
	{ "MMIO overlap",		DEV_MMIO, 0x108, 0x10, DEV_OVERLAP },
};

static void check_registration(struct devices *d)
{
	unsigned i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct reg_row *r = &rows[i];
		enum dev_status st = r->space == DEV_PIO
			? devices__register_pio(d, r->base, r->len, probe, NULL, r->what)
			: devices__register_mmio(d, r->base, r->len, probe, NULL, r->what);

		is_u64(st, r->want, "register %s: %s", r->what, devices__status_name(r->want));
	}
}

static void check_lookup(struct devices *d)
{
	const struct dev_range *r;
	unsigned i;

	ok(devices__find(d, DEV_PIO, 0xef) == NULL, "port below every range is unclaimed");
	r = devices__find(d, DEV_PIO, 0xf0);
	ok(r && r->base == 0xf0, "first port of a range");
	r = devices__find(d, DEV_PIO, 0x10f);
	ok(r && r->base == 0x100, "last port of a range");
	r = devices__find(d, DEV_PIO, 0x11f);
	ok(r && r->base == 0x110, "adjacent range");
	ok(devices__find(d, DEV_PIO, 0x120) == NULL, "just past a range is unclaimed");
	r = devices__find(d, DEV_PIO, 0xffff);
	ok(r && r->base == 0xfff0, "last port");
	r = devices__find(d, DEV_MMIO, 0xffffffffffffffffull);
	ok(r && r->len == 0x1000, "last MMIO byte");
	ok(devices__find(d, DEV_MMIO, 0x200) == NULL, "unclaimed MMIO");
	for (i = 1; i < d->space[DEV_PIO].nr; i++)
		ok(d->space[DEV_PIO].r[i - 1].base < d->space[DEV_PIO].r[i].base, "table sorted at %u", i);
	r = devices__by_id(d, DEV_PIO, 0);
	ok(r && r->base == 0x100, "ids keep registration order");
	r = devices__find(d, DEV_PIO, 0x105);
	r->fn(r->opaque, 0x105 - r->base, NULL, 1, true);
	is_u64(last_offset, 5, "handlers see offsets");
}

static void check_full(void)
{
	struct devices d = { 0 };
	unsigned i;

	for (i = 0; i < DEVICES__MAX; i++)
		devices__register_pio(&d, i * 2, 1, probe, NULL, "x");
	is_u64(devices__register_pio(&d, 0x1000, 1, probe, NULL, "x"), DEV_FULL, "table full");
}

static uint8_t pio(struct devices *d, uint16_t port, uint8_t v, bool write)
{
	const struct dev_range *r = devices__find(d, DEV_PIO, port);

	r->fn(r->opaque, port - r->base, &v, 1, write);
	return v;
}

static void check_platform(void)
{
	struct devices d = { 0 };
	struct platform p;
	char out[16] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");
	uint8_t sig[4], ram[8];
	uint16_t sel = 0x0003;
	const struct dev_range *r;
	unsigned i;

	is_u64(platform__register(&p, &d, f, false, 256ull << 20, 1), DEV_OK, "platform registers");
	pio(&d, 0x3f8, 'o', true);
	pio(&d, 0x3f8, 'k', true);
	fflush(f);
	is_str(out, "ok", "UART THR writes reach the serial output");
	is_u64(pio(&d, 0x3fd, 0, false) & 0x60, 0x60, "UART LSR: THR empty");
	pio(&d, 0x3fb, 0x80, true);
	pio(&d, 0x3f8, 0x0c, true);	/* divisor latch, not output */
	pio(&d, 0x3fb, 0x03, true);
	fflush(f);
	is_str(out, "ok", "DLAB writes do not print");
	/* The 8259 pair is pc_devices.c's (tests/unit/l0/pic_pit.c). */
	ok(!devices__find(&d, DEV_PIO, 0x21), "no PIC among the plain devices");
	pio(&d, 0x510, 0, true);
	for (i = 0; i < 4; i++)
		sig[i] = pio(&d, 0x511, 0, false);
	ok(!memcmp(sig, "QEMU", 4), "fw_cfg signature");
	r = devices__find(&d, DEV_PIO, 0x510);
	r->fn(r->opaque, 0, (uint8_t *)&sel, 2, true);
	for (i = 0; i < 8; i++)
		ram[i] = pio(&d, 0x511, 0, false);
	is_u64(*(uint64_t *)ram, 256ull << 20, "fw_cfg RAM size");
	pio(&d, 0x510, 5, true);
	is_u64(pio(&d, 0x511, 0, false), 1, "fw_cfg CPU count");
	ok(!p.debug_exit.fired, "debug exit not fired yet");
	pio(&d, 0xf4, 3, true);
	ok(p.debug_exit.fired && p.debug_exit.status == 3, "debug exit value is the status");
	p.debug_exit.qemu_codes = true;
	pio(&d, 0xf4, 3, true);
	is_u64(p.debug_exit.status, 7, "qemu exit codes: (v << 1) | 1");
	fclose(f);
}

int main(void)
{
	struct devices d = { 0 };

	check_registration(&d);
	check_lookup(&d);
	check_full();
	check_platform();
	return done_testing();
}
