/* Memory models: profiles, FLATMEM mem_map, SPARSEMEM sections and roots, VMEMMAP window, pfn_valid, reset. */
#include "zones_helpers.h"

#include "bugs.h"
#include "mm_errno.h"

static struct mm_kernel *kern(void)
{
	static struct mm_kernel *k;

	if (!k)
		k = mm_kernel_new();
	return k;
}

static const struct board virt_1g = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_1G } };

TEST(profiles_table)
{
	const struct mm_profile *p = mm_profile_find("debian-armmp");

	CHECK(p && !p->lpae && p->max_order == 12 && p->pageblock_order == 11 && p->struct_page_size == 36);
	p = mm_profile_find("debian-armmp-lpae");
	CHECK(p && p->lpae && p->max_order == 12 && p->pageblock_order == 9 && p->thp && p->cma_size_mbytes == 16);
	p = mm_profile_find("multi_v7");
	CHECK(p && !p->lpae && p->max_order == 11 && p->pageblock_order == 10);
	CHECK(mm_profile_find("nope") == NULL);
	CHECK(mm_profile_by_index(3) == NULL);
	CHECK_STR(memory_model_name(MEMORY_MODEL_SPARSEMEM_EXTREME), "sparsemem-extreme");
}

TEST(flatmem_mem_map_coverage_and_arithmetic)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	/* 0x40100000 start: node start not MAX_ORDER aligned, and not PHYS_PFN_OFFSET. */
	struct board b = { .nbanks = 1, .base = { 0x40100000 }, .size = { SZ_256M } };

	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK_EQ(k->memmap.arch_pfn_offset, 0x40000);
	CHECK_EQ(k->memmap.map_start_pfn, 0x40000);
	CHECK_EQ(k->memmap.map_end_pfn, 0x50800);
	/* node_start != ARCH_PFN_OFFSET: mem_map is the map's start, which is ARCH_PFN_OFFSET's page. */
	CHECK_EQ(pfn_to_page_virt(&k->memmap, 0x40100) - pfn_to_page_virt(&k->memmap, 0x40000), 0x100 * 36);
	CHECK(memblock_is_region_reserved(&k->setup->boot->mb,
					  layout_va_to_pa(&k->setup->layout, k->memmap.mem_map_virt),
					  (0x50800 - 0x40000) * 36));
	for (unsigned long pfn = 0x40000; pfn < 0x50800; pfn += 0x777) {
		struct page *p = pfn_to_page(&k->memmap, pfn);

		CHECK(p != NULL);
		CHECK_EQ(page_to_pfn(&k->memmap, p), pfn);
	}
	CHECK(pfn_to_page(&k->memmap, 0x3ffff) == NULL);
	CHECK(pfn_to_page(&k->memmap, 0x50800) == NULL);
	/* ARM pfn_valid: the pageblock (8 MiB) around the pfn overlaps memory. */
	CHECK(memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x40000));
	CHECK(memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x507ff));
	CHECK(!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x50800));
	CHECK(!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x3ffff));
	/* The pages before the bank, in its first pageblock, are initialised Reserved holes. */
	CHECK(PageReserved(pfn_to_page(&k->memmap, 0x40000)));
	CHECK(pfn_to_page(&k->memmap, 0x40000)->initialised);
}

TEST(flatmem_mem_map_at_phys_offset)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK_EQ(k->memmap.map_start_pfn, 0x40000);
	CHECK_EQ(k->memmap.map_end_pfn, 0x80000);
	/* 1 GiB of struct pages: 9 MiB, top-down below the memblock limit. */
	CHECK_EQ(pfn_to_page_virt(&k->memmap, 0x40000), k->memmap.mem_map_virt);
	CHECK_EQ(pfn_to_page_virt(&k->memmap, 0x7ffff) - k->memmap.mem_map_virt, 0x3ffff * 36);
}

/* RAM far above PHYS_OFFSET (image outside RAM): FLATMEM's mem_map would not cover the node. */
TEST(flatmem_mem_map_below_node_panics)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x200000);
	const struct board b = { .nbanks = 1, .base = { 0x20000000 }, .size = { SZ_128M } };
	char line[160];

	CHECK_EQ(boot_board(k, &b, &cfg), -MM_EPANIC);
	CHECK_STR(log_line(k, "Kernel panic", line, sizeof(line)),
		  "Kernel panic - not syncing: model: mem_map from PHYS_OFFSET does not cover node 0");
	/*
	 * The section-based models have no such offset; the boot still ends
	 * at free_initmem(), whose init sections lie outside RAM.
	 */
	cfg.model = MEMORY_MODEL_SPARSEMEM;
	CHECK_EQ(boot_board(k, &b, &cfg), -MM_EPANIC);
	CHECK(strstr(log_line(k, "Kernel panic", line, sizeof(line)), "unused kernel image (initmem)"));
	cfg.stop_at = BOOT_TO_MEM_INIT;
	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK(pfn_to_page(&k->memmap, 0x20000) != NULL);
	/* ARCH_PFN_OFFSET == node start stays accepted. */
	cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x20000000);
	CHECK_EQ(boot_board(k, &b, &cfg), 0);
}

static void check_sections(struct mm_kernel *k, unsigned long first, unsigned long last, unsigned long extra)
{
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		const struct mem_section *ms = __nr_to_section(&k->memmap, nr);
		bool present = (nr >= first && nr <= last) || nr == extra;

		if (!present) {
			CHECK(!ms || ms->section_mem_map == 0);
			continue;
		}
		CHECK(ms != NULL);
		if (!ms)
			continue;
		CHECK_EQ(ms->section_mem_map & ~SECTION_MAP_MASK, 0xf);
		/* Decoded map + pfn is where the struct page of pfn lives. */
		for (unsigned long pfn = nr << PFN_SECTION_SHIFT; pfn < (nr + 1) << PFN_SECTION_SHIFT; pfn += 0x3333) {
			uint32_t va = (ms->section_mem_map & SECTION_MAP_MASK) + (uint32_t)pfn * 36;

			CHECK_EQ(pfn_to_page_virt(&k->memmap, pfn), va);
		}
		if (k->memmap.model != MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
			uint32_t map = (ms->section_mem_map & SECTION_MAP_MASK) + (uint32_t)(nr << PFN_SECTION_SHIFT) * 36;

			CHECK(memblock_is_region_reserved(&k->setup->boot->mb,
							  layout_va_to_pa(&k->setup->layout, map), PAGES_PER_SECTION * 36));
			CHECK(memblock_is_region_reserved(&k->setup->boot->mb,
							  layout_va_to_pa(&k->setup->layout, ms->usage_virt), 16));
		}
	}
}

TEST(sparsemem_static_section_encoding)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_SPARSEMEM, 0x40000000);
	struct page *p;

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK(k->memmap.mem_section_static != NULL);
	CHECK(k->memmap.roots[0] == NULL);
	check_sections(k, 4, 7, ~0UL);
	p = pfn_to_page(&k->memmap, 0x6abcd);
	CHECK_EQ(memmap_section_nr_from_flags(&k->memmap, p), 6);
	CHECK_EQ(p->flags >> SECTIONS_PGSHIFT, 6);
	CHECK_EQ(page_zonenum(k, p), ZONE_DMA);
	CHECK_EQ(page_zonenum(k, pfn_to_page(&k->memmap, 0x7abcd)), ZONE_HIGHMEM);
	/* Generic SPARSEMEM pfn_valid: whole present sections. */
	CHECK(memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x40000));
	CHECK(!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x3ffff));
	CHECK(!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, 0x80000));
}

TEST(sparsemem_extreme_roots_reserved)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_SPARSEMEM_EXTREME, 0x40000000);
	const struct mem_section *ms;

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK(k->memmap.mem_section_static == NULL);
	CHECK(k->memmap.roots[0] != NULL);
	CHECK(k->memmap.roots[1] == NULL);
	CHECK(memblock_is_region_reserved(&k->setup->boot->mb,
					  layout_va_to_pa(&k->setup->layout, k->memmap.roots_virt[0]), PAGE_SIZE));
	check_sections(k, 4, 7, ~0UL);
	/* The table entry is roots[nr / 256][nr % 256]. */
	CHECK(__nr_to_section(&k->memmap, 5) == &k->memmap.roots[0][5]);

	mm_bug_set(MM_BUG_SECTION_ROOT_INDEX, true);
	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	ms = &k->memmap.roots[0][5];
	CHECK(__nr_to_section(&k->memmap, 5) != ms);
	mm_bug_set(MM_BUG_SECTION_ROOT_INDEX, false);
	CHECK_EQ(k->memmap.roots[0][4].section_mem_map, 0);
}

TEST(sparsemem_lpae_high_sections)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp-lpae", MEMORY_MODEL_SPARSEMEM_EXTREME, 0x80000000);
	struct board b = { .nbanks = 2, .base = { 0x80000000, 0x880000000 }, .size = { SZ_1G, SZ_256M } };

	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	check_sections(k, 8, 11, 0x88);
	CHECK(__nr_to_section(&k->memmap, 0x88) != NULL);
	CHECK_EQ(__nr_to_section(&k->memmap, 0x88)->section_mem_map & ~SECTION_MAP_MASK, 0xf);
	CHECK(pfn_to_page(&k->memmap, 0x880123) != NULL);
	CHECK_EQ(page_zonenum(k, pfn_to_page(&k->memmap, 0x880123)), ZONE_HIGHMEM);
}

TEST(vmemmap_window_mapped_through_page_tables)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_SPARSEMEM_VMEMMAP, 0x40000000);
	uint32_t start, end;
	phys_addr_t pa;

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	start = pfn_to_page_virt(&k->memmap, 0x40000);
	end = pfn_to_page_virt(&k->memmap, 0x80000);
	CHECK_EQ(start & 0x1fffff, 0);
	CHECK(start >= k->setup->layout.vmalloc_start);
	CHECK(end <= k->setup->layout.vmalloc_end);
	CHECK_EQ(end - start, 0x40000 * 36);
	check_sections(k, 4, 7, ~0UL);
	for (uint32_t va = start; va < end; va += 0x1000 * 37) {
		CHECK(mmu_translate(&k->setup->mmu, va, &pa));
		CHECK(memblock_is_region_reserved(&k->setup->boot->mb, pa & PAGE_MASK, PAGE_SIZE));
	}
	CHECK(!mmu_translate(&k->setup->mmu, end + 0x1000, &pa));
}

TEST(vmemmap_lpae)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp-lpae", MEMORY_MODEL_SPARSEMEM_VMEMMAP, 0x40000000);
	phys_addr_t pa;

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK(mmu_translate(&k->setup->mmu, pfn_to_page_virt(&k->memmap, 0x7ffff), &pa));
	CHECK(memblock_is_region_reserved(&k->setup->boot->mb, pa & PAGE_MASK, PAGE_SIZE));
}

TEST(reset_and_reuse)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	char first[256], again[256];

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	snprintf(first, sizeof(first), "%s", log_line(k, "Memory:", (char[256]){ 0 }, 256));
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
		CHECK_STR(log_line(k, "Memory:", again, sizeof(again)), first);
	}
	memmap_reset(&k->memmap);
	CHECK_EQ(memmap_nr_materialised(&k->memmap), 0);
	CHECK(pfn_to_page(&k->memmap, 0x40000) == NULL);
}

static bool same_page(const struct page *a, const struct page *b)
{
	return a->flags == b->flags && a->private == b->private && a->page_type == b->page_type &&
	       a->_refcount == b->_refcount && a->compound_head == b->compound_head &&
	       a->initialised == b->initialised;
}

/*
 * A read-only sweep of 256K pfns (128 host chunks) told to keep 128K holds
 * the pages it materialised in at most 64 chunks; pages materialised before it keep their storage and writes;
 * afterwards a recycled page derives again to the same content.
 */
TEST(sweep_recycles_storage)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	struct page *kept, before;
	size_t nr_before, peak = 0;

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	kept = pfn_to_page(&k->memmap, 0x7ff00);
	kept->private = 0x1234;
	before = *pfn_to_page(&k->memmap, 0x50000);
	nr_before = memmap_nr_materialised(&k->memmap);

	memmap_sweep_begin(&k->memmap, 64 * 2048);
	for (unsigned long pfn = 0x40000; pfn < 0x80000; pfn++) {
		size_t nr;

		CHECK(pfn_to_page(&k->memmap, pfn) != NULL);
		nr = memmap_nr_materialised(&k->memmap);
		if (nr > peak)
			peak = nr;
	}
	CHECK(peak <= nr_before + 64 * 2048);
	CHECK(peak > nr_before);
	CHECK(pfn_to_page(&k->memmap, 0x7ff00) == kept);
	CHECK_EQ(kept->private, 0x1234);
	memmap_sweep_end(&k->memmap);

	CHECK_EQ(memmap_nr_materialised(&k->memmap), nr_before);
	CHECK(pfn_to_page(&k->memmap, 0x7ff00) == kept);
	CHECK_EQ(kept->private, 0x1234);
	CHECK(same_page(pfn_to_page(&k->memmap, 0x50000), &before));
}

TEST_MAIN()
