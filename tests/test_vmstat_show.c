/*
 * /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo byte for byte on
 * a small board (64 MiB at 0x40000000, debian-armmp: pageblock order 11,
 * the default 16 MiB CMA area in the top two pageblocks) in a state the
 * test sets up: drained lists, three blocks given back, chosen watermarks.
 */
#include "test.h"

#include "buddy_helpers.h"

static char out[16384];

static void give(unsigned long pfn, unsigned int order)
{
	P(pfn)->_refcount = 1;
	for (unsigned long i = 1; i < (1UL << order); i++)
		P(pfn + i)->_refcount = 0;
	__free_pages(bk, P(pfn), order);
}

static void setup_state(void)
{
	struct zone *dma;
	unsigned long zs;

	CHECK_EQ(boot_board(64, "debian-armmp"), 0);
	dma = &bk->node.node_zones[ZONE_DMA];
	zs = zone_start(ZONE_DMA);
	drain_all();
	give(zs + 1, 0);
	give(zs + 8, 3);
	give(zs + 4096, 11);
	give(zs + 14336, 11);
	dma->_watermark[WMARK_MIN] = 128;
	dma->_watermark[WMARK_LOW] = 160;
	dma->_watermark[WMARK_HIGH] = 192;
	dma->managed_pages = 12000;
	dma->lowmem_reserve[ZONE_NORMAL] = 46;
	dma->lowmem_reserve[ZONE_HIGHMEM] = 46;
	dma->lowmem_reserve[ZONE_MOVABLE] = 46;
}

TEST(buddyinfo_exact)
{
	setup_state();
	CHECK_EQ(show_buddyinfo(bk, out, sizeof(out)), strlen(out));
	CHECK_STR(out, "Node 0, zone      DMA      1      0      0      1      0      0      0      0      0      0      0      2 \n");
}

TEST(pagetypeinfo_exact)
{
	setup_state();
	CHECK_EQ(show_pagetypeinfo(bk, out, sizeof(out)), strlen(out));
	CHECK_STR(out,
		  "Page block order: 11\n"
		  "Pages per block:  2048\n"
		  "\n"
		  "Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10     11 \n"
		  "Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0      0 \n"
		  "Node    0, zone      DMA, type      Movable      1      0      0      1      0      0      0      0      0      0      0      1 \n"
		  "Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0      0 \n"
		  "Node    0, zone      DMA, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0      0 \n"
		  "Node    0, zone      DMA, type          CMA      0      0      0      0      0      0      0      0      0      0      0      1 \n"
		  "Node    0, zone      DMA, type      Isolate      0      0      0      0      0      0      0      0      0      0      0      0 \n"
		  "\n"
		  "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		  /* kmem_cache_init's first slab claimed one Movable pageblock for Unmovable */
		  "Node 0, zone      DMA            1            5            0            0            2            0 \n");
}

TEST(zoneinfo_exact)
{
	setup_state();
	CHECK_EQ(show_zoneinfo(bk, out, sizeof(out)), strlen(out));
	CHECK_STR(out,
		  "Node 0, zone      DMA"
		  "\n  pages free     4105"
		  "\n        boost    0"
		  "\n        min      128"
		  "\n        low      160"
		  "\n        high     192"
		  "\n        spanned  16384"
		  "\n        present  16384"
		  "\n        managed  12000"
		  "\n        cma      4096"
		  "\n        protection: (0, 46, 46, 46)"
		  "\n  start_pfn:           262144\n"
		  "Node 0, zone   Normal"
		  "\n  pages free     0"
		  "\n        boost    0"
		  "\n        min      0"
		  "\n        low      0"
		  "\n        high     0"
		  "\n        spanned  0"
		  "\n        present  0"
		  "\n        managed  0"
		  "\n        cma      0"
		  "\n        protection: (0, 0, 0, 0)\n"
		  "Node 0, zone  HighMem"
		  "\n  pages free     0"
		  "\n        boost    0"
		  "\n        min      0"
		  "\n        low      0"
		  "\n        high     0"
		  "\n        spanned  0"
		  "\n        present  0"
		  "\n        managed  0"
		  "\n        cma      0"
		  "\n        protection: (0, 0, 0, 0)\n"
		  "Node 0, zone  Movable"
		  "\n  pages free     0"
		  "\n        boost    0"
		  "\n        min      0"
		  "\n        low      0"
		  "\n        high     0"
		  "\n        spanned  0"
		  "\n        present  0"
		  "\n        managed  0"
		  "\n        cma      0"
		  "\n        protection: (0, 0, 0, 0)\n");
}

TEST(truncated_buffer_reports_full_length)
{
	char small[16];
	size_t full;

	setup_state();
	full = show_buddyinfo(bk, out, sizeof(out));
	CHECK_EQ(show_buddyinfo(bk, small, sizeof(small)), full);
	CHECK_EQ(strlen(small), sizeof(small) - 1);
	CHECK_EQ(show_pagetypeinfo(bk, NULL, 0), strlen(out) ? show_pagetypeinfo(bk, out, sizeof(out)) : 0);
}

TEST_MAIN_WITH_TEARDOWN(release_kernel)
