/*
 * The hand-over to the buddy allocator: deferred struct-page init against
 * the kernel's eager loops, the free_highpages fast path against the
 * per-page loop, the Memory: line, watermarks, CMA activation, the
 * differential's extra reservations, bug bite.
 */
#include "zones_helpers.h"

#include "bugs.h"
#include "mm_errno.h"

static struct mm_kernel *ka, *kb;

static void kernels(void)
{
	if (!ka) {
		ka = mm_kernel_new();
		kb = mm_kernel_new();
	}
}

static const struct board virt_1g = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_1G } };
static const char *const profiles[] = { "debian-armmp", "debian-armmp-lpae", "multi_v7" };

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Small boards with odd edges: unaligned bank edges, holes of pages to MiBs, no-map carve-outs, /memreserve/, highmem via vmalloc=. */
static struct board gen_board(uint32_t seed, bool lpae, char *args, size_t cap)
{
	struct board b = { 0 };
	uint64_t at = 0x40000000;

	if (rnd(&seed) % 3 == 0)
		at += (uint64_t)(rnd(&seed) % 64) * 0x1000;
	b.nbanks = 1 + (int)(rnd(&seed) % 3);
	for (int i = 0; i < b.nbanks; i++) {
		uint64_t size = (uint64_t)(8 + rnd(&seed) % 200) << 20;

		if (rnd(&seed) % 2)
			size += (uint64_t)(rnd(&seed) % 512) * 0x1000;
		if (lpae && i == 2)
			at = 0x100000000ULL + (uint64_t)(rnd(&seed) % 8) * 0x1000000;
		b.base[i] = at;
		b.size[i] = size;
		at += size;
		switch (rnd(&seed) % 3) {
		case 0:
			at += (uint64_t)(1 + rnd(&seed) % 300) * 0x1000;
			break;
		case 1:
			at += (uint64_t)(1 + rnd(&seed) % 40) << 20;
			break;
		default:
			at += (uint64_t)(1 + rnd(&seed) % 4) << 24;
			break;
		}
	}
	if (rnd(&seed) % 2) {
		b.nnomap = 1;
		b.nomap[0][0] = b.base[0] + 0x2000000 + (uint64_t)(rnd(&seed) % 1024) * 0x1000 +
				(rnd(&seed) % 4 == 0 ? 0x800 : 0);
		b.nomap[0][1] = (uint64_t)(1 + rnd(&seed) % 600) * 0x1000;
	}
	if (rnd(&seed) % 2) {
		b.nrsv = 1;
		b.rsv[0] = b.base[b.nbanks - 1] + (uint64_t)(rnd(&seed) % 2048) * 0x1000 + 0x123;
		b.rsv[1] = (uint64_t)(1 + rnd(&seed) % 3000) * 0x1000;
	}
	snprintf(args, cap, "vmalloc=%uM%s", 400 + (unsigned)(rnd(&seed) % 500),
		 rnd(&seed) % 3 == 0 ? " cma=8M" : "");
	b.bootargs = args;
	return b;
}

TEST(lazy_memmap_equals_eager)
{
	int compared = 0;
	char args[64];

	kernels();
	for (uint32_t seed = 1; seed <= 10; seed++)
		for (int p = 0; p < 3; p++)
			for (int m = 0; m < MEMORY_MODEL_NR; m++) {
				struct kernel_config cfg = kernel_cfg(profiles[p], (enum memory_model)m, 0x40000000);
				struct board b = gen_board(seed * 7919 + (uint32_t)p, cfg.profile->lpae, args, sizeof(args));
				int ra, rb;

				/* Some boards with a ZONE_MOVABLE (kernelcore=), in lowmem or highmem. */
				cfg.kernelcore = seed % 4 == 0 ? (uint64_t)(64 + seed * 8) << 20 : 0;
				ra = boot_board(ka, &b, &cfg);
				cfg.eager_memmap = true;
				rb = boot_board(kb, &b, &cfg);
				CHECK_EQ(ra, rb);
				if (ra < 0 || rb < 0)
					continue;
				compared++;
				if (kernels_differ(ka, kb, true)) {
					fprintf(stderr, "  seed %u profile %s model %s\n", seed, profiles[p],
						memory_model_name((enum memory_model)m));
					CHECK(0);
				}
			}
	CHECK(compared >= 100);
}

TEST(free_highpages_fast_equals_per_page)
{
	int compared = 0, with_highmem = 0;
	char args[64];

	kernels();
	for (uint32_t seed = 1; seed <= 60; seed++) {
		int p = (int)(seed % 3);
		enum memory_model m = (enum memory_model)(seed / 3 % MEMORY_MODEL_NR);
		struct kernel_config cfg = kernel_cfg(profiles[p], m, 0x40000000);
		struct board b = gen_board(seed * 104729, cfg.profile->lpae, args, sizeof(args));
		int ra, rb;

		ra = boot_board(ka, &b, &cfg);
		cfg.reference_free_highpages = true;
		rb = boot_board(kb, &b, &cfg);
		CHECK_EQ(ra, rb);
		if (ra < 0 || rb < 0)
			continue;
		compared++;
		with_highmem += ka->totalhigh_pages != 0;
		if (kernels_differ(ka, kb, true)) {
			fprintf(stderr, "  seed %u profile %s model %s\n", seed, profiles[p], memory_model_name(m));
			CHECK(0);
		}
	}
	CHECK(compared >= 50);
	CHECK(with_highmem >= 20);
}

TEST(free_highpages_fast_edges)
{
	/* Highmem runs with unaligned ends, a run touching another at a region boundary, zone-split runs. */
	static const struct board boards[] = {
		{ .nbanks = 2, .base = { 0x40000000, 0x70001000 }, .size = { 3 * SZ_256M, 0x0ffff000 - 0x3000 } },
		{ .nbanks = 3, .base = { 0x40000000, 0x70000000, 0x71234000 },
		  .size = { 3 * SZ_256M, 0x01234000 - 0x5000, SZ_16M } },
		{ .nbanks = 1, .base = { 0x40000000 }, .size = { 0x30000000 + 0x7ff000 }, .nrsv = 2,
		  .rsv = { 0x70003000, SZ_4K, 0x70401000, 2 * SZ_4K } },
	};
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);

	kernels();
	for (size_t i = 0; i < MM_ARRAY_SIZE(boards); i++)
		for (int kc = 0; kc < 2; kc++) {
			cfg.kernelcore = kc ? 0x2c000000 : 0;
			cfg.reference_free_highpages = false;
			CHECK_EQ(boot_board(ka, &boards[i], &cfg), 0);
			cfg.reference_free_highpages = true;
			CHECK_EQ(boot_board(kb, &boards[i], &cfg), 0);
			CHECK(ka->totalhigh_pages > 0);
			CHECK_EQ(kernels_differ(ka, kb, true), 0);
		}
}

TEST(memory_line_worked_example)
{
	char line[512];

	kernels();
	CHECK_EQ(boot_board(ka, &virt_1g, &(struct kernel_config){ 0 }), -MM_EINPUT);
	{
		struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);

		CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	}
	/*
	 * Exact from the build and the board: total 1048576K (present pages),
	 * the five image sizes, 16384K cma-reserved, 245760K highmem (highmem
	 * less the CMA area).  available and reserved also depend on every
	 * memblock allocation before mem_init: the model makes those of
	 * setup_arch and the memmap (image, page tables, 9 MiB mem_map,
	 * usemaps) but not start_kernel's per-cpu areas, log buffer and hash
	 * tables, so a real boot shows a larger reserved figure.
	 */
	CHECK_STR(log_line(ka, "Memory:", line, sizeof(line)),
		  "Memory: 1003444K/1048576K available (11264K kernel code, 1700K rwdata, 3732K rodata, 2048K init, "
		  "377K bss, 28748K reserved, 16384K cma-reserved, 245760K highmem)");
	CHECK_EQ(ka->totalcma_pages, 4096);
	CHECK_EQ(ka->totalhigh_pages, 65536);
	CHECK_EQ(ka->node.node_present_pages, 262144);
}

/*
 * mm_kernel_release() forgets a boot at once: no simulated RAM, no memmap
 * chunks, memblock back on its static arrays.  A boot after it equals a
 * boot on a fresh kernel.
 */
TEST(release_forgets_the_boot)
{
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_SPARSEMEM_VMEMMAP, 0x40000000);
	struct mm_kernel *fresh = mm_kernel_new();

	kernels();
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	CHECK(phys_mem_nr_pages(ka->setup->pm) > 0);
	CHECK(memmap_nr_materialised(&ka->memmap) > 0);
	mm_kernel_release(ka);
	CHECK_EQ(phys_mem_nr_pages(ka->setup->pm), 0);
	CHECK_EQ(memmap_nr_materialised(&ka->memmap), 0);
	CHECK(ka->setup->boot->mb.memory.regions == ka->setup->boot->mb.init_memory);
	CHECK(ka->setup->boot->mb.reserved.regions == ka->setup->boot->mb.init_reserved);
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	CHECK_EQ(boot_board(fresh, &virt_1g, &cfg), 0);
	CHECK(!kernels_differ(ka, fresh, true));
	mm_kernel_free(fresh);
}

TEST(cma_pageblocks_activated)
{
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	const struct zone *hi;

	kernels();
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	hi = &ka->node.node_zones[ZONE_HIGHMEM];
	CHECK_EQ(ka->nr_cma, 1);
	CHECK_EQ(ka->cma[0].base, 0x7f000000);
	CHECK_EQ(ka->cma[0].count, 4096);
	for (unsigned long pfn = 0x7f000; pfn < 0x80000; pfn += 2048)
		CHECK_EQ(get_pfnblock_migratetype(ka, pfn), MIGRATE_CMA);
	CHECK_EQ(get_pfnblock_migratetype(ka, 0x7e800), MIGRATE_MOVABLE);
	CHECK_EQ(hi->cma_pages, 4096);
	CHECK_EQ(hi->nr_free_cma_pages, 4096);
	CHECK_EQ(hi->managed_pages, 65536);
	CHECK_EQ(hi->free_area[11].nr_free, 32);
	CHECK(!list_empty(&hi->free_area[11].free_list[MIGRATE_CMA]));
	CHECK(!PageReserved(pfn_to_page(&ka->memmap, 0x7f123)));
}

/*
 * kernel_config.extra_reserved (the differential's padding) is reserved
 * before memblock_free_all hands memory over: a range straddling pfns
 * 0x50000 and 0x50001 keeps both pages reserved and out of the buddy
 * allocator, in the lazy and the eager memmap alike.
 */
TEST(extra_reserved_stays_out_of_the_buddy)
{
	static const struct memblock_region extra[] = { { .base = 0x50000800, .size = 0x1000 } };
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_SPARSEMEM, 0x40000000);
	unsigned long plain;

	kernels();
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	plain = ka->totalram_pages;
	CHECK(!PageReserved(pfn_to_page(&ka->memmap, 0x50000)));
	cfg.extra_reserved = extra;
	cfg.nr_extra_reserved = 1;
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	cfg.eager_memmap = true;
	CHECK_EQ(boot_board(kb, &virt_1g, &cfg), 0);
	CHECK(!kernels_differ(ka, kb, true));
	CHECK_EQ(ka->totalram_pages, plain - 2);
	CHECK(memblock_is_region_reserved(&ka->setup->boot->mb, 0x50000800, 0x1000));
	for (unsigned long pfn = 0x50000; pfn < 0x50002; pfn++) {
		CHECK(PageReserved(pfn_to_page(&ka->memmap, pfn)));
		CHECK(!PageBuddy(pfn_to_page(&ka->memmap, pfn)));
	}
}

/*
 * A /memreserve/ from 0x7ff00000 whose size runs past 4 GiB is capped at
 * PHYS_ADDR_MAX (0xffffffff); reserve_bootmem_region()'s PFN_UP of that
 * wraps to pfn 0 in a 32-bit phys_addr_t, so none of its pages is marked
 * reserved, and none is freed either.  The same reservation ending at
 * 0x80000000 marks them.  Expect: eager and lazy memmaps agree both ways.
 */
TEST(reservation_to_phys_addr_max_reserves_nothing)
{
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	struct board b = virt_1g;

	kernels();
	b.bootargs = "cma=0";
	b.nrsv = 1;
	for (int to_top = 0; to_top < 2; to_top++) {
		b.rsv[0] = 0x7ff00000;
		b.rsv[1] = to_top ? 0x80100000 : 0x100000;
		cfg.eager_memmap = false;
		CHECK_EQ(boot_board(ka, &b, &cfg), 0);
		cfg.eager_memmap = true;
		CHECK_EQ(boot_board(kb, &b, &cfg), 0);
		for (unsigned long pfn = 0x7ff00; pfn < 0x80000; pfn += 0x40) {
			CHECK_EQ(PageReserved(pfn_to_page(&ka->memmap, pfn)), !to_top);
			CHECK_EQ(PageReserved(pfn_to_page(&kb->memmap, pfn)), !to_top);
			CHECK(!PageBuddy(pfn_to_page(&ka->memmap, pfn)));
		}
	}
}

/*
 * Classic, 256 MiB at 0xf0000000, so lowmem reaches 4 GiB (capped at
 * PHYS_ADDR_MAX, 0xffffffff):
 *
 *   0xf0000000                     0xfffff000          0xffffffff
 *   | lowmem ...                   | last page: rr..rr.. |
 *   +------------------------------+---------------------+
 *
 * The top-down allocations after paging_init take small blocks from the
 * last page, so free ranges start inside it.  Expect: a model panic in
 * memblock_free_all (v6.1's PFN_UP of such a start wraps to pfn 0 and it
 * frees every lowmem pfn from 0: the kernel-oracle boot of this board dies
 * there with "Bad page state ... pfn:00001"), in every memory model; the
 * same bank ending at 0xf0000000 boots.
 */
TEST(free_range_in_the_last_page_below_4g_panics)
{
	struct board b = { .nbanks = 1, .base = { 0xf0000000 }, .size = { SZ_256M } };
	struct kernel_config below = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0xe0000000);

	kernels();
	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct kernel_config cfg = kernel_cfg("debian-armmp", (enum memory_model)m, 0xf0000000);

		CHECK_EQ(boot_board(ka, &b, &cfg), -MM_EPANIC);
		CHECK(strstr(ka->log->buf, "PFN_UP wraps it to pfn 0") != NULL);
	}
	b.base[0] = 0xe0000000;
	CHECK_EQ(boot_board(ka, &b, &below), 0);
}

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

TEST(watermarks_and_reserves)
{
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	const struct zone *dma, *hi;
	unsigned long min_kb, pages_min, delta;

	kernels();
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	dma = &ka->node.node_zones[ZONE_DMA];
	hi = &ka->node.node_zones[ZONE_HIGHMEM];
	min_kb = isqrt(dma->managed_pages * 4 * 16);
	CHECK_EQ(ka->min_free_kbytes, min_kb);
	pages_min = min_kb / 4;
	delta = pages_min / 4 > dma->managed_pages / 1000 ? pages_min / 4 : dma->managed_pages / 1000;
	CHECK_EQ(dma->_watermark[WMARK_MIN], pages_min);
	CHECK_EQ(dma->_watermark[WMARK_LOW], pages_min + delta);
	CHECK_EQ(dma->_watermark[WMARK_HIGH], pages_min + 2 * delta);
	CHECK_EQ(dma->_watermark[WMARK_PROMO], pages_min + 3 * delta);
	CHECK_EQ(hi->_watermark[WMARK_MIN], 64);	/* 65536 / 1024, clamped to [32, 128] */
	/* The highmem distance still scales with the zone's share of pages_min: max(tmp / 4, 65536 * 10 / 10000). */
	delta = pages_min * 65536 / dma->managed_pages / 4;
	CHECK_EQ(hi->_watermark[WMARK_LOW], 64 + (delta > 65 ? delta : 65));
	CHECK_EQ(dma->lowmem_reserve[ZONE_HIGHMEM], 65536 / 256);
	CHECK_EQ(dma->lowmem_reserve[ZONE_NORMAL], 0);
	CHECK_EQ(dma->lowmem_reserve[ZONE_MOVABLE], 65536 / 256);
	CHECK_EQ(hi->lowmem_reserve[ZONE_MOVABLE], 0);
	/* pcp: batch = rounddown_pow_of_two(b + b/2) - 1 with b = min(managed >> 10, 256) / 4. */
	CHECK_EQ(dma->pcp_batch, 63);
	CHECK_EQ(dma->pcp_high, dma->_watermark[WMARK_LOW] > 252 ? (int)dma->_watermark[WMARK_LOW] : 252);
	CHECK_EQ(hi->pcp_batch, 15);
}

TEST(thp_bumps_min_free_kbytes_on_lpae)
{
	struct kernel_config cfg = kernel_cfg("debian-armmp-lpae", MEMORY_MODEL_FLATMEM, 0x40000000);
	struct board small = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_256M } };

	kernels();
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	/* One lowmem zone: 512 * (2 + 9) pages = 22528 kB, under 5 % of lowmem. */
	CHECK_EQ(ka->min_free_kbytes, 22528);
	cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), 0);
	CHECK(ka->min_free_kbytes < 22528);
	/* Below 512 MiB of totalram THP is disabled: no bump. */
	cfg = kernel_cfg("debian-armmp-lpae", MEMORY_MODEL_FLATMEM, 0x40000000);
	CHECK_EQ(boot_board(ka, &small, &cfg), 0);
	CHECK(ka->min_free_kbytes < 22528);
}

TEST(free_all_blocks_are_aligned_and_bug_bites)
{
	struct board b = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_256M }, .nrsv = 1,
			   .rsv = { 0x48003000, SZ_4K } };
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	int misaligned[2] = { 0, 0 };

	kernels();
	for (int bug = 0; bug < 2; bug++) {
		const struct zone *z = &ka->node.node_zones[ZONE_DMA];

		mm_bug_set(MM_BUG_FREE_ALL_WRONG_ORDER, bug);
		CHECK_EQ(boot_board(ka, &b, &cfg), 0);
		mm_bug_set(MM_BUG_FREE_ALL_WRONG_ORDER, false);
		for (unsigned int o = 0; o < 12; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				for (const struct list_head *e = z->free_area[o].free_list[mt].next;
				     e != &z->free_area[o].free_list[mt]; e = e->next)
					misaligned[bug] += (list_pfn_at(ka, e) & ((1UL << o) - 1)) != 0;
	}
	CHECK_EQ(misaligned[0], 0);
	CHECK(misaligned[1] > 0);
}

/*
 * 512 MiB at 0x40000000 and a hotpluggable node with reg <0x50000002
 * 0x100001>: the kernel's memblock_mark_hotplug(base, size) takes the raw
 * range, so memblock.memory is split at 0x50000002 and 0x50100003 when the
 * zones are sized, and pfns 0x50000 and 0x50100 are holes (present 2 short
 * of the span).  memblock_free_all's memblock_clear_hotplug(0, -1) merges
 * the regions again before the free ranges are walked, so both pages are
 * freed to the buddy allocator all the same.
 */
static void *hotplug_split_dtb(size_t *len)
{
	dtb_begin_bank(0x40000000, SZ_512M);
	dtb_node("memory@50000002");
	dtb_str("device_type", "memory");
	dtb_cells("reg", 2, 0x50000002, 0x100001);
	dtb_empty("hotpluggable");
	dtb_end_node();
	dtb_finish();
	*len = fdt_totalsize(dtb_buf);
	return dtb_buf;
}

TEST(hotplug_split_pages_freed_after_the_merge)
{
	kernels();
	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct kernel_config cfg = kernel_cfg("debian-armmp", (enum memory_model)m, 0x40000000);
		const struct memblock *mb;
		size_t len;
		void *blob = hotplug_split_dtb(&len);
		char line[160];

		CHECK_EQ(mm_kernel_boot(ka, blob, len, &cfg), 0);
		cfg.eager_memmap = true;
		CHECK_EQ(mm_kernel_boot(kb, blob, len, &cfg), 0);
		mb = &ka->setup->boot->mb;
		CHECK_STR(log_line(ka, "  node   0: [mem 0x0000000050001000", line, sizeof(line)),
			  "  node   0: [mem 0x0000000050001000-0x00000000500fffff]");
		CHECK_EQ(ka->node.node_spanned_pages, 0x20000);
		CHECK_EQ(ka->node.node_present_pages, 0x20000 - 2);
		CHECK_EQ(ka->node.node_zones[ZONE_DMA].present_pages, 0x20000 - 2);
		CHECK_EQ(mb->memory.cnt, 1);
		CHECK_EQ(mb->memory.regions[0].flags, MEMBLOCK_NONE);
		/* freed to the buddy allocator (the first page then went to SLUB's first slab) */
		for (unsigned long pfn = 0x50000; pfn <= 0x50100; pfn += 0x100) {
			const struct page *page = pfn_to_page(&ka->memmap, pfn);

			CHECK(!PageReserved(page));
			CHECK_EQ(page->_refcount, PageSlab(page) ? 1 : 0);
		}
		if (kernels_differ(ka, kb, true)) {
			fprintf(stderr, "  model %s\n", memory_model_name((enum memory_model)m));
			CHECK(0);
		}
	}
}

TEST(refused_configurations)
{
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);

	kernels();
	cfg.setup.stop_before_paging = true;
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), -MM_EINPUT);
	cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	cfg.profile = mm_profile_find("debian-armmp-lpae");
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), -MM_EINPUT);
	cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_NR, 0x40000000);
	CHECK_EQ(boot_board(ka, &virt_1g, &cfg), -MM_EINPUT);
}

TEST_MAIN()
