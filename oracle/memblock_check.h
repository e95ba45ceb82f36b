/*
 * Naive shadow of memblock: each region type is a plain list of byte
 * intervals with (flags, nid), rebuilt after every operation
 * by cutting at every boundary and re-merging equal neighbours.  Attached as
 * memblock's observer, it applies each reported operation to the shadow and
 * compares: same coverage and attributes, regions sorted, disjoint and
 * merged where mergeable, cnt and total_size consistent, allocations inside
 * memory, outside reserved, below the limit, aligned, and the highest
 * (top-down) or lowest (bottom-up) candidate; a failed allocation had no
 * candidate; every array doubling happened exactly when needed and took the
 * right place.
 */
#ifndef ORACLE_MEMBLOCK_CHECK_H
#define ORACLE_MEMBLOCK_CHECK_H

#include "memblock.h"

struct memblock_shadow;

struct memblock_shadow *memblock_shadow_new(void);
void memblock_shadow_free(struct memblock_shadow *s);

/* Start shadowing a freshly initialised (or reset) memblock. */
void memblock_shadow_reset(struct memblock_shadow *s, const struct memblock *mb);

/* memblock_observer_fn: pass as observer with ctx = the shadow. */
void memblock_shadow_observe(const struct memblock *mb, const struct memblock_op *op, void *ctx);

/* Full comparison of every region of both types (also run by observe at ORACLE_FULL). */
void memblock_shadow_check(struct memblock_shadow *s, const struct memblock *mb);

/*
 * The shadow's own regions of one type (0 memory, 1 reserved), built from
 * the operations it observed, as memblock regions (nid 0 without NUMA).
 * Writes at most cap; returns how many there are.
 */
unsigned long memblock_shadow_regions(const struct memblock_shadow *s, int type,
				      struct memblock_region *out, unsigned long cap);

/*
 * Where memblock_find_in_range() would put size bytes in [start, end)
 * (end 0: the current limit) on the shadow's present state, rounding with
 * the kernel's mask arithmetic, so `align` need not be a power of two
 * (sparse_init's memory map); 0 when nowhere.
 */
phys_addr_t memblock_shadow_find(const struct memblock_shadow *s, phys_addr_t size,
				 phys_addr_t align, phys_addr_t start, phys_addr_t end);

#endif
