/*
 * Zones and the node at boot (Linux v6.1 arch/arm/mm/init.c
 * zone_sizes_init; mm/page_alloc.c free_area_init,
 * find_zone_movable_pfns_for_nodes, find_usable_zone_for_movable,
 * early_calculate_totalpages, adjust_zone_range_for_zone_movable,
 * zone_spanned_pages_in_node, zone_absent_pages_in_node,
 * __absent_pages_in_range, calculate_node_totalpages, calc_memmap_size,
 * free_area_init_node, free_area_init_core, zone_init_internals,
 * zone_pcp_init, usemap_size, setup_usemap, init_currently_empty_zone,
 * memmap_init, memmap_init_zone_range, memmap_init_range,
 * init_unavailable_range, build_all_zonelists_init's printk,
 * nr_free_zone_pages).
 *
 * One node.  kernelcore= / movablecore= come as byte counts (no "nn%" or
 * "mirror").  Without CONFIG_HIGHMEM the HighMem zone does not exist and
 * is neither printed nor sized.  Lazy mode records memmap_init's writes as
 * ranges (memmap_lazy.c) instead of writing every struct page.  The
 * "pages in unavailable ranges" format has no newline; printk ends the
 * record at the next message, so the model's log line carries one.
 */
#include "boot_mem.h"

#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "mm_errno.h"
#include "page_alloc.h"
#include "printk.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem", "Movable" };

struct zone_bounds {
	unsigned long low[MAX_NR_ZONES], high[MAX_NR_ZONES];	/* arch_zone_{lowest,highest}_possible_pfn */
	unsigned long node_start, node_end;
};

static bool has_highmem(const struct mm_kernel *k)
{
	return k->setup->layout.cfg.highmem;
}

static bool zone_exists(const struct mm_kernel *k, int z)
{
	return z != ZONE_HIGHMEM || has_highmem(k);
}

bool zone_is_highmem_idx(const struct mm_kernel *k, int zone)
{
	if (!has_highmem(k))
		return false;
	return zone == ZONE_HIGHMEM || (zone == ZONE_MOVABLE && k->bm->movable_zone == ZONE_HIGHMEM);
}

static unsigned long clamp_ul(unsigned long v, unsigned long lo, unsigned long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

static unsigned long max_ul(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

/* for_each_mem_pfn_range: whole pages of each memory region, empty ones skipped. */
static void collect_mem_ranges(struct mm_kernel *k)
{
	const struct memblock *mb = &k->setup->boot->mb;

	k->bm->mem.nr = 0;
	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		unsigned long s = (unsigned long)PFN_UP(r->base), e = (unsigned long)PFN_DOWN(r->base + r->size);

		/* The region index as tag keeps regions that touch in pfn space separate. */
		if (s < e)
			pfn_ranges_add(&k->bm->mem, s, e, (int)i, false);
	}
}

static void zone_sizes_init(struct mm_kernel *k)
{
	const struct arm_layout *l = &k->setup->layout;
	unsigned long dma_pfn_limit = (unsigned long)(uint32_t)(l->arm_dma_limit >> PAGE_SHIFT);

	memset(k->max_zone_pfn, 0, sizeof(k->max_zone_pfn));
	k->max_zone_pfn[ZONE_DMA] = min_ul(dma_pfn_limit, l->max_low_pfn);
	k->max_zone_pfn[ZONE_NORMAL] = l->max_low_pfn;
	if (has_highmem(k))
		k->max_zone_pfn[ZONE_HIGHMEM] = l->max_pfn;
}

static void find_usable_zone_for_movable(struct mm_kernel *k, const struct zone_bounds *zb)
{
	int z;

	for (z = MAX_NR_ZONES - 1; z > 0; z--)
		if (z != ZONE_MOVABLE && zone_exists(k, z) && zb->high[z] > zb->low[z])
			break;
	k->bm->movable_zone = (enum zone_type)z;
}

/* find_zone_movable_pfns_for_nodes() for one node with memory. */
static void find_zone_movable_pfns(struct mm_kernel *k, const struct zone_bounds *zb)
{
	const struct pfn_ranges *mem = &k->bm->mem;
	unsigned long totalpages = 0, required_kernelcore = (unsigned long)(k->cfg.kernelcore >> PAGE_SHIFT);
	unsigned long required_movablecore = (unsigned long)(k->cfg.movablecore >> PAGE_SHIFT);
	unsigned long max_order_pages = 1UL << (k->profile->max_order - 1);
	unsigned long usable_startpfn, kernelcore_remaining, movable = 0;

	for (size_t i = 0; i < mem->nr; i++)
		totalpages += mem->r[i].end - mem->r[i].start;
	find_usable_zone_for_movable(k, zb);
	/* movable_node: ZONE_MOVABLE from the first hotpluggable region; kernelcore= is ignored */
	if (k->setup->boot->mb.movable_node) {
		const struct memblock_type *t = &k->setup->boot->mb.memory;

		for (unsigned long i = 0; i < t->cnt; i++) {
			unsigned long pfn = (unsigned long)PFN_DOWN(t->regions[i].base);

			if ((t->regions[i].flags & MEMBLOCK_HOTPLUG) && (!movable || pfn < movable))
				movable = pfn;
		}
		goto align;
	}
	if (required_movablecore) {
		required_movablecore = (required_movablecore + max_order_pages - 1) / max_order_pages * max_order_pages;
		required_movablecore = min_ul(totalpages, required_movablecore);
		required_kernelcore = max_ul(required_kernelcore, totalpages - required_movablecore);
	}
	if (!required_kernelcore || required_kernelcore >= totalpages)
		return;

	usable_startpfn = zb->low[k->bm->movable_zone];
	kernelcore_remaining = required_kernelcore;	/* usable_nodes is 1 */
	for (size_t i = 0; i < mem->nr; i++) {
		unsigned long start = max_ul(mem->r[i].start, movable), end = mem->r[i].end, size;

		if (start >= end)
			continue;
		if (start < usable_startpfn) {
			unsigned long kernel_pages = min_ul(end, usable_startpfn) - start;

			kernelcore_remaining -= min_ul(kernel_pages, kernelcore_remaining);
			required_kernelcore -= min_ul(kernel_pages, required_kernelcore);
			if (end <= usable_startpfn) {
				movable = end;
				continue;
			}
			start = usable_startpfn;
		}
		size = min_ul(end - start, kernelcore_remaining);
		movable = start + size;
		required_kernelcore -= min_ul(required_kernelcore, size);
		kernelcore_remaining -= size;
		if (!kernelcore_remaining)
			break;
	}
align:
	if (!mm_bug_on(MM_BUG_MOVABLE_PFN_UNALIGNED))
		movable = (movable + max_order_pages - 1) / max_order_pages * max_order_pages;
	k->bm->zone_movable_pfn = movable >= zb->node_end ? 0 : movable;
}

static void adjust_zone_range_for_zone_movable(const struct mm_kernel *k, const struct zone_bounds *zb,
					       int z, unsigned long *start, unsigned long *end)
{
	unsigned long mv = k->bm->zone_movable_pfn;

	if (!mv)
		return;
	if (z == ZONE_MOVABLE) {
		*start = mv;
		*end = min_ul(zb->node_end, zb->high[k->bm->movable_zone]);
	} else if (*start < mv && *end > mv) {
		*end = mv;
	} else if (*start >= mv) {
		*start = *end;
	}
}

static unsigned long absent_pages_in_range(const struct mm_kernel *k, unsigned long start, unsigned long end)
{
	const struct pfn_ranges *mem = &k->bm->mem;
	unsigned long nr_absent = end - start;

	for (size_t i = 0; i < mem->nr; i++)
		nr_absent -= clamp_ul(mem->r[i].end, start, end) - clamp_ul(mem->r[i].start, start, end);
	if (mm_bug_on(MM_BUG_HOLE_COUNTED_PRESENT) && nr_absent)
		nr_absent--;
	return nr_absent;
}

static void calculate_node_totalpages(struct mm_kernel *k, const struct zone_bounds *zb)
{
	struct pglist_data *pgdat = &k->node;

	pgdat->node_spanned_pages = pgdat->node_present_pages = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		unsigned long start, end, spanned = 0, absent = 0, as, ae;

		if (zb->node_start || zb->node_end) {
			/* zone_spanned_pages_in_node */
			start = clamp_ul(zb->node_start, zb->low[z], zb->high[z]);
			end = clamp_ul(zb->node_end, zb->low[z], zb->high[z]);
			adjust_zone_range_for_zone_movable(k, zb, z, &start, &end);
			if (!(end < zb->node_start || start > zb->node_end)) {
				end = min_ul(end, zb->node_end);
				start = max_ul(start, zb->node_start);
				spanned = end - start;
			}
			/* zone_absent_pages_in_node */
			as = clamp_ul(zb->node_start, zb->low[z], zb->high[z]);
			ae = clamp_ul(zb->node_end, zb->low[z], zb->high[z]);
			adjust_zone_range_for_zone_movable(k, zb, z, &as, &ae);
			absent = absent_pages_in_range(k, as, ae);
		}
		zone->zone_start_pfn = spanned ? start : 0;
		zone->spanned_pages = spanned;
		zone->present_pages = spanned - absent;
		pgdat->node_spanned_pages += spanned;
		pgdat->node_present_pages += spanned - absent;
	}
}

static unsigned long calc_memmap_size(const struct mm_kernel *k, unsigned long spanned, unsigned long present)
{
	unsigned long pages = spanned;

	if (k->memmap.model != MEMORY_MODEL_FLATMEM && spanned > present + (present >> 4))
		pages = present;
	return (unsigned long)(PFN_UP((uint64_t)pages * k->profile->struct_page_size));
}

/* usemap_size() in bytes of 32-bit longs, as the ARM kernel sizes it. */
static unsigned long usemap_size(const struct mm_kernel *k, unsigned long start, unsigned long size)
{
	unsigned long pb = 1UL << k->profile->pageblock_order;
	unsigned long bits;

	if (!mm_bug_on(MM_BUG_USEMAP_SIZE_NO_OFFSET))
		size += start & (pb - 1);
	bits = (size + pb - 1) / pb * NR_PAGEBLOCK_BITS;
	return (bits + 31) / 32 * 4;
}

static int setup_usemap(struct mm_kernel *k, int z)
{
	struct zone *zone = &k->node.node_zones[z];
	struct boot_mem *bm = k->bm;
	unsigned long bytes = usemap_size(k, zone->zone_start_pfn, zone->spanned_pages);
	size_t longs = bytes / sizeof(unsigned long) + 1;
	unsigned long *m;

	zone->pageblock_flags = NULL;
	if (k->memmap.model != MEMORY_MODEL_FLATMEM || !bytes)
		return 0;
	memblock_set_caller(&k->setup->boot->mb, CS_SETUP_USEMAP);
	if (!memblock_alloc_try_nid(&k->setup->boot->mb, bytes, SMP_CACHE_BYTES, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 0)) {
		mm_printk(k->log, "Kernel panic - not syncing: Failed to allocate %lu bytes for zone %s pageblock flags on node 0\n",
			  bytes, zone_names[z]);
		return -MM_EPANIC;
	}
	/* resized every boot, not grown on demand: earlier boards must not change this one's path */
	m = realloc(bm->usemap[z], longs * sizeof(*m));
	if (!m)
		abort();	/* host out of memory */
	bm->usemap[z] = m;
	bm->usemap_longs[z] = longs;
	memset(bm->usemap[z], 0, longs * sizeof(unsigned long));
	zone->pageblock_flags = bm->usemap[z];
	return 0;
}

static void zone_init(struct mm_kernel *k, int z, unsigned long managed)
{
	struct zone *zone = &k->node.node_zones[z];

	zone->name = zone_names[z];
	zone->zone_pgdat = &k->node;
	zone->managed_pages = managed;
	zone->pcp_high = 0;	/* BOOT_PAGESET_HIGH */
	zone->pcp_batch = 1;	/* BOOT_PAGESET_BATCH */
	for (unsigned int o = 0; o < MAX_ORDER_LIMIT; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[mt]);
		zone->free_area[o].nr_free = 0;
	}
}

static int free_area_init_core(struct mm_kernel *k)
{
	k->hash_pages = (struct hash_pages){ 0 };
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &k->node.node_zones[z];
		unsigned long size = zone->spanned_pages, freesize = zone->present_pages;
		unsigned long memmap_pages = calc_memmap_size(k, size, freesize);
		int ret;

		if (!zone_is_highmem_idx(k, z)) {
			if (freesize >= memmap_pages)
				freesize -= memmap_pages;
			else
				mm_printk(k->log, "  %s zone: %lu memmap pages exceeds freesize %lu\n",
					  zone_names[z], memmap_pages, freesize);
		}
		if (!zone_is_highmem_idx(k, z))
			k->hash_pages.nr_kernel_pages += freesize;
		else if (k->hash_pages.nr_kernel_pages > memmap_pages * 2)
			k->hash_pages.nr_kernel_pages -= memmap_pages;	/* the highmem memmap lives in lowmem */
		k->hash_pages.nr_all_pages += freesize;
		zone_init(k, z, freesize);
		if (!size)
			continue;
		ret = setup_usemap(k, z);
		if (ret < 0)
			return ret;
		if (z >= k->node.nr_zones)
			k->node.nr_zones = z + 1;
	}
	return 0;
}

/* pfn_valid() of the model, literally (eager mode). */
static bool model_pfn_valid(const struct mm_kernel *k, unsigned long pfn)
{
	return memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, pfn);
}

/* init_unavailable_range(); lazy mode records the valid pages as a hole of this zone. */
static void init_unavailable_range(struct mm_kernel *k, unsigned long spfn, unsigned long epfn, int z)
{
	struct boot_mem *bm = k->bm;
	unsigned long pb = 1UL << k->profile->pageblock_order;
	long long pgcnt = 0;

	if (bm->eager) {
		for (unsigned long pfn = spfn; pfn < epfn; pfn++) {
			struct page *page;

			if (!model_pfn_valid(k, pfn & ~(pb - 1))) {
				pfn = (pfn & ~(pb - 1)) + pb - 1;
				continue;
			}
			pgcnt++;
			page = pfn_to_page(&k->memmap, pfn);
			if (!page)
				continue;	/* the kernel would write outside its memmap */
			memmap_init_single_page(&k->memmap, page, pfn, (enum zone_type)z);
			page->flags |= 1u << PG_reserved;
		}
	} else {
		const struct pfn_ranges *v = &bm->valid;

		for (size_t i = 0; i < v->nr; i++) {
			unsigned long s = max_ul(v->r[i].start, spfn), e = min_ul(v->r[i].end, epfn);

			if (s < e) {
				pfn_ranges_add(&bm->init, s, e, z, true);
				pgcnt += (long long)(e - s);
			}
		}
	}
	if (pgcnt)
		mm_printk(k->log, "On node 0, zone %s: %lld pages in unavailable ranges\n", zone_names[z], pgcnt);
}

/*
 * set_pageblock_migratetype(MIGRATE_MOVABLE) into a FLATMEM zone usemap
 * directly (pfn_to_bitidx from the zone start rounded down to a
 * pageblock, NR_PAGEBLOCK_BITS per block): the allocator's setter finds
 * the zone through the struct page, which lazy mode must not touch.
 */
static void flat_usemap_set_movable(struct mm_kernel *k, int z, unsigned long pfn)
{
	const struct zone *zone = &k->node.node_zones[z];
	unsigned int order = k->profile->pageblock_order;
	unsigned long bitidx = ((pfn - (zone->zone_start_pfn & ~((1UL << order) - 1))) >> order) * NR_PAGEBLOCK_BITS;
	unsigned long *word = &zone->pageblock_flags[bitidx / (8 * sizeof(unsigned long))];
	unsigned int shift = bitidx % (8 * sizeof(unsigned long));

	*word = (*word & ~(7UL << shift)) | ((unsigned long)MIGRATE_MOVABLE << shift);
}

/* memmap_init_range() for one piece: struct pages (eager) and MIGRATE_MOVABLE on each pageblock. */
static void memmap_init_range(struct mm_kernel *k, unsigned long start, unsigned long end, int z)
{
	unsigned long pb = 1UL << k->profile->pageblock_order;
	bool direct = !k->bm->eager && k->memmap.model == MEMORY_MODEL_FLATMEM;

	if (k->bm->eager)
		for (unsigned long pfn = start; pfn < end; pfn++) {
			struct page *page = pfn_to_page(&k->memmap, pfn);

			if (page)
				memmap_init_single_page(&k->memmap, page, pfn, (enum zone_type)z);
		}
	if (mm_bug_on(MM_BUG_MEMMAP_INIT_SHORT) && end - start > pb)
		end -= pb;
	for (unsigned long pfn = (start + pb - 1) & ~(pb - 1); pfn < end; pfn += pb)
		if (direct)
			flat_usemap_set_movable(k, z, pfn);
		else
			set_pageblock_migratetype(k, pfn, MIGRATE_MOVABLE);
}

/*
 * memmap_init().  Lazy mode walks it twice: first to record the pieces and
 * holes (printing as the kernel does), then, with the filler live, to set
 * the pageblocks' migratetype.
 */
static void memmap_init(struct mm_kernel *k)
{
	struct boot_mem *bm = k->bm;
	const struct pfn_ranges *mem = &bm->mem;
	bool sparse = k->memmap.model != MEMORY_MODEL_FLATMEM;

	for (int pass = bm->eager ? 1 : 0; pass < 2; pass++) {
		unsigned long hole_pfn = 0, end = 0;
		int zone_id = 0;

		if (pass == 1 || bm->eager)
			boot_mem_enter_phase(k, BOOT_MEM_INIT);
		for (size_t i = 0; i < mem->nr; i++) {
			end = mem->r[i].end;
			for (int z = 0; z < MAX_NR_ZONES; z++) {
				const struct zone *zone = &k->node.node_zones[z];
				unsigned long s, e;

				if (!populated_zone(zone))
					continue;
				s = clamp_ul(mem->r[i].start, zone->zone_start_pfn, zone_end_pfn(zone));
				e = clamp_ul(mem->r[i].end, zone->zone_start_pfn, zone_end_pfn(zone));
				if (s < e) {
					if (pass == 0) {
						/* The hole first, to keep the recorded ranges sorted. */
						if (hole_pfn < s)
							init_unavailable_range(k, hole_pfn, s, z);
						pfn_ranges_add(&bm->init, s, e, z, false);
					} else {
						memmap_init_range(k, s, e, z);
						if (bm->eager && hole_pfn < s)
							init_unavailable_range(k, hole_pfn, s, z);
					}
					hole_pfn = e;
				}
				zone_id = z;
			}
		}
		if (pass == 0 || bm->eager) {
			if (sparse)
				end = (end + PAGES_PER_SECTION - 1) & ~(PAGES_PER_SECTION - 1);
			if (hole_pfn < end)
				init_unavailable_range(k, hole_pfn, end, zone_id);
		}
	}
}

static void print_zone_ranges(struct mm_kernel *k, const struct zone_bounds *zb)
{
	struct mm_log *log = k->log;

	mm_printk(log, "Zone ranges:\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE || !zone_exists(k, z))
			continue;
		if (zb->low[z] == zb->high[z])
			mm_printk(log, "  %-8s empty\n", zone_names[z]);
		else
			mm_printk(log, "  %-8s [mem 0x%016llx-0x%016llx]\n", zone_names[z],
				  (unsigned long long)zb->low[z] << PAGE_SHIFT,
				  ((unsigned long long)zb->high[z] << PAGE_SHIFT) - 1);
	}
	mm_printk(log, "Movable zone start for each node\n");
	if (k->bm->zone_movable_pfn)
		mm_printk(log, "  Node 0: 0x%016llx\n", (unsigned long long)k->bm->zone_movable_pfn << PAGE_SHIFT);
	mm_printk(log, "Early memory node ranges\n");
	for (size_t i = 0; i < k->bm->mem.nr; i++)
		mm_printk(log, "  node %3d: [mem 0x%016llx-0x%016llx]\n", 0,
			  (unsigned long long)k->bm->mem.r[i].start << PAGE_SHIFT,
			  ((unsigned long long)k->bm->mem.r[i].end << PAGE_SHIFT) - 1);
	if (zb->node_start != zb->node_end)
		mm_printk(log, "Initmem setup node 0 [mem 0x%016llx-0x%016llx]\n",
			  (unsigned long long)zb->node_start << PAGE_SHIFT,
			  zb->node_end ? ((unsigned long long)zb->node_end << PAGE_SHIFT) - 1 : 0);
	else
		mm_printk(log, "Initmem setup node 0 as memoryless\n");
}

int free_area_init(struct mm_kernel *k)
{
	const struct memblock *mb = &k->setup->boot->mb;
	struct zone_bounds zb = { 0 };
	unsigned long start;
	int ret;

	zone_sizes_init(k);
	collect_mem_ranges(k);
	start = mb->memory.cnt ? (unsigned long)PFN_DOWN(memblock_start_of_DRAM(mb)) : 0;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE || !zone_exists(k, z))
			continue;
		zb.low[z] = start;
		zb.high[z] = max_ul(k->max_zone_pfn[z], start);
		start = zb.high[z];
	}
	if (k->bm->mem.nr) {
		zb.node_start = k->bm->mem.r[0].start;
		for (size_t i = 0; i < k->bm->mem.nr; i++) {
			zb.node_start = min_ul(zb.node_start, k->bm->mem.r[i].start);
			zb.node_end = max_ul(zb.node_end, k->bm->mem.r[i].end);
		}
	}
	find_zone_movable_pfns(k, &zb);
	k->max_zone_pfn[ZONE_MOVABLE] = k->bm->zone_movable_pfn;
	print_zone_ranges(k, &zb);

	memset(&k->node, 0, sizeof(k->node));
	k->node.node_start_pfn = zb.node_start;
	calculate_node_totalpages(k, &zb);
	if (k->memmap.model == MEMORY_MODEL_FLATMEM) {
		ret = memmap_alloc(&k->memmap, &k->setup->boot->mb, &k->setup->mmu, zb.node_start, zb.node_end);
		if (ret < 0)
			return ret;
	}
	ret = free_area_init_core(k);
	if (ret < 0)
		return ret;
	boot_mem_compute_valid(k);
	memmap_init(k);
	return 0;
}

/* build_all_zonelists(): vm_total_pages = nr_free_zone_pages(ZONE_MOVABLE) with the boot watermarks. */
void build_all_zonelists_print(struct mm_kernel *k)
{
	unsigned long total = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &k->node.node_zones[z];
		unsigned long high = zone->_watermark[WMARK_HIGH];

		if (zone->managed_pages > high)
			total += zone->managed_pages - high;
	}
	k->page_group_by_mobility_disabled =
		total < (1UL << k->profile->pageblock_order) *
				(mm_bug_on(MM_BUG_MOBILITY_THRESHOLD) ? MIGRATE_PCPTYPES : MIGRATE_TYPES);
	mm_printk(k->log, "Built 1 zonelists, mobility grouping %s.  Total pages: %ld\n",
		  k->page_group_by_mobility_disabled ? "off" : "on", (long)total);
}
