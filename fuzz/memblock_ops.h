/*
 * The memblock_ops input format: a configuration byte, then up to
 * MBOPS_MAX_OPS operations, each an opcode byte (taken modulo MBOPS_NR)
 * and its operands (docs/fuzz-input-format.md).  Decoding is a pure
 * function of the bytes; operands that name an earlier allocation stay
 * symbolic (an index) and are resolved when the program runs.
 */
#ifndef FUZZ_MEMBLOCK_OPS_H
#define FUZZ_MEMBLOCK_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memblock.h"

#define MBOPS_MAX_OPS 256
#define MBOPS_MAX_BURST 128
/* memblock calls one input may make, bursts and presets included. */
#define MBOPS_MAX_CALLS 384
#define MBOPS_MAX_ALLOCS 16

enum mbops_opcode {
	MBOPS_ADD,
	MBOPS_ADD_NODE,
	MBOPS_REMOVE,
	MBOPS_RESERVE,
	MBOPS_PHYS_FREE,
	MBOPS_FREE_ALLOC,
	MBOPS_MARK_HOTPLUG,
	MBOPS_CLEAR_HOTPLUG,
	MBOPS_MARK_MIRROR,
	MBOPS_MARK_NOMAP,
	MBOPS_CLEAR_NOMAP,
	MBOPS_PHYS_ALLOC_RANGE,
	MBOPS_PHYS_ALLOC_TRY_NID,
	MBOPS_ALLOC_TRY_NID,
	MBOPS_ALLOC,
	MBOPS_CAP_MEMORY_RANGE,
	MBOPS_SET_CURRENT_LIMIT,
	MBOPS_SET_BOTTOM_UP,
	MBOPS_ALLOW_RESIZE,
	MBOPS_ADD_BURST,
	MBOPS_RESERVE_BURST,
	MBOPS_ALLOC_TRY_NID_RAW,
	MBOPS_ALLOC_EXACT_NID_RAW,
	MBOPS_ALLOC_FROM,
	MBOPS_ALLOC_LOW,
	MBOPS_ALLOC_NODE,
	MBOPS_ALLOC_RANGE_NID,
	MBOPS_FREE_ALLOC_VIRT,
	MBOPS_TRIM_MEMORY,
	MBOPS_ENFORCE_MEMORY_LIMIT,
	MBOPS_MOVABLE_NODE,
	MBOPS_NR
};

enum mbops_preset {
	MBOPS_PRESET_NONE,
	MBOPS_PRESET_256M_AT_0,
	MBOPS_PRESET_VIRT_1G,
	MBOPS_PRESET_KEYSTONE,
	MBOPS_PRESET_TWO_BANKS_HOLE,
	MBOPS_PRESET_VIRT_BOOTED,
	MBOPS_PRESET_FIRMWARE_HOLES,
	MBOPS_PRESET_NEAR_FULL,
	MBOPS_PRESET_NR
};

struct mbops_config {
	bool lpae, numa, bottom_up, allow_resize, debug;
	enum mbops_preset preset;
};

/*
 * Operands; which ones an opcode uses is listed in the format document.
 * Range ops: base/size.  Allocations: size, align, start/end (min/max).
 * SET_CURRENT_LIMIT: base.  SET_BOTTOM_UP: flags (bit 0 enable, bit 1 kernelcore=mirror).  ADD_NODE:
 * nid + flags.  FREE_ALLOC: alloc_ref + part.  Bursts: count ranges of
 * `size` every `stride` bytes from base.
 */
struct mbops_op {
	enum mbops_opcode opcode;
	uint64_t base, size, align, start, end, stride;
	int nid;
	unsigned flags, alloc_ref, part, count;
	uint32_t offset;	/* of the opcode byte in the input */
};

struct mbops_program {
	struct mbops_config cfg;
	int nr_ops;
	struct mbops_op ops[MBOPS_MAX_OPS];
};

/* Decode; never fails (an empty input is the empty program with a zero config). */
void mbops_decode(const uint8_t *data, size_t size, struct mbops_program *prog);

/* The call op makes, with the operands its opcode uses, e.g. "reserve(base=0x48000000, size=0x100000)"; returns snprintf's length. */
int mbops_format(const struct mbops_op *op, char *buf, size_t cap);

#endif
