/* Zones and the node: zone ranges, spanned/present/managed with holes and NOMAP, boot lines, ZONE_MOVABLE, models and profiles. */
#include "zones_helpers.h"

#include "bugs.h"

static struct mm_kernel *kern(void)
{
	static struct mm_kernel *k;

	if (!k)
		k = mm_kernel_new();
	return k;
}

static const struct board virt_1g = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_1G } };

/* The log from "Zone ranges:" up to and including the "Built" line (percpu's lines come between). */
static const char *zone_block(const struct mm_kernel *k, char *out, size_t cap)
{
	const char *s = strstr(k->log->buf, "Zone ranges:"), *e = strstr(k->log->buf, "Built ");

	out[0] = 0;
	if (s && e && strchr(e, '\n'))
		snprintf(out, cap, "%.*s", (int)(strchr(e, '\n') + 1 - s), s);
	return out;
}

TEST(qemu_virt_1g_boot_lines_byte_exact)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	char got[2048];

	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK_STR(zone_block(k, got, sizeof(got)),
		  "Zone ranges:\n"
		  "  DMA      [mem 0x0000000040000000-0x000000006fffffff]\n"
		  "  Normal   empty\n"
		  "  HighMem  [mem 0x0000000070000000-0x000000007fffffff]\n"
		  "Movable zone start for each node\n"
		  "Early memory node ranges\n"
		  "  node   0: [mem 0x0000000040000000-0x000000007fffffff]\n"
		  "Initmem setup node 0 [mem 0x0000000040000000-0x000000007fffffff]\n"
		  "percpu: Embedded 18 pages/cpu s45012 r8192 d20524 u73728\n"
		  "pcpu-alloc: s45012 r8192 d20524 u73728 alloc=18*4096\n"
		  "pcpu-alloc: [0] 0 \n"
		  "Built 1 zonelists, mobility grouping on.  Total pages: 260416\n");
	/* 196608 lowmem pages less 1728 pages of memmap (196608 * 36 B), plus all 65536 highmem pages. */
	CHECK_EQ(k->node.node_zones[ZONE_DMA].spanned_pages, 196608);
	CHECK_EQ(k->node.node_zones[ZONE_DMA].present_pages, 196608);
	CHECK_EQ(k->node.node_zones[ZONE_HIGHMEM].zone_start_pfn, 0x70000);
	CHECK_EQ(k->node.node_zones[ZONE_HIGHMEM].present_pages, 65536);
	CHECK_EQ(k->node.node_zones[ZONE_NORMAL].spanned_pages, 0);
	CHECK_EQ(k->max_zone_pfn[ZONE_DMA], 0x70000);
	CHECK_EQ(k->max_zone_pfn[ZONE_NORMAL], 0x70000);
	CHECK_EQ(k->max_zone_pfn[ZONE_HIGHMEM], 0x80000);
	CHECK_EQ(k->node.nr_zones, 3);
	CHECK(strstr(k->log->buf, "unavailable ranges") == NULL);
}

TEST(every_model_same_zones_and_lines)
{
	struct mm_kernel *k = kern();
	static const char *const profiles[] = { "debian-armmp", "debian-armmp-lpae", "multi_v7" };
	/* A 1 MiB hole: the same 256 unavailable pages in every model, and no 17/16 memmap rule. */
	struct board b = { .nbanks = 2, .base = { 0x40000000, 0x60100000 }, .size = { SZ_512M, SZ_512M - SZ_1M } };

	for (int p = 0; p < 3; p++) {
		char ref[2048], got[2048];
		unsigned long spanned[MAX_NR_ZONES], present[MAX_NR_ZONES];

		for (int m = 0; m < MEMORY_MODEL_NR; m++) {
			struct kernel_config cfg = kernel_cfg(profiles[p], (enum memory_model)m, 0x40000000);

			CHECK_EQ(boot_board(k, &b, &cfg), 0);
			zone_block(k, got, sizeof(got));
			if (m == 0)
				snprintf(ref, sizeof(ref), "%s", got);
			else
				CHECK_STR(got, ref);
			for (int z = 0; z < MAX_NR_ZONES; z++) {
				if (m == 0) {
					spanned[z] = k->node.node_zones[z].spanned_pages;
					present[z] = k->node.node_zones[z].present_pages;
				}
				CHECK_EQ(k->node.node_zones[z].spanned_pages, spanned[z]);
				CHECK_EQ(k->node.node_zones[z].present_pages, present[z]);
			}
		}
	}
}

TEST(hole_between_banks)
{
	struct mm_kernel *k = kern();
	/* 768 pages missing at 0x50000000, inside the 8 MiB pageblock the second bank starts in. */
	struct board b = { .nbanks = 2, .base = { 0x40000000, 0x50300000 }, .size = { SZ_256M, SZ_256M - 3 * SZ_1M } };
	char line[256];

	for (int m = 0; m < MEMORY_MODEL_NR; m++) {
		struct kernel_config cfg = kernel_cfg("debian-armmp", (enum memory_model)m, 0x40000000);
		const struct zone *dma = &k->node.node_zones[ZONE_DMA];
		struct page *p;

		CHECK_EQ(boot_board(k, &b, &cfg), 0);
		CHECK_EQ(dma->spanned_pages, 0x20000);
		CHECK_EQ(dma->present_pages, 0x20000 - 768);
		CHECK_STR(log_line(k, "On node 0", line, sizeof(line)),
			  "On node 0, zone DMA: 768 pages in unavailable ranges");
		CHECK_STR(log_line(k, "  node   0: [mem 0x0000000050300000", line, sizeof(line)),
			  "  node   0: [mem 0x0000000050300000-0x000000005fffffff]");
		p = pfn_to_page(&k->memmap, 0x50123);
		CHECK(p && p->initialised && PageReserved(p) && p->_refcount == 1);
		CHECK_EQ(page_zonenum(k, p), ZONE_DMA);
	}
}

TEST(sparsemem_initialises_the_section_tail)
{
	struct mm_kernel *k = kern();
	/* The bank ends 1 MiB short of the pageblock and section: only SPARSEMEM fills the section's tail. */
	struct board b = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_256M - SZ_1M } };
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	char line[256];

	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK(strstr(k->log->buf, "unavailable ranges") == NULL);
	CHECK(pfn_to_page(&k->memmap, 0x4ff80) && !pfn_to_page(&k->memmap, 0x4ff80)->initialised);
	cfg.model = MEMORY_MODEL_SPARSEMEM;
	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK_STR(log_line(k, "On node 0", line, sizeof(line)),
		  "On node 0, zone DMA: 256 pages in unavailable ranges");
	CHECK(PageReserved(pfn_to_page(&k->memmap, 0x4ff80)));
}

TEST(nomap_splits_node_lines_and_counts_present)
{
	struct mm_kernel *k = kern();
	struct board b = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_512M }, .nnomap = 1,
			   .nomap = { { 0x48000000, SZ_1M } } };
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	struct page *p;

	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK(strstr(k->log->buf, "  node   0: [mem 0x0000000040000000-0x0000000047ffffff]\n"
				  "  node   0: [mem 0x0000000048000000-0x00000000480fffff]\n"
				  "  node   0: [mem 0x0000000048100000-0x000000005fffffff]\n") != NULL);
	CHECK_EQ(k->node.node_zones[ZONE_DMA].present_pages, 0x20000);
	p = pfn_to_page(&k->memmap, 0x48010);
	CHECK(p && PageReserved(p) && !PageBuddy(p) && p->_refcount == 1);
}

TEST(early_managed_and_total_pages)
{
	struct mm_kernel *k = kern();
	struct board b = { .nbanks = 2, .base = { 0x40000000, 0x60000000 }, .size = { SZ_256M, SZ_512M } };
	static const enum memory_model models[] = { MEMORY_MODEL_FLATMEM, MEMORY_MODEL_SPARSEMEM };
	char line[256], want[256];

	for (int i = 0; i < 2; i++) {
		struct kernel_config cfg = kernel_cfg("debian-armmp", models[i], 0x40000000);
		const struct zone *dma = &k->node.node_zones[ZONE_DMA];
		unsigned long memmap, total;

		CHECK_EQ(boot_board(k, &b, &cfg), 0);
		/* DMA spans 0x40000-0x70000 with a 0x10000-page hole at 0x50000. */
		CHECK_EQ(dma->spanned_pages, 0x30000);
		CHECK_EQ(dma->present_pages, 0x20000);
		/* SPARSEMEM charges present pages when spanned > present * 17/16; FLATMEM the span. */
		memmap = ((models[i] == MEMORY_MODEL_FLATMEM ? 0x30000UL : 0x20000UL) * 36 + 4095) / 4096;
		total = 0x20000 - memmap + k->node.node_zones[ZONE_HIGHMEM].present_pages;
		snprintf(want, sizeof(want), "Built 1 zonelists, mobility grouping on.  Total pages: %lu", total);
		CHECK_STR(log_line(k, "Built", line, sizeof(line)), want);
		CHECK_EQ(k->node.node_zones[ZONE_HIGHMEM].present_pages, 0x10000);
	}
}

/*
 * movable_node (a CONFIG_MEMORY_HOTPLUG build): ZONE_MOVABLE starts at the
 * first hotpluggable memory node, kernelcore= is ignored, and boot
 * allocations keep out of hotpluggable memory.
 */
TEST(movable_node_from_hotpluggable_memory)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	const struct zone *mv = &k->node.node_zones[ZONE_MOVABLE];
	const struct memblock *mb = &k->setup->boot->mb;
	void *blob;

	dtb_begin_bank(0x40000000, 0x20000000);
	dtb_node("memory@60000000");
	dtb_str("device_type", "memory");
	dtb_cells("reg", 2, 0x60000000, 0x20000000);
	dtb_empty("hotpluggable");
	dtb_end_node();
	blob = dtb_finish();
	cfg.setup.boot.movable_node = true;
	cfg.kernelcore = 128ULL << 20;
	CHECK_EQ(mm_kernel_boot(k, blob, fdt_totalsize(blob), &cfg), 0);
	CHECK(strstr(k->log->buf, "Movable zone start for each node\n  Node 0: 0x0000000060000000\n") != NULL);
	CHECK_EQ(mv->zone_start_pfn, 0x60000);
	CHECK_EQ(mv->spanned_pages, 0x20000);
	/* everything memblock handed out lies below the hotpluggable node (the default CMA area included) */
	for (unsigned long i = 0; i < mb->reserved.cnt; i++)
		CHECK(mb->reserved.regions[i].base + mb->reserved.regions[i].size <= 0x60000000);

	cfg.setup.boot.movable_node = false;
	CHECK_EQ(mm_kernel_boot(k, blob, fdt_totalsize(blob), &cfg), 0);
	CHECK_EQ(mv->zone_start_pfn, 0x70000);	/* kernelcore=128M fits in lowmem: all highmem is movable */
	CHECK(mb->reserved.regions[mb->reserved.cnt - 1].base >= 0x60000000);
}

TEST(kernelcore_and_movablecore)
{
	struct mm_kernel *k = kern();
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	const struct zone *hi = &k->node.node_zones[ZONE_HIGHMEM], *mv = &k->node.node_zones[ZONE_MOVABLE];
	char line[256];

	cfg.kernelcore = 512ULL << 20;
	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK(strstr(k->log->buf, "Movable zone start for each node\n  Node 0: 0x0000000070000000\n") != NULL);
	CHECK_EQ(hi->spanned_pages, 0);
	CHECK_EQ(mv->zone_start_pfn, 0x70000);
	CHECK_EQ(mv->spanned_pages, 0x10000);
	CHECK_EQ(mv->present_pages, 0x10000);
	CHECK_STR(log_line(k, "Built", line, sizeof(line)), "Built 1 zonelists, mobility grouping on.  Total pages: 260416");
	/* Movable is highmem here: all of it managed, the CMA area at 0x7f000000 included. */
	CHECK_EQ(mv->managed_pages, 0x10000);
	/* free_highpages counted the 0xf000 non-CMA pages; the CMA pageblocks add theirs (PageHighMem: movable_zone is HighMem). */
	CHECK_EQ(k->totalhigh_pages, 0x10000);
	CHECK_EQ(mv->cma_pages, 4096);

	cfg.kernelcore = 900ULL << 20;
	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK_EQ(hi->spanned_pages, 0x8800);
	CHECK_EQ(mv->zone_start_pfn, 0x78800);
	CHECK_EQ(mv->spanned_pages, 0x7800);

	cfg.kernelcore = 0;
	cfg.movablecore = 256ULL << 20;
	CHECK_EQ(boot_board(k, &virt_1g, &cfg), 0);
	CHECK_EQ(mv->zone_start_pfn, 0x70000);

	/* No highmem (vmalloc=128M leaves 0x3f000000+ of lowmem... use a 512 MiB board): Movable from Normal-less DMA. */
	cfg.movablecore = 0;
	cfg.kernelcore = 128ULL << 20;
	{
		struct board small = { .nbanks = 1, .base = { 0x40000000 }, .size = { SZ_512M } };

		CHECK_EQ(boot_board(k, &small, &cfg), 0);
		CHECK_EQ(mv->zone_start_pfn, 0x48000);
		CHECK_EQ(k->node.node_zones[ZONE_DMA].spanned_pages, 0x8000);
		/* Movable carved from lowmem pays for its memmap. */
		CHECK_EQ(mv->present_pages, 0x18000);
	}
}

TEST(multi_v7_vs_debian_orders)
{
	struct mm_kernel *k = kern();
	struct board b = { .nbanks = 1, .base = { 0x40300000 }, .size = { 3 * SZ_16M } };
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);
	char line[256];

	/* 48 MiB: 12288 pages less memmap is below 6 pageblocks of 2048 (debian) but not of 1024 (multi_v7). */
	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK_EQ(k->memmap.map_start_pfn, 0x40000);
	CHECK_EQ(k->memmap.map_end_pfn, 0x43800);
	CHECK_STR(log_line(k, "Built", line, sizeof(line)), "Built 1 zonelists, mobility grouping off.  Total pages: 12180");
	CHECK_STR(log_line(k, "On node", line, sizeof(line)), "On node 0, zone DMA: 768 pages in unavailable ranges");
	cfg = kernel_cfg("multi_v7", MEMORY_MODEL_FLATMEM, 0x40000000);
	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK_EQ(k->memmap.map_start_pfn, 0x40000);
	CHECK_EQ(k->memmap.map_end_pfn, 0x43400);
	CHECK_STR(log_line(k, "Built", line, sizeof(line)), "Built 1 zonelists, mobility grouping on.  Total pages: 12180");
	/* The 3 MiB head is inside a 4 MiB pageblock: still 768 hole pages. */
	CHECK_STR(log_line(k, "On node", line, sizeof(line)), "On node 0, zone DMA: 768 pages in unavailable ranges");
}

TEST(lpae_bank_above_4g)
{
	struct mm_kernel *k = kern();
	struct board b = { .nbanks = 2, .base = { 0x80000000, 0x100000000ULL }, .size = { SZ_1G, SZ_1G } };
	struct kernel_config cfg = kernel_cfg("debian-armmp-lpae", MEMORY_MODEL_FLATMEM, 0x80000000);
	char got[2048];

	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	CHECK_STR(zone_block(k, got, sizeof(got)),
		  "Zone ranges:\n"
		  "  DMA      [mem 0x0000000080000000-0x00000000afffffff]\n"
		  "  Normal   empty\n"
		  "  HighMem  [mem 0x00000000b0000000-0x000000013fffffff]\n"
		  "Movable zone start for each node\n"
		  "Early memory node ranges\n"
		  "  node   0: [mem 0x0000000080000000-0x00000000bfffffff]\n"
		  "  node   0: [mem 0x0000000100000000-0x000000013fffffff]\n"
		  "Initmem setup node 0 [mem 0x0000000080000000-0x000000013fffffff]\n"
		  "percpu: Embedded 19 pages/cpu s45204 r8192 d24428 u77824\n"
		  "pcpu-alloc: s45204 r8192 d24428 u77824 alloc=19*4096\n"
		  "pcpu-alloc: [0] 0 \n"
		  "Built 1 zonelists, mobility grouping on.  Total pages: 522560\n");
	CHECK_EQ(k->node.node_zones[ZONE_HIGHMEM].spanned_pages, 0x90000);
	CHECK_EQ(k->node.node_zones[ZONE_HIGHMEM].present_pages, 0x50000);
}

TEST(bug_hole_counted_present_bites)
{
	struct mm_kernel *k = kern();
	struct board b = { .nbanks = 2, .base = { 0x40000000, 0x50300000 }, .size = { SZ_256M, SZ_256M - 3 * SZ_1M } };
	struct kernel_config cfg = kernel_cfg("debian-armmp", MEMORY_MODEL_FLATMEM, 0x40000000);

	mm_bug_set(MM_BUG_HOLE_COUNTED_PRESENT, true);
	CHECK_EQ(boot_board(k, &b, &cfg), 0);
	mm_bug_set(MM_BUG_HOLE_COUNTED_PRESENT, false);
	CHECK_EQ(k->node.node_zones[ZONE_DMA].present_pages, 0x20000 - 767);
}

TEST_MAIN()
