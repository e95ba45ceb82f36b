/*
 * Naive recomputation of the ARM32 memory layout (Linux v6.1 memory.h
 * constants, early_vmalloc's clamp, adjust_lowmem_bounds, setup_dma_zone,
 * head.S's kernel_sec_start/end, find_limits) from the configuration and
 * the memblock regions, compared field by field with the model's
 * struct arm_layout.  Failure messages name the field, the expected and
 * the actual value.
 *
 * adjust_lowmem_bounds() runs twice and may remove memory after computing
 * its limits, so the final memblock is not always what it computed from.
 * A layout_watch, interposed as memblock's observer, keeps a copy of
 * memblock.memory as the latest adjust_lowmem_bounds() saw it: the state
 * before the removal [memblock_limit, end) that immediately precedes its
 * memblock_set_current_limit(memblock_limit).
 */
#ifndef ORACLE_LAYOUT_CHECK_H
#define ORACLE_LAYOUT_CHECK_H

#include "layout.h"
#include "memblock.h"

/* What the layout was derived from, besides struct arm_layout's cfg. */
struct layout_inputs {
	phys_addr_t phys_offset;
	bool has_vmalloc;		/* vmalloc= given (then vmalloc_arg is memparse's value) */
	uint64_t vmalloc_arg;
};

struct layout_watch;

struct layout_watch *layout_watch_new(void);
void layout_watch_free(struct layout_watch *w);
/* Forget the last input; `next` (may be NULL) is called first on every operation. */
void layout_watch_reset(struct layout_watch *w, memblock_observer_fn next, void *next_ctx);
/* Stop recording: paging_init has begun (its own limit change is not adjust_lowmem_bounds'). */
void layout_watch_freeze(struct layout_watch *w);
/* memblock_observer_fn: ctx = the watch. */
void layout_watch_observe(const struct memblock *mb, const struct memblock_op *op, void *ctx);

/*
 * After setup_arch (the second adjust_lowmem_bounds; paging_init may have
 * run if the watch was frozen when it began): the split constants, vmalloc
 * size and limit, arm_lowmem_limit, high_memory, VMALLOC_START,
 * memblock_limit and the limit memblock was given, arm_dma_limit, the
 * kernel sections, and the !HIGHMEM removal.
 */
void layout_check(const struct arm_layout *l, const struct memblock *mb,
		  const struct layout_watch *w, const struct layout_inputs *in);

/* PAGE_OFFSET of a split, the oracle's own way. */
uint32_t layout_naive_page_offset(enum vmsplit split);

/* After paging_init/find_limits: min_low_pfn, max_low_pfn, max_pfn and current_limit. */
void layout_check_limits(const struct arm_layout *l, const struct memblock *mb);

#endif
