/* SPDX-License-Identifier: GPL-2.0-only */
/* l0/guest_paging.c: the guest's page walk (SDM Vol. 3A 4.3 32-bit paging,
 * 4.4 PAE paging, 4.5 4-level paging).  Permission checks follow 4.6:
 * writes need R/W=1 at every level unless a supervisor write with CR0.WP=0;
 * user accesses need U/S=1 at every level; fetches fault on XD with
 * EFER.NXE.  Reserved-bit checks are not done: L0 only walks to emulate an
 * access the guest itself attempted.
 */
#include <string.h>

#include "l0/guest_paging.h"

#define CR0_WP   (1ull << 16)
#define CR0_PG   (1ull << 31)
#define CR4_PSE  (1ull << 4)
#define CR4_PAE  (1ull << 5)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

#define PTE_P    (1ull << 0)
#define PTE_RW   (1ull << 1)
#define PTE_US   (1ull << 2)
#define PTE_PS   (1ull << 7)
#define PTE_XD   (1ull << 63)
#define PFEC_P   1u
#define ADDR_MASK 0x000ffffffffff000ull   /* bits 51:12 */

struct walk {
	const struct guest_mem *mem;
	const struct paging_mode *mode;
	unsigned access;
	int all_rw, all_us, any_xd;
};

static int read_entry(struct walk *w, uint64_t gpa, int wide, uint64_t *entry)
{
	if (wide)
		return guest_mem__read(w->mem, gpa, entry, 8);
	uint32_t e32;
	if (guest_mem__read(w->mem, gpa, &e32, 4))
		return -1;
	*entry = e32;
	return 0;
}

static void note_entry(struct walk *w, uint64_t entry)
{
	w->all_rw &= !!(entry & PTE_RW);
	w->all_us &= !!(entry & PTE_US);
	w->any_xd |= !!(entry & PTE_XD);
}

/* 4.6: the access rights of the whole translation. */
static int permitted(const struct walk *w)
{
	int user = w->access & PAGING_USER;

	if (user && !w->all_us)
		return 0;
	if ((w->access & PAGING_WRITE) && !w->all_rw &&
	    (user || (w->mode->cr0 & CR0_WP)))
		return 0;
	if ((w->access & PAGING_FETCH) && w->any_xd && (w->mode->efer & EFER_NXE))
		return 0;
	return 1;
}

int guest_paging__translate(const struct guest_mem *mem,
			    const struct paging_mode *mode, uint64_t linear,
			    unsigned access, uint64_t *gpa,
			    struct paging_fault *fault)
{
	struct walk w = { mem, mode, access, 1, 1, 0 };
	uint64_t table, entry = 0;
	int levels, wide, shift;

	fault->linear = linear;
	fault->error_code = access;
	if (!(mode->cr0 & CR0_PG)) {
		*gpa = linear & 0xffffffffull;
		if (mode->efer & EFER_LMA)   /* cannot happen: LMA needs PG */
			*gpa = linear;
		return 0;
	}
	if (mode->efer & EFER_LMA) {
		levels = 4, wide = 1, table = mode->cr3 & ADDR_MASK;
	} else if (mode->cr4 & CR4_PAE) {
		/* 4.4.1: the PDPTE is selected by bits 31:30, from CR3 31:5 */
		uint64_t pdpte;
		linear &= 0xffffffffull;
		if (guest_mem__read(mem, (mode->cr3 & 0xffffffe0ull) + ((linear >> 30) & 3) * 8,
				    &pdpte, 8) || !(pdpte & PTE_P))
			return -1;
		levels = 2, wide = 1, table = pdpte & ADDR_MASK;
	} else {
		linear &= 0xffffffffull;
		levels = 2, wide = 0, table = mode->cr3 & 0xfffff000ull;
	}

	for (int level = levels; level >= 1; level--) {
		shift = 12 + (wide ? 9 : 10) * (level - 1);
		uint64_t index = (linear >> shift) & (wide ? 0x1ff : 0x3ff);
		if (read_entry(&w, table + index * (wide ? 8 : 4), wide, &entry) ||
		    !(entry & PTE_P))
			return -1;
		note_entry(&w, entry);
		int large = level > 1 && (entry & PTE_PS) &&
			    (wide ? level <= 3 : (mode->cr4 & CR4_PSE) != 0);
		if (large || level == 1) {
			if (!permitted(&w)) {
				fault->error_code |= PFEC_P;
				return -1;
			}
			uint64_t page_mask = (1ull << shift) - 1;
			uint64_t base = entry & ADDR_MASK & ~page_mask;
			if (!wide && large)   /* 4.3: PSE-36 bits 20:13 -> 39:32 */
				base = (entry & 0xffc00000ull) | ((entry >> 13) & 0xffull) << 32;
			*gpa = base | (linear & page_mask);
			return 0;
		}
		table = entry & (wide ? ADDR_MASK : 0xfffff000ull);
	}
	return -1;
}

typedef int (*chunk_fn)(const struct guest_mem *mem, uint64_t gpa, void *buf, size_t len);

static int copy_linear(const struct guest_mem *mem, const struct paging_mode *mode,
		       uint64_t linear, uint8_t *buf, size_t len, unsigned access,
		       struct paging_fault *fault, chunk_fn fn)
{
	while (len) {
		uint64_t gpa;
		size_t chunk = 4096 - (linear & 4095);
		if (chunk > len)
			chunk = len;
		if (guest_paging__translate(mem, mode, linear, access, &gpa, fault))
			return -1;
		if (fn(mem, gpa, buf, chunk)) {
			/* translated to a gpa that is not RAM: L0 reports it as
			 * a not-present fault rather than touch anything */
			fault->linear = linear;
			fault->error_code = access;
			return -1;
		}
		linear += chunk, buf += chunk, len -= chunk;
	}
	return 0;
}

static int read_chunk(const struct guest_mem *mem, uint64_t gpa, void *buf, size_t len)
{
	return guest_mem__read(mem, gpa, buf, len);
}

static int write_chunk(const struct guest_mem *mem, uint64_t gpa, void *buf, size_t len)
{
	return guest_mem__write(mem, gpa, buf, len);
}

int guest_paging__read(const struct guest_mem *mem, const struct paging_mode *mode,
		       uint64_t linear, void *buf, size_t len, unsigned access,
		       struct paging_fault *fault)
{
	return copy_linear(mem, mode, linear, buf, len, access & ~PAGING_WRITE,
			   fault, read_chunk);
}

int guest_paging__write(const struct guest_mem *mem, const struct paging_mode *mode,
			uint64_t linear, const void *buf, size_t len, unsigned access,
			struct paging_fault *fault)
{
	return copy_linear(mem, mode, linear, (uint8_t *)buf, len, access | PAGING_WRITE,
			   fault, write_chunk);
}
