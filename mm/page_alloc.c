/*
 * The buddy allocator's core (Linux v6.1 mm/page_alloc.c: __free_one_page,
 * find_buddy_page_pfn, page_is_buddy, buddy_merge_likely, __free_pages_core,
 * free_pages_prepare, __free_pages_ok, __free_pages, expand,
 * __rmqueue_smallest, __rmqueue, rmqueue_buddy, get_page_from_freelist,
 * zone_watermark_fast, __zone_watermark_ok, gfp_to_alloc_flags,
 * __alloc_pages, prep_new_page, prep_compound_page, split_page,
 * init_cma_reserved_pageblock, adjust_managed_page_count).
 *
 * Departures (each keeps the kernel's observable result where the model
 * has the state to decide it):
 *  - No per-cpu page lists: order <= PAGE_ALLOC_COSTLY_ORDER requests and
 *    frees go straight to the buddy lists.  During boot the kernel's pcp
 *    lists have high 0 so this is exact; afterwards the kernel would batch
 *    pages through pcp lists, whose v6.1 sizing (free_factor, nr_pcp_high)
 *    depends on runtime history the model does not have.
 *  - No reclaim, compaction, OOM or __GFP_NOFAIL looping: after the fast
 *    path, the min-watermark retry and (for __GFP_MEMALLOC) the
 *    no-watermark retry, the allocation fails, without warn_alloc's text
 *    (it names the current task).
 *  - No highatomic reserve: nr_reserved_highatomic stays 0 and
 *    reserve_highatomic_pageblock is never called, so MIGRATE_HIGHATOMIC
 *    lists stay empty.  Watermark boosting is modelled as kswapd having
 *    already undone it (watermark_boost stays 0).
 *  - ALLOC_NOFRAGMENT never arises: v6.1 sets it only with a ZONE_DMA32,
 *    which ARM32 lacks.  Cpusets, dirty limits (__GFP_WRITE), node reclaim
 *    and pfmemalloc page marking have no model state.
 *  - init_on_alloc=1 (Debian's default): every allocation zeroes its
 *    simulated contents, so __GFP_ZERO adds nothing.
 *  - Tail pages' flags are reset on free only for compound pages (nothing
 *    else sets tail flags in the model).
 *  - Freeing a page whose refcount is already 0 is refused with the
 *    kernel's "Bad page state" line instead of corrupting the lists.
 *    order >= MAX_ORDER fails without the kernel's WARN text.
 *  - The zonelist is the node's zones with managed pages, from gfp_zone()
 *    down (build_zonerefs_node's managed_zone test, evaluated per call).
 */
#include "bugs.h"
#include "page_alloc_internal.h"
#include "printk.h"

#define PAGE_FLAGS_MASK ((1u << __NR_PAGEFLAGS) - 1)

bool PageBuddy(const struct page *page)
{
	return (page->page_type & (PAGE_TYPE_BASE | PG_buddy)) == PAGE_TYPE_BASE;
}

unsigned int buddy_order(const struct page *page)
{
	return page->private;
}

bool PageReserved(const struct page *page)
{
	return page->flags & (1u << PG_reserved);
}

static bool PageHead(const struct page *page)
{
	return page->flags & (1u << PG_head);
}

enum zone_type page_zonenum(const struct mm_kernel *k, const struct page *page)
{
	bool sections_in_flags = k->memmap.model == MEMORY_MODEL_SPARSEMEM ||
				 k->memmap.model == MEMORY_MODEL_SPARSEMEM_EXTREME;
	unsigned int shift = sections_in_flags ? ZONES_PGSHIFT_SPARSE : ZONES_PGSHIFT;

	return (enum zone_type)((page->flags >> shift) & ((1u << ZONES_WIDTH) - 1));
}

struct zone *page_zone(const struct mm_kernel *k, const struct page *page)
{
	return (struct zone *)&k->node.node_zones[page_zonenum(k, page)];
}

void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

void set_buddy_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	page->page_type &= ~PG_buddy;
}

void add_to_free_list(struct page *page, struct zone *zone, unsigned int order, int mt, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->lru, &area->free_list[mt]);
	else
		list_add(&page->lru, &area->free_list[mt]);
	area->nr_free++;
}

/* Pages already on a list of this order: no nr_free change; to the tail as v6.1 does. */
void move_to_free_list(struct page *page, struct zone *zone, unsigned int order, int mt)
{
	list_move_tail(&page->lru, &zone->free_area[order].free_list[mt]);
}

void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	list_del(&page->lru);
	page->page_type |= PG_buddy;
	set_page_private(page, 0);
	zone->free_area[order].nr_free--;
}

void __mod_zone_freepage_state(struct zone *zone, long nr, int mt)
{
	zone->nr_free_pages += (unsigned long)nr;
	if (is_migrate_cma(mt))
		zone->nr_free_cma_pages += (unsigned long)nr;
}

struct page *get_page_from_free_area(struct free_area *area, int mt)
{
	struct list_head *h = &area->free_list[mt];

	return list_empty(h) ? NULL : list_entry(h->next, struct page, lru);
}

static unsigned long find_buddy_pfn(unsigned long pfn, unsigned int order)
{
	if (mm_bug_on(MM_BUG_BUDDY_WRONG_ORDER))
		order++;
	return pfn ^ (1UL << order);
}

static bool page_is_buddy(const struct mm_kernel *k, const struct page *page, const struct page *buddy,
			  unsigned int order)
{
	if (!buddy || !PageBuddy(buddy) || buddy_order(buddy) != order)
		return false;
	return page_zonenum(k, page) == page_zonenum(k, buddy) || mm_bug_on(MM_BUG_MERGE_ACROSS_ZONE);
}

static struct page *find_buddy_page_pfn(const struct mm_kernel *k, const struct page *page, unsigned long pfn,
					unsigned int order, unsigned long *buddy_pfn)
{
	unsigned long bpfn = find_buddy_pfn(pfn, order);
	struct page *buddy = pfn_page(k, bpfn);

	if (buddy_pfn)
		*buddy_pfn = bpfn;
	return page_is_buddy(k, page, buddy, order) ? buddy : NULL;
}

/* Tail insertion when the order+1 block this one would form has a free buddy itself. */
static bool buddy_merge_likely(const struct mm_kernel *k, unsigned long pfn, unsigned long buddy_pfn,
			       unsigned int order)
{
	unsigned long higher_pfn = buddy_pfn & pfn;
	struct page *higher = pfn_page(k, higher_pfn);

	if (order >= max_order(k) - 2 || !higher)
		return false;
	return find_buddy_page_pfn(k, higher, higher_pfn, order + 1, NULL) != NULL;
}

void __free_one_page(struct mm_kernel *k, struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int mt, unsigned int fpi)
{
	unsigned long buddy_pfn = 0;
	struct page *buddy;
	bool to_tail;

	if (!is_migrate_isolate(mt))
		__mod_zone_freepage_state(zone, 1L << order, mt);

	while (order < max_order(k) - 1) {
		unsigned long combined;

		buddy = find_buddy_page_pfn(k, page, pfn, order, &buddy_pfn);
		if (!buddy)
			break;
		/* Isolate, CMA and HighAtomic blocks keep their own free pages above a pageblock. */
		if (order >= pageblock_order(k)) {
			int buddy_mt = get_pfnblock_migratetype(k, buddy_pfn);

			if (mt != buddy_mt && (!migratetype_is_mergeable(mt) || !migratetype_is_mergeable(buddy_mt)))
				break;
		}
		del_page_from_free_list(buddy, zone, order);
		combined = buddy_pfn & pfn;
		if (combined != pfn)
			page = buddy;
		pfn = combined;
		order++;
	}
	set_buddy_order(page, order);

	if (fpi & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(k, pfn, buddy_pfn, order);
	add_to_free_list(page, zone, order, mt, to_tail);
}

/* free_pages_prepare(): undo compound state, reset the PG_ bits, poison the contents. */
static void free_pages_prepare(struct mm_kernel *k, struct page *page, unsigned long pfn, unsigned int order)
{
	if (order && PageHead(page)) {
		for (unsigned long i = 1; i < (1UL << order); i++) {
			struct page *tail = pfn_page(k, pfn + i);

			tail->compound_head = 0;
			tail->flags &= ~PAGE_FLAGS_MASK;
		}
		page->compound_order = 0;
	}
	page->flags &= ~PAGE_FLAGS_MASK;
	kasan_poison_pages(k, pfn, order);
}

void free_pages_to_buddy(struct mm_kernel *k, struct page *page, unsigned int order, unsigned int fpi)
{
	unsigned long pfn = page_pfn(k, page);

	free_pages_prepare(k, page, pfn, order);
	__free_one_page(k, page, pfn, page_zone(k, page), order, get_pfnblock_migratetype(k, pfn), fpi);
}

/*
 * The kernel clears PG_reserved and the refcount of every page of a block
 * it hands over at boot.  With the deferred memmap (the default) the
 * memmap does that for the whole range when boot enters BOOT_MEM_FREED /
 * BOOT_MEM_CMA, lazily for pages not yet materialised: touching each tail
 * page here would cost O(RAM) per boot.  The eager memmap, the reference
 * the tests compare against, keeps the kernel's loop.
 */
static void clear_reserved_block(struct mm_kernel *k, struct page *page, unsigned long nr)
{
	unsigned long pfn = page_pfn(k, page);

	for (unsigned long i = 0; i < (k->cfg.eager_memmap ? nr : 1); i++) {
		struct page *p = i ? pfn_page(k, pfn + i) : page;

		p->flags &= ~(1u << PG_reserved);
		set_page_count(p, 0);
	}
}

void __free_pages_core(struct mm_kernel *k, struct page *page, unsigned int order)
{
	clear_reserved_block(k, page, 1UL << order);
	page_zone(k, page)->managed_pages += 1UL << order;
	free_pages_to_buddy(k, page, order, FPI_TO_TAIL);
}

void adjust_managed_page_count(struct mm_kernel *k, struct page *page, long count)
{
	page_zone(k, page)->managed_pages += (unsigned long)count;
	k->totalram_pages += (unsigned long)count;
	if (page_is_highmem(k, page))
		k->totalhigh_pages += (unsigned long)count;
}

bool page_is_highmem(const struct mm_kernel *k, const struct page *page)
{
	return zone_is_highmem_idx(k, page_zonenum(k, page));
}

void init_cma_reserved_pageblock(struct mm_kernel *k, struct page *page)
{
	unsigned long pfn = page_pfn(k, page);

	clear_reserved_block(k, page, pageblock_nr_pages(k));
	set_pageblock_migratetype(k, pfn, MIGRATE_CMA);
	set_page_count(page, 1);
	__free_pages(k, page, pageblock_order(k));
	adjust_managed_page_count(k, page, (long)pageblock_nr_pages(k));
	if (mm_bug_on(MM_BUG_TOTALHIGH_MISSES_CMA) && page_is_highmem(k, page))
		k->totalhigh_pages -= pageblock_nr_pages(k);
	page_zone(k, page)->cma_pages += pageblock_nr_pages(k);
}

void __free_pages(struct mm_kernel *k, struct page *page, unsigned int order)
{
	bool head = PageHead(page);
	unsigned long pfn;

	if (page->_refcount <= 0) {
		mm_printk(k->log, "BUG: Bad page state in process swapper  pfn:%05lx\n", page_pfn(k, page));
		return;
	}
	if (--page->_refcount == 0) {
		free_pages_to_buddy(k, page, order, FPI_NONE);
		return;
	}
	if (head)
		return;
	/* Someone else holds the first page: give back the rest of a non-compound block. */
	pfn = page_pfn(k, page);
	while (order-- > 0)
		free_pages_to_buddy(k, pfn_page(k, pfn + (1UL << order)), order, FPI_NONE);
}

/* Split a block of order high down to low, the upper halves going to the list heads. */
static void expand(struct mm_kernel *k, struct zone *zone, unsigned long pfn, unsigned int low,
		   unsigned int high, int mt)
{
	while (high > low) {
		struct page *half;

		high--;
		half = pfn_page(k, pfn + (1UL << high));
		add_to_free_list(half, zone, high, mt, false);
		set_buddy_order(half, high);
	}
}

struct page *__rmqueue_smallest(struct mm_kernel *k, struct zone *zone, unsigned int order, int mt)
{
	for (unsigned int o = order; o < max_order(k); o++) {
		struct free_area *area = &zone->free_area[o];
		struct page *page = get_page_from_free_area(area, mt);

		if (!page)
			continue;
		del_page_from_free_list(page, zone, o);
		if (o != order && mm_bug_on(MM_BUG_NR_FREE_DRIFT))
			area->nr_free++;
		expand(k, zone, page_pfn(k, page), order, o, mt);
		return page;
	}
	return NULL;
}

/* __rmqueue(); *list_mt is the list the page came from (the kernel's pcppage migratetype). */
static struct page *__rmqueue(struct mm_kernel *k, struct zone *zone, unsigned int order, int mt,
			      unsigned int alloc_flags, int *list_mt)
{
	struct page *page;

	/* Balance movable allocations: use CMA first once it holds over half the zone's free pages. */
	if ((alloc_flags & ALLOC_CMA) && zone->nr_free_cma_pages > zone->nr_free_pages / 2) {
		page = __rmqueue_smallest(k, zone, order, MIGRATE_CMA);
		if (page) {
			*list_mt = MIGRATE_CMA;
			return page;
		}
	}
	for (;;) {
		page = __rmqueue_smallest(k, zone, order, mt);
		if (page) {
			*list_mt = mt;
			return page;
		}
		if (alloc_flags & ALLOC_CMA) {
			page = __rmqueue_smallest(k, zone, order, MIGRATE_CMA);
			if (page) {
				*list_mt = MIGRATE_CMA;
				return page;
			}
		}
		if (!__rmqueue_fallback(k, zone, order, mt, alloc_flags))
			return NULL;
	}
}

void post_alloc_hook(struct mm_kernel *k, struct page *page, unsigned int order)
{
	unsigned long pfn = page_pfn(k, page);

	set_page_private(page, 0);
	set_page_count(page, 1);
	kasan_unpoison_pages(k, pfn, order);
	phys_zero(k->setup->pm, PFN_PHYS(pfn), PFN_PHYS(1UL << order));
}

static void prep_compound_page(struct mm_kernel *k, struct page *page, unsigned int order)
{
	unsigned long pfn = page_pfn(k, page);

	page->flags |= 1u << PG_head;
	page->compound_order = (uint8_t)order;
	for (unsigned long i = 1; i < (1UL << order); i++)
		pfn_page(k, pfn + i)->compound_head = (uint32_t)(pfn << 1) | 1u;
}

static long watermark_unusable_free(const struct zone *z, unsigned int order, unsigned int alloc_flags)
{
	long unusable = (1L << order) - 1;

	if (!(alloc_flags & ALLOC_CMA))
		unusable += (long)z->nr_free_cma_pages;
	return unusable;
}

static bool __zone_watermark_ok(const struct mm_kernel *k, const struct zone *z, unsigned int order,
				unsigned long mark, int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	bool harder = alloc_flags & (ALLOC_HARDER | ALLOC_OOM);
	long min = (long)mark;

	free_pages -= watermark_unusable_free(z, order, alloc_flags);
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (harder)
		min -= (alloc_flags & ALLOC_OOM) ? min / 2 : min / 4;
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < max_order(k); o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				return true;
		if ((alloc_flags & ALLOC_CMA) && !list_empty(&area->free_list[MIGRATE_CMA]))
			return true;
		if (harder && !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
			return true;
	}
	return false;
}

bool zone_watermark_ok(const struct mm_kernel *k, const struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(k, z, order, mark, highest_zoneidx, alloc_flags, (long)z->nr_free_pages);
}

static bool zone_watermark_fast(const struct mm_kernel *k, const struct zone *z, unsigned int order,
				unsigned long mark, int highest_zoneidx, unsigned int alloc_flags)
{
	long free_pages = (long)z->nr_free_pages;

	if (!order) {
		long reserved = watermark_unusable_free(z, 0, alloc_flags);
		long usable = free_pages - (reserved < free_pages ? reserved : free_pages);

		if (usable > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	return __zone_watermark_ok(k, z, order, mark, highest_zoneidx, alloc_flags, free_pages);
}

static struct page *get_page_from_freelist(struct mm_kernel *k, gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags, int highest_zoneidx, int mt)
{
	for (int zi = highest_zoneidx; zi >= 0; zi--) {
		struct zone *zone = &k->node.node_zones[zi];
		unsigned long mark = zone->_watermark[alloc_flags & ALLOC_WMARK_MASK] + zone->watermark_boost;
		struct page *page;
		int list_mt;

		if (!zone->managed_pages)
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(k, zone, order, mark, highest_zoneidx, alloc_flags))
			continue;
		page = __rmqueue(k, zone, order, mt, alloc_flags, &list_mt);
		if (!page)
			continue;
		__mod_zone_freepage_state(zone, -(1L << order), list_mt);
		post_alloc_hook(k, page, order);
		if (order && (gfp & __GFP_COMP))
			prep_compound_page(k, page, order);
		return page;
	}
	return NULL;
}

static unsigned int gfp_to_alloc_flags_cma(int mt, unsigned int alloc_flags)
{
	return mt == MIGRATE_MOVABLE ? alloc_flags | ALLOC_CMA : alloc_flags;
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp, int mt)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (gfp & __GFP_ATOMIC) {
		if (!(gfp & __GFP_NOMEMALLOC))
			alloc_flags |= ALLOC_HARDER;
		alloc_flags &= ~ALLOC_CPUSET;
	}
	return gfp_to_alloc_flags_cma(mt, alloc_flags);
}

struct page *alloc_pages(struct mm_kernel *k, gfp_t gfp, unsigned int order)
{
	int highest = (int)gfp_zone(gfp);
	int mt = k->page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE : (int)gfp_migratetype(gfp);
	unsigned int alloc_flags;
	struct page *page;

	if (order >= max_order(k))
		return NULL;
	/* Fast path: low watermark; ALLOC_KSWAPD shares __GFP_KSWAPD_RECLAIM's bit. */
	alloc_flags = gfp_to_alloc_flags_cma(mt, ALLOC_WMARK_LOW) | (gfp & __GFP_KSWAPD_RECLAIM);
	page = get_page_from_freelist(k, gfp, order, alloc_flags, highest, mt);
	if (page)
		return page;
	page = get_page_from_freelist(k, gfp, order, gfp_to_alloc_flags(gfp, mt), highest, mt);
	if (page || !(gfp & __GFP_MEMALLOC) || (gfp & __GFP_NOMEMALLOC))
		return page;
	return get_page_from_freelist(k, gfp, order, gfp_to_alloc_flags_cma(mt, ALLOC_NO_WATERMARKS), highest, mt);
}

void split_page(struct mm_kernel *k, struct page *page, unsigned int order)
{
	unsigned long pfn = page_pfn(k, page);

	for (unsigned long i = 1; i < (1UL << order); i++)
		set_page_count(pfn_page(k, pfn + i), 1);
}
