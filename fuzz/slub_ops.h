/*
 * The slub decoder: bytes → a configuration (profile, CPUs, board,
 * slub_debug= and SLUB's other boot parameters, the seed) and up to
 * SLUB_MAX_OPS slab operations.  docs/fuzz-input-format.md, "slub target",
 * gives the byte layout.
 */
#ifndef FUZZ_SLUB_OPS_H
#define FUZZ_SLUB_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

#define SLUB_MAX_OPS 256
#define SLUB_NR_BOARDS 4
#define SLUB_NR_DEBUG 16		/* slub_debug= choices, 0 = none */

enum slub_op_kind {
	SLUB_CREATE,		/* kmem_cache_create(name, size, align, flags, ctor) */
	SLUB_ALLOC,		/* kmem_cache_alloc(cache, gfp) */
	SLUB_KMALLOC,		/* kmalloc(size, gfp) */
	SLUB_FREE,		/* kmem_cache_free (kfree for kmalloc's objects) of a held object */
	SLUB_KFREE,		/* kfree of a held object, whichever way it was allocated */
	SLUB_ALLOC_MANY,	/* the same kmem_cache_alloc `count` times */
	SLUB_FREE_MANY,		/* give back held objects in a pattern */
	SLUB_SET_CPU,		/* run on another simulated CPU */
	SLUB_SHRINK,		/* kmem_cache_shrink */
	SLUB_DESTROY,		/* kmem_cache_destroy of a created cache */
	SLUB_WRITE,		/* the holder writes its object */
	SLUB_KSIZE,
	SLUB_WRONG,		/* a deliberately wrong free or store, for slub_debug to catch */
	SLUB_SLABINFO,		/* read /proc/slabinfo */
	SLUB_NR_OPS
};

/* What SLUB_WRONG does (its argument's low 3 bits). */
enum slub_wrong_kind {
	WRONG_DOUBLE_FREE,	/* free an object again while it is still free */
	WRONG_CACHE,		/* kmem_cache_free into another cache */
	WRONG_MID_OBJECT,	/* free a pointer inside an object */
	WRONG_USE_AFTER_FREE,	/* write into a freed object */
	WRONG_REDZONE,		/* write just past an object */
	WRONG_NR
};

struct slub_op {
	enum slub_op_kind kind;
	uint32_t offset;	/* the operation's first byte in the input */
	uint8_t a, b, c, d;	/* operands, by kind (see the format doc) */
	uint32_t size;		/* CREATE: object size; KMALLOC: request */
	gfp_t gfp;
};

struct slub_input {
	struct kernel_config cfg;
	unsigned board;
	char bootargs[160];
	unsigned nr_ops;
	struct slub_op ops[SLUB_MAX_OPS];
};

/* Decode; returns 0, or -1 when the input is too short to name a configuration. */
int slub_decode(const uint8_t *data, size_t size, struct slub_input *in);

/* The operation as a call with its operands, e.g. "kmalloc(100, GFP_KERNEL)"; snprintf's return. */
int slub_format(const struct slub_op *op, char *buf, size_t cap);
/* A cache byte's cache, by name: "mmfuzz-3", "kmalloc-cg-192". */
void slub_cache_name(uint8_t sel, char *buf, size_t cap);

/* The board's device tree (built per input: the command line is in /chosen); its size, or -1. */
int slub_board_dtb(const struct slub_input *in, void *buf, size_t cap);
const char *slub_debug_choice(unsigned idx);
const char *slub_board_name(unsigned idx);
/* The kmalloc size classes a cache byte names (64 .. 8k; 2 is 192), by (b & 15) % 9. */
extern const uint8_t slub_kmalloc_indexes[9];

#endif
