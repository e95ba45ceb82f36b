/*
 * CMA: activation state, cma_alloc first fit and alignment, the exact free
 * lists after the isolate/take/give-back dance, release merging back, the
 * busy path with its retry and the kernel's failure lines, the CMA-first
 * rule for movable allocations, CMA pages excluded from the watermark
 * without ALLOC_CMA, and the LPAE split of a free block across the
 * isolation boundary.
 */
#include "test.h"

#include <stdlib.h>

#include "buddy_helpers.h"
#include "mm_errno.h"

static unsigned long base;	/* first pfn of the default CMA area */

static void boot_cma(unsigned int mbytes, const char *profile)
{
	CHECK_EQ(boot_board(mbytes, profile), 0);
	CHECK(bk->nr_cma >= 1);
	base = (unsigned long)PFN_DOWN(bk->cma[0].base);
}

/* Give back a block as its owner would: head refcount 1, tails 0. */
static void give(unsigned long pfn, unsigned int order)
{
	P(pfn)->_refcount = 1;
	for (unsigned long i = 1; i < (1UL << order); i++)
		P(pfn + i)->_refcount = 0;
	__free_pages(bk, P(pfn), order);
}

static const struct zone *dma(void)
{
	return &bk->node.node_zones[ZONE_DMA];
}

TEST(activation_state)
{
	boot_cma(64, "debian-armmp");
	CHECK_EQ(bk->cma[0].count, 4096);
	CHECK_STR(bk->cma[0].name, "reserved");
	CHECK_EQ(dma()->cma_pages, 4096);
	CHECK_EQ(dma()->nr_free_cma_pages, 4096);
	CHECK_EQ(get_pfnblock_migratetype(bk, base), MIGRATE_CMA);
	CHECK_EQ(get_pfnblock_migratetype(bk, base + 2048), MIGRATE_CMA);
	/* Activation frees each pageblock with __free_pages: head insertion. */
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_CMA, base), "2048 0");
	check_consistent();
}

TEST(alloc_first_fit_and_lists)
{
	struct page *page;

	boot_cma(64, "debian-armmp");
	page = cma_alloc(bk, 0, 16, 4);
	CHECK_EQ(PFN(page), base);
	for (unsigned long i = 0; i < 16; i++) {
		CHECK_EQ(P(base + i)->_refcount, 1);
		CHECK(!PageBuddy(P(base + i)));
	}
	for (unsigned int o = 4; o <= 10; o++) {
		char want[16];

		snprintf(want, sizeof(want), "%lu", 1UL << o);
		CHECK_STR(list_text(ZONE_DMA, o, MIGRATE_CMA, base), want);
	}
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_CMA, base), "2048");
	CHECK_EQ(dma()->nr_free_cma_pages, 4096 - 16);
	CHECK_EQ(get_pfnblock_migratetype(bk, base), MIGRATE_CMA);
	CHECK_EQ(bk->cma[0].bitmap[0] & 0xffff, 0xffff);
	check_consistent();
	CHECK_EQ(PFN(cma_alloc(bk, 0, 16, 4)), base + 16);
	/* Order-8 alignment: the next free 256-aligned offset. */
	CHECK_EQ(PFN(cma_alloc(bk, 0, 1, 8)), base + 256);
	check_consistent();
	CHECK(cma_release(bk, 0, P(base + 256), 1));
	CHECK(cma_release(bk, 0, P(base + 16), 16));
	CHECK(cma_release(bk, 0, page, 16));
	CHECK_EQ(dma()->nr_free_cma_pages, 4096);
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_CMA, base), "0 2048");
	CHECK_EQ(bk->cma[0].bitmap[0], 0);
	check_consistent();
	/* Whole area, then nothing left. */
	CHECK_EQ(PFN(cma_alloc(bk, 0, 4096, 0)), base);
	CHECK_EQ(dma()->nr_free_cma_pages, 0);
	CHECK(cma_alloc(bk, 0, 1, 0) == NULL);
	check_consistent();
}

TEST(release_validation)
{
	boot_cma(64, "debian-armmp");
	CHECK(cma_alloc(bk, 0, 0, 0) == NULL);
	CHECK(cma_alloc(bk, 0, 4097, 0) == NULL);
	CHECK(cma_alloc(bk, 1, 1, 0) == NULL);
	CHECK(cma_alloc(bk, -1, 1, 0) == NULL);
	CHECK(!cma_release(bk, 0, P(base - 1), 1));
	CHECK(!cma_release(bk, 0, P(base + 4000), 100));
	CHECK(!cma_release(bk, 0, NULL, 1));
}

TEST(busy_range_retry_and_failure_text)
{
	struct page *busy;

	boot_cma(64, "debian-armmp");
	drain_all();
	give(base, 11);
	give(base + 2048, 11);
	give(zone_start(ZONE_DMA), 6);
	/* Free CMA (4096) > half the zone's free pages (4160): movable requests use CMA first. */
	busy = alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0);
	CHECK_EQ(PFN(busy), base + 2048);
	mm_log_reset(bk->log, true);
	CHECK(cma_alloc(bk, 0, 4096, 0) == NULL);
	CHECK_STR(bk->log->buf, "cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -16\n"
				"cma: number of available pages: 4096@0=> 4096 free of 4096 total pages\n");
	check_consistent();
	CHECK_EQ(dma()->nr_free_cma_pages, 4095);
	CHECK_EQ(get_pfnblock_migratetype(bk, base + 2048), MIGRATE_CMA);
	/* A small request fits in front of the busy page. */
	CHECK_EQ(PFN(cma_alloc(bk, 0, 16, 4)), base);
	/* Order-11 alignment: only the first block fits, and it is free apart from those 16 pages. */
	CHECK(cma_alloc(bk, 0, 2048, 11) == NULL);
	check_consistent();
}

TEST(busy_then_retry_skips_candidate)
{
	boot_cma(64, "debian-armmp");
	drain_all();
	give(base + 2048, 11);
	give(base, 11);
	CHECK_EQ(PFN(alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0)), base);
	mm_log_reset(bk->log, true);
	CHECK_EQ(PFN(cma_alloc(bk, 0, 16, 4)), base + 16);
	CHECK_STR(bk->log->buf, "");
	check_consistent();
	/* No candidate at all: -ENOMEM, and the bitmap's free runs (busy pages are not in it). */
	CHECK_EQ(PFN(cma_alloc(bk, 0, 2048, 11)), base + 2048);
	CHECK(cma_alloc(bk, 0, 2048, 11) == NULL);
	CHECK_STR(bk->log->buf, "cma: cma_alloc: reserved: alloc failed, req-size: 2048 pages, ret: -12\n"
				"cma: number of available pages: 16@0+2016@32=> 2032 free of 4096 total pages\n");
}

TEST(cma_first_rule_and_watermark_exclusion)
{
	struct page *page;

	boot_cma(64, "debian-armmp");
	/* After boot CMA is a minority of the free pages: movable comes from Movable blocks. */
	CHECK(dma()->nr_free_cma_pages <= dma()->nr_free_pages / 2);
	page = alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0);
	CHECK(get_pfnblock_migratetype(bk, PFN(page)) != MIGRATE_CMA);
	drain_all();
	give(base, 11);
	/* Only CMA free: unmovable requests see 0 usable pages, movable ones use CMA. */
	CHECK(!zone_watermark_ok(bk, dma(), 0, 0, ZONE_NORMAL, 0));
	CHECK(alloc_pages(bk, GFP_KERNEL, 0) == NULL);
	page = alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0);
	CHECK_EQ(PFN(page), base);
	CHECK_EQ(dma()->nr_free_cma_pages, 2047);
	/* Movable lists empty, CMA not the majority any more: ALLOC_CMA falls back to CMA. */
	give(zone_start(ZONE_DMA), 11);
	give(zone_start(ZONE_DMA) + 2048, 11);
	CHECK_EQ(PFN(alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0)), zone_start(ZONE_DMA) + 2048);
	drain_zone(ZONE_DMA);
	give(base, 11);
	give(zone_start(ZONE_DMA), 0);
	CHECK_EQ(get_pfnblock_migratetype(bk, zone_start(ZONE_DMA)), MIGRATE_MOVABLE);
	CHECK_EQ(PFN(alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0)), base);
	CHECK_EQ(PFN(alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 1)), base + 2);
	check_consistent();
}

TEST(lpae_split_across_isolation_boundary)
{
	struct page *page;

	boot_cma(64, "debian-armmp-lpae");
	CHECK_EQ(get_pfnblock_migratetype(bk, base + 512), MIGRATE_CMA);
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_CMA, base), "2048 0");
	page = cma_alloc(bk, 0, 16, 4);
	CHECK_EQ(PFN(page), base);
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_CMA, base), "2048");
	CHECK_STR(list_text(ZONE_DMA, 10, MIGRATE_CMA, base), "1024");
	CHECK_STR(list_text(ZONE_DMA, 9, MIGRATE_CMA, base), "512");
	CHECK_STR(list_text(ZONE_DMA, 8, MIGRATE_CMA, base), "256");
	CHECK_STR(list_text(ZONE_DMA, 4, MIGRATE_CMA, base), "16");
	CHECK_EQ(dma()->nr_free_cma_pages, 4096 - 16);
	check_consistent();
	CHECK(cma_release(bk, 0, page, 16));
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_CMA, base), "0 2048");
	CHECK_EQ(dma()->nr_free_cma_pages, 4096);
	check_consistent();
}

/*
 *   memory   |====== 128M ======|   hole   |====== 128M ======|
 *            0x40000000        0x48000000  0x50000000
 *   CMA pool           |== 64M ==|
 *                      0x46000000 (half of it over the hole)
 *
 * Expect: under FLATMEM the hole's pageblocks fail pfn_valid, and the model
 * panics where v6.1's cma_activate_area would WARN and go on; SPARSEMEM has
 * the hole's struct pages (one 256 MiB section) and activates the pool.
 */
TEST(area_over_a_hole)
{
	static const char dts[] =
		"/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
		" memory@40000000 { device_type = \"memory\";"
		"  reg = <0x40000000 0x08000000 0x50000000 0x08000000>; };"
		" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
		"  pool@46000000 { compatible = \"shared-dma-pool\"; reusable;"
		"   reg = <0x46000000 0x04000000>; }; }; };";
	struct kernel_config cfg = board_config("debian-armmp");
	size_t len;
	void *blob = dtb_from_dts(dts, &len);

	CHECK(blob != NULL);
	if (!bk)
		bk = mm_kernel_new();
	CHECK_EQ(mm_kernel_boot(bk, blob, len, &cfg), -MM_EPANIC);
	CHECK(strstr(bk->log->buf, "Kernel panic - not syncing: model: CMA area pool@46000000 covers pfns"
				   " without a valid, initialised struct page\n") != NULL);
	mm_kernel_release(bk);
	cfg.model = MEMORY_MODEL_SPARSEMEM;
	CHECK_EQ(mm_kernel_boot(bk, blob, len, &cfg), 0);
	CHECK_EQ(bk->cma[0].count, 16384);
	mm_kernel_release(bk);
	free(blob);
}

TEST_MAIN_WITH_TEARDOWN(release_kernel)
