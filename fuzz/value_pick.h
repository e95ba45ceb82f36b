/*
 * Byte → "interesting" physical value, shared by the dtb_struct and
 * memblock_ops decoders.  One selector byte picks a family (board-like base
 * table, a recently used value plus a grid step, raw 32/64-bit, ...); the
 * picker remembers the last few values so later picks land on, next to or
 * inside earlier ranges, which is where merges, splits and overlaps happen.
 * The byte-exact encoding is in docs/fuzz-input-format.md.
 */
#ifndef FUZZ_VALUE_PICK_H
#define FUZZ_VALUE_PICK_H

#include <stdint.h>

#include "byte_reader.h"

#define VP_RECENT 8

struct value_picker {
	uint64_t recent_addr[VP_RECENT];	/* ring: bases and ends picked so far */
	uint64_t recent_size[VP_RECENT];
	unsigned addr_pos, size_pos;
};

/* Empty history; `anchor` (e.g. PHYS_OFFSET) fills the address ring. */
void vp_init(struct value_picker *vp, uint64_t anchor);

/* Remember a range so later picks can touch it (both its base and its end). */
void vp_note_range(struct value_picker *vp, uint64_t base, uint64_t size);

uint64_t vp_addr(struct value_picker *vp, struct byte_reader *br);
uint64_t vp_size(struct value_picker *vp, struct byte_reader *br);
/* An allocation alignment: 0 (the kernel's "use SMP_CACHE_BYTES" case) or 2^0..2^31. */
uint64_t vp_align(struct byte_reader *br);
/* A node id: NUMA_NO_NODE, 0, 1 or 2 (MAX_NUMNODES is 1, so 1 and 2 are out of range). */
int vp_nid(struct byte_reader *br);

#endif
