/*
 * The buddy allocator: gfp decoding, merge and split sequences with exact
 * free lists (list order included), head/tail insertion, fallback and
 * stealing, watermarks with lowmem_reserve, zone choice, compound pages,
 * split_page, the deliberate bugs, and ASan poisoning of free pages.
 * Tests that need exact lists drain the zones first (buddy_helpers.h).
 */
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

#include "buddy_helpers.h"
#include "bugs.h"
#include "kasan_poison.h"

#define MOVABLE_KERNEL (GFP_KERNEL | __GFP_MOVABLE)

/* A pageblock-aligned pfn inside the 64 MiB board's DMA zone. */
static unsigned long B;

static void boot64(void)
{
	CHECK_EQ(boot_board(64, "debian-armmp"), 0);
	B = zone_start(ZONE_DMA) + 4096;
}

/* Hand a block to the allocator as its owner would: head refcount 1, tails 0. */
static void give(unsigned long pfn, unsigned int order)
{
	P(pfn)->_refcount = 1;
	for (unsigned long i = 1; i < (1UL << order); i++)
		P(pfn + i)->_refcount = 0;
	__free_pages(bk, P(pfn), order);
}

static unsigned long nr_free(enum zone_type z, unsigned int order)
{
	return bk->node.node_zones[z].free_area[order].nr_free;
}

TEST(gfp_zone_table)
{
	CHECK_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(GFP_ATOMIC), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(GFP_DMA), ZONE_DMA);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER), ZONE_HIGHMEM);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	CHECK_EQ(gfp_zone(__GFP_MOVABLE), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(__GFP_MOVABLE | __GFP_DMA), ZONE_DMA);
	CHECK_EQ(gfp_zone(__GFP_DMA32), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(__GFP_DMA32 | __GFP_MOVABLE), ZONE_NORMAL);
	/* GFP_ZONE_BAD combinations read entry 0 of their slot: ZONE_DMA. */
	CHECK_EQ(gfp_zone(__GFP_DMA | __GFP_HIGHMEM), ZONE_DMA);
	CHECK_EQ(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	CHECK_EQ(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	CHECK_EQ(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	CHECK_EQ(gfp_migratetype(__GFP_MOVABLE | __GFP_RECLAIMABLE), MIGRATE_HIGHATOMIC);
}

TEST(boot_state_consistent)
{
	boot64();
	CHECK_EQ(check_consistent() + model_held(), bk->totalram_pages);
	CHECK(bk->node.node_zones[ZONE_DMA].nr_free_pages > 8000);
	CHECK_EQ(boot_board(256, "debian-armmp-lpae"), 0);
	CHECK_EQ(check_consistent() + model_held(), bk->totalram_pages);
	CHECK_EQ(boot_board(1024, "multi_v7"), 0);
	CHECK_EQ(check_consistent() + model_held(), bk->totalram_pages);
	CHECK(bk->node.node_zones[ZONE_HIGHMEM].nr_free_pages > 60000);
}

/*
 * SPARSEMEM keeps the pageblock bits in simulated memory (section usemaps):
 * the block types agree with FLATMEM's (free lists differ: the memmaps
 * take different memory).
 */
TEST(memory_models_agree)
{
	static char want[4096], got[4096];

	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct kernel_config cfg = board_config("debian-armmp-lpae");
		struct page *page;

		cfg.model = (enum memory_model)m;
		CHECK_EQ(boot_board_cfg(1024, &cfg), 0);
		CHECK_EQ(check_consistent() + model_held(), bk->totalram_pages);
		page = alloc_pages(bk, GFP_KERNEL, 0);
		CHECK_EQ(get_pfnblock_migratetype(bk, PFN(page)), MIGRATE_UNMOVABLE);
		show_pagetypeinfo(bk, m ? got : want, sizeof(want));
		if (m && strstr(got, "\nNumber") && strstr(want, "\nNumber"))
			CHECK_STR(strstr(got, "\nNumber"), strstr(want, "\nNumber"));
	}
}

TEST(merge_sequence_exact_lists)
{
	boot64();
	drain_all();
	give(B + 1, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "1");
	give(B, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "");
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "0");
	CHECK(PageBuddy(P(B)) && !PageBuddy(P(B + 1)));
	give(B + 3, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "3");
	give(B + 2, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "");
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "");
	CHECK_STR(list_text(ZONE_DMA, 2, MIGRATE_MOVABLE, B), "0");
	CHECK_EQ(nr_free(ZONE_DMA, 0), 0);
	CHECK_EQ(nr_free(ZONE_DMA, 1), 0);
	CHECK_EQ(nr_free(ZONE_DMA, 2), 1);
	CHECK_EQ(bk->node.node_zones[ZONE_DMA].nr_free_pages, 4);
	CHECK_EQ(P(B)->_refcount, 0);
}

TEST(head_and_tail_insertion)
{
	boot64();
	drain_all();
	give(B + 8, 0);
	give(B + 16, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "16 8");
	give(B + 2, 1);
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "2");
	/* B+1's buddy B is busy, but the order-1 block {B,B+1} would have a free buddy (B+2): tail. */
	give(B + 1, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "16 8 1");
	/* B+5: order-1 block {B+4,B+5} has buddy {B+6,B+7}, busy: head. */
	give(B + 5, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "5 16 8 1");
}

TEST(expand_puts_upper_halves_at_head)
{
	struct page *page;

	boot64();
	drain_all();
	give(B, 3);
	CHECK_STR(list_text(ZONE_DMA, 3, MIGRATE_MOVABLE, B), "0");
	page = alloc_pages(bk, MOVABLE_KERNEL, 0);
	CHECK_EQ(PFN(page), B);
	CHECK_EQ(page->_refcount, 1);
	CHECK(!PageBuddy(page));
	CHECK_STR(list_text(ZONE_DMA, 2, MIGRATE_MOVABLE, B), "4");
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "2");
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "1");
	CHECK_EQ(PFN(alloc_pages(bk, MOVABLE_KERNEL, 0)), B + 1);
	CHECK_EQ(PFN(alloc_pages(bk, MOVABLE_KERNEL, 1)), B + 2);
	CHECK_EQ(PFN(alloc_pages(bk, MOVABLE_KERNEL, 1)), B + 4);
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "6");
	CHECK_EQ(bk->node.node_zones[ZONE_DMA].nr_free_pages, 2);
	/* order >= MAX_ORDER is refused outright. */
	CHECK(alloc_pages(bk, MOVABLE_KERNEL, 12) == NULL);
}

TEST(fallback_steals_whole_block)
{
	struct page *page;

	boot64();
	drain_all();
	give(B, 11);
	page = alloc_pages(bk, GFP_KERNEL, 0);
	CHECK_EQ(PFN(page), B);
	CHECK_EQ(get_pfnblock_migratetype(bk, B), MIGRATE_UNMOVABLE);
	CHECK_STR(list_text(ZONE_DMA, 10, MIGRATE_UNMOVABLE, B), "1024");
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_UNMOVABLE, B), "1");
	CHECK_STR(list_text(ZONE_DMA, 10, MIGRATE_MOVABLE, B), "");
	/* Freed back, it merges into an Unmovable order-11 block. */
	__free_pages(bk, page, 0);
	CHECK_STR(list_text(ZONE_DMA, 11, MIGRATE_UNMOVABLE, B), "0");
}

TEST(fallback_partial_block_retyped)
{
	boot64();
	drain_all();
	set_pageblock_migratetype(bk, B, MIGRATE_UNMOVABLE);
	give(B, 10);
	give(B + 1056, 5);
	/* 1056 free pages >= half a pageblock: the block becomes Movable; smallest Movable block is used. */
	CHECK_EQ(PFN(alloc_pages(bk, MOVABLE_KERNEL, 0)), B + 1056);
	CHECK_EQ(get_pfnblock_migratetype(bk, B), MIGRATE_MOVABLE);
	CHECK_STR(list_text(ZONE_DMA, 10, MIGRATE_MOVABLE, B), "0");
	CHECK_STR(list_text(ZONE_DMA, 4, MIGRATE_MOVABLE, B), "1072");
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "1057");
	CHECK_STR(list_text(ZONE_DMA, 10, MIGRATE_UNMOVABLE, B), "");
}

TEST(fallback_partial_block_not_retyped)
{
	boot64();
	drain_all();
	set_pageblock_migratetype(bk, B, MIGRATE_UNMOVABLE);
	give(B + 1056, 5);
	give(B + 64, 5);
	/*
	 * 64 free pages: all moved to the Movable lists in pfn order (to the
	 * tail), the block keeps its type; the head of the list is used.
	 */
	CHECK_EQ(PFN(alloc_pages(bk, MOVABLE_KERNEL, 0)), B + 64);
	CHECK_EQ(get_pfnblock_migratetype(bk, B), MIGRATE_UNMOVABLE);
	CHECK_STR(list_text(ZONE_DMA, 5, MIGRATE_MOVABLE, B), "1056");
	CHECK_STR(list_text(ZONE_DMA, 4, MIGRATE_MOVABLE, B), "80");
	CHECK_STR(list_text(ZONE_DMA, 5, MIGRATE_UNMOVABLE, B), "");
}

TEST(fallback_movable_takes_smallest_when_it_cannot_steal)
{
	boot64();
	drain_all();
	set_pageblock_migratetype(bk, B, MIGRATE_UNMOVABLE);
	give(B + 8, 3);
	give(B + 2, 1);
	CHECK_EQ(PFN(alloc_pages(bk, MOVABLE_KERNEL, 0)), B + 2);
	CHECK_EQ(get_pfnblock_migratetype(bk, B), MIGRATE_UNMOVABLE);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "3");
	CHECK_STR(list_text(ZONE_DMA, 3, MIGRATE_UNMOVABLE, B), "8");
	/*
	 * A Reclaimable request may steal small blocks: it takes the largest
	 * (Movable order 4), and the Movable block's in-use pages count as
	 * alike, so the block is retyped and its smallest piece used.
	 */
	set_pageblock_migratetype(bk, B + 2048, MIGRATE_MOVABLE);
	give(B + 2048 + 16, 4);
	give(B + 2048 + 4, 2);
	CHECK_EQ(PFN(alloc_pages(bk, GFP_KERNEL | __GFP_RECLAIMABLE, 0)), B + 2048 + 4);
	CHECK_EQ(get_pfnblock_migratetype(bk, B + 2048), MIGRATE_RECLAIMABLE);
	CHECK_STR(list_text(ZONE_DMA, 4, MIGRATE_RECLAIMABLE, B), "2064");
}

TEST(watermarks_and_lowmem_reserve)
{
	struct zone *dma;

	boot64();
	drain_all();
	dma = &bk->node.node_zones[ZONE_DMA];
	give(B, 7);
	dma->_watermark[WMARK_MIN] = 50;
	dma->_watermark[WMARK_LOW] = 60;
	dma->_watermark[WMARK_HIGH] = 70;
	dma->lowmem_reserve[ZONE_NORMAL] = 100;
	CHECK(!zone_watermark_ok(bk, dma, 0, 60, ZONE_NORMAL, 0));
	CHECK(zone_watermark_ok(bk, dma, 0, 60, ZONE_DMA, 0));
	/* Order n counts 2^n - 1 pages as unusable, then needs a free block of order >= n. */
	CHECK(zone_watermark_ok(bk, dma, 7, 0, ZONE_DMA, 0));
	CHECK(!zone_watermark_ok(bk, dma, 7, 1, ZONE_DMA, 0));
	CHECK(!zone_watermark_ok(bk, dma, 6, 65, ZONE_DMA, 0));
	CHECK(zone_watermark_ok(bk, dma, 6, 64, ZONE_DMA, 0));
	/* GFP_KERNEL allocates for ZONE_NORMAL: 128 free <= min 50 + reserve 100. */
	CHECK(alloc_pages(bk, GFP_KERNEL, 0) == NULL);
	CHECK(alloc_pages(bk, GFP_DMA, 0) != NULL);
	/* GFP_ATOMIC: min 50 → 25 (__GFP_HIGH) → 19 (ALLOC_HARDER); 127 > 119. */
	CHECK(alloc_pages(bk, GFP_ATOMIC, 0) != NULL);
	CHECK(alloc_pages(bk, GFP_KERNEL | __GFP_MEMALLOC, 0) != NULL);
	CHECK(alloc_pages(bk, GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOMEMALLOC, 0) == NULL);
}

TEST(zone_choice_per_gfp)
{
	struct page *page;

	CHECK_EQ(boot_board(1024, "debian-armmp"), 0);
	CHECK(populated_zone(&bk->node.node_zones[ZONE_HIGHMEM]));
	page = alloc_pages(bk, GFP_HIGHUSER, 0);
	CHECK_EQ(page_zonenum(bk, page), ZONE_HIGHMEM);
	CHECK_EQ(page_zonenum(bk, alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0)), ZONE_HIGHMEM);
	CHECK_EQ(page_zonenum(bk, alloc_pages(bk, GFP_KERNEL, 0)), ZONE_DMA);
	CHECK_EQ(page_zonenum(bk, alloc_pages(bk, GFP_DMA, 0)), ZONE_DMA);
	__free_pages(bk, page, 0);
	/* An empty HighMem: highmem requests fall down the zonelist to DMA. */
	drain_zone(ZONE_HIGHMEM);
	CHECK_EQ(page_zonenum(bk, alloc_pages(bk, GFP_HIGHUSER, 0)), ZONE_DMA);
}

TEST(compound_pages)
{
	struct page *head;
	unsigned long pfn;

	boot64();
	drain_all();
	give(B, 3);
	head = alloc_pages(bk, MOVABLE_KERNEL | __GFP_COMP, 2);
	pfn = PFN(head);
	CHECK_EQ(pfn, B);
	CHECK(head->flags & (1u << PG_head));
	CHECK_EQ(head->compound_order, 2);
	for (unsigned long i = 1; i < 4; i++) {
		CHECK_EQ(P(pfn + i)->compound_head, (pfn << 1) | 1);
		CHECK_EQ(P(pfn + i)->_refcount, 0);
	}
	__free_pages(bk, head, 2);
	CHECK(!(head->flags & (1u << PG_head)));
	CHECK_EQ(P(pfn + 3)->compound_head, 0);
	CHECK_STR(list_text(ZONE_DMA, 3, MIGRATE_MOVABLE, B), "0");
	/* Non-compound: tails stay plain. */
	head = alloc_pages(bk, MOVABLE_KERNEL, 2);
	CHECK(!(head->flags & (1u << PG_head)));
	CHECK_EQ(P(B + 1)->compound_head, 0);
}

TEST(split_page_and_partial_frees)
{
	struct page *page;

	boot64();
	drain_all();
	give(B, 2);
	page = alloc_pages(bk, MOVABLE_KERNEL, 2);
	split_page(bk, page, 2);
	for (unsigned long i = 0; i < 4; i++)
		CHECK_EQ(P(B + i)->_refcount, 1);
	give(B + 3, 0);
	give(B + 1, 0);
	give(B + 2, 0);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "1");
	give(B, 0);
	CHECK_STR(list_text(ZONE_DMA, 2, MIGRATE_MOVABLE, B), "0");
	/* A second reference on a non-compound block: __free_pages gives back all but the first page. */
	page = alloc_pages(bk, MOVABLE_KERNEL, 2);
	page->_refcount++;
	__free_pages(bk, page, 2);
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "2");
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "1");
	__free_pages(bk, page, 0);
	CHECK_STR(list_text(ZONE_DMA, 2, MIGRATE_MOVABLE, B), "0");
	/* A double free is refused with the kernel's bad-page line. */
	mm_log_reset(bk->log, true);
	__free_pages(bk, page, 0);
	CHECK(strstr(bk->log->buf, "BUG: Bad page state") != NULL);
	CHECK_STR(list_text(ZONE_DMA, 2, MIGRATE_MOVABLE, B), "0");
}

TEST(mobility_grouping_off)
{
	boot64();
	drain_all();
	bk->page_group_by_mobility_disabled = true;
	give(B + 64, 5);
	/* Movable requests become Unmovable, steal and retype even a small block. */
	CHECK_EQ(PFN(alloc_pages(bk, GFP_HIGHUSER_MOVABLE, 0)), B + 64);
	CHECK_EQ(get_pfnblock_migratetype(bk, B), MIGRATE_UNMOVABLE);
	bk->page_group_by_mobility_disabled = false;
}

TEST(bug_nr_free_drift)
{
	boot64();
	drain_all();
	give(B, 3);
	mm_bug_set(MM_BUG_NR_FREE_DRIFT, true);
	alloc_pages(bk, MOVABLE_KERNEL, 0);
	mm_bug_set(MM_BUG_NR_FREE_DRIFT, false);
	CHECK_EQ(nr_free(ZONE_DMA, 3), 1);
	CHECK_STR(list_text(ZONE_DMA, 3, MIGRATE_MOVABLE, B), "");
}

TEST(bug_buddy_wrong_order)
{
	boot64();
	drain_all();
	mm_bug_set(MM_BUG_BUDDY_WRONG_ORDER, true);
	give(B + 1, 0);
	give(B, 0);
	mm_bug_set(MM_BUG_BUDDY_WRONG_ORDER, false);
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "0 1");
}

TEST(bug_steal_keeps_type)
{
	boot64();
	drain_all();
	give(B, 11);
	mm_bug_set(MM_BUG_STEAL_KEEPS_TYPE, true);
	alloc_pages(bk, GFP_KERNEL, 0);
	mm_bug_set(MM_BUG_STEAL_KEEPS_TYPE, false);
	CHECK_EQ(get_pfnblock_migratetype(bk, B), MIGRATE_MOVABLE);
	CHECK_STR(list_text(ZONE_DMA, 10, MIGRATE_UNMOVABLE, B), "1024");
}

TEST(bug_merge_across_zone)
{
	uint32_t flags;

	boot64();
	drain_all();
	/* Pretend B+1 belongs to HighMem (zones meet on any page boundary). */
	flags = P(B + 1)->flags;
	P(B + 1)->flags = (flags & ~(3u << ZONES_PGSHIFT)) | ((uint32_t)ZONE_HIGHMEM << ZONES_PGSHIFT);
	give(B + 1, 0);
	give(B, 0);
	/* B+1's "zone" has no usemap on this board: its type reads as Unmovable. */
	CHECK_STR(list_text(ZONE_DMA, 0, MIGRATE_MOVABLE, B), "0");
	CHECK_STR(list_text(ZONE_HIGHMEM, 0, MIGRATE_UNMOVABLE, B), "1");
	boot64();
	drain_all();
	P(B + 1)->flags = (flags & ~(3u << ZONES_PGSHIFT)) | ((uint32_t)ZONE_HIGHMEM << ZONES_PGSHIFT);
	give(B + 1, 0);
	mm_bug_set(MM_BUG_MERGE_ACROSS_ZONE, true);
	give(B, 0);
	mm_bug_set(MM_BUG_MERGE_ACROSS_ZONE, false);
	CHECK_STR(list_text(ZONE_DMA, 1, MIGRATE_MOVABLE, B), "0");
	CHECK_STR(list_text(ZONE_HIGHMEM, 0, MIGRATE_UNMOVABLE, B), "");
}

/* Child: write into a page after freeing it; materialise first if touch_before. */
static void write_after_free(bool touch_before)
{
	struct page *page;
	unsigned long pfn;

	boot64();
	page = alloc_pages(bk, GFP_KERNEL, 0);
	pfn = PFN(page);
	if (touch_before)
		phys_write32(bk->setup->pm, PFN_PHYS(pfn), 0x1234);
	__free_pages(bk, page, 0);
	phys_write32(bk->setup->pm, PFN_PHYS(pfn) + 8, 0x5678);
}

/* Run fn in a child with stderr captured; returns its wait status, report holds stderr. */
static int run_child(void (*fn)(bool), bool arg, char *report, size_t cap)
{
	int fds[2], status = 0;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	while (n + 1 < cap && (r = read(fds[0], report + n, cap - n - 1)) > 0)
		n += (size_t)r;
	report[n] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void alloc_write_free(bool unused)
{
	struct page *page;

	boot64();
	page = alloc_pages(bk, GFP_KERNEL, 0);
	phys_write32(bk->setup->pm, PFN_PHYS(PFN(page)), 1);
	__free_pages(bk, page, 0);
	page = alloc_pages(bk, GFP_KERNEL, 0);
	phys_write32(bk->setup->pm, PFN_PHYS(PFN(page)), 2);
}

TEST(asan_reports_writes_to_free_pages)
{
	static char report[65536];
	int st;

	if (!mm_asan_active()) {
		printf("SKIP asan_reports_writes_to_free_pages: not built with AddressSanitizer\n");
		return;
	}
	st = run_child(write_after_free, true, report, sizeof(report));
	CHECK(!(WIFEXITED(st) && WEXITSTATUS(st) == 0));
	CHECK(strstr(report, "use-after-poison") != NULL);
	st = run_child(write_after_free, false, report, sizeof(report));
	CHECK(!(WIFEXITED(st) && WEXITSTATUS(st) == 0));
	CHECK(strstr(report, "use-after-poison") != NULL);
	/* Control: allocation unpoisons, so the same accesses on a live page are fine. */
	st = run_child(alloc_write_free, false, report, sizeof(report));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

TEST(alloc_zeroes_contents)
{
	struct page *page;
	unsigned long pfn;

	boot64();
	drain_all();
	give(B, 0);
	page = alloc_pages(bk, GFP_KERNEL, 0);
	pfn = PFN(page);
	phys_write32(bk->setup->pm, PFN_PHYS(pfn) + 4, 0xdeadbeef);
	__free_pages(bk, page, 0);
	page = alloc_pages(bk, GFP_KERNEL, 0);
	CHECK_EQ(PFN(page), pfn);
	CHECK_EQ(phys_read32(bk->setup->pm, PFN_PHYS(pfn) + 4), 0);
}

TEST_MAIN_WITH_TEARDOWN(release_kernel)
