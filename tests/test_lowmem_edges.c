/*
 * map_lowmem() where neighbouring memory regions meet inside one 2 MiB
 * pgd pair (classic) or block (LPAE): what paging_init leaves in the
 * tables, whether the targets call the machine bootable
 * (fuzz/bootable.c), and whether the MMU oracle is silent on it.
 *
 * Regions meet at a sub-page address when a hotpluggable memory node or a
 * no-map reservation starts there: memblock_mark_hotplug() and
 * memblock_mark_nomap() split memblock.memory at the raw DT address, and
 * map_lowmem() maps each region in whole pages, so both neighbours map
 * the page they share.  The boards that name a kernel-oracle result were
 * booted on the real Debian armmp / armmp-lpae 6.1 kernels under QEMU
 * virt with the same memory nodes.
 */
#include "bootable.h"
#include "dtb_helpers.h"
#include "mm_errno.h"
#include "mmu_check.h"
#include "oracle_recorder.h"
#include "setup.h"
#include "test.h"

#define G SZ_1G
#define SZ_4M (4 * SZ_1M)
#define HOTPLUG 1
#define NOMAP 2

struct range {
	uint64_t base, size;
	int kind;	/* 0: memory node, HOTPLUG: hotpluggable memory node, NOMAP: no-map reservation */
};

static struct mm_setup *setup;
static struct mmu_check *mc;

static void reg_prop(uint64_t base, uint64_t size)
{
	dtb_cells("reg", 4, (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32),
		  (uint32_t)size);
}

/* Memory nodes in the order given (a hotpluggable one must follow the node it splits), then the no-map nodes. */
static void *make_dtb(const struct range *r, int n, size_t *len)
{
	char name[48];

	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 2);
	dtb_cells("#size-cells", 1, 2);
	for (int i = 0; i < n; i++) {
		if (r[i].kind == NOMAP)
			continue;
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)r[i].base);
		dtb_node(name);
		dtb_str("device_type", "memory");
		reg_prop(r[i].base, r[i].size);
		if (r[i].kind == HOTPLUG)
			dtb_empty("hotpluggable");
		dtb_end_node();
	}
	dtb_node("reserved-memory");
	dtb_cells("#address-cells", 1, 2);
	dtb_cells("#size-cells", 1, 2);
	dtb_empty("ranges");
	for (int i = 0; i < n; i++) {
		if (r[i].kind != NOMAP)
			continue;
		snprintf(name, sizeof(name), "fw@%llx", (unsigned long long)r[i].base);
		dtb_node(name);
		reg_prop(r[i].base, r[i].size);
		dtb_empty("no-map");
		dtb_end_node();
	}
	dtb_end_node();
	*len = fdt_totalsize(dtb_finish());
	return dtb_buf;
}

/* setup_arch (3G split, HIGHMEM, Debian's image, PHYS_OFFSET = phys_offset) with the MMU oracle watching. */
static int boot(bool lpae, uint64_t phys_offset, const struct range *r, int n)
{
	struct setup_config cfg = { 0 };
	struct setup_observers obs = { .mmu = mmu_check_observe };
	size_t len;
	void *fdt = make_dtb(r, n, &len);

	if (!setup) {
		setup = mm_setup_new();
		mc = mmu_check_new();
	}
	cfg.boot.lpae = cfg.layout.lpae = lpae;
	cfg.boot.phys_offset = phys_offset;
	cfg.boot.log = true;
	cfg.layout.split = VMSPLIT_3G;
	cfg.layout.highmem = true;
	layout_default_image(&cfg.layout.image);
	mmu_check_reset(mc);
	obs.mmu_ctx = mc;
	return setup_arch(setup, fdt, len, &cfg, &obs);
}

/* The oracle's full check: returns its first message ("" when silent). */
static const char *oracle_says(void)
{
	start_recording();
	mmu_check_full(mc, &setup->mmu);
	oracle_set_fail_handler(NULL);
	oracle_reset_failures();
	return first_msg;
}

static bool maps(uint64_t pa)
{
	phys_addr_t got = 0;

	return mmu_translate(&setup->mmu, layout_pa_to_va(&setup->layout, pa), &got) && got == pa;
}

/* Every page of [start, end) mapped at __va. */
static bool maps_all(uint64_t start, uint64_t end)
{
	for (uint64_t pa = start; pa < end; pa += SZ_4K)
		if (!maps(pa))
			return false;
	return true;
}

static const char *unbootable(void)
{
	const char *why = setup_unbootable(setup);

	return why ? why : "";
}

static bool logged(const char *what)
{
	return strstr(setup->boot->log.buf, what) != NULL;
}

/* A bootable machine whose lowmem is all mapped and the oracle is silent on. */
static void check_good(uint64_t lowmem_start, uint64_t lowmem_end)
{
	CHECK_STR(unbootable(), "");
	CHECK(maps_all(lowmem_start, lowmem_end));
	CHECK_STR(oracle_says(), "");
}

/*
 * Classic.  Region 1 starts on an odd MiB after a hole and ends 3 bytes
 * into the last page of that MiB, where a hotpluggable region starts
 * (kernel-oracle board: 128 MiB at 0x40000000, 1.5 MiB at 0x48100000, a
 * hotpluggable node at 0x481ff003):
 *
 *   __va   0xc8000000        0xc8100000            0xc81ff000  0xc8200000
 *          |      hole       | region 1: section   |p        | region 2 (hotplug)
 *          +-----------------+---------------------+---------+--------------
 *          \_______________ one pgd pair: two 1 MiB entries _/
 *
 * map_lowmem maps region 1 rounded up to whole pages: exactly the odd MiB,
 * a section in the pair's second entry.  Region 2 starts in page p, so its
 * first piece is mapped with pages: arm_pte_alloc finds the first entry
 * empty and __pmd_populate writes a table into both.
 * Expect: v6.1's result, which the model reproduces: the pair's second
 * entry is a table and only p is mapped in it; region 1's other pages
 * fault at __va (the real kernel: "Unable to handle kernel paging request
 * at virtual address c8100000", *pgd=...801, *pte=00000000, then "Attempted
 * to kill the idle task!").  The targets refuse the machine; the oracle,
 * which holds region 1's request to be mapped, reports the fault.
 */
TEST(classic_odd_section_lost_to_the_next_regions_table)
{
	const uint64_t r1 = G + SZ_128M + SZ_1M, split = r1 + SZ_1M - SZ_4K + 3;
	const struct range board[] = {
		{ G, SZ_128M, 0 },
		{ r1, SZ_1M + SZ_1M / 2, 0 },
		{ split, r1 + SZ_1M + SZ_1M / 2 - split, HOTPLUG },
	};
	uint32_t pmd1;

	CHECK_EQ(boot(false, G, board, 3), 0);
	CHECK(!maps(r1));
	CHECK(!maps(split - 3 - SZ_4K));
	CHECK(maps(split - 3));
	CHECK(maps_all(split - 3, r1 + SZ_1M + SZ_1M / 2));
	pmd1 = phys_read32(setup->pm,
			   setup->mmu.pgd_phys + (layout_pa_to_va(&setup->layout, r1) >> 20) * 4);
	CHECK_EQ(pmd1 & 3, 1);	/* a table, not the section */
	CHECK(strstr(unbootable(), "loses a section of the linear map") != NULL);
	CHECK(strstr(oracle_says(), "mmu: requested mapping faults: at 0xc8100000") != NULL);
}

/*
 * The same board with the hotpluggable region starting on the page
 * boundary (kernel-oracle: boots):
 *
 *   __va   0xc8000000        0xc8100000            0xc81ff000  0xc8200000
 *          |      hole       | region 1: pages     | region 2 (hotplug) ...
 *          +-----------------+---------------------+------------------------
 *
 * Expect: region 1 ends below the MiB, so it is mapped with pages from the
 * start and region 2 adds its pages to the same table; everything maps.
 */
TEST(classic_page_aligned_split_keeps_both_regions)
{
	const uint64_t r1 = G + SZ_128M + SZ_1M, split = r1 + SZ_1M - SZ_4K;
	const struct range board[] = {
		{ G, SZ_128M, 0 },
		{ r1, SZ_1M + SZ_1M / 2, 0 },
		{ split, r1 + SZ_1M + SZ_1M / 2 - split, HOTPLUG },
	};

	CHECK_EQ(boot(false, G, board, 3), 0);
	check_good(r1, r1 + SZ_1M + SZ_1M / 2);
}

/*
 * Classic.  Bank 0 ends on an odd MiB, bank 1 starts half-way into the
 * next MiB, inside the same pgd pair (kernel-oracle: the boot hangs in
 * paging_init, with or without earlycon; with bank 1 on the pair boundary
 * it boots):
 *
 *   __va   0xc8000000        0xc8100000    0xc8180000  0xc8200000
 *          | bank 0: section |    hole     | bank 1 ...
 *          +-----------------+-------------+----------------------
 *
 * Expect: bank 1's first piece needs a table, but the pair's first entry
 * is bank 0's section: arm_pte_alloc's BUG_ON(pmd_bad), a panic in
 * paging_init (the targets end such an input there).
 */
TEST(classic_page_table_over_a_section_in_the_first_half_bugs)
{
	const struct range board[] = {
		{ G, SZ_128M + SZ_1M, 0 },
		{ G + SZ_128M + SZ_1M + SZ_1M / 2, SZ_4M, 0 },
	};

	CHECK_EQ(boot(false, G, board, 2), -MM_EPANIC);
	CHECK(logged("arm_pte_alloc: pmd_bad"));
}

/*
 * Classic.  A bank with partial sections at both ends, after a bank that
 * ends on a pair boundary:
 *
 *   __va   0xc8000000  0xc8080000      0xc8200000        0xc8380000
 *          |   hole    | bank 1: pages | pages, both halves |   hole
 *          +-----------+---------------+--------------------+-------
 *
 * Expect: both pairs are tables; every page of bank 1 maps, nothing on
 * either side of it; bootable, the oracle silent.
 */
TEST(classic_partial_sections_at_both_ends_of_a_bank)
{
	const uint64_t b1 = G + SZ_128M + SZ_1M / 2, b1_end = b1 + SZ_2M + SZ_1M;
	const struct range board[] = {
		{ G, SZ_128M, 0 },
		{ b1, b1_end - b1, 0 },
	};

	CHECK_EQ(boot(false, G, board, 2), 0);
	check_good(b1, b1_end);
	CHECK(!maps(b1 - SZ_4K));
	CHECK(!maps(b1_end));
}

/*
 * LPAE.  Region 1 fills one 2 MiB block but for 3 bytes of its last page,
 * where a hotpluggable region starts (kernel-oracle, armmp-lpae: the boot
 * hangs in paging_init; with the split on the page boundary it boots):
 *
 *   __va   0xc8200000                        0xc83ff000  0xc8400000
 *          | region 1: one block             |p        | region 2 (hotplug)
 *          +---------------------------------+---------+-----------------
 *
 * Expect: LPAE has no pgd pairs, so nothing is lost quietly: region 2's
 * table would replace region 1's block entry, and arm_pte_alloc BUGs
 * (pmd_bad: a block, not a table) — a panic in paging_init.
 */
TEST(lpae_page_table_over_a_block_bugs)
{
	const uint64_t r1 = G + SZ_128M + SZ_2M, split = r1 + SZ_2M - SZ_4K + 3;
	const struct range board[] = {
		{ G, SZ_128M, 0 },
		{ r1, SZ_4M, 0 },
		{ split, r1 + SZ_4M - split, HOTPLUG },
	};

	CHECK_EQ(boot(true, G, board, 3), -MM_EPANIC);
	CHECK(logged("arm_pte_alloc: pmd_bad"));
}

/*
 * LPAE, the same board split on the page boundary, and a bank with partial
 * blocks at both ends:
 *
 *   __va   0xc8200000               0xc83ff000  0xc8400000         0xc8600000
 *          | region 1: pages        | region 2 (hotplug): pages, block ...
 *          +------------------------+------------------------------------
 *   __va   0xca100000  0xca200000                     0xca500000  0xca600000
 *          | bank 3: pages | block                    | pages     |
 *
 * Expect: everything maps; bootable, the oracle silent.
 */
TEST(lpae_page_aligned_split_and_partial_blocks)
{
	const uint64_t r1 = G + SZ_128M + SZ_2M, split = r1 + SZ_2M - SZ_4K;
	const uint64_t b3 = G + SZ_128M + SZ_32M + SZ_1M, b3_end = b3 + SZ_4M;
	const struct range board[] = {
		{ G, SZ_128M, 0 },
		{ r1, SZ_4M, 0 },
		{ split, r1 + SZ_4M - split, HOTPLUG },
		{ b3, b3_end - b3, 0 },
	};

	CHECK_EQ(boot(true, G, board, 4), 0);
	check_good(r1, r1 + SZ_4M);
	CHECK(maps_all(b3, b3_end));
	CHECK(!maps(b3 - SZ_4K));
	CHECK(!maps(b3_end));
}

/*
 * The last page below 4 GiB, in lowmem: PHYS_OFFSET 0xf0000000 and one
 * 256 MiB bank up to 4 GiB (classic's 32-bit phys_addr_t caps it at
 * 0xffffffff, so its last page is partial):
 *
 *   __va   0xc0000000                               0xcffff000  0xd0000000
 *          | bank: image, sections ...              | last page |
 *          +----------------------------------------+-----------+
 *
 * Expect: both formats map the last page too (rounded up to whole pages,
 * without wrapping to 0) and nothing at 0xd0000000; bootable, the oracle
 * silent.
 */
TEST(last_page_below_4g_is_mapped)
{
	const struct range board[] = { { SZ_4G - SZ_256M, SZ_256M, 0 } };

	for (int lpae = 0; lpae < 2; lpae++) {
		CHECK_EQ(boot(lpae, SZ_4G - SZ_256M, board, 1), 0);
		CHECK(maps(SZ_4G - SZ_4K));
		CHECK(!mmu_translate(&setup->mmu, 0xd0000000u, &(phys_addr_t){ 0 }));
		check_good(SZ_4G - SZ_256M + SZ_32M, SZ_4G);
	}
}

/*
 * Classic, the last pair below 4 GiB: a no-map MiB, then a region 3 bytes
 * short of filling the next MiB, then a hotpluggable region in its last
 * page:
 *
 *   __va   0xcfe00000        0xcff00000            0xcffff000  0xd0000000
 *          |  no-map         | region: section     |p (hotplug)|
 *          +-----------------+---------------------+-----------+
 *
 * Expect: the lost section of the first test, at the top of the space:
 * refused as unbootable.  With LPAE the region's pages share one 2 MiB
 * table (no section there), so nothing is lost and the machine boots.
 */
TEST(last_pair_below_4g_loses_its_section)
{
	const uint64_t split = SZ_4G - SZ_4K + 3;
	const struct range board[] = {
		{ SZ_4G - SZ_256M, SZ_256M, 0 },
		{ split, SZ_4G - split, HOTPLUG },
		{ SZ_4G - SZ_2M, SZ_1M, NOMAP },
	};

	CHECK_EQ(boot(false, SZ_4G - SZ_256M, board, 3), 0);
	CHECK(!maps(SZ_4G - SZ_1M));
	CHECK(maps(SZ_4G - SZ_4K));
	CHECK(strstr(unbootable(), "loses a section of the linear map") != NULL);

	CHECK_EQ(boot(true, SZ_4G - SZ_256M, board, 3), 0);
	CHECK(maps_all(SZ_4G - SZ_1M, SZ_4G));
	CHECK(!maps(SZ_4G - SZ_2M));
	CHECK_STR(unbootable(), "");
	CHECK_STR(oracle_says(), "");
}

/*
 * Banks ending one page short of arm_lowmem_limit (0x70000000 with the 3G
 * split and 1 GiB at 0x40000000):
 *
 *   a) the bank itself ends there, so it sets the limit:
 *   __va   0xefe00000                         0xeffff000  0xf0000000
 *          | bank: pages ...                  |
 *          +----------------------------------+
 *   b) a hotpluggable region starts 3 bytes into that page and runs past
 *      the limit, which caps it:
 *          | region: sections (both halves)   |p (hotplug) ... capped
 *   c) as b), with the pair's first MiB no-map:
 *          |  no-map        | region: section |p (hotplug) ... capped
 *
 * Expect: a) arm_lowmem_limit 0x6ffff000, the last pair mapped with pages
 * up to it, the early allocations' limit rounded down to 0x6fe00000 before
 * map_lowmem; bootable, silent.  b) the capped region needs a table over
 * a section: arm_pte_alloc BUGs.  c) the section is lost: unbootable.
 */
TEST(banks_ending_one_page_short_of_arm_lowmem_limit)
{
	const uint64_t limit = G + SZ_512M + SZ_256M, split = limit - SZ_4K + 3;
	const struct range one_page_short[] = { { G, limit - SZ_4K - G, 0 } };
	const struct range capped[] = {
		{ G, SZ_1G, 0 },
		{ split, G + SZ_1G - split, HOTPLUG },
		{ limit - SZ_2M, SZ_1M, NOMAP },
	};

	for (int lpae = 0; lpae < 2; lpae++) {
		CHECK_EQ(boot(lpae, G, one_page_short, 1), 0);
		CHECK_EQ(setup->layout.arm_lowmem_limit, limit - SZ_4K);
		check_good(limit - SZ_4M, limit - SZ_4K);
		CHECK(!maps(limit - SZ_4K));
	}
	CHECK_EQ(boot(false, G, capped, 2), -MM_EPANIC);
	CHECK(logged("arm_pte_alloc: pmd_bad"));
	CHECK_EQ(boot(false, G, capped, 3), 0);
	CHECK(!maps(limit - SZ_1M));
	CHECK(strstr(unbootable(), "loses a section of the linear map") != NULL);
}

/*
 * prepare_page_table() clears every pmd from the one holding __va of
 * memblock.memory.regions[0]'s end, so a first region that ends inside
 * the image unmaps part of the running kernel; map_lowmem() then asks for
 * that region with the kernel's sections cut out, from kernel_sec_end
 * down to the region's end: a negative length, which wraps past 4 GiB.
 * The boards below are the model's geometry (Debian's sizes with
 * TEXT_OFFSET 0x8000: kernel_sec_end 0x41500000 classic, 0x41800000
 * LPAE, swapper_pg_dir ending at KERNEL_RAM_VADDR 0xc0008000).  The
 * kernel oracle boots Debian's kernel (TEXT_OFFSET 0x208000,
 * kernel_sec_end 0x41700000 classic, 0x41a00000 LPAE) with 128 MiB at
 * 0x40000000 split by a hotpluggable node at each address named.
 */
static const char *split_at(bool lpae, uint64_t split)
{
	const struct range board[] = { { G, SZ_128M, 0 }, { split, G + SZ_128M - split, HOTPLUG } };

	CHECK_EQ(boot(lpae, G, board, 2), 0);
	return unbootable();
}

static uint64_t kernel_sec_end(bool lpae)
{
	const struct range board[] = { { G, SZ_128M, 0 } };

	CHECK_EQ(boot(lpae, G, board, 1), 0);
	return setup->layout.ks.kernel_sec_end;
}

/*
 * Region 0 ends at kernel_sec_end, or anywhere lower on a section
 * boundary above the pmd that holds swapper_pg_dir and the head text:
 *
 *   __va   0xc0000000  0xc0204000 0xc0208000  0xc0400000   __va(ke)     0xc8000000
 *          |         | swapper  | head text | image ...   | region 1 (hotplug)
 *          +---------+----------+-----------+-------------+-----------------
 *   region 0: [0x40000000, split)                         ^ split = 0x40400000 ... ke
 *
 * The wrapped request is a section walk: a section into every pgd entry
 * from __va(ke) to 4 GiB, then 4 bytes per MiB of [0, __va(split)) past
 * the pgd, over head text at 0xc0208000, which head.S's mapping still
 * covers (prepare_page_table cleared from split's pmd up).
 * A split at kernel_sec_end - 3 makes the length's PAGE_ALIGN wrap to 0:
 * the walk goes the whole way round, the same section path.
 * Expect: bootable (kernel oracle, classic: splits at 0x41700000,
 * 0x416ffffd and from 0x40400000 up boot; LPAE: 0x41a00000, 0x41600000,
 * 0x40400000), every lowmem page mapped, the oracle silent; the model
 * skips the wrapped request (docs/departures.md).
 */
TEST(first_region_ending_inside_the_image_on_a_section_boots)
{
	for (int lpae = 0; lpae < 2; lpae++) {
		const uint64_t ke = kernel_sec_end(lpae);
		const uint64_t splits[] = { ke, ke - 3, ke - SZ_2M, G + SZ_4M };

		for (unsigned i = 0; i < MM_ARRAY_SIZE(splits); i++) {
			CHECK_STR(split_at(lpae, splits[i]), "");
			CHECK(maps_all(G, G + SZ_128M));
			CHECK_STR(oracle_says(), "");
		}
	}
}

/*
 * Region 0 ends at or below the pmd holding swapper_pg_dir and the head
 * text, which the wrapped request's overflow writes:
 *
 *   __va   0xc0000000  0xc0100000  0xc0200000 0xc0204000 0xc0208000  0xc0400000
 *          |           |           |         | swapper  | overflow,  | image ...
 *          |           |           |         |          | head text  |
 *          +-----------+-----------+---------+----------+------------+---------
 *   region 0 ends at:  ^ 0x40100000 ^ 0x40200000 ... 0x40300000: prepare_page_table
 *                        cleared the head text's pmd first
 *
 * Expect: refused: v6.1 faults on the unmapped head text before it has
 * vectors (kernel oracle: splits at 0x40100000, 0x40200000 and 0x40300000
 * hang in paging_init, classic and LPAE; a no-map MiB at 0x40100000
 * cutting region 0 to 1 MiB hangs too).
 * Without a wrapped request the same clearing is survived: a no-map
 * region 0 (here the 16 KiB below swapper_pg_dir; map_lowmem passes over
 * it) clears from 0xc0000000, and the kernel runs on through paging_init
 * (kernel oracle: no-map 1 MiB or 2 MiB at 0x40000000 boot).
 */
TEST(wrapped_request_overflow_into_the_cleared_pmd_is_unbootable)
{
	const struct range nomap_first[] = { { G, SZ_128M, 0 }, { G, 0x4000, NOMAP } };

	const char *why = "unbootable: map_lowmem's wrapped request writes past swapper_pg_dir into "
			  "pages prepare_page_table() unmapped";
	const uint64_t splits[] = { G + SZ_1M, G + SZ_2M, G + SZ_2M + SZ_1M };

	for (unsigned i = 0; i < MM_ARRAY_SIZE(splits); i++)
		CHECK_STR(split_at(false, splits[i]), why);
	/* LPAE: off a 2 MiB section the walk takes the PTE path, refused first for that */
	CHECK_STR(split_at(true, G + SZ_2M), why);
	CHECK(*split_at(true, G + SZ_1M) != '\0');
	CHECK(*split_at(true, G + SZ_2M + SZ_1M) != '\0');
	CHECK_EQ(boot(false, G, nomap_first, 2), 0);
	CHECK_EQ(setup->boot->mb.memory.regions[0].flags, MEMBLOCK_NOMAP);
	check_good(G + 0x4000, G + SZ_128M);
}

/*
 * The wrapped request ends off a section boundary:
 *
 *   __va   __va(ke) - 512K   __va(ke) - 4K   __va(ke)
 *          |   image         |               | region 1 (hotplug) ...
 *   region 0 ends at:  ^ (a)           ^ (b)
 *   LPAE (c): ke - 1 MiB, off a 2 MiB section
 *
 * The walk's end is not section-aligned, so alloc_init_pte() writes about
 * a million entries from one table on through the memory after it.
 * Expect: refused (kernel oracle: classic splits at 0x41680000 and
 * 0x416ff000 under kernel_sec_end 0x41700000 hang; LPAE at 0x41700000
 * under 0x41a00000).
 */
TEST(wrapped_request_to_a_non_section_end_is_unbootable)
{
	const char *why = "unbootable: map_lowmem's request for the first region wraps past 4 GiB and "
			  "writes page-table entries over memory";
	const uint64_t ke = kernel_sec_end(false), lpae_ke = kernel_sec_end(true);

	CHECK_STR(split_at(false, ke - SZ_1M / 2), why);
	CHECK_STR(split_at(false, ke - SZ_4K), why);
	CHECK_STR(split_at(true, lpae_ke - SZ_1M), why);
}

/*
 * 127.5 MiB split at kernel_sec_end: region 1's last half MiB needs a
 * table in a pair the wrapped request filled with sections:
 *
 *   __va   __va(ke) ...                  0xc7e00000  0xc7f00000  0xc7f80000
 *          | region 1 (hotplug): sections ...        | section   | pages  |
 *          \_ the wrapped request's sections from here to 4 GiB _________/
 *
 * Expect: refused: arm_pte_alloc BUGs on pmd_bad (kernel oracle: the
 * board hangs in paging_init; with 128 MiB it boots).  The model skips
 * the wrapped request, so it finds the pair empty.  On a board that would
 * also lose a section to the next region's table (the first test's
 * regions, above the split), the BUG comes first and names the refusal;
 * without the split the board loses the section.
 */
TEST(page_table_over_the_wrapped_sections_is_unbootable)
{
	const char *why = "unbootable: map_lowmem needs a page table where its wrapped request left a "
			  "section (arm_pte_alloc BUGs)";
	const uint64_t ke = kernel_sec_end(false), r1 = G + SZ_128M + SZ_1M, split = r1 + SZ_1M - SZ_4K + 3;
	const struct range short_bank[] = { { G, SZ_128M - SZ_1M / 2, 0 },
					    { ke, G + SZ_128M - SZ_1M / 2 - ke, HOTPLUG } };
	const struct range lost_too[] = {
		{ G, SZ_128M, 0 },
		{ r1, SZ_1M + SZ_1M / 2, 0 },
		{ split, r1 + SZ_1M + SZ_1M / 2 - split, HOTPLUG },
		{ ke, G + SZ_128M - ke, HOTPLUG },
	};

	CHECK_EQ(boot(false, G, short_bank, 2), 0);
	CHECK_STR(unbootable(), why);
	CHECK_EQ(boot(false, G, lost_too, 4), 0);
	CHECK_STR(unbootable(), why);
	CHECK_EQ(boot(false, G, lost_too, 3), 0);
	CHECK(strstr(unbootable(), "loses a section of the linear map") != NULL);
}

/*
 * map_lowmem's case 5: a region inside the image stops the walk.
 *
 *   0x40000000 0x40004000               0x41000000            0x48000000
 *   | no-map   | region 1               | region 2 (hotplug) ...
 *   +----------+------------------------+-----------------------
 *              \___ inside [ks, ke) ___/   never mapped
 *
 * Expect: refused: the lowmem above stays unmapped and the first
 * allocation there faults (kernel oracle, with the no-map MiB below
 * Debian's swapper_pg_dir at 0x40204000: the board hangs in paging_init).
 */
TEST(map_lowmem_stopping_inside_the_image_is_unbootable)
{
	const struct range board[] = {
		{ G, SZ_128M, 0 },
		{ G + SZ_16M, SZ_128M - SZ_16M, HOTPLUG },
		{ G, 0x4000, NOMAP },
	};

	CHECK_EQ(boot(false, G, board, 3), 0);
	CHECK_STR(unbootable(), "unbootable: map_lowmem stops at a region inside the image and leaves the "
				"lowmem above it unmapped");
}

TEST_MAIN()
