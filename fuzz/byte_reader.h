/*
 * The one byte reader every decoder uses.  Reads past the end yield zeros
 * (so every input decodes to something) and set `exhausted`, which decoders
 * use to stop emitting operations.
 */
#ifndef FUZZ_BYTE_READER_H
#define FUZZ_BYTE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct byte_reader {
	const uint8_t *data;
	size_t len;
	size_t pos;
	bool exhausted;
};

void br_init(struct byte_reader *br, const uint8_t *data, size_t len);
size_t br_remaining(const struct byte_reader *br);
uint8_t br_u8(struct byte_reader *br);
uint16_t br_u16(struct byte_reader *br);	/* little-endian */
uint32_t br_u32(struct byte_reader *br);
uint64_t br_u64(struct byte_reader *br);
bool br_bool(struct byte_reader *br);
/* A value in [lo, hi] from as few bytes as the span needs (modulo, so the mapping is stable). */
uint64_t br_range(struct byte_reader *br, uint64_t lo, uint64_t hi);
/* A power of two 2^k with k in [lo_shift, hi_shift]. */
uint64_t br_pow2(struct byte_reader *br, unsigned lo_shift, unsigned hi_shift);
/* Copy up to n bytes into out; returns the number copied. */
size_t br_bytes(struct byte_reader *br, void *out, size_t n);

#endif
