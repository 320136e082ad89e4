/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/l0/loader.c: Multiboot loading of in-memory ELF32/ELF64 images,
 * the boot information it builds, and one row per rejected image. */
#include <stdlib.h>

#include "l0/boot/loader.h"
#include "l0/boot/multiboot.h"
#include "tests/tap.h"
#include "tests/unit/l0/elf_builder.h"

#define RAM_SIZE (4u << 20)
#define IMG_CAP  0x4000

static uint8_t image[IMG_CAP];

static uint32_t rd32(const uint8_t *ram, uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, ram + gpa, 4);
	return v;
}

static void check_good(int elf_class, uint8_t *ram)
{
	const struct eb_segment seg[] = {
		{ 0x100000, 0x300, 0x2000, 0xc3 },	/* text + BSS */
		{ 0x104000, 0x100, 0x100, 0x5a },
	};
	struct eb_image im = { elf_class, 0x100010, seg, 2, false, 3, 0 };
	static const char mod_a[] = "module A bytes", mod_b[] = "BB";
	struct loader_module mods[] = {
		{ mod_a, sizeof(mod_a), "a.bin x=1 y" },
		{ mod_b, sizeof(mod_b), "b.bin" },
	};
	struct loader_input in = { image, 0, "hello.elf one two", mods, 2 };
	struct loader_boot boot;
	struct mb_info info;
	struct mb_module m[2];
	struct mb_mmap_entry mm[3];
	struct error err = { "" };
	enum loader_status st;

	in.image_size = eb_build(image, sizeof(image), &im);
	memset(ram, 0xaa, RAM_SIZE);
	st = loader__load(ram, RAM_SIZE, &in, &boot, &err);
	is_u64(st, LOADER_OK, "ELF%d: loads (%s)", elf_class, err.msg);
	is_u64(boot.entry, 0x100010, "ELF%d: entry", elf_class);
	is_u64(boot.info, LOADER__INFO_START, "ELF%d: info at the start of the info area", elf_class);
	is_u64(boot.image_end, 0x104100, "ELF%d: image end is the highest segment end", elf_class);
	is_u64(ram[0x100000], 0xc3, "ELF%d: file bytes copied", elf_class);
	is_u64(ram[0x1002ff], 0xc3, "ELF%d: last file byte copied", elf_class);
	is_u64(ram[0x100300], 0, "ELF%d: BSS start zeroed", elf_class);
	is_u64(ram[0x101fff], 0, "ELF%d: BSS end zeroed", elf_class);
	is_u64(ram[0x102000], 0xaa, "ELF%d: nothing written past memsz", elf_class);
	is_u64(ram[0x104000], 0x5a, "ELF%d: second segment", elf_class);

	memcpy(&info, ram + boot.info, sizeof(info));
	is_u64(info.flags & (MB__INFO_MEMORY | MB__INFO_CMDLINE | MB__INFO_MODS | MB__INFO_MMAP),
	       MB__INFO_MEMORY | MB__INFO_CMDLINE | MB__INFO_MODS | MB__INFO_MMAP,
	       "ELF%d: info flags", elf_class);
	is_u64(info.mem_lower, 640, "ELF%d: mem_lower", elf_class);
	is_u64(info.mem_upper, (RAM_SIZE - 0x100000) / 1024, "ELF%d: mem_upper", elf_class);
	is_str((char *)ram + info.cmdline, "hello.elf one two", "ELF%d: cmdline", elf_class);
	is_u64(info.mods_count, 2, "ELF%d: mods_count", elf_class);
	memcpy(m, ram + info.mods_addr, sizeof(m));
	is_u64(m[0].mod_start, 0x105000, "ELF%d: module 0 page-aligned above the image", elf_class);
	is_u64(m[0].mod_end - m[0].mod_start, sizeof(mod_a), "ELF%d: module 0 size", elf_class);
	ok(!memcmp(ram + m[0].mod_start, mod_a, sizeof(mod_a)), "ELF%d: module 0 bytes", elf_class);
	is_str((char *)ram + m[0].string, "a.bin x=1 y", "ELF%d: module 0 string", elf_class);
	is_u64(m[1].mod_start, 0x106000, "ELF%d: module 1 on the next page", elf_class);
	is_str((char *)ram + m[1].string, "b.bin", "ELF%d: module 1 string", elf_class);
	is_u64(info.mmap_length, sizeof(mm), "ELF%d: mmap length", elf_class);
	memcpy(mm, ram + info.mmap_addr, sizeof(mm));
	is_u64(mm[0].size, 20, "ELF%d: mmap entry size field", elf_class);
	is_u64(mm[0].base_addr, 0, "ELF%d: page 0 is RAM", elf_class);
	is_u64(mm[0].type, MB__MMAP_AVAILABLE, "ELF%d: low RAM available", elf_class);
	is_u64(mm[2].base_addr + mm[2].length, RAM_SIZE, "ELF%d: map ends at RAM end", elf_class);
	is_u64(rd32(ram, boot.info + 16), info.cmdline, "ELF%d: cmdline at offset 16", elf_class);
}

struct bad_row {
	const char *what;
	struct eb_image im;
	size_t size;			/* 0: as built */
	uint64_t module_size;		/* nonzero: add a module this big */
	enum loader_status want;
	const char *msg;
};

#define IMG(cls, ent, segs, n, ...) \
	{ .elf_class = cls, .entry = ent, .seg = segs, .nr_seg = n, __VA_ARGS__ }

static const struct eb_segment one[] = { { 0x100000, 0x100, 0x100, 0x90 } };
static const struct eb_segment beyond[] = { { 0x3ff000, 0x100, 0x2000, 0x90 } };
static const struct eb_segment wrap[] = { { 0xfffffffffffff000ull, 0x10, 0x2000, 0x90 } };
static const struct eb_segment overlap[] = { { 0x100000, 0x100, 0x1000, 1 }, { 0x100800, 0x10, 0x10, 2 } };
static const struct eb_segment lowinfo[] = { { 0x2000, 0x100, 0x100, 0x90 } };
static const struct eb_segment fileover[] = { { 0x100000, 0x200, 0x100, 0x90 } };

static const struct bad_row rows[] = {
	{ "not ELF", IMG(32, 0x100000, one, 1), 0, 0, LOADER_NOT_ELF, "not an ELF" },
	{ "truncated ELF header", IMG(32, 0x100000, one, 1), 30, 0, LOADER_TRUNCATED, "truncated ELF" },
	{ "truncated ELF64 header", IMG(64, 0x100000, one, 1), 50, 0, LOADER_TRUNCATED, "truncated ELF" },
	{ "truncated program headers", IMG(64, 0x100000, one, 1), 80, 0, LOADER_TRUNCATED, "program headers" },
	{ "truncated segment", IMG(32, 0x100000, one, 1), EB_DATA_OFFSET + 0x80, 0, LOADER_TRUNCATED, "segment 0" },
	{ "no multiboot header", IMG(32, 0x100000, one, 1, .no_multiboot = true), 0, 0, LOADER_NO_MULTIBOOT, "no multiboot header" },
	{ "bad multiboot checksum", IMG(32, 0x100000, one, 1, .mb_checksum_delta = 1), 0, 0, LOADER_NO_MULTIBOOT, "no multiboot header" },
	{ "video mode required", IMG(32, 0x100000, one, 1, .mb_flags = 4), 0, 0, LOADER_MB_FEATURES, "unsupported features" },
	{ "no loadable segment", IMG(32, 0x100000, one, 0), 0, 0, LOADER_NO_SEGMENTS, "no loadable segment" },
	{ "segment beyond RAM", IMG(32, 0x3ff000, beyond, 1), 0, 0, LOADER_SEGMENT_RANGE, "beyond RAM" },
	{ "segment address wraps", IMG(64, 0x100000, wrap, 1), 0, 0, LOADER_SEGMENT_RANGE, "beyond RAM" },
	{ "overlapping segments", IMG(32, 0x100000, overlap, 2), 0, 0, LOADER_SEGMENT_OVERLAP, "overlapping segments" },
	{ "segment over boot info", IMG(32, 0x2000, lowinfo, 1), 0, 0, LOADER_SEGMENT_OVERLAP, "boot information area" },
	{ "file size above memory size", IMG(32, 0x100000, fileover, 1), 0, 0, LOADER_UNSUPPORTED_ELF, "file size" },
	{ "entry outside segments", IMG(32, 0x200000, one, 1), 0, 0, LOADER_BAD_ENTRY, "entry point" },
	{ "module beyond RAM", IMG(32, 0x100000, one, 1), 0, RAM_SIZE, LOADER_MODULE_RANGE, "does not fit" },
};

static void check_bad(uint8_t *ram)
{
	unsigned i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct bad_row *r = &rows[i];
		struct loader_module mod = { NULL, r->module_size, "big.bin" };
		struct loader_input in = { image, 0, "x", &mod, r->module_size ? 1 : 0 };
		struct loader_boot boot;
		struct error err = { "" };
		enum loader_status st;

		in.image_size = eb_build(image, sizeof(image), &r->im);
		if (r->size)
			in.image_size = r->size;
		if (r->want == LOADER_NOT_ELF)
			image[1] = 'X';
		if (r->module_size)
			mod.data = calloc(1, r->module_size);
		st = loader__load(ram, RAM_SIZE, &in, &boot, &err);
		is_u64(st, r->want, "%s: %s", r->what, loader__status_name(r->want));
		ok(strstr(err.msg, r->msg) != NULL, "%s: message '%s' names it", r->what, err.msg);
		free((void *)mod.data);
	}
}

static void check_cmdline(void)
{
	char buf[32];
	char *args[] = { "a", "bc" };

	is_u64(loader__cmdline(buf, sizeof(buf), "/x/y/hello.elf", args, 2), 14, "cmdline length");
	is_str(buf, "hello.elf a bc", "cmdline: basename then arguments");
	is_u64(loader__cmdline(buf, sizeof(buf), "k", NULL, 0), 1, "cmdline without arguments");
	ok(loader__cmdline(buf, 8, "hello.elf", args, 2) < 0, "cmdline too long is refused");
}

int main(void)
{
	uint8_t *ram = malloc(RAM_SIZE);

	check_good(32, ram);
	check_good(64, ram);
	check_bad(ram);
	check_cmdline();
	free(ram);
	return done_testing();
}
