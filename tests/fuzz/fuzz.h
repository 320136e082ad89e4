/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/fuzz/fuzz.h: what the libFuzzer harnesses share: findings of their
 * own (an assertion that aborts, which libFuzzer reports as a crash and
 * saves the input for), and fixed-size records for inputs that are
 * streams of operations. */
#ifndef TESTS__FUZZ__FUZZ_H
#define TESTS__FUZZ__FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding that is not a sanitizer's: the condition and where, then abort. */
#define FUZZ_ASSERT(cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();							\
	}									\
} while (0)

/* A fixed-size record of the input: what the harnesses' op streams are
 * made of, so that libFuzzer's mutations keep the records aligned. */
struct fuzz_rec {
	uint8_t op, a8;
	uint16_t a16;
	uint32_t a32;
	uint64_t val;
};
_Static_assert(sizeof(struct fuzz_rec) == 16, "records are 16 bytes, no padding");

static inline int fuzz_rec__next(const uint8_t **data, size_t *size, struct fuzz_rec *r)
{
	if (*size < sizeof(*r))
		return 0;
	memcpy(r, *data, sizeof(*r));
	*data += sizeof(*r);
	*size -= sizeof(*r);
	return 1;
}

#endif /* TESTS__FUZZ__FUZZ_H */
