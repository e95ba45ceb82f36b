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
#define NO_USEMAP 0xff		/* a pageblock without a struct page (pfn_valid fails) */

struct free_block {
	unsigned long pfn;
	unsigned int order;
	int mt, zone;
};

struct pfn_range {
	unsigned long start, end;
};

/* What __rmqueue_fallback would do in one zone (buddy_check_before_alloc). */
struct steal_plan {
	bool found, can_steal;
	unsigned long pfn;			/* the fallback block */
	unsigned int order;
	unsigned long range_start, range_end;	/* move_freepages_block's pfns */
	unsigned long free;			/* free pages it would move, 0 when it gives up */
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
	unsigned char *pb_types;	/* the oracle's migratetypes: per usemap slot, per pageblock from pb_first */
	unsigned long pb_first, nr_pb, cap_pb;
	/* buddy_check_before_alloc: the request's own lists held a big enough block, per zone */
	bool own_list_ready;
	bool own_list_had_block[MAX_NR_ZONES];
	struct steal_plan plan[MAX_NR_ZONES];
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

static struct page *page_of(const struct kernel_watch *w, unsigned long pfn)
{
	return naive_pfn_valid(w, pfn) ? pfn_to_page(&w->k->memmap, pfn) : NULL;
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

/* gfp_migratetype() with the oracle's own mobility grouping. */
static int gfp_mt(const struct kernel_watch *w, gfp_t gfp)
{
	if (w->counts.mobility_disabled)
		return MIGRATE_UNMOVABLE;
	return (gfp & __GFP_MOVABLE ? MIGRATE_MOVABLE : 0) |
	       (gfp & __GFP_RECLAIMABLE ? MIGRATE_RECLAIMABLE : 0);
}

/*
 * Which usemap holds pfn's pageblock bits.  SPARSEMEM keeps one per
 * section, so one type per pageblock.  FLATMEM keeps one per zone and
 * reads the zone from the struct page: a pageblock across a zone boundary
 * has a type in each zone's usemap.  A hole's page has the zone of the
 * memory after it (memmap_init's init_unavailable_range), a page past the
 * last memory none (zone bits 0).
 */
static int usemap_slot(const struct kernel_watch *w, unsigned long pfn)
{
	int zone = -1;

	if (w->cfg.model != MEMORY_MODEL_FLATMEM)
		return 0;
	if (naive_whole_pages(w->memory, w->nr_memory, pfn, pfn + 1))
		zone = naive_zone_of(&w->zones, pfn);
	for (unsigned long i = 0; zone < 0 && i < w->nr_memory; i++) {
		unsigned long s = (unsigned long)PFN_UP(w->memory[i].base);

		if (s > pfn && s < PFN_DOWN(w->memory[i].base + w->memory[i].size))
			zone = naive_zone_of(&w->zones, s);
	}
	return zone < 0 ? 0 : zone;
}

static unsigned char *shadow_type(const struct buddy_check *c, const struct kernel_watch *w,
				  unsigned long pfn)
{
	unsigned long pb = pfn >> w->cfg.profile->pageblock_order;

	if (pb < c->pb_first || pb - c->pb_first >= c->nr_pb)
		return NULL;
	return &c->pb_types[(unsigned long)usemap_slot(w, pfn) * c->nr_pb + pb - c->pb_first];
}

/* The oracle's type of pfn's pageblock; MIGRATE_UNMOVABLE where no usemap holds it. */
static int oracle_type(const struct buddy_check *c, const struct kernel_watch *w, unsigned long pfn)
{
	const unsigned char *t = shadow_type(c, w, pfn);

	return t && *t != NO_USEMAP ? *t : MIGRATE_UNMOVABLE;
}

/*
 * memmap_init: every pageblock-aligned pfn that is a whole page of memory
 * inside a zone gets MIGRATE_MOVABLE in that zone's usemap (FLATMEM) or
 * its section's; everything else keeps the usemap's zeroes (Unmovable);
 * then the CMA initcall turns each pageblock of an activated area
 * MIGRATE_CMA.
 */
void buddy_check_boot_types(struct buddy_check *c, const struct kernel_watch *w)
{
	const struct reserved_mem_state *rs = &w->k->setup->boot->rs;
	unsigned int pbo = w->cfg.profile->pageblock_order;
	unsigned long start = w->zones.node_start >> pbo;
	unsigned long end = (w->zones.node_end + (1UL << pbo) - 1) >> pbo;
	int slots = w->cfg.model == MEMORY_MODEL_FLATMEM ? MAX_NR_ZONES : 1;

	c->pb_first = start;
	c->nr_pb = end - start;
	c->pb_types = oracle_grow(c->pb_types, &c->cap_pb, (unsigned long)slots * c->nr_pb + 1, 1);
	for (int slot = 0; slot < slots; slot++)
		for (unsigned long i = 0; i < c->nr_pb; i++) {
			unsigned long pfn = (start + i) << pbo;
			bool movable = naive_whole_pages(w->memory, w->nr_memory, pfn, pfn + 1) &&
				       naive_zone_of(&w->zones, pfn) >= 0 &&
				       (slots == 1 || naive_zone_of(&w->zones, pfn) == slot);

			c->pb_types[(unsigned long)slot * c->nr_pb + i] =
				!naive_pfn_valid(w, pfn) ? NO_USEMAP : movable ? MIGRATE_MOVABLE : MIGRATE_UNMOVABLE;
		}
	for (int a = 0; a < rs->nr_cma && a < (int)MM_ARRAY_SIZE(w->counts.cma_active); a++) {
		unsigned long base = (unsigned long)PFN_DOWN(rs->cma[a].base);

		if (!w->counts.cma_active[a])
			continue;
		for (unsigned long pfn = base; pfn < base + (rs->cma[a].size >> PAGE_SHIFT); pfn += 1UL << pbo)
			if (shadow_type(c, w, pfn))
				*shadow_type(c, w, pfn) = MIGRATE_CMA;
	}
}

/* The kernel's fallbacks[] rows; a HighAtomic-typed request reads Unmovable only (mm departure). */
static int fallback_of(int mt, int i)
{
	static const int rows[MIGRATE_PCPTYPES][2] = {
		[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
		[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
		[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
	};

	if (mt >= MIGRATE_PCPTYPES)
		return i ? -1 : MIGRATE_UNMOVABLE;
	return rows[mt][i];
}

/* find_suitable_fallback(): the first fallback type with a block of this order, or -1. */
static int suitable_fallback(const struct kernel_watch *w, const struct zone *zn, unsigned int order,
			     int mt, bool *can_steal)
{
	unsigned int pbo = w->cfg.profile->pageblock_order;
	const struct free_area *area = &zn->free_area[order];

	if (!area->nr_free)
		return -1;
	for (int i = 0; i < 2 && fallback_of(mt, i) >= 0; i++) {
		if (list_empty(&area->free_list[fallback_of(mt, i)]))
			continue;
		*can_steal = order >= pbo / 2 || mt == MIGRATE_RECLAIMABLE || mt == MIGRATE_UNMOVABLE ||
			     w->counts.mobility_disabled;
		return fallback_of(mt, i);
	}
	return -1;
}

/* See buddy_check.h; order is the block's, which lies inside its MAX_ORDER block. */
void buddy_check_boot_allocation(struct buddy_check *c, const struct kernel_watch *w, gfp_t gfp, unsigned long pfn,
				 unsigned int order)
{
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order;
	unsigned long max_block = 1UL << (w->cfg.profile->max_order - 1);
	unsigned long first = pfn & ~(max_block - 1);
	int mt = gfp_mt(w, gfp);

	if (mt == MIGRATE_MOVABLE)
		return;
	for (unsigned long p = first; p < first + max_block; p += pb) {
		unsigned char *t = shadow_type(c, w, p);

		if (t && *t == MIGRATE_MOVABLE && (int)get_pfnblock_migratetype(w->k, p) == mt)
			*t = (unsigned char)mt;
	}
}

/* Free pages whose block head lies in [start, end] (move_freepages counts whole blocks). */
static unsigned long free_pages_in(const struct kernel_watch *w, const struct zone *zn,
				   unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < w->cfg.profile->max_order; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *h = &zn->free_area[o].free_list[mt];

			for (const struct list_head *e = h->next; e != h; e = e->next) {
				unsigned long pfn = page_to_pfn(&w->k->memmap, list_entry(e, struct page, lru));

				if (pfn >= start && pfn <= end)
					n += nr_pages(o);
			}
		}
	return n;
}

/*
 * __rmqueue_fallback()'s choice in one zone: the largest order first with
 * a block on a fallback list, the smallest instead for a Movable request
 * that may not steal; the head of that list.  Then what
 * move_freepages_block() would count in the block's pageblock, the
 * pageblock clipped at the zone's start and void past its end.
 */
static void plan_fallback(const struct kernel_watch *w, int zone, unsigned int order, int mt,
			  struct steal_plan *p)
{
	const struct zone *zn = &w->k->node.node_zones[zone];
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order;
	int fb = -1;
	int o;

	*p = (struct steal_plan){ 0 };
	for (o = (int)w->cfg.profile->max_order - 1; o >= (int)order; o--) {
		fb = suitable_fallback(w, zn, (unsigned int)o, mt, &p->can_steal);
		if (fb >= 0)
			break;
	}
	if (fb < 0)
		return;
	if (!p->can_steal && mt == MIGRATE_MOVABLE && (unsigned int)o > order)
		for (o = (int)order; (fb = suitable_fallback(w, zn, (unsigned int)o, mt, &p->can_steal)) < 0;)
			o++;
	p->found = true;
	p->order = (unsigned int)o;
	p->pfn = page_to_pfn(&w->k->memmap,
			     list_entry(zn->free_area[o].free_list[fb].next, struct page, lru));
	p->range_start = p->pfn & ~(pb - 1);
	p->range_end = p->range_start + pb - 1;
	if (p->range_start < w->zones.start[zone])
		p->range_start = p->pfn;
	if (p->range_end >= w->zones.end[zone])
		return;	/* move_freepages_block gives up: nothing counted */
	p->free = free_pages_in(w, zn, p->range_start, p->range_end);
}

void buddy_check_before_alloc(struct buddy_check *c, const struct kernel_watch *w, gfp_t gfp,
			      unsigned int order)
{
	int want = gfp_mt(w, gfp);
	enum zone_type top = naive_gfp_zone(gfp);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		c->own_list_had_block[z] = false;
		c->plan[z].found = false;
		for (unsigned int o = order; o < w->cfg.profile->max_order; o++)
			if (!list_empty(&w->k->node.node_zones[z].free_area[o].free_list[want]))
				c->own_list_had_block[z] = true;
		if (!c->own_list_had_block[z] && z <= (int)top)
			plan_fallback(w, z, order, want, &c->plan[z]);
	}
	c->own_list_ready = true;
}

/*
 * The model's types of the pageblocks of [pfn, pfn + nr) against the
 * oracle's, read through pfn itself in the first pageblock (its zone's
 * usemap) and through each later one's first pfn.
 */
static void compare_types(const struct buddy_check *c, const struct kernel_watch *w, unsigned long pfn,
			  unsigned long nr, const char *when)
{
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order;

	for (unsigned long p = pfn & ~(pb - 1); p < pfn + nr; p += pb) {
		unsigned long q = p < pfn ? pfn : p;
		const unsigned char *t = shadow_type(c, w, q);

		if (t && *t != NO_USEMAP && *t != get_pfnblock_migratetype(w->k, q))
			oracle_fail("pageblock type", PFN_PHYS(q), *t, get_pfnblock_migratetype(w->k, q),
				    "pageblock at pfn 0x%lx %s (the oracle's boot types and stealing rule)",
				    p, when);
	}
}

static void retype(const struct buddy_check *c, const struct kernel_watch *w, unsigned long pfn,
		   unsigned long nr, int mt)
{
	for (unsigned long p = pfn; p < pfn + nr; p += 1UL << w->cfg.profile->pageblock_order)
		if (shadow_type(c, w, p) && *shadow_type(c, w, p) != NO_USEMAP)
			*shadow_type(c, w, p) = (unsigned char)mt;
}

/*
 * steal_suitable_fallback() on the oracle's types, for a request of type mt
 * served at pfn from the planned fallback block: a block of pageblock
 * order or more changes owner whole; a smaller one, when it may steal,
 * claims its pageblock if the free pages there and the pages in use that
 * count as alike (all of them for a non-movable request in a Movable
 * block; none otherwise, nothing being on an LRU) make half of it.  The
 * allocation comes from the pages the steal moved.
 */
static void follow_steal(struct buddy_check *c, const struct kernel_watch *w, const struct steal_plan *p,
			 int mt, unsigned long pfn, unsigned int order)
{
	unsigned int pbo = w->cfg.profile->pageblock_order;
	unsigned long pb = 1UL << pbo, lo = p->pfn, hi = p->pfn + nr_pages(p->order) - 1;
	int old = oracle_type(c, w, p->pfn);

	if (old == MIGRATE_HIGHATOMIC) {
		/* a single block moves */
	} else if (p->order >= pbo) {
		retype(c, w, p->pfn, nr_pages(p->order), mt);
	} else if (p->can_steal && p->free) {
		unsigned long alike = mt != MIGRATE_MOVABLE && old == MIGRATE_MOVABLE ? pb - p->free : 0;

		if (p->free + alike >= pb / 2 || w->counts.mobility_disabled)
			retype(c, w, p->pfn, 1, mt);
		lo = p->range_start;
		hi = p->range_end;
	}
	if (pfn < lo || pfn + nr_pages(order) - 1 > hi)
		oracle_fail("fallback serves from the stolen block", PFN_PHYS(pfn), lo, pfn,
			    "order-%u block; the fallback took the order-%u block at 0x%lx, moving [0x%lx, 0x%lx]",
			    order, p->order, p->pfn, lo, hi);
	compare_types(c, w, p->pfn, nr_pages(p->order), "after a fallback");
}

void buddy_check_alloc(struct buddy_check *c, const struct kernel_watch *w, gfp_t gfp,
		       unsigned int order, const struct page *page, const struct held_block *held,
		       unsigned nr_held)
{
	const struct mm_kernel *k = w->k;
	unsigned long pfn = page_to_pfn(&k->memmap, page), n = nr_pages(order);
	enum zone_type allowed = naive_gfp_zone(gfp);
	int mt = gfp_mt(w, gfp);
	int zone = naive_zone_of(&w->zones, pfn);
	int zone_end = naive_zone_of(&w->zones, pfn + n - 1);
	bool own = c->own_list_ready && zone_had_own_block(c, &w->zones, pfn);

	c->own_list_ready = false;
	if (pfn & (n - 1))
		oracle_fail("allocation aligned to its order", PFN_PHYS(pfn), 0, pfn & (n - 1),
			    "order %u", order);
	if (zone < 0 || zone != zone_end || zone > (int)allowed) {
		oracle_fail("allocation in an allowed zone", PFN_PHYS(pfn), allowed, (uint64_t)zone,
			    "gfp %#x order %u: zones 0..%d allowed, block spans zones %d..%d", gfp,
			    order, (int)allowed, zone, zone_end);
		return;
	}
	if (overlaps_held(held, nr_held, pfn, n))
		oracle_fail("allocation not already held", PFN_PHYS(pfn), 0, 1,
			    "order %u block overlaps a block the harness holds", order);
	if (page->_refcount != 1)
		oracle_fail("allocated head refcount", PFN_PHYS(pfn), 1, (uint64_t)page->_refcount,
			    "order %u", order);
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = page_of(w, pfn + i);

		if (!p) {
			oracle_fail("allocated page valid", PFN_PHYS(pfn + i), 1, 0, "order %u", order);
			return;
		}
		if (is_buddy(p) || is_reserved(p))
			oracle_fail("allocated page neither free nor reserved", PFN_PHYS(pfn + i), 0,
				    p->flags, "PageBuddy %d PageReserved %d", is_buddy(p),
				    is_reserved(p));
		if (mt != MIGRATE_MOVABLE && (i & ((1UL << w->cfg.profile->pageblock_order) - 1)) == 0 &&
		    oracle_type(c, w, pfn + i) == MIGRATE_CMA)
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
	/* own lists or CMA served it: no pageblock changes; else the planned fallback stole */
	if (!own && oracle_type(c, w, pfn) != MIGRATE_CMA) {
		if (!c->plan[zone].found)
			oracle_fail("fallback serves from the stolen block", PFN_PHYS(pfn), 0, 1,
				    "zone %s had no block of the request's type nor a fallback",
				    zone_names[zone]);
		else
			follow_steal(c, w, &c->plan[zone], mt, pfn, order);
	}
	compare_types(c, w, pfn, n, "after an allocation");
}

/* v6.1 refuses to merge at pageblock order or above across types one of which is not mergeable. */
static bool types_refuse_merge(const struct buddy_check *c, const struct kernel_watch *w,
			       unsigned long a, unsigned long b, unsigned int order)
{
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order;
	unsigned long n = nr_pages(order);

	for (unsigned long i = 0; i < n; i += pb) {
		int ta = oracle_type(c, w, a + i);

		for (unsigned long j = 0; j < n; j += pb) {
			int tb = oracle_type(c, w, b + j);

			if (ta != tb && (!mergeable(ta) || !mergeable(tb)))
				return true;
		}
	}
	return false;
}

/* A free block [pfn, 2^order) in zone `zone` must not have a free buddy of equal order. */
static void check_merged(const struct buddy_check *c, const struct kernel_watch *w,
			 unsigned long pfn, unsigned int order, int zone)
{
	unsigned long buddy = pfn ^ nr_pages(order);
	const struct page *bp;

	if (order >= w->cfg.profile->max_order - 1 || naive_zone_of(&w->zones, buddy) != zone)
		return;
	bp = page_of(w, buddy);
	if (!bp || !is_buddy(bp) || bp->private != order)
		return;
	if (order >= w->cfg.profile->pageblock_order && types_refuse_merge(c, w, pfn, buddy, order))
		return;
	oracle_fail("free buddies merged", PFN_PHYS(pfn), order + 1, order,
		    "free blocks at pfn 0x%lx and 0x%lx, both order %u in zone %s, left unmerged",
		    pfn, buddy, order, zone_names[zone]);
}

void buddy_check_freed(const struct buddy_check *c, const struct kernel_watch *w, unsigned long pfn,
		       unsigned long nr)
{
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		unsigned long head = 0;
		unsigned int found = 0, order = 0;

		for (unsigned int o = 0; o < w->cfg.profile->max_order; o++) {
			unsigned long h = p & ~(nr_pages(o) - 1);
			const struct page *hp = page_of(w, h);

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
		check_merged(c, w, head, order, naive_zone_of(&w->zones, head));
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
	*r = oracle_grow(*r, cap, *nr + 1, sizeof(**r));
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
static void add_reserved(struct buddy_check *c, const struct kernel_watch *w, phys_addr_t base,
			 phys_addr_t size)
{
	phys_addr_t phys_max = w->cfg.setup.boot.lpae ? ~0ULL : 0xffffffffULL;
	unsigned long start = (unsigned long)PFN_DOWN(base);

	if (size && base + size > phys_max - (PAGE_SIZE - 1))
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
static void build_reserved(struct buddy_check *c, const struct kernel_watch *w)
{
	c->nr_reserved = c->nr_unmarked = 0;
	for (unsigned long i = 0; i < w->nr_final[1]; i++)
		add_reserved(c, w, w->final[1][i].base, w->final[1][i].size);
	for (unsigned long i = 0; i < w->nr_final[0]; i++)
		if (w->final[0][i].flags & MEMBLOCK_NOMAP)
			add_reserved(c, w, w->final[0][i].base, w->final[0][i].size);
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
static void cma_area_pfns(const struct kernel_watch *w, int i, unsigned long *start, unsigned long *end)
{
	const struct cma_area *a = &w->k->setup->boot->rs.cma[i];

	*start = (unsigned long)PFN_DOWN(a->base);
	*end = *start + (unsigned long)(a->size >> PAGE_SHIFT);
}

static bool boot_freed(const struct kernel_watch *w, unsigned long pfn)
{
	for (int i = 0; i < 2; i++) {
		unsigned long s, e;

		naive_boot_freed(w, i, &s, &e);
		if (pfn >= s && pfn < e)
			return true;
	}
	return false;
}

/* The areas cma_init_reserved_areas() handles (CMA_AREAS of them at most). */
static int nr_cma(const struct kernel_watch *w)
{
	int n = w->k->setup->boot->rs.nr_cma;

	return n < (int)MM_ARRAY_SIZE(w->counts.cma_active) ? n : (int)MM_ARRAY_SIZE(w->counts.cma_active);
}

static bool in_cma(const struct kernel_watch *w, unsigned long pfn)
{
	for (int i = 0; i < nr_cma(w); i++) {
		unsigned long s, e;

		cma_area_pfns(w, i, &s, &e);
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
static unsigned long rule_pages(const struct kernel_watch *w, unsigned long s, unsigned long e,
				unsigned long zs, unsigned long ze)
{
	unsigned long n = 0;

	s = s > zs ? s : zs;
	e = e < ze ? e : ze;
	for (unsigned long m = 0; m < w->nr_final[0] && s < e; m++) {
		const struct memblock_region *r = &w->final[0][m];
		unsigned long ms = (unsigned long)PFN_UP(r->base);
		unsigned long me = (unsigned long)PFN_DOWN(r->base + r->size);

		ms = ms > s ? ms : s;
		me = me < e ? me : e;
		if (ms >= me)
			continue;
		n += me - ms;
		for (int a = 0; a < nr_cma(w); a++) {
			unsigned long cs, ce;

			cma_area_pfns(w, a, &cs, &ce);
			n -= overlap(ms, me, cs, ce);
		}
		for (int f = 0; f < 2; f++) {
			unsigned long fs, fe;

			naive_boot_freed(w, f, &fs, &fe);
			n -= overlap(ms, me, fs, fe);
		}
	}
	return n;
}

/* Present pages of [zs, ze) the memblock rule says are PageReserved. */
static unsigned long reserved_pages(const struct buddy_check *c, const struct kernel_watch *w,
				    unsigned long zs, unsigned long ze)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < c->nr_reserved; i++)
		n += rule_pages(w, c->reserved[i].start, c->reserved[i].end, zs, ze);
	return n;
}

/* Present pages of [zs, ze) in an unmarked range and in no marked one: neither reserved nor freed. */
static unsigned long unmarked_pages(const struct buddy_check *c, const struct kernel_watch *w,
				    unsigned long zs, unsigned long ze)
{
	unsigned long n = 0;

	for (unsigned long u = 0; u < c->nr_unmarked; u++) {
		const struct pfn_range *ur = &c->unmarked[u];

		n += rule_pages(w, ur->start, ur->end, zs, ze);
		for (unsigned long i = 0; i < c->nr_reserved; i++) {
			const struct pfn_range *r = &c->reserved[i];

			if (r->start < ur->end && ur->start < r->end)
				n -= rule_pages(w, r->start > ur->start ? r->start : ur->start,
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
static bool boot_straddle(const struct kernel_watch *w, const struct naive_zones *z, int zone,
			  unsigned long last)
{
	unsigned long max_low = (unsigned long)PFN_DOWN(w->k->setup->layout.arm_lowmem_limit);

	return z->end[zone] != max_low && last >= z->end[zone] && naive_zone_of(z, last) > zone;
}

static void walk_list(struct buddy_check *c, const struct kernel_watch *w, int zone,
		      unsigned int order, int mt, unsigned long *count)
{
	const struct mm_kernel *k = w->k;
	const struct naive_zones *z = &w->zones;
	const struct list_head *head = &k->node.node_zones[zone].free_area[order].free_list[mt];
	unsigned long limit = k->node.node_spanned_pages + 1;
	unsigned long pb = 1UL << w->cfg.profile->pageblock_order;

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
		    (naive_zone_of(z, last) != zone && !boot_straddle(w, z, zone, last)))
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
			bool cma_block = oracle_type(c, w, pfn + i) == MIGRATE_CMA;

			if (cma_block != (mt == MIGRATE_CMA))
				oracle_fail("CMA pageblocks on the CMA list", PFN_PHYS(pfn + i),
					    mt == MIGRATE_CMA, cma_block,
					    "order-%u block on the %s list", order, mt_names[mt]);
		}
		c->blocks = oracle_grow(c->blocks, &c->cap_blocks, c->nr_blocks + 1, sizeof(*c->blocks));
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
	c->held = oracle_grow(c->held, &c->cap_held, nr_held + 1UL, sizeof(*c->held));
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

void buddy_check_lists(struct buddy_check *c, const struct kernel_watch *w,
		       const struct held_block *held, unsigned nr_held)
{
	const struct mm_kernel *k = w->k;
	const struct naive_zones *z = &w->zones;
	unsigned long node_free = 0, node_held = 0, node_managed = 0;

	build_reserved(c, w);
	c->nr_blocks = 0;
	memset(c->free_by_pfn, 0, sizeof(c->free_by_pfn));
	for (int zone = 0; zone < MAX_NR_ZONES; zone++) {
		const struct zone *zn = &k->node.node_zones[zone];
		unsigned long pages = 0, cma_pages = 0;

		for (unsigned int o = 0; o < MAX_ORDER_LIMIT; o++) {
			unsigned long blocks = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				walk_list(c, w, zone, o, mt, &counts[zone][o][mt]);
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
		unsigned long present = naive_present_pages(w, z->start[zone], z->end[zone]);

		for (unsigned i = 0; i < nr_held; i++)
			held_pages += overlap(held[i].pfn, held[i].pfn + held[i].nr, z->start[zone],
					      z->end[zone]);
		reserved = reserved_pages(c, w, z->start[zone], z->end[zone]);
		unmarked = unmarked_pages(c, w, z->start[zone], z->end[zone]);
		if (c->free_by_pfn[zone] + held_pages + reserved + unmarked != present)
			oracle_fail("free + held + reserved == present", (uint64_t)zone, present,
				    c->free_by_pfn[zone] + held_pages + reserved + unmarked,
				    "zone %s: %lu free, %lu held, %lu reserved by memblock/NOMAP, "
				    "%lu never marked (end pfn wraps)", zone_names[zone],
				    c->free_by_pfn[zone], held_pages, reserved, unmarked);
	}
	check_disjoint(c, held, nr_held);
	for (unsigned long i = 0; i < c->nr_blocks; i++)
		check_merged(c, w, c->blocks[i].pfn, c->blocks[i].order, c->blocks[i].zone);
}

/*
 * Did memmap_init() leave pfn PageReserved?  init_unavailable_range()
 * marks every valid pfn that was no whole page of memblock.memory when
 * zones were sized, from pfn 0 up to the last memory pfn (SPARSEMEM: up
 * to that pfn's section end; FLATMEM leaves a page past it zeroed).  The
 * hotplug merge can make such a page whole by the time memblock_free_all
 * runs; only a range whose end pfn wraps then leaves it as it was.
 */
static bool reserved_as_hole(const struct kernel_watch *w, unsigned long pfn)
{
	unsigned long end = w->zones.node_end;

	if (w->cfg.model != MEMORY_MODEL_FLATMEM)
		end = (end + PAGES_PER_SECTION - 1) & ~(PAGES_PER_SECTION - 1);
	return pfn < end && !naive_whole_pages(w->memory, w->nr_memory, pfn, pfn + 1);
}

/* Is pfn in ranges r (sorted), and neither in a CMA area nor freed at /init?  *i walks r as pfn rises. */
static bool rule_in(const struct pfn_range *r, unsigned long nr, const struct kernel_watch *w,
		    unsigned long pfn, unsigned long *i)
{
	while (*i < nr && r[*i].end <= pfn)
		++*i;
	return *i < nr && r[*i].start <= pfn && !in_cma(w, pfn) && !boot_freed(w, pfn);
}

void buddy_check_sweep(struct buddy_check *c, const struct kernel_watch *w, unsigned long start,
		       unsigned long end)
{
	unsigned long b = 0, h = 0, ri = 0, ui = 0;

	for (int zone = 0; zone < MAX_NR_ZONES; zone++)
		compare_types(c, w, w->zones.start[zone], w->zones.end[zone] - w->zones.start[zone],
			      "at a sweep");
	for (unsigned long pfn = start; pfn < end; pfn++) {
		const struct page *page = page_of(w, pfn);
		bool in_free, in_held, present, want_reserved, unmarked, flag_reserved;

		if (!page) {
			/* Validity is uniform over a pageblock: skip the rest of this one. */
			pfn |= (1UL << w->cfg.profile->pageblock_order) - 1;
			continue;
		}
		while (b < c->nr_blocks && c->blocks[b].pfn + nr_pages(c->blocks[b].order) <= pfn)
			b++;
		while (h < c->nr_held && c->held[h].pfn + c->held[h].nr <= pfn)
			h++;
		in_free = b < c->nr_blocks && c->blocks[b].pfn <= pfn;
		in_held = h < c->nr_held && c->held[h].pfn <= pfn;
		present = naive_present_pages(w, pfn, pfn + 1) != 0;
		want_reserved = present && rule_in(c->reserved, c->nr_reserved, w, pfn, &ri);
		unmarked = present && !want_reserved &&
			   rule_in(c->unmarked, c->nr_unmarked, w, pfn, &ui);

		if (is_buddy(page) && !(in_free && c->blocks[b].pfn == pfn))
			oracle_fail("PageBuddy only on listed block heads", PFN_PHYS(pfn), 0,
				    page->private, "pfn 0x%lx is PageBuddy (order field shown)", pfn);
		if (!present) {
			if (in_free || in_held)
				oracle_fail("free or held pages are present", PFN_PHYS(pfn), 0, 1,
					    "pfn 0x%lx is a hole (%s)", pfn, in_free ? "free" : "held");
			continue;
		}
		flag_reserved = want_reserved || (unmarked && reserved_as_hole(w, pfn));
		if (is_reserved(page) != flag_reserved)
			oracle_fail("PageReserved follows memblock.reserved and NOMAP", PFN_PHYS(pfn),
				    flag_reserved, is_reserved(page), "pfn 0x%lx%s", pfn,
				    unmarked ? ", unmarked: as memmap_init left it" : "");
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
