/*
 * Nodes, zones and free areas (Linux v6.1 include/linux/mmzone.h,
 * pageblock-flags.h).  One node (ARM32 has no NUMA).  Sizes of per-order
 * arrays use MAX_ORDER_LIMIT; the profile's max_order says how many are live.
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include "list.h"
#include "mm_profile.h"
#include "page.h"

enum zone_type { ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM, ZONE_MOVABLE, MAX_NR_ZONES };

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, WMARK_PROMO, NR_WMARK };

/* pageblock flags: 3 migratetype bits + skip bit = 4 bits per pageblock (NR_PAGEBLOCK_BITS). */
#define NR_PAGEBLOCK_BITS 4

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

struct pglist_data;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_NR_ZONES];
	struct pglist_data *zone_pgdat;
	unsigned long *pageblock_flags;		/* FLATMEM usemap (SPARSEMEM keeps it per section) */
	unsigned long zone_start_pfn;
	unsigned long managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long cma_pages;
	const char *name;
	struct free_area free_area[MAX_ORDER_LIMIT];
	/* vmstat counters the allocator maintains */
	unsigned long nr_free_pages;		/* NR_FREE_PAGES */
	unsigned long nr_free_cma_pages;	/* NR_FREE_CMA_PAGES */
	/* per-CPU page list of the boot CPU, when modelled (high 0 during boot) */
	int pcp_high, pcp_batch;
};

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
};

#endif
