/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/boot/loader.c: Multiboot v1 loading (Multiboot Specification 0.6.96, sections
 * 3.1 header, 3.2 machine state, 3.3 boot information). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "l0/boot/elf.h"
#include "l0/boot/loader.h"
#include "l0/boot/multiboot.h"
#include "l0/cli/version.h"

#define PAGE_ALIGN(x) (((x) + 0xfffull) & ~0xfffull)

static enum loader_status find_header(const uint8_t *img, size_t len, struct error *err)
{
	size_t off, end = len < MB__SEARCH_LEN ? len : MB__SEARCH_LEN;
	struct mb_header h;

	for (off = 0; off + sizeof(h) <= end; off += 4) {
		memcpy(&h, img + off, sizeof(h));
		if (h.magic != MB__HEADER_MAGIC || h.magic + h.flags + h.checksum != 0)
			continue;
		if (h.flags & MB__HF_REQUIRED_MASK & ~MB__HF_SUPPORTED) {
			error__set(err, "multiboot header requires unsupported features (flags 0x%x)",
				   h.flags & MB__HF_REQUIRED_MASK & ~MB__HF_SUPPORTED);
			return LOADER_MB_FEATURES;
		}
		return LOADER_OK;
	}
	error__set(err, "no multiboot header in the first 8K of the image");
	return LOADER_NO_MULTIBOOT;
}

/* Segments land at their physical address: inside RAM, clear of the boot
 * information area and of each other. */
static enum loader_status check_segments(const struct elf_image *elf, uint64_t ram_size,
					 struct error *err)
{
	unsigned i, j;

	if (!elf->nr_seg) {
		error__set(err, "no loadable segment in the image");
		return LOADER_NO_SEGMENTS;
	}
	for (i = 0; i < elf->nr_seg; i++) {
		const struct elf_segment *a = &elf->seg[i];

		if (a->paddr > ram_size || a->memsz > ram_size - a->paddr) {
			char end[LOADER__END_LEN];

			error__set(err, "segment beyond RAM: 0x%" PRIx64 "..%s with %" PRIu64 "M of RAM",
				   a->paddr, loader__end(end, a->paddr, a->memsz), ram_size >> 20);
			return LOADER_SEGMENT_RANGE;
		}
		if (a->paddr < LOADER__INFO_END && a->paddr + a->memsz > LOADER__INFO_START) {
			error__set(err, "overlapping segments: 0x%" PRIx64 "..0x%" PRIx64
				   " overlaps the boot information area 0x%llx..0x%llx",
				   a->paddr, a->paddr + a->memsz, LOADER__INFO_START, LOADER__INFO_END);
			return LOADER_SEGMENT_OVERLAP;
		}
		for (j = 0; j < i; j++) {
			const struct elf_segment *b = &elf->seg[j];

			if (a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz) {
				error__set(err, "overlapping segments: 0x%" PRIx64 "..0x%" PRIx64
					   " and 0x%" PRIx64 "..0x%" PRIx64, b->paddr,
					   b->paddr + b->memsz, a->paddr, a->paddr + a->memsz);
				return LOADER_SEGMENT_OVERLAP;
			}
		}
	}
	return LOADER_OK;
}

/* The entry is physical; an image linked at a virtual address different from
 * its load address gets its entry translated through the segment holding it.
 * It must be among the segment's file bytes: the BSS is zeros, no code.
 * Returns the segment's index, or -1 when no segment holds it (*bss tells
 * whether one held it in its BSS). */
static int entry_paddr(const struct elf_image *elf, uint64_t *entry, bool *bss)
{
	unsigned i;

	*bss = false;
	for (i = 0; i < elf->nr_seg; i++) {
		const struct elf_segment *s = &elf->seg[i];
		uint64_t off;

		if (elf->entry - s->paddr < s->memsz)
			off = elf->entry - s->paddr;
		else if (elf->entry - s->vaddr < s->memsz)
			off = elf->entry - s->vaddr;
		else
			continue;
		if (off >= s->filesz) {
			*bss = true;
			continue;
		}
		*entry = s->paddr + off;
		return (int)i;
	}
	return -1;
}

/* Bump allocator over the boot information area. */
struct info_area {
	uint8_t *ram;
	uint64_t next;
};

static uint32_t info_put(struct info_area *a, const void *data, size_t len)
{
	uint64_t at = (a->next + 7) & ~7ull;

	if (at + len > LOADER__INFO_END)
		return 0;
	memcpy(a->ram + at, data, len);
	a->next = at + len;
	return (uint32_t)at;
}

static enum loader_status build_info(uint8_t *ram, uint64_t ram_size, const struct loader_input *in,
				     struct mb_module *mods, struct loader_boot *out,
				     struct error *err)
{
	struct info_area a = { ram, LOADER__INFO_START };
	const struct mb_mmap_entry mmap[] = {
		{ 20, 0, LOADER__LOWMEM_END, MB__MMAP_AVAILABLE },
		{ 20, LOADER__LOWMEM_END, LOADER__HIMEM_START - LOADER__LOWMEM_END, MB__MMAP_RESERVED },
		{ 20, LOADER__HIMEM_START, ram_size - LOADER__HIMEM_START, MB__MMAP_AVAILABLE },
	};
	static const char name[] = "turtle " TURTLE_VERSION;
	struct mb_info info = {
		.flags = MB__INFO_MEMORY | MB__INFO_CMDLINE | MB__INFO_MODS | MB__INFO_MMAP |
			 MB__INFO_LOADER_NAME,
		.mem_lower = LOADER__LOWMEM_END >> 10,
		.mem_upper = (uint32_t)((ram_size - LOADER__HIMEM_START) >> 10),
		.mods_count = in->nr_modules,
		.mmap_length = sizeof(mmap),
	};
	size_t mods_len = in->nr_modules * sizeof(*mods);
	uint32_t at, fail = 0;
	unsigned i;

	/* The info block goes first so EBX is the same on every boot. */
	at = info_put(&a, &info, sizeof(info));
	info.mmap_addr = info_put(&a, mmap, sizeof(mmap));
	info.boot_loader_name = info_put(&a, name, sizeof(name));
	info.cmdline = info_put(&a, in->cmdline, strlen(in->cmdline) + 1);
	fail |= !info.mmap_addr || !info.boot_loader_name || !info.cmdline;
	for (i = 0; i < in->nr_modules && !fail; i++) {
		mods[i].string = info_put(&a, in->modules[i].string, strlen(in->modules[i].string) + 1);
		fail |= !mods[i].string;
	}
	if (!fail && mods_len) {
		info.mods_addr = info_put(&a, mods, mods_len);
		fail |= !info.mods_addr;
	}
	if (fail) {
		error__set(err, "boot information too large (command line of %zu bytes, %u modules)",
			   strlen(in->cmdline), in->nr_modules);
		return LOADER_INFO_TOO_LARGE;
	}
	memcpy(ram + at, &info, sizeof(info));
	out->info = at;
	return LOADER_OK;
}

/* Modules go page-aligned (header flag 0 asks for it; we always do it)
 * above the image and above 1M: clear of the boot information area, of
 * the 640K-1M hole and of every segment, also for an image in page 0. */
static enum loader_status place_modules(uint8_t *ram, uint64_t ram_size, const struct loader_input *in,
					struct mb_module *mods, struct loader_boot *out,
					struct error *err)
{
	uint64_t at = PAGE_ALIGN(out->image_end);
	unsigned i;

	if (at < LOADER__HIMEM_START)
		at = LOADER__HIMEM_START;

	for (i = 0; i < in->nr_modules; i++) {
		const struct loader_module *m = &in->modules[i];

		if (at > ram_size || m->size > ram_size - at) {
			error__set(err, "module does not fit in RAM: '%s' (%zu bytes at 0x%" PRIx64
				   ", %" PRIu64 "M of RAM)", m->string, m->size, at, ram_size >> 20);
			return LOADER_MODULE_RANGE;
		}
		memcpy(ram + at, m->data, m->size);
		mods[i] = (struct mb_module){ (uint32_t)at, (uint32_t)(at + m->size), 0, 0 };
		at = PAGE_ALIGN(at + m->size);
	}
	out->modules_end = at;
	return LOADER_OK;
}

int loader__cmdline(char *buf, size_t len, const char *path, char *const *args, int nr_args)
{
	const char *base = strrchr(path, '/');
	size_t used;
	int i;

	base = base ? base + 1 : path;
	used = strlen(base);
	if (used >= len)
		return -1;
	memcpy(buf, base, used + 1);
	for (i = 0; i < nr_args; i++) {
		size_t n = strlen(args[i]);

		if (used + 1 + n >= len)
			return -1;
		buf[used++] = ' ';
		memcpy(buf + used, args[i], n + 1);
		used += n;
	}
	return (int)used;
}

enum loader_status loader__load(void *ram_ptr, uint64_t ram_size, const struct loader_input *in,
				struct loader_boot *out, struct error *err)
{
	struct mb_module mods[64];
	struct elf_image elf;
	enum loader_status st;
	uint8_t *ram = ram_ptr;
	uint64_t entry;
	bool bss;
	unsigned i;

	memset(out, 0, sizeof(*out));
	st = elf__parse(in->image, in->image_size, &elf, err);
	if (st == LOADER_OK)
		st = find_header(in->image, in->image_size, err);
	if (st == LOADER_OK)
		st = check_segments(&elf, ram_size, err);
	if (st != LOADER_OK)
		return st;
	if (entry_paddr(&elf, &entry, &bss) < 0 || entry > UINT32_MAX) {
		error__set(err, "entry point 0x%" PRIx64 " %s", elf.entry,
			   bss ? "in a segment's BSS (no file bytes there)"
			       : "outside the loaded segments");
		return LOADER_BAD_ENTRY;
	}
	if (in->nr_modules > sizeof(mods) / sizeof(mods[0])) {
		error__set(err, "boot information too large (%u modules)", in->nr_modules);
		return LOADER_INFO_TOO_LARGE;
	}
	for (i = 0; i < elf.nr_seg; i++) {
		const struct elf_segment *s = &elf.seg[i];

		memcpy(ram + s->paddr, (const uint8_t *)in->image + s->offset, s->filesz);
		memset(ram + s->paddr + s->filesz, 0, s->memsz - s->filesz);	/* BSS */
		if (s->paddr + s->memsz > out->image_end)
			out->image_end = s->paddr + s->memsz;
	}
	out->entry = (uint32_t)entry;
	st = place_modules(ram, ram_size, in, mods, out, err);
	if (st != LOADER_OK)
		return st;
	return build_info(ram, ram_size, in, mods, out, err);
}
