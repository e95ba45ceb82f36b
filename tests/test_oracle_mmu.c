/*
 * The MMU and layout oracles: silent on correct boots of several
 * configurations, the walker reading hand-written descriptors right, and
 * fabricated faults (descriptor bits flipped in simulated RAM, layout
 * fields corrupted, impossible observer events) reported with the
 * invariant's name.
 */
#include "dtb_helpers.h"
#include "fuzz_target.h"
#include "layout_check.h"
#include "mm_errno.h"
#include "mmu_check.h"
#include "oracle.h"
#include "setup.h"
#include "test.h"

#include "input_helpers.h"

static char messages[4096];

static void record(const char *msg)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

static bool reported(const char *what)
{
	return strstr(messages, what) != NULL;
}

struct bank {
	uint64_t base, size;
};

struct boot_case {
	const char *name;
	bool lpae, highmem;
	enum vmsplit split;
	uint64_t vmalloc_size, dtb_phys;
	int nr_banks;
	struct bank banks[3];
};

static struct mm_setup *setup;
static struct mmu_check *mc;
static struct layout_watch *watch;

static void on_mapping(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	layout_watch_freeze(watch);
	mmu_check_observe(mmu, ev, ctx);
}

/* #address-cells = #size-cells = 2 and one memory node with every bank. */
static void *make_dtb(const struct boot_case *bc, size_t *len)
{
	uint32_t reg[12];

	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 2);
	dtb_cells("#size-cells", 1, 2);
	dtb_node("memory@0");
	dtb_str("device_type", "memory");
	for (int i = 0; i < bc->nr_banks; i++) {
		reg[4 * i] = cpu_to_fdt32((uint32_t)(bc->banks[i].base >> 32));
		reg[4 * i + 1] = cpu_to_fdt32((uint32_t)bc->banks[i].base);
		reg[4 * i + 2] = cpu_to_fdt32((uint32_t)(bc->banks[i].size >> 32));
		reg[4 * i + 3] = cpu_to_fdt32((uint32_t)bc->banks[i].size);
	}
	dtb_raw("reg", reg, 16 * bc->nr_banks);
	dtb_end_node();
	*len = fdt_totalsize(dtb_finish());
	return dtb_buf;
}

/* setup_arch with both oracles attached; returns setup_arch's result. */
static int boot(const struct boot_case *bc)
{
	struct setup_config cfg = { 0 };
	struct setup_observers obs = { .mmu = on_mapping };
	size_t len;
	void *fdt = make_dtb(bc, &len);

	if (!setup) {
		setup = mm_setup_new();
		mc = mmu_check_new();
		watch = layout_watch_new();
	}
	cfg.boot.lpae = cfg.layout.lpae = bc->lpae;
	cfg.boot.dtb_phys = bc->dtb_phys;
	cfg.layout.split = bc->split;
	cfg.layout.highmem = bc->highmem;
	cfg.layout.vmalloc_size = bc->vmalloc_size;
	layout_default_image(&cfg.layout.image);
	mmu_check_reset(mc);
	layout_watch_reset(watch, NULL, NULL);
	obs.mmu_ctx = mc;
	obs.memblock = layout_watch_observe;
	obs.memblock_ctx = watch;
	return setup_arch(setup, fdt, len, &cfg, &obs);
}

static void check_all(void)
{
	struct layout_inputs in = { .phys_offset = setup->boot->phys_offset,
				    .has_vmalloc = setup->boot->ep.has_vmalloc,
				    .vmalloc_arg = setup->boot->ep.vmalloc_size };

	layout_check(&setup->layout, &setup->boot->mb, watch, &in);
	layout_check_limits(&setup->layout, &setup->boot->mb);
	mmu_check_full(mc, &setup->mmu);
}

static void start(void)
{
	messages[0] = '\0';
	oracle_reset_failures();
	oracle_set_fail_handler(record);
}

static void finish(void)
{
	oracle_set_fail_handler(NULL);
	oracle_reset_failures();
}

#define G 0x40000000ULL
#define M 0x100000ULL

static const struct boot_case cases[] = {
	{ "virt1g 3G classic", false, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } },
	{ "virt1g 3G_OPT classic", false, true, VMSPLIT_3G_OPT, 0, 0, 1, { { G, G } } },
	{ "virt1g 2G classic", false, true, VMSPLIT_2G, 0, 0, 1, { { G, G } } },
	{ "virt1g 1G classic", false, true, VMSPLIT_1G, 0, 0, 1, { { G, G } } },
	{ "virt1g 3G lpae", true, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } },
	{ "virt1g 2G lpae", true, true, VMSPLIT_2G, 0, 0, 1, { { G, G } } },
	{ "virt1g 1G lpae", true, true, VMSPLIT_1G, 0, 0, 1, { { G, G } } },
	{ "two banks classic", false, true, VMSPLIT_3G, 0, 0, 2,
	  { { G, 256 * M }, { 0x60000000, 256 * M } } },
	{ "unaligned edges lpae", true, true, VMSPLIT_3G, 0, 0, 2,
	  { { G, 0x10080000 }, { 0x50300000, 0x0fd00000 } } },
	{ "unaligned edges classic", false, true, VMSPLIT_3G, 0, 0, 2,
	  { { G, 0x10080000 }, { 0x50300000, 0x0fd00000 } } },
	{ "no highmem 2G classic", false, false, VMSPLIT_3G, 0, 0, 1, { { G, 2 * G } } },
	{ "small vmalloc lpae", true, true, VMSPLIT_3G, 24 * M, 0, 1, { { G, G } } },
	{ "keystone lpae", true, true, VMSPLIT_3G, 0, 0, 2,
	  { { 0x80000000, 2 * G }, { 0x880000000ULL, 2 * G } } },
	{ "512M with DTB classic", false, true, VMSPLIT_3G, 0, 0x48000000, 1, { { G, 512 * M } } },
	{ "512M with DTB lpae", true, true, VMSPLIT_3G, 0, 0x48000000, 1, { { G, 512 * M } } },
};

TEST(silent_on_correct_boots)
{
	for (unsigned i = 0; i < MM_ARRAY_SIZE(cases); i++) {
		start();
		CHECK_EQ(boot(&cases[i]), 0);
		check_all();
		if (oracle_failures())
			fprintf(stderr, "  %s:\n%s", cases[i].name, messages);
		CHECK_EQ(oracle_failures(), 0);
		CHECK(mmu_check_nr_requests(mc) >= 4);
		finish();
	}
}

TEST(silent_on_device_mappings)
{
	static const struct map_desc io[] = {
		{ 0xf8000000u, 0x09000, SZ_4K, MT_DEVICE },
		{ 0xf8200000u, 0x08000, SZ_2M, MT_DEVICE },
		{ 0xf8400000u + 0x234, 0x0a000, 0x1800, MT_DEVICE_CACHED },
		{ 0xf8600000u, 0x10000, 0x30000, MT_DEVICE_WC },
		{ 0xf8800000u, 0x04000, 3 * SZ_1M, MT_MEMORY_RWX_NONCACHED },
		{ 0xf8c00000u, 0x05000, SZ_2M, MT_MEMORY_RW_SO },
		{ 0xf9000000u, 0x20000, 16 * SZ_1M, MT_MEMORY_RO },
		{ 0xfa000000u, 0x30000, SZ_2M, MT_ROM },
		{ 0xfa200000u, 0x31000, 5 * SZ_4K, MT_MEMORY_DMA_READY },
	};

	for (int lpae = 0; lpae < 2; lpae++) {
		struct boot_case bc = { "devices", lpae, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };

		start();
		CHECK_EQ(boot(&bc), 0);
		for (unsigned i = 0; i < MM_ARRAY_SIZE(io); i++)
			CHECK_EQ(create_mapping(&setup->mmu, &io[i]), 0);
		/* Refused: user region, and a section-only type off section alignment. */
		CHECK(create_mapping(&setup->mmu, &(struct map_desc){ 0x1000, 0x9000, SZ_4K,
								      MT_DEVICE }) < 0);
		CHECK(create_mapping(&setup->mmu, &(struct map_desc){ 0xfa400000u, 0x30001,
								      SZ_2M, MT_ROM }) < 0);
		mmu_check_full(mc, &setup->mmu);
		if (oracle_failures())
			fprintf(stderr, "%s", messages);
		CHECK_EQ(oracle_failures(), 0);
		finish();
	}
}

TEST(silent_on_classic_supersection)
{
	struct boot_case bc = { "supersection", false, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };
	struct mmu_walk w;

	start();
	CHECK_EQ(boot(&bc), 0);
	CHECK_EQ(create_mapping(&setup->mmu, &(struct map_desc){ 0xf9000000u, 0x100000,
								 16 * SZ_1M, MT_MEMORY_RW }), 0);
	mmu_walk(setup->pm, PGTABLE_CLASSIC, setup->mmu.pgd_phys, 0xf9123456u, &w);
	CHECK(!w.fault);
	CHECK_EQ(w.pa, 0x100123456ULL);
	CHECK_EQ(w.unit, 16 * SZ_1M);
	mmu_check_full(mc, &setup->mmu);
	CHECK_EQ(oracle_failures(), 0);
	finish();
}

/*
 * Classic, a supersection request of a type without a section form
 * (MT_MEMORY_RWX_ITCM at PA 4 GiB), accepted by create_36bit_mapping:
 *
 *   VA  0xf1000000     0xf2000000                  0xf3000000
 *       |    free      | 16 fault entries (pa|SUPER) |    free
 *       +--------------+-----------------------------+----------
 *
 * Expect: nothing translates there and the oracle is silent, yet the slot
 * counts as used at every oracle level (the layout target skips later
 * operations that touch it: their arm_pte_alloc would take a fault entry,
 * which is not pmd_none, for a table pointer).  Found by the campaign
 * (repro/layout/itcm-supersection-slot-reused-by-device-mapping).
 */
TEST(inert_supersections_keep_their_slot)
{
	const struct map_desc itcm = { 0xf2000000u, 0x100000, SZ_16M, MT_MEMORY_RWX_ITCM };
	struct boot_case bc = { "inert", false, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };
	struct mmu_walk w;

	for (int off = 0; off < 2; off++) {
		start();
		CHECK_EQ(boot(&bc), 0);
		if (off)
			oracle_level = ORACLE_OFF;
		CHECK_EQ(create_mapping(&setup->mmu, &itcm), 0);
		oracle_level = ORACLE_FULL;
		mmu_walk(setup->pm, PGTABLE_CLASSIC, setup->mmu.pgd_phys, 0xf2345000u, &w);
		CHECK(w.fault);
		CHECK(mmu_check_va_used(mc, 0xf2000000u - SZ_2M, 2 * SZ_2M));
		CHECK(mmu_check_va_used(mc, 0xf2e00000u, SZ_2M));
		CHECK(!mmu_check_va_used(mc, 0xf1e00000u, SZ_2M));
		CHECK(!mmu_check_va_used(mc, 0xf3000000u, SZ_2M));
		if (!off) {
			mmu_check_full(mc, &setup->mmu);
			CHECK_EQ(oracle_failures(), 0);
		}
		finish();
	}
}

/* The walker on descriptors written by hand (ARM ARM encodings), not by the model. */
TEST(walker_reads_hand_written_descriptors)
{
	struct phys_mem *pm = phys_mem_new();
	struct mmu_walk w;

	/* Classic: section RW normal WBWA (TEX 1, C, B) XN; table → small page user RO device. */
	phys_write32(pm, 0x4000 + (0xc01 * 4), 0x40100000u | (1u << 12) | 0xc | (1u << 4) |
						 (1u << 10) | 2);
	phys_write32(pm, 0x4000 + (0xf00 * 4), 0x9000u | 1);
	phys_write32(pm, 0x9000 + 5 * 4, 0x12345000u | (1u << 6) | (1u << 9) | (3u << 4) | 2);
	mmu_walk(pm, PGTABLE_CLASSIC, 0x4000, 0xc0112345u, &w);
	CHECK(!w.fault && w.pa == 0x40112345u && w.kwrite && !w.kexec && !w.uread);
	CHECK_EQ(w.mem, MEMC_NORMAL_CACHED);
	mmu_walk(pm, PGTABLE_CLASSIC, 0x4000, 0xf0005abcu, &w);
	CHECK(!w.fault && w.pa == 0x12345abcu && !w.kwrite && w.uread && w.kexec);
	CHECK_EQ(w.mem, MEMC_DEVICE);
	mmu_walk(pm, PGTABLE_CLASSIC, 0x4000, 0xf0006000u, &w);
	CHECK(w.fault && w.unit == SZ_4K);
	mmu_walk(pm, PGTABLE_CLASSIC, 0x4000, 0x00000000u, &w);
	CHECK(w.fault && w.unit == SZ_1M);

	/* LPAE: pgd[3] → pmd table; a 2 MiB block at 0xc0200000, a page via a pte table. */
	phys_write64(pm, 0x10000 + 3 * 8, 0x11000ULL | 3);
	phys_write64(pm, 0x11000 + 1 * 8, 0x880200000ULL | (7u << 2) | (1u << 10) | (1ULL << 54) | 1);
	phys_write64(pm, 0x11000 + 2 * 8, 0x12000ULL | 3);
	phys_write64(pm, 0x12000 + 3 * 8, 0x9000000ULL | (4u << 2) | (1u << 10) | (1u << 7) | 3);
	phys_write64(pm, 0x12000 + 4 * 8, 0x9001000ULL | (4u << 2) | 3);	/* AF clear */
	mmu_walk(pm, PGTABLE_LPAE, 0x10000, 0xc0212345u, &w);
	CHECK(!w.fault && w.pa == 0x880212345ULL && w.kwrite && !w.kexec);
	CHECK_EQ(w.mem, MEMC_NORMAL_CACHED);
	mmu_walk(pm, PGTABLE_LPAE, 0x10000, 0xc0403010u, &w);
	CHECK(!w.fault && w.pa == 0x9000010ULL && !w.kwrite && w.kexec);
	CHECK_EQ(w.mem, MEMC_DEVICE);
	mmu_walk(pm, PGTABLE_LPAE, 0x10000, 0xc0404000u, &w);
	CHECK(w.fault);
	mmu_walk(pm, PGTABLE_LPAE, 0x10000, 0x40000000u, &w);
	CHECK(w.fault && w.unit == SZ_1G);
	phys_mem_free(pm);
}

/* Address of the descriptor translating va: classic L1 entry or LPAE level-2 entry. */
static phys_addr_t descriptor_of(uint32_t va)
{
	const struct mm_mmu *mmu = &setup->mmu;
	uint64_t d;

	if (mmu->format == PGTABLE_CLASSIC)
		return mmu->pgd_phys + (va >> 20) * 4;
	d = phys_read64(mmu->pm, mmu->pgd_phys + (va >> 30) * 8);
	return (d & 0xfffffff000ULL) + ((va >> 21) & 0x1ff) * 8;
}

static void flip(uint32_t va, uint64_t bits)
{
	phys_addr_t p = descriptor_of(va);

	if (setup->mmu.format == PGTABLE_CLASSIC)
		phys_write32(setup->pm, p, phys_read32(setup->pm, p) ^ (uint32_t)bits);
	else
		phys_write64(setup->pm, p, phys_read64(setup->pm, p) ^ bits);
}

static void fabricate(bool lpae, uint32_t va_off, uint64_t classic_bits, uint64_t lpae_bits,
		      const char *want)
{
	struct boot_case bc = { "fault", lpae, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };

	start();
	CHECK_EQ(boot(&bc), 0);
	flip(setup->layout.page_offset + va_off, lpae ? lpae_bits : classic_bits);
	mmu_check_full(mc, &setup->mmu);
	CHECK(oracle_failures() > 0);
	if (!reported(want))
		fprintf(stderr, "  wanted '%s', got:\n%s", want, messages);
	CHECK(reported(want));
	finish();
}

TEST(catches_xn_cleared_on_rw_lowmem)
{
	fabricate(false, 0x08000000, 1u << 4, 0, "executable bit does not match mem_type");
	fabricate(true, 0x08000000, 0, 1ULL << 54, "executable bit does not match mem_type");
}

TEST(catches_wrong_pa)
{
	fabricate(false, 0x08000000, 1u << 20, 0, "requested mapping translates to the wrong PA");
	fabricate(true, 0x08000000, 0, 1ULL << 21, "requested mapping translates to the wrong PA");
}

TEST(catches_read_only_lowmem)
{
	fabricate(false, 0x08000000, 1u << 15, 0, "kernel write access does not match mem_type");
	fabricate(true, 0x08000000, 0, 1ULL << 7, "kernel write access does not match mem_type");
}

TEST(catches_stray_mapping_in_vmalloc)
{
	for (int lpae = 0; lpae < 2; lpae++) {
		struct boot_case bc = { "stray", lpae, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };
		uint32_t va;

		start();
		CHECK_EQ(boot(&bc), 0);
		va = setup->layout.vmalloc_start + 0x1000000;
		if (lpae)
			phys_write64(setup->pm, descriptor_of(va),
				     0x50000000ULL | (7u << 2) | (1u << 10) | (1ULL << 54) | 1);
		else
			phys_write32(setup->pm, descriptor_of(va), 0x50000000u | (1u << 10) | 2);
		mmu_check_full(mc, &setup->mmu);
		CHECK(reported("mmu: address mapped outside every requested mapping"));
		finish();
	}
}

TEST(catches_layout_fields)
{
	struct boot_case bc = { "layout", false, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };

	start();
	CHECK_EQ(boot(&bc), 0);
	setup->layout.vmalloc_start += 0x800000;
	setup->layout.arm_lowmem_limit -= SZ_1M;
	check_all();
	CHECK(reported("(vmalloc_start (high_memory + 8 MiB, 8 MiB aligned))"));
	CHECK(reported("arm_lowmem_limit"));
	finish();
}

TEST(catches_impossible_events)
{
	struct boot_case bc = { "events", false, true, VMSPLIT_3G, 0, 0, 1, { { G, G } } };
	struct mmu_mapping_event user = { .md = { 0x10000, 0x9000, SZ_4K, MT_DEVICE }, .ret = 0 };
	struct mmu_mapping_event valid = { .md = { 0xf8000000u, 0x9000, SZ_4K, MT_DEVICE },
					   .ret = -MM_EINVAL, .why = "made up" };
	struct mmu_mapping_event overlap = { .md = { 0xc1000000u, 0x9000, SZ_4K, MT_DEVICE },
					     .ret = 0 };

	start();
	CHECK_EQ(boot(&bc), 0);
	mmu_check_observe(&setup->mmu, &user, mc);
	CHECK(reported("mmu: create_mapping must refuse"));
	mmu_check_observe(&setup->mmu, &valid, mc);
	CHECK(reported("mmu: create_mapping refused a valid request"));
	mmu_check_observe(&setup->mmu, &overlap, mc);
	CHECK(reported("mmu: requested mappings overlap in VA"));
	finish();
}

static void seed_is_used(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	const struct fuzz_target *t = ctx;
	int ret = t->run(data, len);

	if (ret != 0)
		fprintf(stderr, "  %s rejected: %s\n", name, t->last_reject());
	CHECK_EQ(ret, 0);
}

/* Every seed of corpus/layout is a usable input (not rejected). */
TEST(corpus_seeds_run)
{
	const struct fuzz_target *t = fuzz_target_find("layout");

	CHECK(t != NULL);
	if (t)
		CHECK(for_each_input("corpus/layout", seed_is_used, (void *)t) >= 10);
}

TEST_MAIN()
