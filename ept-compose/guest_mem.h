/* ept-compose/guest_mem.h: how the pure libraries reach guest-physical memory.
 *
 * The libraries never hold a host pointer to guest RAM.  They go through this
 * accessor, which L0 backs with L1's memslots and the unit tests back with a
 * plain buffer.  Every access is bounds-checked by the implementation: an
 * access that is not entirely inside guest RAM fails and touches nothing.
 * Shared by ept-compose, vmcs-merge and exit-forwarder (header only).
 */
#ifndef EPT_COMPOSE__GUEST_MEM_H
#define EPT_COMPOSE__GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	void *opaque;
	/* Return 0, or -1 when [gpa, gpa+len) is not all RAM. */
	int (*read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	int (*write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
};

static inline int guest_mem__read(const struct guest_mem *m, uint64_t gpa,
				  void *buf, size_t len)
{
	return m->read(m->opaque, gpa, buf, len);
}

static inline int guest_mem__write(const struct guest_mem *m, uint64_t gpa,
				   const void *buf, size_t len)
{
	return m->write(m->opaque, gpa, buf, len);
}

#endif /* EPT_COMPOSE__GUEST_MEM_H */
