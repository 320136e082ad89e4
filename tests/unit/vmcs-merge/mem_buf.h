/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/unit/vmcs-merge/mem_buf.h: guest memory backed by a plain buffer,
 * bounds-checked like L0's (ept-compose/guest_mem.h). */
#ifndef TESTS__VMCS_MERGE__MEM_BUF_H
#define TESTS__VMCS_MERGE__MEM_BUF_H

#include <stdint.h>
#include <string.h>

#include "ept-compose/guest_mem.h"

#define MEM_BUF_SIZE (64u * 1024)

struct mem_buf {
	uint8_t bytes[MEM_BUF_SIZE];
	struct guest_mem mem;
};

static int mem_buf__read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct mem_buf *m = opaque;

	if (gpa > MEM_BUF_SIZE || len > MEM_BUF_SIZE - gpa)
		return -1;
	memcpy(buf, m->bytes + gpa, len);
	return 0;
}

static int mem_buf__write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct mem_buf *m = opaque;

	if (gpa > MEM_BUF_SIZE || len > MEM_BUF_SIZE - gpa)
		return -1;
	memcpy(m->bytes + gpa, buf, len);
	return 0;
}

static inline void mem_buf__init(struct mem_buf *m)
{
	memset(m->bytes, 0, sizeof(m->bytes));
	m->mem = (struct guest_mem){ .opaque = m, .read = mem_buf__read,
				     .write = mem_buf__write };
}

static inline void mem_buf__put32(struct mem_buf *m, uint64_t gpa, uint32_t v)
{
	memcpy(m->bytes + gpa, &v, sizeof(v));
}

static inline uint32_t mem_buf__get32(const struct mem_buf *m, uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, m->bytes + gpa, sizeof(v));
	return v;
}

static inline void mem_buf__put64(struct mem_buf *m, uint64_t gpa, uint64_t v)
{
	memcpy(m->bytes + gpa, &v, sizeof(v));
}

static inline uint64_t mem_buf__get64(const struct mem_buf *m, uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, m->bytes + gpa, sizeof(v));
	return v;
}

#endif /* TESTS__VMCS_MERGE__MEM_BUF_H */
