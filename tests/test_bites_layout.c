/*
 * Bite tests of the layout/page-table layer: each deliberate bug of
 * mm/sim/bugs.h for this layer, switched on, makes the MMU oracle report the
 * invariant it breaks in a realistic boot; switched off, the same boot
 * passes silently.  The last test bites through the fuzz target itself.
 */
#include "dtb_helpers.h"
#include "bugs.h"
#include "fuzz_target.h"
#include "layout_check.h"
#include "mmu_check.h"
#include "oracle.h"
#include "setup.h"
#include "test.h"

#include "input_helpers.h"

static char messages[8192];

static void record(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

static struct mm_setup *setup;
static struct mmu_check *mc;
static struct layout_watch *watch;

static void on_mapping(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	layout_watch_freeze(watch);
	mmu_check_observe(mmu, ev, ctx);
}

/* One memory node with two banks, #address-cells = #size-cells = 2. */
static void *make_dtb(const uint64_t bank[4], size_t *len)
{
	uint32_t reg[8];

	for (int i = 0; i < 4; i++) {
		reg[2 * i] = cpu_to_fdt32((uint32_t)(bank[i] >> 32));
		reg[2 * i + 1] = cpu_to_fdt32((uint32_t)bank[i]);
	}
	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 2);
	dtb_cells("#size-cells", 1, 2);
	dtb_node("memory@40000000");
	dtb_str("device_type", "memory");
	dtb_raw("reg", reg, sizeof(reg));
	dtb_end_node();
	*len = fdt_totalsize(dtb_finish());
	return dtb_buf;
}

/*
 * Boot a QEMU-virt-like board with two banks (the second may start on an
 * odd MiB or end off a 2 MiB boundary), map one device, run every check;
 * returns the number of oracle failures.
 */
static unsigned boot_and_check(bool lpae, const uint64_t bank[4], const struct map_desc *dev)
{
	struct setup_config cfg = { 0 };
	struct setup_observers obs = { .mmu = on_mapping };
	struct layout_inputs in;
	size_t len;
	void *fdt = make_dtb(bank, &len);

	if (!setup) {
		setup = mm_setup_new();
		mc = mmu_check_new();
		watch = layout_watch_new();
	}
	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
	cfg.boot.lpae = cfg.layout.lpae = lpae;
	cfg.layout.split = VMSPLIT_3G;
	cfg.layout.highmem = true;
	layout_default_image(&cfg.layout.image);
	mmu_check_reset(mc);
	layout_watch_reset(watch, NULL, NULL);
	obs.mmu_ctx = mc;
	obs.memblock = layout_watch_observe;
	obs.memblock_ctx = watch;
	CHECK_EQ(setup_arch(setup, fdt, len, &cfg, &obs), 0);
	if (dev)
		CHECK_EQ(iotable_init(&setup->mmu, dev, 1), 0);
	in = (struct layout_inputs){ .phys_offset = setup->boot->phys_offset };
	layout_check(&setup->layout, &setup->boot->mb, watch, &in);
	mmu_check_full(mc, &setup->mmu);
	oracle_set_fail_handler(NULL);
	return oracle_failures();
}

static void bite(enum mm_bug bug, bool lpae, const uint64_t bank[4], const struct map_desc *dev,
		 const char *invariant)
{
	mm_bug_set(bug, true);
	CHECK(boot_and_check(lpae, bank, dev) > 0);
	if (!strstr(messages, invariant))
		fprintf(stderr, "  %s: wanted '%s', got:\n%s", mm_bug_name(bug), invariant, messages);
	CHECK(strstr(messages, invariant) != NULL);
	mm_bug_set(bug, false);
	CHECK_EQ(boot_and_check(lpae, bank, dev), 0);
	if (messages[0])
		fprintf(stderr, "  %s off:\n%s", mm_bug_name(bug), messages);
	oracle_reset_failures();
}

/* 256 MiB at 0x40000000, and a second bank starting on the odd MiB 0x50100000. */
static const uint64_t odd_mib_bank[4] = { 0x40000000, 0x10000000, 0x50100000, 0x0ff00000 };
/* The first bank ends 512 KiB past a 2 MiB boundary: its tail needs a page table. */
static const uint64_t unaligned_end[4] = { 0x40000000, 0x10080000, 0x60000000, 0x10000000 };
/* QEMU virt with 1 GiB: lowmem ends at 0x70000000, highmem above it. */
static const uint64_t virt_1g[4] = { 0x40000000, 0x20000000, 0x60000000, 0x20000000 };

TEST(pgd_wrong_half_caught)
{
	/* A 1 MiB device on an odd MiB, as a board's iotable might list it. */
	static const struct map_desc uart = { 0xf8100000u, 0x09100, SZ_1M, MT_DEVICE };

	bite(MM_BUG_PGD_WRONG_HALF, false, odd_mib_bank, &uart, "mmu: requested mapping");
}

TEST(lpae_split_loses_tail_caught)
{
	bite(MM_BUG_LPAE_SPLIT_LOSES_TAIL, true, unaligned_end, NULL,
	     "mmu: requested mapping faults");
}

TEST(lowmem_limit_off_by_section_caught)
{
	bite(MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION, false, virt_1g, NULL,
	     "linear map: maps memory that is not usable lowmem");
	bite(MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION, true, virt_1g, NULL,
	     "linear map: maps memory that is not usable lowmem");
}

/* Through the fuzz target: its seed with an unaligned bank end, LPAE. */
TEST(fuzz_target_bites)
{
	const struct fuzz_target *t = fuzz_target_find("layout");
	size_t len;
	uint8_t *buf = read_source_input("corpus/layout/unaligned-edges-lpae", &len);

	if (!buf)
		return;
	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
	mm_bug_set(MM_BUG_LPAE_SPLIT_LOSES_TAIL, true);
	CHECK_EQ(t->run(buf, len), 0);
	CHECK(strstr(messages, "mmu: requested mapping faults") != NULL);
	mm_bug_set(MM_BUG_LPAE_SPLIT_LOSES_TAIL, false);
	oracle_reset_failures();
	CHECK_EQ(t->run(buf, len), 0);
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
	oracle_reset_failures();
	free(buf);
}

TEST_MAIN()
