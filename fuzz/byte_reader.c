/* See byte_reader.h. */
#include "byte_reader.h"

#include <string.h>

void br_init(struct byte_reader *br, const uint8_t *data, size_t len)
{
	br->data = data;
	br->len = len;
	br->pos = 0;
	br->exhausted = false;
}

size_t br_remaining(const struct byte_reader *br)
{
	return br->len - br->pos;
}

uint8_t br_u8(struct byte_reader *br)
{
	if (br->pos >= br->len) {
		br->exhausted = true;
		return 0;
	}
	return br->data[br->pos++];
}

uint16_t br_u16(struct byte_reader *br)
{
	uint16_t lo = br_u8(br);

	return (uint16_t)(lo | (uint16_t)br_u8(br) << 8);
}

uint32_t br_u32(struct byte_reader *br)
{
	uint32_t lo = br_u16(br);

	return lo | (uint32_t)br_u16(br) << 16;
}

uint64_t br_u64(struct byte_reader *br)
{
	uint64_t lo = br_u32(br);

	return lo | (uint64_t)br_u32(br) << 32;
}

bool br_bool(struct byte_reader *br)
{
	return br_u8(br) & 1;
}

uint64_t br_range(struct byte_reader *br, uint64_t lo, uint64_t hi)
{
	uint64_t span = hi - lo, v;

	if (lo >= hi)
		return lo;
	if (span < 0x100)
		v = br_u8(br);
	else if (span < 0x10000)
		v = br_u16(br);
	else if (span < 0x100000000ULL)
		v = br_u32(br);
	else
		v = br_u64(br);
	if (span == UINT64_MAX)
		return v;
	return lo + v % (span + 1);
}

uint64_t br_pow2(struct byte_reader *br, unsigned lo_shift, unsigned hi_shift)
{
	return 1ULL << br_range(br, lo_shift, hi_shift);
}

size_t br_bytes(struct byte_reader *br, void *out, size_t n)
{
	size_t avail = br_remaining(br);

	if (n > avail) {
		n = avail;
		br->exhausted = true;
	}
	memcpy(out, br->data + br->pos, n);
	br->pos += n;
	return n;
}
