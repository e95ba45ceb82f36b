/*
 * The memory-model oracle (oracle/page_check.c): silent on correct boots
 * of every preset board under every memory model, and each check fires on
 * a fabricated corruption (restored afterwards).
 */
#include "dtb_helpers.h"
#include "gfp.h"
#include "highmem.h"
#include "kernel.h"
#include "oracle.h"
#include "page_alloc.h"
#include "page_alloc_ops.h"
#include "page_check.h"
#include "test.h"

static struct mm_kernel *k;
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
	if (!k)
		k = mm_kernel_new();
	return mm_kernel_boot(k, fdt, len, &cfg);
}

TEST(page_check_silent_on_every_board_and_model)
{
	for (unsigned board = 0; board < PA_NR_BOARDS; board++)
		for (unsigned profile = 0; profile < 3; profile++)
			for (int m = 0; m < MEMORY_MODEL_NR; m++) {
				quiet();
				if (boot(board, profile, (enum memory_model)m) != 0)
					continue;
				page_check_full(k);
				if (oracle_failures()) {
					fprintf(stderr, "  board %s profile %u model %s:\n%s",
						pa_board_name(board), profile,
						memory_model_name((enum memory_model)m), messages);
					CHECK_EQ(oracle_failures(), 0);
				}
			}
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
	page_check_range(k, first_present_pfn(), first_present_pfn() + 16);
	page->flags = saved;
	CHECK(strstr(messages, "ORACLE: page->flags zone:") != NULL);
	oracle_set_fail_handler(NULL);
}

TEST(page_check_catches_present_pages)
{
	CHECK_EQ(boot(1, 0, MEMORY_MODEL_FLATMEM), 0);
	k->node.node_zones[ZONE_HIGHMEM].present_pages++;
	quiet();
	page_check_zones(k);
	k->node.node_zones[ZONE_HIGHMEM].present_pages--;
	CHECK(strstr(messages, "ORACLE: zone present_pages:") != NULL);
	quiet();
	page_check_zones(k);
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
	page_check_range(k, nr << PFN_SECTION_SHIFT, (nr << PFN_SECTION_SHIFT) + 4);
	ms->section_mem_map = saved;
	CHECK(strstr(messages, "ORACLE: section_mem_map flags:") != NULL);

	/* An extreme root whose entry lies: the model's pfn_to_page_virt follows it, the arithmetic does not. */
	CHECK_EQ(boot(0, 0, MEMORY_MODEL_SPARSEMEM_EXTREME), 0);
	ms = (struct mem_section *)&k->memmap.roots[nr / SECTIONS_PER_ROOT_EXTREME][nr % SECTIONS_PER_ROOT_EXTREME];
	saved = ms->section_mem_map;
	ms->section_mem_map += 0x8000000;
	quiet();
	page_check_range(k, nr << PFN_SECTION_SHIFT, (nr << PFN_SECTION_SHIFT) + 4);
	ms->section_mem_map = saved;
	CHECK(strstr(messages, "ORACLE: memmap inside memblock.reserved:") != NULL);
	oracle_set_fail_handler(NULL);
}

TEST(page_check_catches_a_misplaced_mem_map)
{
	CHECK_EQ(boot(2, 0, MEMORY_MODEL_FLATMEM), 0);
	k->memmap.mem_map_virt += 0x4000000;
	quiet();
	page_check_range(k, first_present_pfn(), first_present_pfn() + 4);
	k->memmap.mem_map_virt -= 0x4000000;
	CHECK(oracle_failures() > 0);
	CHECK(strstr(messages, "ORACLE: memmap inside memblock.reserved:") != NULL);
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
	page_check_kmap(k, page, va);
	CHECK_EQ(oracle_failures(), 0);
	page_check_kmap(k, page, va + 0x1000);
	CHECK(strstr(messages, "ORACLE: kmap mapping:") != NULL);
	quiet();
	va = kmap_local_page(k, page, &err);
	page_check_kmap_local(k, page, va, 0);
	CHECK_EQ(oracle_failures(), 0);
	page_check_kmap_local(k, page, va, 1);
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
	page_check_full(k);
	if (oracle_failures()) {
		fprintf(stderr, "  model %s:\n%s", memory_model_name(m), messages);
		CHECK_EQ(oracle_failures(), 0);
	}
}

/*
 * A hotpluggable node at a sub-page address splits memblock.memory when
 * the zones are sized (pfns 0x50000 and 0x50100 fall between regions);
 * memblock_free_all merges it again.  Zone sizes follow the split, the
 * final memory the merge: silent under every model.  A zone-sizing copy
 * that is not a split of the final memory is caught.
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
		if (!k)
			k = mm_kernel_new();
		CHECK_EQ(mm_kernel_boot(k, blob, fdt_totalsize(blob), &cfg), 0);
		CHECK_EQ(k->setup->boot->mb.memory.cnt, 1);
		CHECK_EQ(k->node.node_present_pages, 0x20000 - 2);
		full_sweep_silent((enum memory_model)m);
	}
	k->zone_memory[1].size -= 0x1000;
	quiet();
	page_check_zones(k);
	k->zone_memory[1].size += 0x1000;
	CHECK(strstr(messages, "ORACLE: memblock.memory after zone sizing:") != NULL);
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
		if (!k)
			k = mm_kernel_new();
		CHECK_EQ(mm_kernel_boot(k, blob, fdt_totalsize(blob), &cfg), 0);
		CHECK_EQ(k->node.node_present_pages, 0x8000);
		if (m == MEMORY_MODEL_FLATMEM)
			CHECK(memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x48000 + 100));
		full_sweep_silent((enum memory_model)m);
		mm_kernel_release(k);
	}
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
