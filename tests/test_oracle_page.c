/*
 * The memory-model oracle (oracle/page_check.c, memmap_check.c,
 * boot_check.c, all fed by a kernel watch): silent on correct boots of
 * every preset board under every memory model, and each check fires on a
 * fabricated corruption (restored afterwards).
 */
#include "boot_check.h"
#include "dtb_helpers.h"
#include "gfp.h"
#include "highmem.h"
#include "kernel.h"
#include "memmap_check.h"
#include "oracle.h"
#include "page_alloc.h"
#include "page_alloc_ops.h"
#include "page_check.h"
#include "test.h"
#include "watched_boot.h"

static struct mm_kernel *k;
static struct kernel_watch *w;
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

static int boot(unsigned board, unsigned profile, enum memory_model model)
{
	struct kernel_config cfg = { 0 };
	const struct mm_profile *p = mm_profile_by_index(profile);
	const void *fdt;
	size_t len;

	cfg.profile = p;
	cfg.model = model;
	cfg.setup.boot.lpae = cfg.setup.layout.lpae = p->lpae;
	cfg.setup.layout.split = VMSPLIT_3G;
	cfg.setup.layout.highmem = true;
	layout_default_image(&cfg.setup.layout.image);
	fdt = pa_board_dtb(board, &len, &cfg.setup.boot);
	cfg.setup.boot.log = true;
	return watched_boot(&k, &w, fdt, len, &cfg);
}

/* Everything the watch expects of a boot, against the booted k. */
static void check_everything(void)
{
	page_check_full(w);
	boot_check_counts(w);
	boot_check_log(w);
}

TEST(page_check_silent_on_every_board_and_model)
{
	for (unsigned board = 0; board < PA_NR_BOARDS; board++)
		for (unsigned profile = 0; profile < 3; profile++)
			for (int m = 0; m < MEMORY_MODEL_NR; m++) {
				quiet();
				if (boot(board, profile, (enum memory_model)m) != 0)
					continue;
				check_everything();
				if (oracle_failures()) {
					fprintf(stderr, "  board %s profile %u model %s:\n%s",
						pa_board_name(board), profile,
						memory_model_name((enum memory_model)m), messages);
					CHECK_EQ(oracle_failures(), 0);
				}
			}
	oracle_set_fail_handler(NULL);
}

/*
 * kernelcore= and movablecore= on every board: ZONE_MOVABLE carved out of
 * the highest populated zone (HighMem, or Normal/DMA without it) by the
 * watch's own reading of find_zone_movable_pfns_for_nodes.
 */
TEST(page_check_silent_with_a_movable_zone)
{
	static const uint64_t core[][2] = {
		{ 128ULL << 20, 0 }, { 600ULL << 20, 0 }, { 0, 256ULL << 20 }, { 64ULL << 20, 900ULL << 20 },
	};
	unsigned long movable_boots = 0;

	for (unsigned board = 0; board < PA_NR_BOARDS; board++)
		for (unsigned c = 0; c < MM_ARRAY_SIZE(core); c++)
			for (int m = 0; m < MEMORY_MODEL_NR; m += 3) {
				struct kernel_config cfg = { 0 };
				const void *fdt;
				size_t len;

				cfg.profile = mm_profile_by_index(board % 2);
				cfg.model = (enum memory_model)m;
				cfg.setup.boot.lpae = cfg.setup.layout.lpae = cfg.profile->lpae;
				cfg.setup.layout.split = VMSPLIT_3G;
				cfg.setup.layout.highmem = c != 3;
				cfg.kernelcore = core[c][0];
				cfg.movablecore = core[c][1];
				layout_default_image(&cfg.setup.layout.image);
				fdt = pa_board_dtb(board, &len, &cfg.setup.boot);
				cfg.setup.boot.log = true;
				quiet();
				if (watched_boot(&k, &w, fdt, len, &cfg) != 0)
					continue;
				movable_boots += k->node.node_zones[ZONE_MOVABLE].spanned_pages != 0;
				check_everything();
				if (oracle_failures()) {
					fprintf(stderr, "  board %s kernelcore %llu movablecore %llu model %s:\n%s",
						pa_board_name(board), (unsigned long long)core[c][0],
						(unsigned long long)core[c][1], memory_model_name(cfg.model),
						messages);
					CHECK_EQ(oracle_failures(), 0);
				}
			}
	CHECK(movable_boots > 10);
	oracle_set_fail_handler(NULL);
}

static unsigned long first_present_pfn(void)
{
	return k->node.node_start_pfn;
}

TEST(page_check_catches_zone_flags)
{
	struct page *page;
	uint32_t saved;

	CHECK_EQ(boot(0, 0, MEMORY_MODEL_FLATMEM), 0);
	page = pfn_to_page(&k->memmap, first_present_pfn() + 5);
	saved = page->flags;
	page->flags ^= 1u << ZONES_PGSHIFT;
	quiet();
	page_check_range(w, first_present_pfn(), first_present_pfn() + 16);
	page->flags = saved;
	CHECK(strstr(messages, "ORACLE: page->flags zone:") != NULL);
	oracle_set_fail_handler(NULL);
}

TEST(page_check_catches_present_pages)
{
	CHECK_EQ(boot(1, 0, MEMORY_MODEL_FLATMEM), 0);
	k->node.node_zones[ZONE_HIGHMEM].present_pages++;
	quiet();
	page_check_zones(w);
	k->node.node_zones[ZONE_HIGHMEM].present_pages--;
	CHECK(strstr(messages, "ORACLE: zone present_pages:") != NULL);
	quiet();
	page_check_zones(w);
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

TEST(page_check_catches_section_mem_map)
{
	struct mem_section *ms;
	unsigned long nr;
	uint32_t saved;

	CHECK_EQ(boot(0, 0, MEMORY_MODEL_SPARSEMEM), 0);
	nr = first_present_pfn() >> PFN_SECTION_SHIFT;
	ms = &k->memmap.mem_section_static[nr];
	saved = ms->section_mem_map;
	ms->section_mem_map &= ~SECTION_IS_EARLY;
	quiet();
	page_check_range(w, nr << PFN_SECTION_SHIFT, (nr << PFN_SECTION_SHIFT) + 4);
	ms->section_mem_map = saved;
	CHECK(strstr(messages, "ORACLE: section_mem_map:") != NULL);

	/* An extreme root whose entry lies: the model's pfn_to_page_virt follows it, the watch does not. */
	CHECK_EQ(boot(0, 0, MEMORY_MODEL_SPARSEMEM_EXTREME), 0);
	ms = (struct mem_section *)&k->memmap.roots[nr / SECTIONS_PER_ROOT_EXTREME][nr % SECTIONS_PER_ROOT_EXTREME];
	saved = ms->section_mem_map;
	ms->section_mem_map += 0x8000000;
	quiet();
	page_check_range(w, nr << PFN_SECTION_SHIFT, (nr << PFN_SECTION_SHIFT) + 4);
	ms->section_mem_map = saved;
	CHECK(strstr(messages, "ORACLE: section_mem_map:") != NULL);
	CHECK(strstr(messages, "ORACLE: pfn_to_page_virt:") != NULL);
	oracle_set_fail_handler(NULL);
}

/* A mem_map the model moved: the watch places it where its allocation is. */
TEST(page_check_catches_a_misplaced_mem_map)
{
	CHECK_EQ(boot(2, 0, MEMORY_MODEL_FLATMEM), 0);
	k->memmap.mem_map_virt += 0x4000000;
	quiet();
	page_check_range(w, first_present_pfn(), first_present_pfn() + 4);
	memmap_check_tables(w);
	k->memmap.mem_map_virt -= 0x4000000;
	CHECK(strstr(messages, "ORACLE: pfn_to_page_virt:") != NULL);
	CHECK(strstr(messages, "ORACLE: mem_map:") != NULL);
	oracle_set_fail_handler(NULL);
}

/* Boot with one field of the model off by one, check the counts, restore it; true when named. */
static bool count_named(unsigned long *field, const char *invariant)
{
	++*field;
	quiet();
	boot_check_counts(w);
	--*field;
	return strstr(messages, invariant) != NULL;
}

/* Counts and figures the model keeps: each tampered one is named. */
TEST(boot_check_catches_counts_and_lines)
{
	struct zone *dma;

	CHECK_EQ(boot(1, 0, MEMORY_MODEL_FLATMEM), 0);
	dma = &k->node.node_zones[ZONE_DMA];
	quiet();
	check_everything();
	CHECK_EQ(oracle_failures(), 0);
	CHECK(count_named(&dma->managed_pages, "ORACLE: zone managed_pages:"));
	CHECK(count_named(&dma->_watermark[WMARK_LOW], "ORACLE: zone watermark:"));
	CHECK(count_named((unsigned long *)&dma->lowmem_reserve[ZONE_HIGHMEM], "ORACLE: lowmem_reserve:"));
	CHECK(count_named(&k->min_free_kbytes, "ORACLE: min_free_kbytes:"));
	k->page_group_by_mobility_disabled = !k->page_group_by_mobility_disabled;
	quiet();
	boot_check_counts(w);
	k->page_group_by_mobility_disabled = !k->page_group_by_mobility_disabled;
	CHECK(strstr(messages, "ORACLE: mobility grouping:") != NULL);
	*strstr(k->log->buf, "Total pages:") = 't';
	quiet();
	boot_check_log(w);
	CHECK(strstr(messages, "ORACLE: boot log:") != NULL);
	oracle_set_fail_handler(NULL);
}

TEST(page_check_kmap_checks_the_page_tables)
{
	struct page *page;
	uint32_t va;
	int err = 0;

	CHECK_EQ(boot(1, 0, MEMORY_MODEL_FLATMEM), 0);
	page = alloc_pages(k, GFP_HIGHUSER_MOVABLE, 0);
	CHECK(page != NULL);
	if (!page)
		return;
	va = kmap(k, page, &err);
	CHECK(va != 0);
	quiet();
	page_check_kmap(w, page, va);
	CHECK_EQ(oracle_failures(), 0);
	page_check_kmap(w, page, va + 0x1000);
	CHECK(strstr(messages, "ORACLE: kmap mapping:") != NULL);
	quiet();
	va = kmap_local_page(k, page, &err);
	page_check_kmap_local(w, page, va, 0);
	CHECK_EQ(oracle_failures(), 0);
	page_check_kmap_local(w, page, va, 1);
	CHECK(strstr(messages, "ORACLE: kmap_local fixmap slot:") != NULL);
	kunmap_local(k, va);
	oracle_set_fail_handler(NULL);
}

/* debian-armmp, 3G split with highmem, loaded at 0x40008000: for hand-made device trees. */
static struct kernel_config dt_config(enum memory_model model)
{
	struct kernel_config cfg = { 0 };

	cfg.profile = mm_profile_by_index(0);
	cfg.model = model;
	cfg.setup.layout.split = VMSPLIT_3G;
	cfg.setup.layout.highmem = true;
	cfg.setup.boot.load_addr = 0x40008000;
	layout_default_image(&cfg.setup.layout.image);
	return cfg;
}

/* The full sweep of the booted k reports nothing; what it reported is printed with the model. */
static void full_sweep_silent(enum memory_model m)
{
	quiet();
	check_everything();
	if (oracle_failures()) {
		fprintf(stderr, "  model %s:\n%s", memory_model_name(m), messages);
		CHECK_EQ(oracle_failures(), 0);
	}
}

/*
 * A hotpluggable node at a sub-page address splits memblock.memory when
 * the zones are sized (pfns 0x50000 and 0x50100 fall between regions);
 * memblock_free_all merges it again.  Zone sizes follow the split the
 * watch saw at bootmem_init, the final memory the merge: silent under
 * every model.
 */
TEST(page_check_zones_sized_before_the_hotplug_merge)
{
	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct kernel_config cfg = dt_config((enum memory_model)m);
		void *blob;

		dtb_begin_bank(0x40000000, SZ_512M);
		dtb_node("memory@50000002");
		dtb_str("device_type", "memory");
		dtb_cells("reg", 2, 0x50000002, 0x100001);
		dtb_empty("hotpluggable");
		dtb_end_node();
		blob = dtb_finish();
		CHECK_EQ(watched_boot(&k, &w, blob, fdt_totalsize(blob), &cfg), 0);
		CHECK_EQ(k->setup->boot->mb.memory.cnt, 1);
		CHECK_EQ(k->node.node_present_pages, 0x20000 - 2);
		CHECK_EQ(w->nr_memory, 3);
		CHECK_EQ(w->memory[1].base, 0x50000002);
		CHECK_EQ(w->memory[1].flags, MEMBLOCK_HOTPLUG);
		full_sweep_silent((enum memory_model)m);
	}
	oracle_set_fail_handler(NULL);
}

/*
 *   memory |====== 0x08000000 ======|+1 byte     (usable-memory-range cap)
 *          0x40000000               0x48000000
 *
 * Expect: the full sweep is silent under every model.  The byte past the
 * last whole page makes FLATMEM's pfn_valid (memblock_overlaps_region over
 * the pageblock) true for the whole next pageblock, and the sweep's probes
 * past the node span compare with that rule instead of expecting "invalid"
 * (this was repro/page_alloc/flatmem-partial-last-page-makes-next-pageblock-valid,
 * which page_alloc now refuses for an unrelated reason).
 */
TEST(page_check_partial_last_page)
{
	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct kernel_config cfg = dt_config((enum memory_model)m);
		void *blob;

		dtb_begin_bank(0x40000000, SZ_256M);
		/* the DT memory path page-aligns sizes; the usable-memory cap is exact */
		dtb_node("chosen");
		dtb_cells("linux,usable-memory-range", 2, 0x40000000, 0x08000001);
		dtb_end_node();
		blob = dtb_finish();
		CHECK_EQ(watched_boot(&k, &w, blob, fdt_totalsize(blob), &cfg), 0);
		CHECK_EQ(k->node.node_present_pages, 0x8000);
		if (m == MEMORY_MODEL_FLATMEM)
			CHECK(memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x48000 + 100));
		full_sweep_silent((enum memory_model)m);
		mm_kernel_release(k);
	}
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
