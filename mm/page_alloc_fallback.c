/*
 * Migratetype fallback and pageblock stealing (Linux v6.1 mm/page_alloc.c:
 * fallbacks[], can_steal_fallback, find_suitable_fallback,
 * steal_suitable_fallback, change_pageblock_range, move_freepages,
 * move_freepages_block, __rmqueue_fallback).
 *
 * Departures: no page is on an LRU or __PageMovable in the model, so
 * move_freepages counts no movable pages (alike pages for a movable
 * request are 0); watermark boosting is not modelled (see page_alloc.c);
 * ALLOC_NOFRAGMENT never arises on ARM32 so the search always runs down to
 * the requested order.  The kernel's fallbacks[] has rows only for the
 * three PCP types: a request typed HighAtomic (__GFP_MOVABLE together with
 * __GFP_RECLAIMABLE) reads a zero row in the kernel, i.e. Unmovable; the
 * model uses that one candidate and stops at the row's end.
 */
#include "bugs.h"
#include "page_alloc_internal.h"

static const int fallbacks[MIGRATE_PCPTYPES][2] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

static bool can_steal_fallback(const struct mm_kernel *k, unsigned int order, int start_mt)
{
	return order >= pageblock_order(k) / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || k->page_group_by_mobility_disabled;
}

/* First fallback type with a free block of this order, or -1. */
static int find_suitable_fallback(const struct mm_kernel *k, const struct free_area *area, unsigned int order,
				  int mt, bool *can_steal)
{
	int nr = mt < MIGRATE_PCPTYPES ? 2 : 1;

	if (!area->nr_free)
		return -1;
	*can_steal = false;
	for (int i = 0; i < nr; i++) {
		int fb = mt < MIGRATE_PCPTYPES ? fallbacks[mt][i] : MIGRATE_UNMOVABLE;

		if (list_empty(&area->free_list[fb]))
			continue;
		*can_steal = can_steal_fallback(k, order, mt);
		return fb;
	}
	return -1;
}

static unsigned long move_freepages(struct mm_kernel *k, struct zone *zone, unsigned long start_pfn,
				    unsigned long end_pfn, int mt)
{
	unsigned long moved = 0;

	for (unsigned long pfn = start_pfn; pfn <= end_pfn;) {
		struct page *page = pfn_page(k, pfn);
		unsigned int order;

		if (!page || !PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		move_to_free_list(page, zone, order, mt);
		pfn += 1UL << order;
		moved += 1UL << order;
	}
	return moved;
}

unsigned long move_freepages_block(struct mm_kernel *k, struct zone *zone, struct page *page, int mt)
{
	unsigned long pfn = page_pfn(k, page);
	unsigned long start = pfn & ~(pageblock_nr_pages(k) - 1);
	unsigned long end = start + pageblock_nr_pages(k) - 1;

	if (!zone_spans_pfn(zone, start))
		start = pfn;
	if (!zone_spans_pfn(zone, end))
		return 0;
	return move_freepages(k, zone, start, end, mt);
}

static void steal_suitable_fallback(struct mm_kernel *k, struct zone *zone, struct page *page, int start_type,
				    bool whole_block)
{
	unsigned int order = buddy_order(page);
	unsigned long pfn = page_pfn(k, page);
	int old_type = get_pfnblock_migratetype(k, pfn);
	unsigned long free_pages, alike_pages;

	if (old_type == MIGRATE_HIGHATOMIC)
		goto single_page;
	if (order >= pageblock_order(k)) {
		/* change_pageblock_range: the whole free range changes owner. */
		for (unsigned long i = 0; i < (1UL << order); i += pageblock_nr_pages(k))
			if (!mm_bug_on(MM_BUG_STEAL_KEEPS_TYPE) && !(i && mm_bug_on(MM_BUG_STEAL_RANGE_FIRST_ONLY)))
				set_pageblock_migratetype(k, pfn + i, start_type);
		goto single_page;
	}
	if (!whole_block)
		goto single_page;
	free_pages = move_freepages_block(k, zone, page, start_type);
	/* Non-movable requests count a movable block's in-use pages as alike; movable ones count LRU pages (none). */
	if (start_type != MIGRATE_MOVABLE && old_type == MIGRATE_MOVABLE)
		alike_pages = pageblock_nr_pages(k) - free_pages;
	else
		alike_pages = 0;
	if (!free_pages)
		goto single_page;
	if ((free_pages + alike_pages >= pageblock_nr_pages(k) / 2 || k->page_group_by_mobility_disabled) &&
	    !mm_bug_on(MM_BUG_STEAL_KEEPS_TYPE))
		set_pageblock_migratetype(k, pfn, start_type);
	return;

single_page:
	move_to_free_list(page, zone, order, start_type);
}

bool __rmqueue_fallback(struct mm_kernel *k, struct zone *zone, unsigned int order, int start_mt,
			unsigned int alloc_flags)
{
	struct free_area *area = NULL;
	bool can_steal = false;
	int fb = -1;
	int o;

	/* Largest first: roughly the pageblock with the most free pages. */
	for (o = (int)max_order(k) - 1; o >= (int)order && !mm_bug_on(MM_BUG_FALLBACK_SMALLEST_FIRST); o--) {
		area = &zone->free_area[o];
		fb = find_suitable_fallback(k, area, (unsigned int)o, start_mt, &can_steal);
		if (fb == -1)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE && (unsigned int)o > order)
			break;
		goto do_steal;
	}
	if (fb == -1 && !mm_bug_on(MM_BUG_FALLBACK_SMALLEST_FIRST))
		return false;
	/* A movable request that cannot steal the block splits the smallest fitting one instead. */
	for (o = (int)order; o < (int)max_order(k); o++) {
		area = &zone->free_area[o];
		fb = find_suitable_fallback(k, area, (unsigned int)o, start_mt, &can_steal);
		if (fb != -1)
			break;
	}
	if (fb == -1)
		return false;
do_steal:
	steal_suitable_fallback(k, zone, get_page_from_free_area(area, fb), start_mt, can_steal);
	return true;
}
