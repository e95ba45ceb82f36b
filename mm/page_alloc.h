/*
 * The buddy allocator (Linux v6.1 mm/page_alloc.c: __free_one_page,
 * __free_pages_core, expand, __rmqueue_smallest, __rmqueue_fallback,
 * steal_suitable_fallback, can_steal_fallback, move_freepages_block,
 * get_page_from_freelist, zone_watermark_ok, __alloc_pages, split_page,
 * set/get_pageblock_migratetype, init_cma_reserved_pageblock) and the
 * /proc views of it (mm/vmstat.c: frag_show (buddyinfo), pagetypeinfo,
 * zoneinfo).
 *
 * No reclaim, compaction or OOM: when the fast path and the min-watermark
 * retry fail, the allocation fails (documented departure).
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "gfp.h"
#include "memory_model.h"
#include "mmzone.h"

struct mm_kernel;

/*
 * Pages the model allocates for its own use (SLUB's slabs, large kmalloc),
 * reported to kernel_config.page_observer just before alloc_pages() is
 * asked, as they are taken, and as they are given back to the buddy
 * allocator, so a checker can follow and account for them without reading
 * the user's bookkeeping.  The head page's pfn and the order.
 */
enum page_alloc_user { PAGE_USER_SLAB, PAGE_USER_KMALLOC_LARGE };
enum page_alloc_event_kind { PAGE_EV_BEFORE_ALLOC, PAGE_EV_ALLOC, PAGE_EV_FREE };

struct page_alloc_event {
	enum page_alloc_event_kind kind;
	unsigned long pfn;		/* PAGE_EV_BEFORE_ALLOC: 0 */
	unsigned int order;
	gfp_t gfp;			/* what alloc_pages() is given (0 for PAGE_EV_FREE) */
	enum page_alloc_user who;
};

struct page_alloc_observer {
	void (*fn)(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev);
	void *ctx;
};

/* Pageblock migratetype of pfn (from the usemap). */
enum migratetype get_pfnblock_migratetype(const struct mm_kernel *k, unsigned long pfn);
void set_pageblock_migratetype(struct mm_kernel *k, unsigned long pfn, enum migratetype mt);

/* Boot hand-over of one block (memblock_free_all / free_highpages): clears Reserved, managed += 2^order, frees to the tail. */
void __free_pages_core(struct mm_kernel *k, struct page *page, unsigned int order);

/*
 * CMA activation of one pageblock (init_cma_reserved_pageblock): clears
 * Reserved, retypes the block MIGRATE_CMA, frees it (head insertion, as
 * __free_pages does), managed/totalram(/totalhigh) += pageblock_nr_pages,
 * zone->cma_pages += pageblock_nr_pages.  page is pageblock aligned.
 */
void init_cma_reserved_pageblock(struct mm_kernel *k, struct page *page);

/* alloc_pages(gfp, order): the head page or NULL. */
struct page *alloc_pages(struct mm_kernel *k, gfp_t gfp, unsigned int order);
void __free_pages(struct mm_kernel *k, struct page *page, unsigned int order);
/* split_page(): a non-compound order-n allocation becomes 2^n order-0 pages. */
void split_page(struct mm_kernel *k, struct page *page, unsigned int order);

bool PageBuddy(const struct page *page);
unsigned int buddy_order(const struct page *page);
bool PageReserved(const struct page *page);
struct zone *page_zone(const struct mm_kernel *k, const struct page *page);
enum zone_type page_zonenum(const struct mm_kernel *k, const struct page *page);

/* Watermark check as zone_watermark_ok(). */
bool zone_watermark_ok(const struct mm_kernel *k, const struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx, unsigned int alloc_flags);

/* /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo's page-count fields, exact formats. */
size_t show_buddyinfo(const struct mm_kernel *k, char *buf, size_t cap);
size_t show_pagetypeinfo(const struct mm_kernel *k, char *buf, size_t cap);
size_t show_zoneinfo(const struct mm_kernel *k, char *buf, size_t cap);

#endif
