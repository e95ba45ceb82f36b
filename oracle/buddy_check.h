/*
 * Naive oracle of the buddy allocator's free areas (Linux v6.1
 * mm/page_alloc.c semantics, shared doc §7-§8), recomputed from the free
 * lists, the struct pages and memblock, and from what the harness holds.
 *
 * Levels (the caller schedules them; docs/fuzz-input-format.md, "page_alloc
 * target", gives the fuzz target's schedule):
 *  - buddy_check_counters: per zone Σ nr_free[o]·2^o == NR_FREE_PAGES and
 *    orders ≥ MAX_ORDER empty (O(zones·orders), after every operation);
 *  - buddy_check_alloc / buddy_check_freed: the block an operation touched
 *    (allowed zone for the gfp, alignment, not held, not Reserved, not a
 *    free page; after a free: the pages sit in exactly one free block which
 *    has no free buddy of its order left unmerged);
 *  - buddy_check_lists: walks every free list: nr_free and the per-
 *    migratetype counts, every
 *    block aligned, in one zone (except boot's blocks across the DMA limit,
 *    see buddy_check.c), PageBuddy with its order, not Reserved,
 *    disjoint from other blocks and from held pages; no unmerged buddies
 *    (except the v6.1 refusals: order MAX_ORDER-1, or order ≥
 *    pageblock_order across pageblocks of different types one of which is
 *    not mergeable); CMA lists hold exactly the CMA pageblocks' free pages;
 *    NR_FREE_PAGES / NR_FREE_CMA_PAGES; per node free + held == managed, per
 *    zone (counting pages by pfn) free + held + reserved == present, where reserved is recomputed from
 *    memblock (pages touching memblock.reserved or a NOMAP region, except
 *    CMA areas, which the CMA initcall handed to the buddy allocator);
 *  - buddy_check_sweep: every pageblock's type against the oracle's
 *    (buddy_check_boot_types and the stealing rule), then every pfn of a
 *    range against the walked lists: a
 *    page is PageBuddy exactly when it heads a listed block, PageReserved
 *    exactly when the memblock rule says so (a page of a range whose end
 *    pfn wraps keeps memmap_init's state: Reserved where zone sizing saw a
 *    hole), free pages have refcount 0.
 */
#ifndef ORACLE_BUDDY_CHECK_H
#define ORACLE_BUDDY_CHECK_H

#include <stdbool.h>

#include "kernel_watch.h"

/* A range of pages the harness holds (an allocation, a split page, a CMA range). */
struct held_block {
	unsigned long pfn, nr;
};

struct buddy_check;

struct buddy_check *buddy_check_new(void);
void buddy_check_free(struct buddy_check *c);

void buddy_check_counters(const struct mm_kernel *k);
/*
 * The oracle's own pageblock types from boot (after kernel_watch_end):
 * MIGRATE_MOVABLE where memmap_init reaches a pageblock's first pfn inside
 * a zone's memory, Unmovable elsewhere, MIGRATE_CMA over the activated CMA
 * areas.  From then on only allocations change them, by the stealing rule
 * below; the checks compare the usemap with them.
 */
void buddy_check_boot_types(struct buddy_check *c, const struct kernel_watch *w);
/*
 * After buddy_check_boot_types(): a block the model took for itself
 * during the boot (SLUB's kmem_cache_init, reported by the page observer),
 * whose fallback ran before the oracle could plan it.  A request that is
 * not Movable may have claimed Movable pageblocks of the MAX_ORDER block it
 * came from, for its own type: the oracle's types follow the model's
 * there; any other difference is still reported.
 */
void buddy_check_boot_allocation(struct buddy_check *c, const struct kernel_watch *w, gfp_t gfp, unsigned long pfn,
				 unsigned int order);
/*
 * Just before alloc_pages(gfp, order): per zone, whether the request's
 * own free lists hold a block of its order or larger, and if not, the
 * fallback block __rmqueue_fallback would take and what its pageblock
 * holds free.
 */
void buddy_check_before_alloc(struct buddy_check *c, const struct kernel_watch *w, gfp_t gfp,
			      unsigned int order);
/*
 * After alloc_pages(gfp, order) returned page (not NULL), before the
 * harness records it: the block checks, then, when neither the request's
 * own lists nor CMA served it, the oracle's steal_suitable_fallback on its
 * types (the allocation must come from what the steal moved), and the
 * usemap of every pageblock involved against them.  Without the
 * before_alloc call a fallback is assumed and none is planned.
 */
void buddy_check_alloc(struct buddy_check *c, const struct kernel_watch *w, gfp_t gfp,
		       unsigned int order, const struct page *page, const struct held_block *held,
		       unsigned nr_held);
/* After the harness gave back [pfn, pfn + nr) (free, CMA release). */
void buddy_check_freed(const struct buddy_check *c, const struct kernel_watch *w, unsigned long pfn,
		       unsigned long nr);

void buddy_check_lists(struct buddy_check *c, const struct kernel_watch *w,
		       const struct held_block *held, unsigned nr_held);
/*
 * /proc/buddyinfo and /proc/pagetypeinfo's free counts against the counts
 * of the buddy_check_lists() call just before it (formatting costs: run it
 * at checkpoints).
 */
void buddy_check_proc(struct buddy_check *c, const struct mm_kernel *k);
/* Needs the block table of the buddy_check_lists() call just before it. */
void buddy_check_sweep(struct buddy_check *c, const struct kernel_watch *w, unsigned long start,
		       unsigned long end);

/* gfp_zone() written from the v6.1 table: the highest zone an allocation may use. */
enum zone_type naive_gfp_zone(gfp_t gfp);

#endif
