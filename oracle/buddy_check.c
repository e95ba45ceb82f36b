/* See buddy_check.h.  Counts are recomputed by walking lists and pages, never read back. */
#include "buddy_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_alloc.h"
#include "oracle.h"
#include "page_check.h"

#define PG_RESERVED_BIT (1u << PG_reserved)
#define PG_HEAD_BIT (1u << PG_head)

struct free_block {
	unsigned long pfn;
	unsigned int order;
	int mt, zone;
};

struct pfn_range {
	unsigned long start, end;
};

struct buddy_check {
	struct free_block *blocks;
	unsigned long nr_blocks, cap_blocks;
	struct pfn_range *reserved;	/* merged pfn ranges touching memblock.reserved or NOMAP */
	unsigned long nr_reserved, cap_reserved;
	struct pfn_range *unmarked;	/* merged ranges whose end pfn wraps (add_reserved) */
	unsigned long nr_unmarked, cap_unmarked;
	struct held_block *held;	/* sorted copy */
	unsigned long nr_held, cap_held;
	char *text;			/* /proc output buffer */
	unsigned long free_by_pfn[MAX_NR_ZONES];	/* free pages counted by the zone of each pfn */
	unsigned char *pb_types;	/* shadow migratetype per pageblock from pb_first */
	unsigned long pb_first, nr_pb, cap_pb;
	/* buddy_check_before_alloc: the request's own lists held a big enough block, per zone */
	bool own_list_ready;
	bool own_list_had_block[MAX_NR_ZONES];
};

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem", "Movable" };
static const char *const mt_names[MIGRATE_TYPES] = { "Unmovable", "Movable", "Reclaimable",
						     "HighAtomic", "CMA", "Isolate" };

#define TEXT_CAP 65536

struct buddy_check *buddy_check_new(void)
{
	struct buddy_check *c = calloc(1, sizeof(*c));

	if (c)
		c->text = malloc(TEXT_CAP);
	if (!c || !c->text) {
		free(c);
		return NULL;
	}
	return c;
}

void buddy_check_free(struct buddy_check *c)
{
	if (!c)
		return;
	free(c->blocks);
	free(c->reserved);
	free(c->unmarked);
	free(c->held);
	free(c->text);
	free(c->pb_types);
	free(c);
}

static void *grow(void *p, unsigned long *cap, unsigned long need, size_t elem)
{
	if (need <= *cap)
		return p;
	*cap = need > 2 * *cap ? need : 2 * *cap;
	p = realloc(p, *cap * elem);
	if (!p)
		abort();
	return p;
}

static bool is_buddy(const struct page *p)
{
	return (p->page_type & (PAGE_TYPE_BASE | PG_buddy)) == PAGE_TYPE_BASE;
}

static bool is_reserved(const struct page *p)
{
	return p->flags & PG_RESERVED_BIT;
}

static unsigned long nr_pages(unsigned int order)
{
	return 1UL << order;
}

static bool mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

static struct page *page_of(const struct mm_kernel *k, unsigned long pfn)
{
	return naive_pfn_valid(k, pfn) ? pfn_to_page(&k->memmap, pfn) : NULL;
}

enum zone_type naive_gfp_zone(gfp_t gfp)
{
	switch (gfp & (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)) {
	case 0:
	case __GFP_DMA32:		/* no ZONE_DMA32 on ARM: it means Normal */
	case __GFP_MOVABLE:
	case __GFP_MOVABLE | __GFP_DMA32:
		return ZONE_NORMAL;
	case __GFP_DMA:
	case __GFP_DMA | __GFP_MOVABLE:
		return ZONE_DMA;
	case __GFP_HIGHMEM:
		return ZONE_HIGHMEM;
	case __GFP_HIGHMEM | __GFP_MOVABLE:
		return ZONE_MOVABLE;
	default:
		return MAX_NR_ZONES;	/* combinations the kernel BUGs on */
	}
}

void buddy_check_counters(const struct mm_kernel *k)
{
	unsigned int max_order = k->profile->max_order;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zn = &k->node.node_zones[z];
		unsigned long pages = 0;

		for (unsigned int o = 0; o < MAX_ORDER_LIMIT; o++) {
			if (o >= max_order && zn->free_area[o].nr_free)
				oracle_fail("free_area beyond MAX_ORDER-1", (uint64_t)z, 0,
					    zn->free_area[o].nr_free, "zone %s order %u", zone_names[z], o);
			pages += zn->free_area[o].nr_free << o;
		}
		if (pages != zn->nr_free_pages)
			oracle_fail("NR_FREE_PAGES == sum of nr_free", (uint64_t)z, pages,
				    zn->nr_free_pages, "zone %s", zone_names[z]);
	}
}

static bool overlaps_held(const struct held_block *held, unsigned nr_held, unsigned long pfn,
			  unsigned long nr)
{
	for (unsigned i = 0; i < nr_held; i++)
		if (held[i].pfn < pfn + nr && pfn < held[i].pfn + held[i].nr)
			return true;
	return false;
}

static bool zone_had_own_block(const struct buddy_check *c, const struct naive_zones *z,
			       unsigned long pfn)
{
	int zone = naive_zone_of(z, pfn);

	return zone >= 0 && c->own_list_had_block[zone];
}

static int gfp_mt(const struct mm_kernel *k, gfp_t gfp)
{
	if (k->page_group_by_mobility_disabled)
		return MIGRATE_UNMOVABLE;
	return gfp & __GFP_MOVABLE ? MIGRATE_MOVABLE
	       : gfp & __GFP_RECLAIMABLE ? MIGRATE_RECLAIMABLE
					 : MIGRATE_UNMOVABLE;
}

static unsigned char *shadow_type(struct buddy_check *c, const struct mm_kernel *k,
				  unsigned long pfn)
{
	unsigned long i = (pfn >> k->profile->pageblock_order) - c->pb_first;

	return pfn >> k->profile->pageblock_order >= c->pb_first && i < c->nr_pb ? &c->pb_types[i]
										  : NULL;
}

void buddy_check_snapshot_types(struct buddy_check *c, const struct mm_kernel *k)
{
	unsigned int pbo = k->profile->pageblock_order;
	unsigned long start = k->node.node_start_pfn >> pbo;
	unsigned long end = (k->node.node_start_pfn + k->node.node_spanned_pages +
			     (1UL << pbo) - 1) >> pbo;

	c->pb_first = start;
	c->nr_pb = end - start;
	c->pb_types = grow(c->pb_types, &c->cap_pb, c->nr_pb + 1, 1);
	for (unsigned long i = 0; i < c->nr_pb; i++) {
		unsigned long pfn = (start + i) << pbo;

		c->pb_types[i] = naive_pfn_valid(k, pfn) ? (unsigned char)get_pfnblock_migratetype(k, pfn)
							 : 0xff;
	}
}

void buddy_check_before_alloc(struct buddy_check *c, const struct mm_kernel *k, gfp_t gfp,
			      unsigned int order)
{
	int want = gfp_mt(k, gfp);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		c->own_list_had_block[z] = false;
		for (unsigned int o = order; o < k->profile->max_order; o++)
			if (!list_empty(&k->node.node_zones[z].free_area[o].free_list[want]))
				c->own_list_had_block[z] = true;
	}
	c->own_list_ready = true;
}

/* The claim rule of buddy_check_alloc (see the header), then the shadow catches up. */
static void check_steal(struct buddy_check *c, const struct mm_kernel *k, const struct naive_zones *z,
			gfp_t gfp, unsigned int order, unsigned long pfn)
{
	unsigned int pbo = k->profile->pageblock_order;
	unsigned long pb_start = pfn & ~((1UL << pbo) - 1);
	unsigned long max_block = 1UL << (k->profile->max_order - 1);
	unsigned char *old = shadow_type(c, k, pfn);
	int want = gfp_mt(k, gfp), now = get_pfnblock_migratetype(k, pfn);
	bool harder = (gfp & __GFP_ATOMIC) && !(gfp & __GFP_NOMEMALLOC) && order;
	/*
	 * A block on the request's own list can lie in a Movable pageblock (a
	 * merge across pageblocks, an earlier single-page steal): served from
	 * there, the request took no fallback and claims nothing.
	 */
	bool own_list = c->own_list_ready && zone_had_own_block(c, z, pfn);

	c->own_list_ready = false;
	if (!old)
		return;
	if (!own_list && order < pbo && want != MIGRATE_MOVABLE && *old == MIGRATE_MOVABLE &&
	    naive_zone_of(z, pb_start) == naive_zone_of(z, pb_start + (1UL << pbo) - 1) &&
	    now != want && !(harder && now == MIGRATE_HIGHATOMIC))
		oracle_fail("fallback claims a Movable pageblock", PFN_PHYS(pb_start), (uint64_t)want,
			    (uint64_t)now, "order-%u %s request served from a Movable pageblock",
			    order, mt_names[want]);
	for (unsigned long p = pfn & ~(max_block - 1); p < (pfn & ~(max_block - 1)) + max_block;
	     p += 1UL << pbo) {
		unsigned char *t = shadow_type(c, k, p);

		if (t && *t != 0xff)
			*t = (unsigned char)get_pfnblock_migratetype(k, p);
	}
}

static void check_types_unchanged(struct buddy_check *c, const struct mm_kernel *k)
{
	for (unsigned long i = 0; i < c->nr_pb; i++) {
		unsigned long pfn = (c->pb_first + i) << k->profile->pageblock_order;

		if (c->pb_types[i] != 0xff && c->pb_types[i] != get_pfnblock_migratetype(k, pfn))
			oracle_fail("pageblock types change only where allocations took pages",
				    PFN_PHYS(pfn), c->pb_types[i], get_pfnblock_migratetype(k, pfn),
				    "pageblock at pfn 0x%lx", pfn);
	}
}

void buddy_check_alloc(struct buddy_check *c, const struct mm_kernel *k, gfp_t gfp,
		       unsigned int order, const struct page *page, const struct held_block *held,
		       unsigned nr_held)
{
	unsigned long pfn = page_to_pfn(&k->memmap, page), n = nr_pages(order);
	enum zone_type allowed = naive_gfp_zone(gfp);
	bool movable = (gfp & __GFP_MOVABLE) && !k->page_group_by_mobility_disabled;
	struct naive_zones z;
	int zone, zone_end;

	naive_zones_compute(k, &z);
	zone = naive_zone_of(&z, pfn);
	zone_end = naive_zone_of(&z, pfn + n - 1);
	if (pfn & (n - 1))
		oracle_fail("allocation aligned to its order", PFN_PHYS(pfn), 0, pfn & (n - 1),
			    "order %u", order);
	if (zone < 0 || zone != zone_end || zone > (int)allowed)
		oracle_fail("allocation in an allowed zone", PFN_PHYS(pfn), allowed, (uint64_t)zone,
			    "gfp %#x order %u: zones 0..%d allowed, block spans zones %d..%d", gfp,
			    order, (int)allowed, zone, zone_end);
	if (overlaps_held(held, nr_held, pfn, n))
		oracle_fail("allocation not already held", PFN_PHYS(pfn), 0, 1,
			    "order %u block overlaps a block the harness holds", order);
	if (page->_refcount != 1)
		oracle_fail("allocated head refcount", PFN_PHYS(pfn), 1, (uint64_t)page->_refcount,
			    "order %u", order);
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = page_of(k, pfn + i);

		if (!p) {
			oracle_fail("allocated page valid", PFN_PHYS(pfn + i), 1, 0, "order %u", order);
			return;
		}
		if (is_buddy(p) || is_reserved(p))
			oracle_fail("allocated page neither free nor reserved", PFN_PHYS(pfn + i), 0,
				    p->flags, "PageBuddy %d PageReserved %d", is_buddy(p),
				    is_reserved(p));
		if (!movable && (i & ((1UL << k->profile->pageblock_order) - 1)) == 0 &&
		    get_pfnblock_migratetype(k, pfn + i) == MIGRATE_CMA)
			oracle_fail("unmovable allocation outside CMA", PFN_PHYS(pfn + i), 0, 1,
				    "gfp %#x took a MIGRATE_CMA pageblock", gfp);
		if (i == 0)
			continue;
		if ((gfp & __GFP_COMP) && p->compound_head != (((uint32_t)pfn << 1) | 1))
			oracle_fail("compound tail", PFN_PHYS(pfn + i), ((uint32_t)pfn << 1) | 1,
				    p->compound_head, "tail of an order-%u __GFP_COMP block", order);
		if (!(gfp & __GFP_COMP) && (p->compound_head & 1))
			oracle_fail("no compound tail without __GFP_COMP", PFN_PHYS(pfn + i), 0,
				    p->compound_head, "order %u", order);
	}
	if ((gfp & __GFP_COMP) && order &&
	    (!(page->flags & PG_HEAD_BIT) || page->compound_order != order))
		oracle_fail("compound head", PFN_PHYS(pfn), order,
			    page->flags & PG_HEAD_BIT ? page->compound_order : 0,
			    "PG_head and compound_order of an order-%u __GFP_COMP block", order);
	check_steal(c, k, &z, gfp, order, pfn);
}

/* Types of the pageblocks a block covers (a block of order < pageblock_order has one). */
static bool types_refuse_merge(const struct mm_kernel *k, unsigned long a, unsigned long b,
			       unsigned int order)
{
	unsigned long pb = 1UL << k->profile->pageblock_order;
	unsigned long n = nr_pages(order);

	for (unsigned long i = 0; i < n; i += pb) {
		int ta = get_pfnblock_migratetype(k, a + i);

		for (unsigned long j = 0; j < n; j += pb) {
			int tb = get_pfnblock_migratetype(k, b + j);

			if (ta != tb && (!mergeable(ta) || !mergeable(tb)))
				return true;
		}
	}
	return false;
}

/* A free block [pfn, 2^order) in zone `zone` must not have a free buddy of equal order. */
static void check_merged(const struct mm_kernel *k, const struct naive_zones *z,
			 unsigned long pfn, unsigned int order, int zone)
{
	unsigned long buddy = pfn ^ nr_pages(order);
	const struct page *bp;

	if (order >= k->profile->max_order - 1 || naive_zone_of(z, buddy) != zone)
		return;
	bp = page_of(k, buddy);
	if (!bp || !is_buddy(bp) || bp->private != order)
		return;
	if (order >= k->profile->pageblock_order && types_refuse_merge(k, pfn, buddy, order))
		return;
	oracle_fail("free buddies merged", PFN_PHYS(pfn), order + 1, order,
		    "free blocks at pfn 0x%lx and 0x%lx, both order %u in zone %s, left unmerged",
		    pfn, buddy, order, zone_names[zone]);
}

void buddy_check_freed(const struct mm_kernel *k, unsigned long pfn, unsigned long nr)
{
	struct naive_zones z;

	naive_zones_compute(k, &z);
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		unsigned long head = 0;
		unsigned int found = 0, order = 0;

		for (unsigned int o = 0; o < k->profile->max_order; o++) {
			unsigned long h = p & ~(nr_pages(o) - 1);
			const struct page *hp = page_of(k, h);

			if (hp && is_buddy(hp) && hp->private == o) {
				found++;
				head = h;
				order = o;
			}
		}
		if (found != 1) {
			oracle_fail("freed page in exactly one free block", PFN_PHYS(p), 1, found,
				    "after freeing %lu pages at pfn 0x%lx", nr, pfn);
			continue;
		}
		check_merged(k, &z, head, order, naive_zone_of(&z, head));
		p = head + nr_pages(order) - 1 > p ? head + nr_pages(order) - 1 : p;
	}
}

static int cmp_block(const void *a, const void *b)
{
	const struct free_block *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int cmp_held(const void *a, const void *b)
{
	const struct held_block *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int cmp_range(const void *a, const void *b)
{
	const struct pfn_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void add_range(struct pfn_range **r, unsigned long *nr, unsigned long *cap,
		      unsigned long start, unsigned long end)
{
	*r = grow(*r, cap, *nr + 1, sizeof(**r));
	(*r)[(*nr)++] = (struct pfn_range){ start, end };
}

/*
 * reserve_bootmem_region() marks [PFN_DOWN(base), PFN_UP(end)), PFN_UP
 * taken in phys_addr_t (v6.1): a range ending within a page of
 * PHYS_ADDR_MAX (a no-map carve-out at the top of a classic board's 4 GiB)
 * wraps to end pfn 0 and marks nothing.  Nothing frees its pages either,
 * since the free ranges leave reserved and NOMAP memory out: such ranges
 * are kept apart as `unmarked`.
 */
static void add_reserved(struct buddy_check *c, const struct memblock *mb, phys_addr_t base,
			 phys_addr_t size)
{
	unsigned long start = (unsigned long)PFN_DOWN(base);

	if (size && base + size > mb->phys_max - (PAGE_SIZE - 1))
		add_range(&c->unmarked, &c->nr_unmarked, &c->cap_unmarked, start,
			  (unsigned long)PFN_DOWN(base + size - 1) + 1);
	else
		add_range(&c->reserved, &c->nr_reserved, &c->cap_reserved, start,
			  (unsigned long)PFN_UP(base + size));
}

/* Sort and merge touching ranges; returns the new count. */
static unsigned long merge_ranges(struct pfn_range *r, unsigned long nr)
{
	unsigned long n = 0;

	if (!nr)
		return 0;
	qsort(r, nr, sizeof(*r), cmp_range);
	for (unsigned long i = 0; i < nr; i++) {
		if (n && r[i].start <= r[n - 1].end) {
			if (r[i].end > r[n - 1].end)
				r[n - 1].end = r[i].end;
		} else {
			r[n++] = r[i];
		}
	}
	return n;
}

/* memmap_init_reserved_pages(): every page touching a reserved range or a NOMAP region. */
static void build_reserved(struct buddy_check *c, const struct memblock *mb)
{
	c->nr_reserved = c->nr_unmarked = 0;
	for (unsigned long i = 0; i < mb->reserved.cnt; i++)
		add_reserved(c, mb, mb->reserved.regions[i].base, mb->reserved.regions[i].size);
	for (unsigned long i = 0; i < mb->memory.cnt; i++)
		if (mb->memory.regions[i].flags & MEMBLOCK_NOMAP)
			add_reserved(c, mb, mb->memory.regions[i].base, mb->memory.regions[i].size);
	c->nr_reserved = merge_ranges(c->reserved, c->nr_reserved);
	c->nr_unmarked = merge_ranges(c->unmarked, c->nr_unmarked);
}

/*
 * The pfns of CMA area i as reserved-memory declared it.  The CMA initcall
 * takes PageReserved off every page of every declared area: an activated
 * area becomes MIGRATE_CMA pageblocks, and one that cma_activate_area
 * refuses (it crosses a zone boundary) has each page freed with
 * free_reserved_page (v6.1: only hugetlb's areas set
 * reserve_pages_on_error).  The refusal zeroes cma->count, so the declared
 * size is read from the reserved-memory state instead.
 */
static void cma_area_pfns(const struct mm_kernel *k, int i, unsigned long *start, unsigned long *end)
{
	const struct cma_area *a = &k->setup->boot->rs.cma[i];

	*start = (unsigned long)PFN_DOWN(a->base);
	*end = *start + (unsigned long)(a->size >> PAGE_SHIFT);
}

/*
 * Pfns range i (0: the init sections, 1: the initrd) that v6.1 hands back
 * with free_reserved_area() before /init, although memblock.reserved keeps
 * them: free_initmem() frees __init_begin..__init_end, free_initrd_mem()
 * the initrd rounded out to whole pages (arch/arm/mm/init.c), each as whole
 * pages inside.  None when the boot stopped earlier.
 */
static void boot_freed_pfns(const struct mm_kernel *k, int i, unsigned long *start, unsigned long *end)
{
	const struct arm_layout *l = &k->setup->layout;
	/* __pa() of the initrd's linear-map address, as virt_to_page() takes it */
	phys_addr_t pv = l->phys_offset - (uint64_t)l->page_offset;
	phys_addr_t max = l->cfg.lpae ? PHYS_MAX_64 : PHYS_MAX_32;

	*start = *end = 0;
	if (k->cfg.stop_at != BOOT_TO_INIT)
		return;
	if (i == 0) {
		*start = (unsigned long)PFN_UP(l->ks.init_begin);
		*end = (unsigned long)PFN_DOWN(l->ks.init_end);
	} else if (l->initrd_start) {
		*start = (unsigned long)PFN_DOWN(((uint64_t)l->initrd_start + pv) & max);
		*end = *start + (unsigned long)(PFN_UP(l->initrd_end) - PFN_DOWN(l->initrd_start));
	}
}

static bool boot_freed(const struct mm_kernel *k, unsigned long pfn)
{
	for (int i = 0; i < 2; i++) {
		unsigned long s, e;

		boot_freed_pfns(k, i, &s, &e);
		if (pfn >= s && pfn < e)
			return true;
	}
	return false;
}

static bool in_cma(const struct mm_kernel *k, unsigned long pfn)
{
	for (int i = 0; i < k->nr_cma; i++) {
		unsigned long s, e;

		cma_area_pfns(k, i, &s, &e);
		if (pfn >= s && pfn < e)
			return true;
	}
	return false;
}

static unsigned long overlap(unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
	unsigned long s = a > c ? a : c, e = b < d ? b : d;

	return s < e ? e - s : 0;
}

/*
 * Present pages of [s, e) inside [zs, ze), CMA areas (their activation
 * frees them) and the pages freed at /init left out.
 */
static unsigned long rule_pages(const struct mm_kernel *k, unsigned long s, unsigned long e,
				unsigned long zs, unsigned long ze)
{
	const struct memblock *mb = &k->setup->boot->mb;
	unsigned long n = 0;

	s = s > zs ? s : zs;
	e = e < ze ? e : ze;
	for (unsigned long m = 0; m < mb->memory.cnt && s < e; m++) {
		const struct memblock_region *r = &mb->memory.regions[m];
		unsigned long ms = (unsigned long)PFN_UP(r->base);
		unsigned long me = (unsigned long)PFN_DOWN(r->base + r->size);

		ms = ms > s ? ms : s;
		me = me < e ? me : e;
		if (ms >= me)
			continue;
		n += me - ms;
		for (int a = 0; a < k->nr_cma; a++) {
			unsigned long cs, ce;

			cma_area_pfns(k, a, &cs, &ce);
			n -= overlap(ms, me, cs, ce);
		}
		for (int f = 0; f < 2; f++) {
			unsigned long fs, fe;

			boot_freed_pfns(k, f, &fs, &fe);
			n -= overlap(ms, me, fs, fe);
		}
	}
	return n;
}

/* Present pages of [zs, ze) the memblock rule says are PageReserved. */
static unsigned long reserved_pages(const struct buddy_check *c, const struct mm_kernel *k,
				    unsigned long zs, unsigned long ze)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < c->nr_reserved; i++)
		n += rule_pages(k, c->reserved[i].start, c->reserved[i].end, zs, ze);
	return n;
}

/* Present pages of [zs, ze) in an unmarked range and in no marked one: neither reserved nor freed. */
static unsigned long unmarked_pages(const struct buddy_check *c, const struct mm_kernel *k,
				    unsigned long zs, unsigned long ze)
{
	unsigned long n = 0;

	for (unsigned long u = 0; u < c->nr_unmarked; u++) {
		const struct pfn_range *ur = &c->unmarked[u];

		n += rule_pages(k, ur->start, ur->end, zs, ze);
		for (unsigned long i = 0; i < c->nr_reserved; i++) {
			const struct pfn_range *r = &c->reserved[i];

			if (r->start < ur->end && ur->start < r->end)
				n -= rule_pages(k, r->start > ur->start ? r->start : ur->start,
						r->end < ur->end ? r->end : ur->end, zs, ze);
		}
	}
	return n;
}

/*
 * memblock_free_all hands each free range to the buddy allocator in
 * naturally aligned blocks without looking at zones, so a block may run
 * from its head's zone into the next one across a boundary inside a
 * MAX_ORDER block (the DMA limit); lowmem frees stop at max_low_pfn and
 * highmem is freed page by page, and merging never crosses zones, so no
 * block may cross max_low_pfn.
 */
static bool boot_straddle(const struct mm_kernel *k, const struct naive_zones *z, int zone,
			  unsigned long last)
{
	unsigned long max_low = (unsigned long)PFN_DOWN(k->setup->layout.arm_lowmem_limit);

	return z->end[zone] != max_low && last >= z->end[zone] && naive_zone_of(z, last) > zone;
}

static void walk_list(struct buddy_check *c, const struct mm_kernel *k,
		      const struct naive_zones *z, int zone, unsigned int order, int mt,
		      unsigned long *count)
{
	const struct list_head *head = &k->node.node_zones[zone].free_area[order].free_list[mt];
	unsigned long limit = k->node.node_spanned_pages + 1;
	unsigned long pb = 1UL << k->profile->pageblock_order;

	*count = 0;
	for (const struct list_head *e = head->next; e != head; e = e->next) {
		const struct page *page = list_entry(e, struct page, lru);
		unsigned long pfn = page_to_pfn(&k->memmap, page);
		unsigned long last = pfn + nr_pages(order) - 1;

		if (!e->next || e->next->prev != e) {
			oracle_fail("free list links", PFN_PHYS(pfn), 0, 0,
				    "zone %s order %u %s: next->prev is not this entry",
				    zone_names[zone], order, mt_names[mt]);
			return;
		}
		if (++*count > limit) {
			oracle_fail("free list terminates", 0, limit, *count, "zone %s order %u %s",
				    zone_names[zone], order, mt_names[mt]);
			return;
		}
		if (pfn & (nr_pages(order) - 1))
			oracle_fail("free block aligned to its order", PFN_PHYS(pfn), 0,
				    pfn & (nr_pages(order) - 1), "order %u", order);
		if (!is_buddy(page) || page->private != order)
			oracle_fail("free block head is PageBuddy of its list's order", PFN_PHYS(pfn),
				    order, is_buddy(page) ? page->private : 0xdead,
				    "zone %s %s list (0xdead: not PageBuddy)", zone_names[zone],
				    mt_names[mt]);
		if (naive_zone_of(z, pfn) != zone ||
		    (naive_zone_of(z, last) != zone && !boot_straddle(k, z, zone, last)))
			oracle_fail("free block inside its zone", PFN_PHYS(pfn), (uint64_t)zone,
				    (uint64_t)naive_zone_of(z, naive_zone_of(z, pfn) != zone ? pfn : last),
				    "order-%u block [0x%lx, 0x%lx] on a %s list", order, pfn, last,
				    zone_names[zone]);
		for (int zz = 0; zz < MAX_NR_ZONES; zz++)
			c->free_by_pfn[zz] += overlap(pfn, last + 1, z->start[zz], z->end[zz]);
		if (is_reserved(page))
			oracle_fail("free block not PageReserved", PFN_PHYS(pfn), 0, 1, "order %u",
				    order);
		if (mt == MIGRATE_ISOLATE)
			oracle_fail("no isolated free pages", PFN_PHYS(pfn), 0, 1,
				    "nothing is isolated between operations");
		for (unsigned long i = 0; i < nr_pages(order); i += pb) {
			bool cma_block = get_pfnblock_migratetype(k, pfn + i) == MIGRATE_CMA;

			if (cma_block != (mt == MIGRATE_CMA))
				oracle_fail("CMA pageblocks on the CMA list", PFN_PHYS(pfn + i),
					    mt == MIGRATE_CMA, cma_block,
					    "order-%u block on the %s list", order, mt_names[mt]);
		}
		c->blocks = grow(c->blocks, &c->cap_blocks, c->nr_blocks + 1, sizeof(*c->blocks));
		c->blocks[c->nr_blocks++] = (struct free_block){ pfn, order, mt, zone };
	}
}

static unsigned long counts[MAX_NR_ZONES][MAX_ORDER_LIMIT][MIGRATE_TYPES];

void buddy_check_proc(struct buddy_check *c, const struct mm_kernel *k)
{
	unsigned int max_order = k->profile->max_order;
	char want[2048], line[512];
	size_t len = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!populated_zone(&k->node.node_zones[z]))
			continue;
		len += (size_t)snprintf(want + len, sizeof(want) - len, "Node 0, zone %8s ", zone_names[z]);
		for (unsigned int o = 0; o < max_order; o++)
			len += (size_t)snprintf(want + len, sizeof(want) - len, "%6lu ",
						k->node.node_zones[z].free_area[o].nr_free);
		len += (size_t)snprintf(want + len, sizeof(want) - len, "\n");
	}
	show_buddyinfo(k, c->text, TEXT_CAP);
	if (strcmp(c->text, want) != 0)
		oracle_fail("/proc/buddyinfo", 0, 0, 0, "text differs from nr_free; got '%.120s'",
			    c->text);

	show_pagetypeinfo(k, c->text, TEXT_CAP);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!populated_zone(&k->node.node_zones[z]))
			continue;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			len = (size_t)snprintf(line, sizeof(line), "Node %4d, zone %8s, type %12s ", 0,
					       zone_names[z], mt_names[mt]);
			for (unsigned int o = 0; o < max_order; o++) {
				unsigned long n = counts[z][o][mt];

				len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%6lu ",
							n >= 100000 ? ">" : "", n >= 100000 ? 100000 : n);
			}
			snprintf(line + len, sizeof(line) - len, "\n");
			if (!strstr(c->text, line))
				oracle_fail("/proc/pagetypeinfo free counts", (uint64_t)z, 0, 0,
					    "missing line '%s'", line);
		}
	}
}

static void check_disjoint(struct buddy_check *c, const struct held_block *held, unsigned nr_held)
{
	unsigned long h = 0;

	qsort(c->blocks, c->nr_blocks, sizeof(*c->blocks), cmp_block);
	c->held = grow(c->held, &c->cap_held, nr_held + 1UL, sizeof(*c->held));
	if (nr_held)
		memcpy(c->held, held, nr_held * sizeof(*held));
	c->nr_held = nr_held;
	qsort(c->held, c->nr_held, sizeof(*c->held), cmp_held);
	for (unsigned long i = 1; i < c->nr_held; i++)
		if (c->held[i].pfn < c->held[i - 1].pfn + c->held[i - 1].nr)
			oracle_fail("held blocks disjoint", PFN_PHYS(c->held[i].pfn), 0, 1,
				    "the allocator handed out pfn 0x%lx twice", c->held[i].pfn);
	for (unsigned long i = 0; i < c->nr_blocks; i++) {
		const struct free_block *b = &c->blocks[i];
		unsigned long end = b->pfn + nr_pages(b->order);

		if (i + 1 < c->nr_blocks && c->blocks[i + 1].pfn < end)
			oracle_fail("free blocks disjoint", PFN_PHYS(c->blocks[i + 1].pfn), end,
				    c->blocks[i + 1].pfn, "order-%u block at 0x%lx overlaps the next",
				    b->order, b->pfn);
		while (h < c->nr_held && c->held[h].pfn + c->held[h].nr <= b->pfn)
			h++;
		if (h < c->nr_held && c->held[h].pfn < end)
			oracle_fail("free block not held", PFN_PHYS(b->pfn), 0, 1,
				    "order-%u free block overlaps held pages at 0x%lx", b->order,
				    c->held[h].pfn);
	}
}

void buddy_check_lists(struct buddy_check *c, const struct mm_kernel *k,
		       const struct held_block *held, unsigned nr_held)
{
	unsigned long node_free = 0, node_held = 0, node_managed = 0;
	struct naive_zones z;

	naive_zones_compute(k, &z);
	build_reserved(c, &k->setup->boot->mb);
	c->nr_blocks = 0;
	memset(c->free_by_pfn, 0, sizeof(c->free_by_pfn));
	for (int zone = 0; zone < MAX_NR_ZONES; zone++) {
		const struct zone *zn = &k->node.node_zones[zone];
		unsigned long pages = 0, cma_pages = 0;

		for (unsigned int o = 0; o < MAX_ORDER_LIMIT; o++) {
			unsigned long blocks = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				walk_list(c, k, &z, zone, o, mt, &counts[zone][o][mt]);
				blocks += counts[zone][o][mt];
				if (mt == MIGRATE_CMA)
					cma_pages += counts[zone][o][mt] << o;
			}
			if (blocks != zn->free_area[o].nr_free)
				oracle_fail("free_area.nr_free", (uint64_t)zone, blocks,
					    zn->free_area[o].nr_free, "zone %s order %u: blocks on the lists",
					    zone_names[zone], o);
			pages += blocks << o;
		}
		if (pages != zn->nr_free_pages)
			oracle_fail("NR_FREE_PAGES", (uint64_t)zone, pages, zn->nr_free_pages,
				    "zone %s: pages on the free lists", zone_names[zone]);
		if (cma_pages != zn->nr_free_cma_pages)
			oracle_fail("NR_FREE_CMA_PAGES", (uint64_t)zone, cma_pages,
				    zn->nr_free_cma_pages, "zone %s: pages on the CMA lists",
				    zone_names[zone]);
		node_free += pages;
		node_managed += zn->managed_pages;
	}
	/* Per node: boot credits a block across the DMA limit to its head's zone. */
	for (unsigned i = 0; i < nr_held; i++)
		node_held += held[i].nr;
	if (node_free + node_held != node_managed)
		oracle_fail("managed == free + held", 0, node_free + node_held, node_managed,
			    "node: %lu free, %lu held", node_free, node_held);
	/*
	 * Present pages by pfn: a boot block across the DMA limit counts in
	 * both zones.  memblock_free_all() frees from memblock.memory after
	 * its memblock_clear_hotplug() merged regions, so a page that zone
	 * sizing left out (split at a sub-page address) can be free or held:
	 * count whole pages of the final memory, not zone present_pages.
	 */
	for (int zone = 0; zone < MAX_NR_ZONES; zone++) {
		unsigned long held_pages = 0, reserved, unmarked;
		unsigned long present = naive_present_pages(&k->setup->boot->mb, z.start[zone], z.end[zone]);

		for (unsigned i = 0; i < nr_held; i++)
			held_pages += overlap(held[i].pfn, held[i].pfn + held[i].nr, z.start[zone],
					      z.end[zone]);
		reserved = reserved_pages(c, k, z.start[zone], z.end[zone]);
		unmarked = unmarked_pages(c, k, z.start[zone], z.end[zone]);
		if (c->free_by_pfn[zone] + held_pages + reserved + unmarked != present)
			oracle_fail("free + held + reserved == present", (uint64_t)zone, present,
				    c->free_by_pfn[zone] + held_pages + reserved + unmarked,
				    "zone %s: %lu free, %lu held, %lu reserved by memblock/NOMAP, "
				    "%lu never marked (end pfn wraps)", zone_names[zone],
				    c->free_by_pfn[zone], held_pages, reserved, unmarked);
	}
	check_disjoint(c, held, nr_held);
	for (unsigned long i = 0; i < c->nr_blocks; i++)
		check_merged(k, &z, c->blocks[i].pfn, c->blocks[i].order, c->blocks[i].zone);
}

/* Is pfn in ranges r (sorted), and neither in a CMA area nor freed at /init?  *i walks r as pfn rises. */
static bool rule_in(const struct pfn_range *r, unsigned long nr, const struct mm_kernel *k,
		    unsigned long pfn, unsigned long *i)
{
	while (*i < nr && r[*i].end <= pfn)
		++*i;
	return *i < nr && r[*i].start <= pfn && !in_cma(k, pfn) && !boot_freed(k, pfn);
}

void buddy_check_sweep(struct buddy_check *c, const struct mm_kernel *k, unsigned long start,
		       unsigned long end)
{
	const struct memblock *mb = &k->setup->boot->mb;
	unsigned long b = 0, h = 0, ri = 0, ui = 0;

	check_types_unchanged(c, k);
	for (unsigned long pfn = start; pfn < end; pfn++) {
		const struct page *page = page_of(k, pfn);
		bool in_free, in_held, present, want_reserved, unmarked;

		if (!page) {
			/* Validity is uniform over a pageblock: skip the rest of this one. */
			pfn |= (1UL << k->profile->pageblock_order) - 1;
			continue;
		}
		while (b < c->nr_blocks && c->blocks[b].pfn + nr_pages(c->blocks[b].order) <= pfn)
			b++;
		while (h < c->nr_held && c->held[h].pfn + c->held[h].nr <= pfn)
			h++;
		in_free = b < c->nr_blocks && c->blocks[b].pfn <= pfn;
		in_held = h < c->nr_held && c->held[h].pfn <= pfn;
		present = naive_present_pages(mb, pfn, pfn + 1) != 0;
		want_reserved = present && rule_in(c->reserved, c->nr_reserved, k, pfn, &ri);
		unmarked = present && !want_reserved &&
			   rule_in(c->unmarked, c->nr_unmarked, k, pfn, &ui);

		if (is_buddy(page) && !(in_free && c->blocks[b].pfn == pfn))
			oracle_fail("PageBuddy only on listed block heads", PFN_PHYS(pfn), 0,
				    page->private, "pfn 0x%lx is PageBuddy (order field shown)", pfn);
		if (!present) {
			if (in_free || in_held)
				oracle_fail("free or held pages are present", PFN_PHYS(pfn), 0, 1,
					    "pfn 0x%lx is a hole (%s)", pfn, in_free ? "free" : "held");
			continue;
		}
		if (is_reserved(page) != want_reserved)
			oracle_fail("PageReserved follows memblock.reserved and NOMAP", PFN_PHYS(pfn),
				    want_reserved, is_reserved(page), "pfn 0x%lx", pfn);
		if (want_reserved && (in_free || in_held))
			oracle_fail("reserved pages never handed out", PFN_PHYS(pfn), 0, 1,
				    "pfn 0x%lx is %s", pfn, in_free ? "free" : "held");
		if (unmarked && (in_free || in_held))
			oracle_fail("unmarked reserved pages never handed out", PFN_PHYS(pfn), 0, 1,
				    "pfn 0x%lx is %s; its range's end pfn wraps", pfn,
				    in_free ? "free" : "held");
		if (!want_reserved && !unmarked && !in_free && !in_held)
			oracle_fail("every usable page free or held", PFN_PHYS(pfn), 1, 0,
				    "pfn 0x%lx is neither (leaked)", pfn);
		if (in_free && page->_refcount != 0)
			oracle_fail("free page refcount", PFN_PHYS(pfn), 0, (uint64_t)page->_refcount,
				    "pfn 0x%lx", pfn);
	}
}
