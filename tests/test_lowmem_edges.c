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
#define SZ_32M (32 * SZ_1M)
#define SZ_128M (128 * SZ_1M)
#define SZ_512M (512 * SZ_1M)
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

TEST_MAIN()
