/*
 * The free-area oracle (oracle/buddy_check.c): silent on correct boots and
 * operation sequences, and each check fires on a fabricated corruption of
 * a list, an nr_free, a page flag or the harness's held set.  Every
 * tampering test reboots first, so no corruption outlives its test.
 */
#include "buddy_check.h"
#include "bugs.h"
#include "dtb_helpers.h"
#include "fuzz_target.h"
#include "gfp.h"
#include "kernel.h"
#include "model_pages.h"
#include "oracle.h"
#include "page_alloc.h"
#include "page_alloc_ops.h"
#include "page_check.h"
#include "test.h"
#include "watched_boot.h"

#include "pa_input.h"

static struct mm_kernel *k;
static struct kernel_watch *w;
static struct buddy_check *bc;
static struct model_pages mp;		/* SLUB's boot slabs, held by the model */
static char messages[16384];

static void record(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

static void quiet(void)
{
	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
}

static struct kernel_config config(unsigned profile, enum memory_model model)
{
	struct kernel_config cfg = { 0 };
	const struct mm_profile *p = mm_profile_by_index(profile);

	cfg.profile = p;
	cfg.model = model;
	cfg.setup.boot.lpae = cfg.setup.layout.lpae = p->lpae;
	cfg.setup.layout.split = VMSPLIT_3G;
	cfg.setup.layout.highmem = true;
	layout_default_image(&cfg.setup.layout.image);
	cfg.page_observer = model_pages_observer(&mp);
	return cfg;
}

/* buddy_check_lists with the model's own pages added to the held set. */
static void check_lists(const struct held_block *held, unsigned nr)
{
	static struct held_block all[256];

	for (unsigned i = 0; i < nr; i++)
		all[i] = held[i];
	nr += model_pages_held(&mp, k, all + nr, 256 - nr);
	buddy_check_lists(bc, w, all, nr);
}

/* A watched boot, and the oracle's pageblock types from it. */
static int boot_fdt(const void *fdt, size_t len, struct kernel_config *cfg)
{
	int ret;

	if (!bc)
		bc = buddy_check_new();
	ret = watched_boot(&k, &w, fdt, len, cfg);
	if (ret == 0) {
		buddy_check_boot_types(bc, w);
		model_pages_boot_types(&mp, bc, w);
	}
	return ret;
}

static int boot(unsigned board, unsigned profile, enum memory_model model)
{
	struct kernel_config cfg = config(profile, model);
	const void *fdt;
	size_t len;

	fdt = pa_board_dtb(board, &len, &cfg.setup.boot);
	return boot_fdt(fdt, len, &cfg);
}

/* As the page_alloc target's full check: the sweep runs to the last present page. */
static void check_all(const struct held_block *held, unsigned nr)
{
	unsigned long end = k->node.node_start_pfn + k->node.node_spanned_pages;

	buddy_check_counters(k);
	check_lists(held, nr);
	buddy_check_sweep(bc, w, k->node.node_start_pfn, end > naive_present_end(w) ? end : naive_present_end(w));
}

TEST(buddy_check_silent_after_boot)
{
	for (unsigned board = 0; board < PA_NR_BOARDS; board++)
		for (unsigned profile = 0; profile < 3; profile++) {
			quiet();
			if (boot(board, profile, MEMORY_MODEL_FLATMEM) != 0)
				continue;
			check_all(NULL, 0);
			if (oracle_failures()) {
				fprintf(stderr, "  board %s profile %u:\n%s", pa_board_name(board), profile,
					messages);
				CHECK_EQ(oracle_failures(), 0);
			}
		}
	oracle_set_fail_handler(NULL);
}

/* A fragmenting sequence through the fuzz target itself (oracle at FULL on its first input). */
TEST(buddy_check_silent_through_the_target)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");
	struct pa_bytes in[3];

	/* 256M classic flatmem: allocations of every kind, frees, a split, kmaps */
	in[0] = pa_input((struct pa_config){ .board = PA_BOARD_256M });
	pa_alloc_many(&in[0], 21, PA_GFP_KERNEL, 1);
	pa_alloc(&in[0], PA_GFP_HIGHUSER_MOVABLE, 2);
	pa_split(&in[0], 1);
	pa_free_alternate(&in[0], 0);
	pa_kmap(&in[0], 2);
	pa_free_run(&in[0], PA_RUN_DESCENDING, 1);
	pa_alloc(&in[0], PA_GFP_KERNEL_RECLAIMABLE, 3);
	/* 2G LPAE sparsemem: highmem, movable, compound */
	in[1] = pa_input((struct pa_config){ .profile = PA_ARMMP_LPAE, .model = MEMORY_MODEL_SPARSEMEM,
					     .board = PA_BOARD_2G });
	pa_alloc_many(&in[1], 9, PA_GFP_HIGHUSER_MOVABLE | PA_GFP_MOD_COMP, 5);
	pa_alloc(&in[1], PA_GFP_HIGHUSER, 0);
	pa_kmap_local(&in[1], 1);
	pa_kmap(&in[1], 0);
	pa_page_address(&in[1], 0);
	pa_kunmap_local(&in[1]);
	pa_free(&in[1], 3);
	pa_alloc(&in[1], PA_GFP_ATOMIC, 2);
	/* 512M CMA pool, vmemmap */
	in[2] = pa_input((struct pa_config){ .model = MEMORY_MODEL_SPARSEMEM_VMEMMAP,
					     .board = PA_BOARD_512M_CMA_NOMAP });
	pa_cma_alloc(&in[2], 0, 8, 2);
	pa_alloc_many(&in[2], 17, PA_GFP_HIGHUSER_MOVABLE, 0);
	pa_cma_release(&in[2], 0);
	pa_cma_alloc(&in[2], 0, 16, 4);

	CHECK(t != NULL);
	if (!t)
		return;
	quiet();
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		t->run(in[i].b, in[i].len);
	if (oracle_failures())
		fprintf(stderr, "%s", messages);
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

TEST(buddy_check_catches_nr_free)
{
	CHECK_EQ(boot(0, 0, MEMORY_MODEL_FLATMEM), 0);
	k->node.node_zones[ZONE_DMA].free_area[3].nr_free++;
	quiet();
	buddy_check_counters(k);
	CHECK(strstr(messages, "ORACLE: NR_FREE_PAGES == sum of nr_free:") != NULL);
	check_lists(NULL, 0);
	CHECK(strstr(messages, "ORACLE: free_area.nr_free:") != NULL);
	oracle_set_fail_handler(NULL);
}

static struct page *first_free(int zone, unsigned order, int mt)
{
	struct list_head *h = &k->node.node_zones[zone].free_area[order].free_list[mt];

	return list_empty(h) ? NULL : list_entry(h->next, struct page, lru);
}

TEST(buddy_check_catches_a_lost_list_entry)
{
	struct page *page;

	CHECK_EQ(boot(0, 0, MEMORY_MODEL_FLATMEM), 0);
	page = first_free(ZONE_DMA, k->profile->max_order - 1, MIGRATE_MOVABLE);
	CHECK(page != NULL);
	if (!page)
		return;
	list_del(&page->lru);
	quiet();
	check_all(NULL, 0);
	CHECK(strstr(messages, "ORACLE: free_area.nr_free:") != NULL);
	CHECK(strstr(messages, "ORACLE: PageBuddy only on listed block heads:") != NULL);
	oracle_set_fail_handler(NULL);
}

TEST(buddy_check_catches_a_reserved_free_page)
{
	struct page *page;

	CHECK_EQ(boot(0, 0, MEMORY_MODEL_FLATMEM), 0);
	page = first_free(ZONE_DMA, k->profile->max_order - 1, MIGRATE_MOVABLE);
	CHECK(page != NULL);
	if (!page)
		return;
	page->flags |= 1u << PG_reserved;
	quiet();
	check_all(NULL, 0);
	CHECK(strstr(messages, "ORACLE: free block not PageReserved:") != NULL);
	CHECK(strstr(messages, "ORACLE: PageReserved follows memblock.reserved and NOMAP:") != NULL);
	oracle_set_fail_handler(NULL);
}

/* Split a free order-3 block into two free order-2 buddies by hand. */
TEST(buddy_check_catches_unmerged_buddies)
{
	struct zone *z;
	struct page *page, *upper;
	unsigned long pfn;

	CHECK_EQ(boot(0, 0, MEMORY_MODEL_FLATMEM), 0);
	CHECK(alloc_pages(k, GFP_KERNEL, 0) != NULL);
	z = &k->node.node_zones[ZONE_DMA];
	page = first_free(ZONE_DMA, 3, MIGRATE_UNMOVABLE);
	CHECK(page != NULL);
	if (!page)
		return;
	pfn = page_to_pfn(&k->memmap, page);
	upper = pfn_to_page(&k->memmap, pfn + 4);
	list_del(&page->lru);
	z->free_area[3].nr_free--;
	page->private = 2;
	upper->private = 2;
	upper->page_type = ~PG_buddy;
	list_add(&page->lru, &z->free_area[2].free_list[MIGRATE_UNMOVABLE]);
	list_add(&upper->lru, &z->free_area[2].free_list[MIGRATE_UNMOVABLE]);
	z->free_area[2].nr_free += 2;
	quiet();
	check_lists(NULL, 1 - 1);
	CHECK(strstr(messages, "ORACLE: free buddies merged:") != NULL);
	/* The held set is part of the accounting too: a page the harness claims that is free. */
	quiet();
	{
		struct held_block fake = { pfn, 1 };

		check_lists(&fake, 1);
	}
	CHECK(strstr(messages, "ORACLE: free block not held:") != NULL);
	oracle_set_fail_handler(NULL);
}

TEST(buddy_check_catches_wrong_zone_and_reuse)
{
	struct page *page;
	struct held_block held;

	CHECK_EQ(boot(1, 0, MEMORY_MODEL_FLATMEM), 0);
	page = alloc_pages(k, GFP_HIGHUSER_MOVABLE, 0);
	CHECK(page != NULL);
	if (!page)
		return;
	held = (struct held_block){ page_to_pfn(&k->memmap, page), 1 };
	quiet();
	/* the lists still hold Movable blocks of order 0 and up: no fallback to follow */
	buddy_check_before_alloc(bc, w, GFP_HIGHUSER_MOVABLE, 0);
	buddy_check_alloc(bc, w, GFP_HIGHUSER_MOVABLE, 0, page, NULL, 0);
	CHECK_EQ(oracle_failures(), 0);
	if (page_zonenum(k, page) == ZONE_HIGHMEM) {
		buddy_check_before_alloc(bc, w, GFP_KERNEL, 0);
		buddy_check_alloc(bc, w, GFP_KERNEL, 0, page, NULL, 0);
		CHECK(strstr(messages, "ORACLE: allocation in an allowed zone:") != NULL);
	}
	quiet();
	buddy_check_before_alloc(bc, w, GFP_HIGHUSER_MOVABLE, 0);
	buddy_check_alloc(bc, w, GFP_HIGHUSER_MOVABLE, 0, page, &held, 1);
	CHECK(strstr(messages, "ORACLE: allocation not already held:") != NULL);
	oracle_set_fail_handler(NULL);
}

/*
 * A reusable pool allocated across the lowmem limit (0x70000000 with
 * 3G/armmp): cma_activate_area refuses an area in two zones, frees every
 * page with free_reserved_page and zeroes cma->count.  The pages are then
 * ordinary free pages though memblock.reserved still covers them; the
 * oracle must count them as free, and still catch a PageReserved one.
 */
TEST(buddy_check_failed_cma_area_pages_are_free)
{
	static const char dts[] =
		"/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n chosen { };\n"
		" memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; };\n"
		" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"
		"  pool { compatible = \"shared-dma-pool\"; reusable; linux,cma-default;\n"
		"   size = <0x4000000>; alignment = <0x800000>;\n"
		"   alloc-ranges = <0x40000000 0x31000000>; };\n };\n};\n";
	struct kernel_config cfg = config(0, MEMORY_MODEL_FLATMEM);
	size_t len;
	void *blob = dtb_from_dts(dts, &len);
	struct page *page;

	CHECK(blob != NULL);
	if (!blob)
		return;
	cfg.setup.boot.load_addr = 0x40008000;
	CHECK_EQ(boot_fdt(blob, len, &cfg), 0);
	free(blob);
	CHECK_EQ(k->nr_cma, 1);
	CHECK_EQ(k->setup->boot->rs.cma[0].base, 0x6d000000);
	CHECK_EQ(k->cma[0].count, 0);
	CHECK(k->setup->layout.arm_lowmem_limit == 0x70000000);
	quiet();
	check_all(NULL, 0);
	if (oracle_failures())
		fprintf(stderr, "%s", messages);
	CHECK_EQ(oracle_failures(), 0);

	page = pfn_to_page(&k->memmap, 0x6f000);
	CHECK(!(page->flags & (1u << PG_reserved)));
	page->flags |= 1u << PG_reserved;
	quiet();
	check_all(NULL, 0);
	CHECK(strstr(messages, "ORACLE: PageReserved follows memblock.reserved and NOMAP:") != NULL);
	oracle_set_fail_handler(NULL);
}

/*
 * Pages zone sizing left out (a hotpluggable node at a sub-page address
 * split memblock.memory there) are freed after memblock_free_all's
 * hotplug merge: the accounting counts them by the final memory.
 */
TEST(buddy_check_pages_freed_after_the_hotplug_merge)
{
	static const char dts[] =
		"/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n chosen { };\n"
		" memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x20000000>; };\n"
		" memory@50000002 { device_type = \"memory\"; reg = <0x50000002 0x100001>; hotpluggable; };\n"
		"};\n";
	struct kernel_config cfg = config(0, MEMORY_MODEL_SPARSEMEM);
	size_t len;
	void *blob = dtb_from_dts(dts, &len);

	CHECK(blob != NULL);
	if (!blob)
		return;
	cfg.setup.boot.load_addr = 0x40008000;
	CHECK_EQ(boot_fdt(blob, len, &cfg), 0);
	free(blob);
	CHECK_EQ(k->node.node_zones[ZONE_DMA].present_pages, 0x20000 - 2);
	CHECK_EQ(pfn_to_page(&k->memmap, 0x50100)->_refcount, 0);
	quiet();
	check_all(NULL, 0);
	if (oracle_failures())
		fprintf(stderr, "%s", messages);
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

/* Every check on the booted state, expected silent; names the boot in what it prints. */
static void check_silent(const struct kernel_config *cfg)
{
	quiet();
	check_all(NULL, 0);
	if (oracle_failures())
		fprintf(stderr, "  %s %s:\n%s", cfg->profile->name, memory_model_name(cfg->model), messages);
	CHECK_EQ(oracle_failures(), 0);
}

/*
 * STM32MP157C with OP-TEE's no-map carve-out ending at 4 GiB: on classic
 * the region ends at PHYS_ADDR_MAX, reserve_bootmem_region's PFN_UP wraps
 * and none of its pages is marked reserved, nor is any freed; on LPAE
 * they are reserved.  Expect: the oracle follows v6.1 under every model,
 * and catches a model that marks them on classic.
 */
TEST(buddy_check_follows_a_reservation_end_that_wraps)
{
	size_t len;
	void *blob = dtb_from_corpus("stm32mp157c-optee-at-4g", &len);

	CHECK(blob != NULL);
	if (!blob)
		return;
	for (unsigned profile = 0; profile < 2; profile++)
		for (int m = 0; m < MEMORY_MODEL_NR; m++) {
			struct kernel_config cfg = config(profile, (enum memory_model)m);
			bool lpae = cfg.profile->lpae;

			cfg.setup.boot.load_addr = 0xc0008000;
			CHECK_EQ(boot_fdt(blob, len, &cfg), 0);
			for (unsigned long pfn = 0xfe000; pfn < 0xfffff; pfn += 0x1ff) {
				const struct page *page = pfn_to_page(&k->memmap, pfn);

				CHECK_EQ(PageReserved(page), lpae);
				CHECK(!PageBuddy(page));
			}
			check_silent(&cfg);
		}

	mm_bug_set(MM_BUG_RESERVE_END_NO_WRAP, true);
	{
		struct kernel_config cfg = config(0, MEMORY_MODEL_FLATMEM);

		cfg.setup.boot.load_addr = 0xc0008000;
		CHECK_EQ(boot_fdt(blob, len, &cfg), 0);
	}
	mm_bug_set(MM_BUG_RESERVE_END_NO_WRAP, false);
	quiet();
	check_all(NULL, 0);
	CHECK(strstr(messages, "ORACLE: PageReserved follows memblock.reserved and NOMAP: at 0xfe000000:") !=
	      NULL);
	oracle_set_fail_handler(NULL);
	free(blob);
}

/*
 * Boot a classic board of 1 GiB at 0xc0000000 up to 4 GiB whose
 * hotpluggable node [hotplug, hotplug + 2) splits a page that a
 * reservation from 0xf0000000 to 4 GiB covers, under every memory model; expect
 * PageReserved on hole_pfn as given per model and none on inited_pfn;
 * the oracle is silent, and catches either page's flag flipped.
 */
static void check_unmarked_board(uint32_t hotplug, unsigned long hole_pfn, unsigned long inited_pfn,
				 bool flat_hole_reserved)
{
	static const unsigned profiles[] = { 0, 2 };	/* the classic ones */
	char dts[512];
	size_t len;
	void *blob;

	snprintf(dts, sizeof(dts),
		 "/dts-v1/;\n/memreserve/ 0xf0000000 0x10000000;\n"
		 "/ {\n #address-cells = <1>;\n #size-cells = <1>;\n chosen { };\n"
		 " memory@c0000000 { device_type = \"memory\"; reg = <0xc0000000 0x40000000>; };\n"
		 " memory@%x { device_type = \"memory\"; reg = <0x%x 0x2>; hotpluggable; };\n};\n",
		 hotplug, hotplug);
	blob = dtb_from_dts(dts, &len);
	CHECK(blob != NULL);
	if (!blob)
		return;
	for (unsigned i = 0; i < MM_ARRAY_SIZE(profiles); i++)
		for (int m = 0; m < MEMORY_MODEL_NR; m++) {
			struct kernel_config cfg = config(profiles[i], (enum memory_model)m);
			bool hole_reserved = m != MEMORY_MODEL_FLATMEM || flat_hole_reserved;
			struct page *hole, *inited;
			char want[128];

			cfg.setup.boot.load_addr = 0xc0008000;
			CHECK_EQ(boot_fdt(blob, len, &cfg), 0);
			hole = pfn_to_page(&k->memmap, hole_pfn);
			inited = pfn_to_page(&k->memmap, inited_pfn);
			CHECK_EQ(PageReserved(hole), hole_reserved);
			CHECK(!PageReserved(inited) && !PageBuddy(inited) && !PageBuddy(hole));
			check_silent(&cfg);

			hole->flags ^= 1u << PG_reserved;
			quiet();
			check_all(NULL, 0);
			snprintf(want, sizeof(want), "NOMAP: at 0x%lx000: expected 0x%d, actual 0x%d", hole_pfn,
				 hole_reserved, !hole_reserved);
			CHECK(strstr(messages, want) != NULL);
			hole->flags ^= 1u << PG_reserved;
			inited->flags |= 1u << PG_reserved;
			quiet();
			check_all(NULL, 0);
			snprintf(want, sizeof(want), "NOMAP: at 0x%lx000: expected 0x0, actual 0x1", inited_pfn);
			CHECK(strstr(messages, want) != NULL);
		}
	oracle_set_fail_handler(NULL);
	free(blob);
}

/*
 * A reservation whose end pfn wraps leaves its pages as memmap_init left
 * them, and zone sizing saw a hole where the hotplug node split a page:
 *
 *   0xc0000000          0xf0000000 +2 +4                    4 GiB
 *   |-------- memory --------|..|..|-------- memory ----------|
 *                           ^ hotplug [+2, +4) splits pfn 0xf0000
 *                           |======= /memreserve/ to 4 GiB =======|
 *
 * init_unavailable_range makes pfn 0xf0000 PageReserved; the hotplug
 * merge makes it whole again, but nothing marks or frees it.  Expect:
 * pfn 0xf0000 PageReserved, pfn 0xf0001 (memmap_init_range's) not.
 */
TEST(buddy_check_unmarked_hole_stays_reserved)
{
	check_unmarked_board(0xf0000002, 0xf0000, 0xf0001, true);
}

/*
 * The same with the split in the last whole page, pfn 0xffffe (the
 * hotplug node at 0xffffe002): zone
 * sizing ends before it, and only SPARSEMEM's memmap_init fills the
 * section's tail; FLATMEM leaves its struct page zeroed.  Expect: pfn
 * 0xffffe PageReserved except under FLATMEM, pfn 0xf0000 not.
 */
TEST(buddy_check_unmarked_page_past_the_last_memory)
{
	check_unmarked_board(0xffffe002, 0xffffe, 0xf0000, false);
}

TEST(naive_gfp_zone_table)
{
	CHECK_EQ(naive_gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	CHECK_EQ(naive_gfp_zone(GFP_DMA), ZONE_DMA);
	CHECK_EQ(naive_gfp_zone(GFP_HIGHUSER), ZONE_HIGHMEM);
	CHECK_EQ(naive_gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	CHECK_EQ(naive_gfp_zone(GFP_KERNEL | __GFP_MOVABLE), ZONE_NORMAL);
	for (unsigned i = 0; i < PA_NR_GFP_KINDS; i++)
		CHECK_EQ(naive_gfp_zone(pa_gfp_flags(i)), gfp_zone(pa_gfp_flags(i)));
}

TEST_MAIN()
