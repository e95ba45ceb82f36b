/*
 * The CMA areas after boot (Linux v6.1 mm/cma.c cma_init_reserved_areas,
 * cma_activate_area, cma_alloc, cma_release, cma_clear_bitmap,
 * cma_debug_show_areas; mm/page_alloc.c free_reserved_page; lib/bitmap.c
 * bitmap_find_next_zero_area_off; mm/page_alloc.c alloc_contig_range,
 * split_free_page, free_contig_range, __isolate_free_page;
 * mm/page_isolation.c start_isolate_page_range, isolate_single_pageblock,
 * set_migratetype_isolate, test_pages_isolated, unset_migratetype_isolate,
 * undo_isolate_page_range; mm/compaction.c isolate_freepages_range,
 * split_map_pages).  One bit per page (order_per_bit 0).
 *
 * Where the model departs: a CMA area with a pfn that fails pfn_valid() or
 * was never initialised panics the model where cma_activate_area would go
 * on (see cma_in_one_zone).  No page is ever on an LRU or movable, so
 * nothing can be migrated.  The kernel fails such ranges with -EBUSY too
 * (isolation succeeds on CMA blocks, migration finds nothing to move, the
 * isolation test sees the in-use page); the model skips the futile
 * migration and drain_all_pages (no pcp lists), and decides the same
 * -EBUSY from the isolation test.  A compound page crossing an isolation
 * boundary fails with -EBUSY as the kernel's unmovable case does.  A
 * pageblock in the range that is not MIGRATE_CMA (impossible for a CMA
 * area: nothing retypes CMA blocks) fails with -EBUSY.  An align of 32 or
 * more (undefined shifts in the 32-bit kernel) and a release running past
 * the area (the kernel's VM_BUG_ON) are refused.
 */
#include "page_alloc_internal.h"

#include <stdio.h>
#include <string.h>

#include "boot_mem.h"
#include "host_mem.h"
#include "mm_errno.h"
#include "printk.h"

#define KERNEL_ENOMEM 12
#define KERNEL_EBUSY 16
#define BITS_PER_HOST_LONG (8 * sizeof(unsigned long))

/* Word at a time, as lib/bitmap.c: a CMA area has tens of thousands of bits. */
static void assign_bits(unsigned long *map, unsigned long start, unsigned long nr, bool set)
{
	unsigned long end = start + nr;

	while (start < end) {
		unsigned long bit = start % BITS_PER_HOST_LONG;
		unsigned long n = BITS_PER_HOST_LONG - bit < end - start ? BITS_PER_HOST_LONG - bit : end - start;
		unsigned long mask = (n == BITS_PER_HOST_LONG ? ~0UL : (1UL << n) - 1) << bit;

		if (set)
			map[start / BITS_PER_HOST_LONG] |= mask;
		else
			map[start / BITS_PER_HOST_LONG] &= ~mask;
		start += n;
	}
}

static unsigned long find_next_bit_(const unsigned long *map, unsigned long size, unsigned long start, bool val)
{
	while (start < size) {
		unsigned long w = map[start / BITS_PER_HOST_LONG] ^ (val ? 0UL : ~0UL);

		w &= ~0UL << (start % BITS_PER_HOST_LONG);
		if (w) {
			start = start - start % BITS_PER_HOST_LONG + (unsigned long)__builtin_ctzl(w);
			break;
		}
		start += BITS_PER_HOST_LONG - start % BITS_PER_HOST_LONG;
	}
	return start < size ? start : size;
}

/* bitmap_find_next_zero_area_off(): a result >= size means no room. */
static unsigned long find_zero_area(const unsigned long *map, unsigned long size, unsigned long start,
				    unsigned long nr, unsigned long mask, unsigned long offset)
{
	for (;;) {
		unsigned long index = find_next_bit_(map, size, start, false);
		unsigned long end, i;

		index = ((index + offset + mask) & ~mask) - offset;
		end = index + nr;
		if (end > size)
			return end;
		i = find_next_bit_(map, end, index, true);
		if (i >= end)
			return index;
		start = i + 1;
	}
}

/* Head pfn of the free buddy block covering pfn, or false. */
static bool free_block_of(const struct mm_kernel *k, unsigned long pfn, unsigned long *head_pfn)
{
	for (unsigned int o = 0; o < max_order(k); o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		const struct page *head = pfn_page(k, h);

		if (head && PageBuddy(head) && buddy_order(head) >= o) {
			*head_pfn = h;
			return true;
		}
	}
	return false;
}

/* split_free_page(): cut a free block at split_off pages, each piece freed to its own block's list. */
static void split_free_page(struct mm_kernel *k, struct zone *zone, unsigned long head_pfn, unsigned long split_off)
{
	struct page *head = pfn_page(k, head_pfn);
	unsigned int order = buddy_order(head);
	int mt = get_pfnblock_migratetype(k, head_pfn);
	unsigned long end = head_pfn + (1UL << order);

	if (!is_migrate_isolate(mt))
		__mod_zone_freepage_state(zone, -(1L << order), mt);
	del_page_from_free_list(head, zone, order);
	for (unsigned long pfn = head_pfn; pfn < end;) {
		unsigned int piece = order;

		while (piece && ((pfn & ((1UL << piece) - 1)) || (1UL << piece) > split_off))
			piece--;
		__free_one_page(k, pfn_page(k, pfn), pfn, zone, piece, get_pfnblock_migratetype(k, pfn), FPI_NONE);
		pfn += 1UL << piece;
		split_off -= 1UL << piece;
		if (!split_off)
			split_off = end - pfn;
	}
}

/* isolate_single_pageblock()'s boundary work at pfn b: split a free block across it, refuse a compound page across it. */
static int isolate_boundary(struct mm_kernel *k, struct zone *zone, unsigned long b)
{
	const struct page *after = pfn_page(k, b);
	unsigned long head;

	if (!after || !zone_spans_pfn(zone, b) || !zone_spans_pfn(zone, b - 1))
		return 0;
	if (free_block_of(k, b, &head) && head < b) {
		split_free_page(k, zone, head, b - head);
		return 0;
	}
	if (after->compound_head & 1)
		return -KERNEL_EBUSY;
	return 0;
}

static void set_migratetype_isolate(struct mm_kernel *k, struct zone *zone, unsigned long pfn)
{
	int mt = get_pfnblock_migratetype(k, pfn);
	unsigned long moved;

	set_pageblock_migratetype(k, pfn, MIGRATE_ISOLATE);
	moved = move_freepages_block(k, zone, pfn_page(k, pfn), MIGRATE_ISOLATE);
	__mod_zone_freepage_state(zone, -(long)moved, mt);
}

static void unset_migratetype_isolate(struct mm_kernel *k, struct zone *zone, unsigned long pfn, int mt)
{
	struct page *page = pfn_page(k, pfn);
	unsigned int order = 0;
	bool isolated = false;

	/* A free block above pageblock size could not merge while isolated: free it again to merge. */
	if (PageBuddy(page)) {
		unsigned long bpfn = pfn ^ (1UL << buddy_order(page));
		const struct page *buddy = pfn_page(k, bpfn);

		order = buddy_order(page);
		if (order >= pageblock_order(k) && order < max_order(k) - 1 && buddy && PageBuddy(buddy) &&
		    buddy_order(buddy) == order && page_zonenum(k, buddy) == page_zonenum(k, page) &&
		    !is_migrate_isolate(get_pfnblock_migratetype(k, bpfn))) {
			del_page_from_free_list(page, zone, order);
			isolated = true;
		}
	}
	if (!isolated)
		__mod_zone_freepage_state(zone, (long)move_freepages_block(k, zone, page, mt), mt);
	set_pageblock_migratetype(k, pfn, mt);
	if (isolated)
		__free_one_page(k, page, pfn, zone, order, mt, FPI_NONE);
}

static void undo_isolate(struct mm_kernel *k, struct zone *zone, unsigned long start, unsigned long end, int mt)
{
	for (unsigned long pfn = start; pfn < end; pfn += pageblock_nr_pages(k))
		if (is_migrate_isolate(get_pfnblock_migratetype(k, pfn)))
			unset_migratetype_isolate(k, zone, pfn, mt);
}

static void free_contig_range(struct mm_kernel *k, unsigned long pfn, unsigned long nr)
{
	for (; nr--; pfn++)
		__free_pages(k, pfn_page(k, pfn), 0);
}

/* The first free block at or below start that covers it (alloc_contig_range's outer_start). */
static unsigned long outer_start_of(const struct mm_kernel *k, unsigned long start)
{
	unsigned long head;

	return free_block_of(k, start, &head) ? head : start;
}

/* alloc_contig_range(start, end, MIGRATE_CMA) without migration: 0 or -EBUSY. */
static int alloc_contig_range(struct mm_kernel *k, unsigned long start, unsigned long end)
{
	unsigned long pb = pageblock_nr_pages(k);
	unsigned long iso_start = start & ~(pb - 1), iso_end = (end + pb - 1) & ~(pb - 1);
	struct zone *zone = page_zone(k, pfn_page(k, start));
	unsigned long pfn, outer_start, outer_end;
	int ret = 0;

	for (pfn = iso_start; pfn < iso_end; pfn += pb)
		if (get_pfnblock_migratetype(k, pfn) != MIGRATE_CMA)
			return -KERNEL_EBUSY;
	set_migratetype_isolate(k, zone, iso_start);
	ret = isolate_boundary(k, zone, iso_start);
	if (!ret && iso_end - pb != iso_start)
		set_migratetype_isolate(k, zone, iso_end - pb);
	if (!ret)
		ret = isolate_boundary(k, zone, iso_end);
	for (pfn = iso_start + pb; !ret && pfn + pb < iso_end; pfn += pb)
		set_migratetype_isolate(k, zone, pfn);
	if (ret)
		goto done;

	/* test_pages_isolated(): everything from outer_start to end must be free. */
	outer_start = outer_start_of(k, start);
	for (pfn = outer_start; pfn < end;) {
		const struct page *page = pfn_page(k, pfn);

		if (!PageBuddy(page))
			break;
		pfn += 1UL << buddy_order(page);
	}
	if (pfn < end) {
		ret = -KERNEL_EBUSY;
		goto done;
	}
	/* isolate_freepages_range + split_map_pages: each block leaves the lists as order-0 in-use pages. */
	for (pfn = outer_start; pfn < end;) {
		struct page *page = pfn_page(k, pfn);
		unsigned int order = buddy_order(page);

		del_page_from_free_list(page, zone, order);
		post_alloc_hook(k, page, order);
		split_page(k, page, order);
		pfn += 1UL << order;
	}
	outer_end = pfn;
	if (start != outer_start)
		free_contig_range(k, outer_start, start - outer_start);
	if (end != outer_end)
		free_contig_range(k, end, outer_end - end);
done:
	undo_isolate(k, zone, iso_start, iso_end, MIGRATE_CMA);
	return ret;
}

static void cma_debug_show_areas(struct mm_kernel *k, const struct cma *cma)
{
	unsigned long start = 0, total = 0;

	mm_printk(k->log, "cma: number of available pages: ");
	for (;;) {
		unsigned long zero = find_next_bit_(cma->bitmap, cma->count, start, false);
		unsigned long set;

		if (zero >= cma->count)
			break;
		set = find_next_bit_(cma->bitmap, cma->count, zero, true);
		mm_printk(k->log, "%s%lu@%lu", total ? "+" : "", set - zero, zero);
		total += set - zero;
		start = set;
	}
	mm_printk(k->log, "=> %lu free of %lu total pages\n", total, cma->count);
}

struct page *cma_alloc(struct mm_kernel *k, int idx, unsigned long count, unsigned int align)
{
	struct cma *cma;
	unsigned long base_pfn, mask, offset, start = 0;
	int ret = -KERNEL_ENOMEM;

	if (idx < 0 || idx >= k->nr_cma)
		return NULL;
	cma = &k->cma[idx];
	if (!cma->count || !cma->bitmap || !count || count > cma->count || align >= 32)
		return NULL;
	base_pfn = (unsigned long)PFN_DOWN(cma->base);
	mask = (1UL << align) - 1;
	offset = base_pfn & mask;
	for (;;) {
		unsigned long bitmap_no = find_zero_area(cma->bitmap, cma->count, start, count, mask, offset);
		unsigned long pfn;

		if (bitmap_no >= cma->count)
			break;
		assign_bits(cma->bitmap, bitmap_no, count, true);
		pfn = base_pfn + bitmap_no;
		ret = alloc_contig_range(k, pfn, pfn + count);
		if (!ret)
			return pfn_page(k, pfn);
		assign_bits(cma->bitmap, bitmap_no, count, false);
		/* Busy: try again past this candidate. */
		start = bitmap_no + mask + 1;
	}
	mm_printk(k->log, "cma: cma_alloc: %s: alloc failed, req-size: %lu pages, ret: %d\n", cma->name, count, ret);
	cma_debug_show_areas(k, cma);
	return NULL;
}

bool cma_release(struct mm_kernel *k, int idx, const struct page *pages, unsigned long count)
{
	const struct cma *cma;
	unsigned long pfn, base_pfn;

	if (idx < 0 || idx >= k->nr_cma || !pages)
		return false;
	cma = &k->cma[idx];
	base_pfn = (unsigned long)PFN_DOWN(cma->base);
	pfn = page_pfn(k, pages);
	if (pfn < base_pfn || pfn >= base_pfn + cma->count || count > base_pfn + cma->count - pfn || !cma->bitmap)
		return false;
	free_contig_range(k, pfn, count);
	assign_bits(cma->bitmap, pfn - base_pfn, count, false);
	return true;
}

/*
 * cma_activate_area()'s check that the area lies in one zone; -1 when some
 * pfn fails pfn_valid() or has a struct page that was never initialised.
 * v6.1 only WARNs on an invalid pfn and goes on, and a never-initialised
 * struct page (a hole no pageblock of memory touches, the partial page at
 * the end of memory) reads as zone 0: either such pages pass the zone test
 * and their pageblock types are written past the end of that zone's bitmap,
 * or the test fails and the refusal path frees them into a zone that does
 * not span them.  So the whole area is looked at, even after a zone change.
 */
static int cma_in_one_zone(struct mm_kernel *k, unsigned long base, unsigned long count)
{
	const struct boot_mem *bm = k->bm;
	unsigned long pb = 1UL << k->profile->pageblock_order;
	int zone = -2;
	bool crosses = false;

	/* pfn_valid() is constant over a pageblock in every model */
	for (unsigned long pfn = base; pfn < base + count; pfn = MM_ALIGN_DOWN(pfn, pb) + pb)
		if (!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, pfn))
			return -1;

	if (bm->eager) {
		for (unsigned long pfn = base; pfn < base + count; pfn++) {
			struct page *page = pfn_to_page(&k->memmap, pfn);
			int z;

			if (!page || !page->initialised)
				return -1;
			z = (int)page_zonenum(k, page);
			crosses |= zone != -2 && z != zone;
			zone = z;
		}
		return crosses ? 0 : 1;
	}
	for (unsigned long pfn = base; pfn < base + count;) {
		const struct pfn_range *seg = pfn_ranges_find(&bm->init, pfn);
		unsigned long next;

		if (!seg || !memmap_has_page(&k->memmap, pfn))
			return -1;
		next = seg->end < base + count ? seg->end : base + count;
		/* Storage may end inside the piece (FLATMEM map end, a section). */
		if (!memmap_has_page(&k->memmap, next - 1))
			return -1;
		for (unsigned long p = (pfn | (PAGES_PER_SECTION - 1)) + 1; p < next; p += PAGES_PER_SECTION)
			if (!memmap_has_page(&k->memmap, p))
				return -1;
		crosses |= zone != -2 && seg->zone != zone;
		zone = seg->zone;
		pfn = next;
	}
	return crosses ? 0 : 1;
}

static void cma_bitmap(struct mm_kernel *k, int i, unsigned long count)
{
	struct boot_mem *bm = k->bm;
	size_t longs = count / (8 * sizeof(unsigned long)) + 1;

	host_reserve(&bm->cma_bitmap[i], &bm->cma_bitmap_longs[i], longs, sizeof(*bm->cma_bitmap[i]));
	memset(bm->cma_bitmap[i], 0, longs * sizeof(unsigned long));
	k->cma[i].bitmap = bm->cma_bitmap[i];
}

/* cma_init_reserved_areas(): every area's pageblocks become MIGRATE_CMA and go to the buddy allocator. */
int cma_init_reserved_areas(struct mm_kernel *k)
{
	const struct reserved_mem_state *rs = &k->setup->boot->rs;
	unsigned long pb = 1UL << k->profile->pageblock_order;
	bool ok[MM_ARRAY_SIZE(k->cma)];

	k->nr_cma = rs->nr_cma < (int)MM_ARRAY_SIZE(k->cma) ? rs->nr_cma : (int)MM_ARRAY_SIZE(k->cma);
	k->bm->cma.nr = 0;
	for (int i = 0; i < k->nr_cma; i++) {
		struct cma *c = &k->cma[i];
		int r;

		c->base = rs->cma[i].base;
		c->count = (unsigned long)(rs->cma[i].size >> PAGE_SHIFT);
		snprintf(c->name, sizeof(c->name), "%s", rs->cma[i].name);
		r = cma_in_one_zone(k, (unsigned long)PFN_DOWN(c->base), c->count);
		if (r < 0) {
			mm_printk(k->log, "Kernel panic - not syncing: model: CMA area %s covers pfns without a valid, initialised struct page\n", c->name);
			return -MM_EPANIC;
		}
		ok[i] = r == 1;
		if (ok[i])
			pfn_ranges_add(&k->bm->scratch, (unsigned long)PFN_DOWN(c->base),
				       (unsigned long)PFN_DOWN(c->base) + c->count, 0, false);
	}
	{
		struct pfn_ranges t = k->bm->cma;

		k->bm->cma = k->bm->scratch;
		k->bm->scratch = t;
		k->bm->scratch.nr = 0;
	}
	pfn_ranges_normalise(&k->bm->cma);
	boot_mem_enter_phase(k, BOOT_MEM_CMA);

	for (int i = 0; i < k->nr_cma; i++) {
		struct cma *c = &k->cma[i];
		unsigned long base = (unsigned long)PFN_DOWN(c->base);

		if (ok[i]) {
			cma_bitmap(k, i, c->count);
			for (unsigned long pfn = base; pfn < base + c->count; pfn += pb)
				init_cma_reserved_pageblock(k, pfn_to_page(&k->memmap, pfn));
			continue;
		}
		for (unsigned long pfn = base; pfn < base + c->count; pfn++) {
			struct page *page = pfn_to_page(&k->memmap, pfn);

			page->flags &= ~(1u << PG_reserved);
			page->_refcount = 1;
			__free_pages(k, page, 0);
			adjust_managed_page_count(k, page, 1);
		}
		k->totalcma_pages -= c->count;
		c->count = 0;
		mm_printk(k->log, "CMA area %s could not be activated\n", c->name);
	}
	return 0;
}
