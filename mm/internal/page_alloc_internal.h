/*
 * Internal interface of the buddy allocator's files (page_alloc.c,
 * page_alloc_fallback.c, pageblock.c, cma.c, vmstat_show.c,
 * kasan_poison.c), in the role of the kernel's mm/internal.h.  Not a
 * public header: the oracle must not include it.
 */
#ifndef MM_PAGE_ALLOC_INTERNAL_H
#define MM_PAGE_ALLOC_INTERNAL_H

#include "kernel.h"
#include "page_alloc.h"

/* fpi_t flags of __free_one_page(). */
#define FPI_NONE 0u
#define FPI_TO_TAIL 2u

/* alloc_flags (mm/internal.h of v6.1). */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04u
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM 0x08u
#define ALLOC_HARDER 0x10u
#define ALLOC_HIGH 0x20u
#define ALLOC_CPUSET 0x40u
#define ALLOC_CMA 0x80u
#define ALLOC_KSWAPD 0x800u

#define PAGE_ALLOC_COSTLY_ORDER 3

static inline unsigned int max_order(const struct mm_kernel *k)
{
	return k->profile->max_order;
}

static inline unsigned int pageblock_order(const struct mm_kernel *k)
{
	return k->profile->pageblock_order;
}

static inline unsigned long pageblock_nr_pages(const struct mm_kernel *k)
{
	return 1UL << k->profile->pageblock_order;
}

static inline bool is_migrate_cma(int mt)
{
	return mt == MIGRATE_CMA;
}

static inline bool is_migrate_isolate(int mt)
{
	return mt == MIGRATE_ISOLATE;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

static inline struct page *pfn_page(const struct mm_kernel *k, unsigned long pfn)
{
	return pfn_to_page(&k->memmap, pfn);
}

static inline unsigned long page_pfn(const struct mm_kernel *k, const struct page *page)
{
	return page_to_pfn(&k->memmap, page);
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return z->zone_start_pfn <= pfn && pfn < zone_end_pfn(z);
}

static inline void set_page_private(struct page *page, uint32_t v)
{
	page->private = v;
}

static inline enum migratetype get_pageblock_migratetype(const struct mm_kernel *k, const struct page *page)
{
	return get_pfnblock_migratetype(k, page_pfn(k, page));
}

/* Free-list primitives (page_alloc.c). */
void set_buddy_order(struct page *page, unsigned int order);
void add_to_free_list(struct page *page, struct zone *zone, unsigned int order, int mt, bool tail);
void move_to_free_list(struct page *page, struct zone *zone, unsigned int order, int mt);
void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order);
void __mod_zone_freepage_state(struct zone *zone, long nr, int mt);
struct page *get_page_from_free_area(struct free_area *area, int mt);
void __free_one_page(struct mm_kernel *k, struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int mt, unsigned int fpi);
/* free_one_page() with the free-side preparation (__free_pages_ok without the refcount). */
void free_pages_to_buddy(struct mm_kernel *k, struct page *page, unsigned int order, unsigned int fpi);
struct page *__rmqueue_smallest(struct mm_kernel *k, struct zone *zone, unsigned int order, int mt);
/* post_alloc_hook(): refcount 1, private 0, contents unpoisoned and zeroed. */
void post_alloc_hook(struct mm_kernel *k, struct page *page, unsigned int order);
void set_page_count(struct page *page, int v);
void adjust_managed_page_count(struct mm_kernel *k, struct page *page, long count);
/* PageHighMem(): HighMem, or Movable carved from highmem. */
bool page_is_highmem(const struct mm_kernel *k, const struct page *page);

/* page_alloc_fallback.c */
bool __rmqueue_fallback(struct mm_kernel *k, struct zone *zone, unsigned int order, int start_mt,
			unsigned int alloc_flags);
/* move_freepages_block(): pages moved, 0 when the block leaves the zone. */
unsigned long move_freepages_block(struct mm_kernel *k, struct zone *zone, struct page *page, int mt);

/* kasan_poison.c: sanitizer view of free pages' contents (no-ops without ASan). */
void kasan_poison_pages(struct mm_kernel *k, unsigned long pfn, unsigned int order);
void kasan_unpoison_pages(struct mm_kernel *k, unsigned long pfn, unsigned int order);
/* Is pfn inside a free buddy block (the page allocator owns its contents)? */
bool pfn_in_free_block(const struct mm_kernel *k, unsigned long pfn);

#endif
