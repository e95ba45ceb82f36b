/*
 * The cross-model differential runner (oracle/differential.c): every
 * preset board under every profile agrees across the four memory models
 * for a fixed operation mix, compared in full wherever v6.1's models must
 * agree, the page_alloc seeds with the differential flag agree, a
 * model-dependent observable and a model diverging under a bug switch are
 * reported, and the target runs flagged inputs on its differential
 * schedule.
 */
#include "bugs.h"
#include "differential.h"
#include "fuzz_target.h"
#include "gfp.h"
#include "oracle.h"
#include "page_alloc.h"
#include "page_alloc_ops.h"
#include "test.h"

#include "input_helpers.h"
#include "pa_input.h"

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

static void config(struct kernel_config *cfg, unsigned profile)
{
	const struct mm_profile *p = mm_profile_by_index(profile);

	*cfg = (struct kernel_config){ .profile = p };
	cfg->setup.boot.lpae = cfg->setup.layout.lpae = p->lpae;
	cfg->setup.layout.split = VMSPLIT_3G;
	cfg->setup.layout.highmem = true;
	layout_default_image(&cfg->setup.layout.image);
}

/* A mix of kinds and orders; frees every other block. */
static void mix(struct mm_kernel *k, struct kernel_watch *w, struct diff_trace *t, void *ctx)
{
	static const gfp_t kinds[] = { GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_ATOMIC, GFP_DMA,
				       GFP_KERNEL | __GFP_RECLAIMABLE };
	struct page *held[40];

	(void)w;

	for (int i = 0; i < 40; i++) {
		held[i] = alloc_pages(k, kinds[i % 5], (unsigned)(i % 4));
		diff_note(t, held[i] ? page_to_pfn(&k->memmap, held[i]) : ~0ULL);
	}
	for (int i = 0; i < 40; i += 2)
		if (held[i])
			__free_pages(k, held[i], (unsigned)(i % 4));
	if (ctx && k->memmap.model == MEMORY_MODEL_SPARSEMEM)
		k->node.node_zones[ZONE_DMA].present_pages++;
}

/*
 * Every pair of models that booted is compared in full (tier 2, with every
 * model's memmap reserved in each), but FLATMEM's pairs where lowmem ends
 * inside a pageblock: there v6.1's FLATMEM keeps that pageblock's bits once
 * per zone, SPARSEMEM once (differential.c, must_agree).
 */
TEST(differential_agrees_on_every_board)
{
	struct kernel_config cfg;

	for (unsigned board = 0; board < PA_NR_BOARDS; board++)
		for (unsigned profile = 0; profile < 3; profile++) {
			unsigned long before = differential_full_pairs(), expected;
			const void *fdt;
			size_t len;
			int booted;

			config(&cfg, profile);
			fdt = pa_board_dtb(board, &len, &cfg.setup.boot);
			quiet();
			booted = differential_run(fdt, len, &cfg, mix, NULL);
			if (oracle_failures())
				fprintf(stderr, "  board %s profile %u:\n%s", pa_board_name(board), profile,
					messages);
			CHECK_EQ(oracle_failures(), 0);
			CHECK(booted >= 3);
			expected = (unsigned long)(booted * (booted - 1) / 2);
			/* lowmem ends at 0x6fe00000 there: inside a classic 4 MiB pageblock, not an LPAE 2 MiB one */
			if (board == PA_BOARD_1G_ZONE_SPLIT && !cfg.profile->lpae)
				expected -= (unsigned long)(booted - 1);
			CHECK_EQ(differential_full_pairs() - before, expected);
		}
	printf("  model pairs compared in full: %lu\n", differential_full_pairs());
	oracle_set_fail_handler(NULL);
}

/* Every MAX_ORDER-1 Movable block the zones give, then all of them back. */
static void fill_and_free(struct mm_kernel *k, struct kernel_watch *w, struct diff_trace *t, void *ctx)
{
	unsigned order = k->profile->max_order - 1, n = 0;
	struct page *held[512];

	(void)w;
	(void)ctx;
	while (n < 512 && (held[n] = alloc_pages(k, GFP_HIGHUSER_MOVABLE, order)))
		diff_note(t, page_to_pfn(&k->memmap, held[n++]));
	while (n)
		__free_pages(k, held[--n], order);
}

/*
 * The full comparison bites: with SPARSEMEM's usemap aliasing a section's
 * upper pageblocks onto its lower ones, the 512 MiB board's CMA pool (upper
 * half of its section) makes pageblocks below it MIGRATE_CMA in the
 * SPARSEMEM models only, so the Movable blocks freed there land on the CMA
 * lists.  Nothing the geometry tier compares changes; the full comparison
 * finds the free lists apart, and only against FLATMEM: the SPARSEMEM
 * models share the bug and agree with each other.
 */
TEST(differential_full_comparison_catches_a_diverging_model)
{
	struct kernel_config cfg;
	const void *fdt;
	size_t len;

	config(&cfg, 0);
	fdt = pa_board_dtb(PA_BOARD_512M_CMA_NOMAP, &len, &cfg.setup.boot);
	quiet();
	differential_run(fdt, len, &cfg, fill_and_free, NULL);
	CHECK_EQ(oracle_failures(), 0);
	mm_bug_set(MM_BUG_SPARSE_USEMAP_ALIAS, true);
	differential_run(fdt, len, &cfg, fill_and_free, NULL);
	mm_bug_set(MM_BUG_SPARSE_USEMAP_ALIAS, false);
	CHECK(strstr(messages, "ORACLE: differential free lists:") != NULL);
	CHECK(strstr(messages, "(first differing list entry: flatmem vs sparsemem)") != NULL);
	CHECK(strstr(messages, "sparsemem vs sparsemem-extreme") == NULL);
	CHECK(strstr(messages, "differential zone geometry") == NULL);
	CHECK(strstr(messages, "differential boot log") == NULL);
	oracle_set_fail_handler(NULL);
}

TEST(differential_reports_a_model_dependent_zone)
{
	struct kernel_config cfg;
	const void *fdt;
	size_t len;
	int dummy;

	config(&cfg, 0);
	fdt = pa_board_dtb(0, &len, &cfg.setup.boot);
	quiet();
	differential_run(fdt, len, &cfg, mix, &dummy);
	CHECK(strstr(messages, "ORACLE: differential zone geometry:") != NULL);
	oracle_set_fail_handler(NULL);
}

/* One seed with the differential flag set. */
static void seed_agrees(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	const struct fuzz_target *t = ctx;
	uint8_t *flagged = malloc(len);

	CHECK(len > 0 && flagged != NULL);
	if (!len || !flagged) {
		free(flagged);
		return;
	}
	memcpy(flagged, data, len);
	flagged[0] |= PA_C0_DIFFERENTIAL;
	quiet();
	t->run(flagged, len);
	if (oracle_failures())
		fprintf(stderr, "  seed %s:\n%s", name, messages);
	CHECK_EQ(oracle_failures(), 0);
	free(flagged);
}

/* Every seed, forced into differential mode. */
TEST(differential_agrees_on_the_seeds)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");

	CHECK(t != NULL);
	if (!t)
		return;
	pa_differential_every_input(true);
	for_each_input("corpus/page_alloc", seed_agrees, (void *)t);
	pa_differential_every_input(false);
	oracle_set_fail_handler(NULL);
}

/*
 * PHYS_OFFSET 2 MiB with RAM at 512 MiB and a CMA pool under the lowmem
 * limit: FLATMEM's mem_map, counted from ARCH_PFN_OFFSET, missed the node
 * and free_unused_memmap() freed part of the CMA pool into the buddy
 * allocator, which the CMA activation then freed again (a page on two free
 * lists).  The image sits at PHYS_OFFSET + 32 KiB, outside RAM: such
 * machines are now refused at setup_arch (fuzz/bootable.c), before any
 * model boots.  Expect: the differential runs and reports that refusal.
 */
TEST(differential_reports_an_unbootable_machine)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");
	unsigned long runs = pa_differential_runs();
	size_t len;
	uint8_t *in = read_source_input(
		"repro/page_alloc/flatmem-mem-map-below-node-and-sparse-free-without-section", &len);

	CHECK(t != NULL);
	if (!t || !in) {
		free(in);
		return;
	}
	CHECK(in[0] & PA_C0_DIFFERENTIAL);
	pa_differential_every_input(true);
	quiet();
	CHECK_EQ(t->run(in, len), -1);
	CHECK_STR(t->last_reject(), "unbootable: the image is not in lowmem RAM below 4 GiB");
	if (oracle_failures())
		fprintf(stderr, "%s", messages);
	CHECK_EQ(oracle_failures(), 0);
	CHECK_EQ(pa_differential_runs(), runs + 1);
	pa_differential_every_input(false);
	oracle_set_fail_handler(NULL);
	free(in);
}

/* Flagged inputs: one differential run, then plain runs until 32 inputs have passed. */
TEST(differential_runs_on_its_schedule)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");
	struct pa_bytes flagged;
	bool scheduled = fuzz_scheduled_sweeps;
	unsigned long before, runs, again;
	int v, on_schedule = 0;

	CHECK(t != NULL);
	if (!t)
		return;
	quiet();
	fuzz_scheduled_sweeps = true;
	/* About one flagged input in 32 runs the differential, decided by its bytes alone. */
	for (v = 0; v < 128; v++) {
		flagged = pa_input((struct pa_config){ .differential = true, .board = PA_BOARD_256M });
		pa_alloc(&flagged, PA_GFP_KERNEL, 0);
		pa_free(&flagged, (unsigned)v);
		before = pa_differential_runs();
		t->run(flagged.b, flagged.len);
		runs = pa_differential_runs() - before;
		CHECK(runs <= 1);
		on_schedule += (int)runs;
		/* The same input decides the same way however often it runs. */
		t->run(flagged.b, flagged.len);
		again = pa_differential_runs() - before - runs;
		CHECK_EQ(again, runs);
		CHECK_EQ(runs, fuzz_input_scheduled(flagged.b, flagged.len, 32, 2));
	}
	CHECK(on_schedule >= 1 && on_schedule <= 16);
	fuzz_scheduled_sweeps = scheduled;
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
