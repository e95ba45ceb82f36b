/*
 * Watermarks, lowmem reserves and per-cpu list sizes (Linux v6.1
 * mm/page_alloc.c calculate_min_free_kbytes, nr_free_zone_pages,
 * __setup_per_zone_wmarks, setup_per_zone_lowmem_reserve,
 * init_per_zone_wmark_min, zone_batchsize, zone_highsize,
 * zone_set_pageset_high_and_batch, setup_per_cpu_pageset, zone_pcp_update;
 * mm/khugepaged.c set_recommended_min_free_kbytes; mm/huge_memory.c
 * hugepage_init's 512 MiB floor).
 *
 * A configured min_free_kbytes stands for the sysctl having been written
 * before the initcall (it replaces the computed value).  One node; the
 * online CPU count is the profile's.
 */
#include "boot_mem.h"
#include "bugs.h"

#include "printk.h"

static const int lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 32, 0, 0 };

static unsigned long int_sqrt_ul(unsigned long x)
{
	unsigned long r = 0;

	for (unsigned long bit = 1UL << (sizeof(x) * 8 - 2); bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/* nr_free_zone_pages(gfp_zone(GFP_USER)): managed above the high watermark, DMA and Normal. */
static unsigned long nr_free_buffer_pages(const struct mm_kernel *k)
{
	unsigned long sum = 0;

	for (int z = 0; z <= ZONE_NORMAL; z++) {
		const struct zone *zone = &k->node.node_zones[z];

		if (zone->managed_pages > zone->_watermark[WMARK_HIGH])
			sum += zone->managed_pages - zone->_watermark[WMARK_HIGH];
	}
	return sum;
}

static int zone_batchsize(const struct zone *zone)
{
	long batch = (long)(zone->managed_pages >> 10);

	batch = batch < 256 ? batch : 256;	/* SZ_1M / PAGE_SIZE */
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (batch & (batch - 1))
		batch &= batch - 1;	/* rounddown_pow_of_two */
	return (int)batch - 1;
}

static void zone_set_pageset_high_and_batch(struct zone *zone, unsigned int cpus)
{
	int batch = zone_batchsize(zone), high;

	batch = batch > 1 ? batch : 1;
	high = (int)(zone->_watermark[WMARK_LOW] / cpus);
	zone->pcp_batch = batch;
	zone->pcp_high = high > batch * 4 ? high : batch * 4;
}

/* setup_per_cpu_pageset(): start_kernel, one CPU online, no watermarks yet. */
void setup_per_cpu_pageset(struct mm_kernel *k)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&k->node.node_zones[z]))
			zone_set_pageset_high_and_batch(&k->node.node_zones[z], 1);
}

static void setup_per_zone_wmarks(struct mm_kernel *k)
{
	unsigned long pages_min = k->min_free_kbytes >> (PAGE_SHIFT - 10), lowmem_pages = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!zone_is_highmem_idx(k, z))
			lowmem_pages += k->node.node_zones[z].managed_pages;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &k->node.node_zones[z];
		unsigned long managed = zone->managed_pages;
		uint64_t tmp = lowmem_pages ? (uint64_t)pages_min * managed / lowmem_pages : 0;
		uint64_t scaled = (managed / 10000) * 10 + (managed % 10000) * 10 / 10000;

		if (zone_is_highmem_idx(k, z)) {
			unsigned long min_pages = managed / 1024;

			if (!mm_bug_on(MM_BUG_HIGHMEM_MIN_UNCLAMPED))
				min_pages = min_pages < 32 ? 32 : min_pages > 128 ? 128 : min_pages;
			zone->_watermark[WMARK_MIN] = min_pages;
		} else {
			zone->_watermark[WMARK_MIN] = (unsigned long)tmp;
		}
		tmp = (tmp >> 2) > scaled ? tmp >> 2 : scaled;
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + (unsigned long)tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + (unsigned long)tmp;
		zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + (unsigned long)tmp;
	}
	/* zone_pcp_update() for every zone, all CPUs online by then. */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zone_set_pageset_high_and_batch(&k->node.node_zones[z], k->nr_cpus ? k->nr_cpus : 1);
}

static void setup_per_zone_lowmem_reserve(struct mm_kernel *k)
{
	for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
		struct zone *zone = &k->node.node_zones[i];
		int ratio = i == ZONE_DMA && mm_bug_on(MM_BUG_LOWMEM_RESERVE_RATIO) ? 32 : lowmem_reserve_ratio[i];
		bool clear = !ratio || !zone->managed_pages;
		unsigned long managed = 0;

		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			managed += k->node.node_zones[j].managed_pages;
			zone->lowmem_reserve[j] = clear ? 0 : (long)(managed / (unsigned long)ratio);
		}
	}
}

/* init_per_zone_wmark_min() (postcore_initcall). */
void init_per_zone_wmark_min(struct mm_kernel *k)
{
	if (k->cfg.min_free_kbytes) {
		k->min_free_kbytes = k->cfg.min_free_kbytes;
	} else {
		unsigned long lowmem_kbytes = nr_free_buffer_pages(k) * (PAGE_SIZE >> 10);
		unsigned long v = int_sqrt_ul(lowmem_kbytes * 16);

		k->min_free_kbytes = v < 128 ? 128 : v > 262144 ? 262144 : v;
	}
	setup_per_zone_wmarks(k);
	setup_per_zone_lowmem_reserve(k);
}

/* hugepage_init() → start_stop_khugepaged() → set_recommended_min_free_kbytes() (subsys_initcall). */
void hugepage_init_min_free_kbytes(struct mm_kernel *k)
{
	unsigned long pb = 1UL << k->profile->pageblock_order, recommended;
	int nr_zones = 0;

	if (!k->profile->thp || k->totalram_pages < (512UL << (20 - PAGE_SHIFT)))
		return;
	for (int z = 0; z <= ZONE_NORMAL; z++)
		if (populated_zone(&k->node.node_zones[z]))
			nr_zones++;
	recommended = pb * (unsigned long)nr_zones * 2;
	recommended += pb * (unsigned long)nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (recommended > nr_free_buffer_pages(k) / 20)
		recommended = nr_free_buffer_pages(k) / 20;
	recommended <<= PAGE_SHIFT - 10;
	if (recommended > k->min_free_kbytes) {
		if (k->cfg.min_free_kbytes)
			mm_printk(k->log, "raising min_free_kbytes from %lu to %lu to help transparent hugepage allocations\n",
				  k->min_free_kbytes, recommended);
		k->min_free_kbytes = recommended;
	}
	setup_per_zone_wmarks(k);
}
