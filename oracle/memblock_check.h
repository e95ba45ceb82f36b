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

#endif
