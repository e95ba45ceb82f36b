/*
 * /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo (Linux v6.1
 * mm/vmstat.c frag_show_print, pagetypeinfo_show, pagetypeinfo_showfree,
 * pagetypeinfo_showblockcount, zoneinfo_show_print; walk_zones_in_node).
 *
 * pagetypeinfo's mixed-count table needs page_owner (off by default: the
 * kernel prints nothing there either).  zoneinfo prints the lines the
 * model has state for, in the kernel's order and format: per zone the
 * header, the page counts, the protection line and, for populated zones,
 * start_pfn.  Left out: the first populated zone's per-node stats, the
 * zone vmstat items, the pagesets and node_unreclaimable (runtime state
 * the model does not keep); removing those lines from the kernel's text
 * gives the model's.
 */
#include "page_alloc_internal.h"
#include "printk.h"

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem", "Movable" };
static const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

size_t show_buddyinfo(const struct mm_kernel *k, char *buf, size_t cap)
{
	struct show_buf sb = show_begin(buf, cap);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &k->node.node_zones[z];

		if (!populated_zone(zone))
			continue;
		show_printf(&sb, "Node %d, zone %8s ", k->node.node_id, zone_names[z]);
		for (unsigned int o = 0; o < max_order(k); o++)
			show_printf(&sb, "%6lu ", zone->free_area[o].nr_free);
		show_printf(&sb, "\n");
	}
	return sb.len;
}

/* Entries on one free list, capped as the kernel caps them. */
static unsigned long count_list(const struct list_head *h, bool *overflow)
{
	unsigned long n = 0;

	*overflow = false;
	for (const struct list_head *p = h->next; p != h; p = p->next) {
		if (++n >= 100000) {
			*overflow = true;
			break;
		}
	}
	return n;
}

static void showblockcount(const struct mm_kernel *k, struct show_buf *sb, int z)
{
	const struct zone *zone = &k->node.node_zones[z];
	unsigned long count[MIGRATE_TYPES] = { 0 };
	int mt;

	/* From zone_start_pfn in pageblock steps, unaligned if the zone start is. */
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages(k)) {
		const struct page *page;

		if (!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, pfn))
			continue;
		page = pfn_page(k, pfn);
		if (!page || page_zonenum(k, page) != (enum zone_type)z)
			continue;
		mt = get_pfnblock_migratetype(k, pfn);
		if (mt < MIGRATE_TYPES)
			count[mt]++;
	}
	show_printf(sb, "Node %d, zone %8s ", k->node.node_id, zone_names[z]);
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		show_printf(sb, "%12lu ", count[mt]);
	show_printf(sb, "\n");
}

size_t show_pagetypeinfo(const struct mm_kernel *k, char *buf, size_t cap)
{
	struct show_buf sb = show_begin(buf, cap);
	bool any = false;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		any |= populated_zone(&k->node.node_zones[z]);
	/* A memoryless node prints nothing. */
	if (!any)
		return sb.len;
	show_printf(&sb, "Page block order: %u\n", pageblock_order(k));
	show_printf(&sb, "Pages per block:  %lu\n\n", pageblock_nr_pages(k));
	show_printf(&sb, "%-43s ", "Free pages count per migrate type at order");
	for (unsigned int o = 0; o < max_order(k); o++)
		show_printf(&sb, "%6u ", o);
	show_printf(&sb, "\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &k->node.node_zones[z];

		if (!populated_zone(zone))
			continue;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			show_printf(&sb, "Node %4d, zone %8s, type %12s ", k->node.node_id, zone_names[z],
				    migratetype_names[mt]);
			for (unsigned int o = 0; o < max_order(k); o++) {
				bool overflow;
				unsigned long n = count_list(&zone->free_area[o].free_list[mt], &overflow);

				show_printf(&sb, "%s%6lu ", overflow ? ">" : "", n);
			}
			show_printf(&sb, "\n");
		}
	}
	show_printf(&sb, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		show_printf(&sb, "%12s ", migratetype_names[mt]);
	show_printf(&sb, "\n");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&k->node.node_zones[z]))
			showblockcount(k, &sb, z);
	return sb.len;
}

size_t show_zoneinfo(const struct mm_kernel *k, char *buf, size_t cap)
{
	struct show_buf sb = show_begin(buf, cap);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &k->node.node_zones[z];

		show_printf(&sb, "Node %d, zone %8s", k->node.node_id, zone_names[z]);
		show_printf(&sb,
			    "\n  pages free     %lu"
			    "\n        boost    %lu"
			    "\n        min      %lu"
			    "\n        low      %lu"
			    "\n        high     %lu"
			    "\n        spanned  %lu"
			    "\n        present  %lu"
			    "\n        managed  %lu"
			    "\n        cma      %lu",
			    zone->nr_free_pages, zone->watermark_boost, zone->_watermark[WMARK_MIN] + zone->watermark_boost,
			    zone->_watermark[WMARK_LOW] + zone->watermark_boost,
			    zone->_watermark[WMARK_HIGH] + zone->watermark_boost, zone->spanned_pages,
			    zone->present_pages, zone->managed_pages, zone->cma_pages);
		show_printf(&sb, "\n        protection: (%ld", zone->lowmem_reserve[0]);
		for (int i = 1; i < MAX_NR_ZONES; i++)
			show_printf(&sb, ", %ld", zone->lowmem_reserve[i]);
		show_printf(&sb, ")");
		if (populated_zone(zone))
			show_printf(&sb, "\n  start_pfn:           %lu", zone->zone_start_pfn);
		show_printf(&sb, "\n");
	}
	return sb.len;
}
