/*
 * The cross-model differential runner (oracle/differential.c): every
 * preset board under every profile agrees across the four memory models
 * for a fixed operation mix, the page_alloc seeds with the differential
 * flag agree, a model-dependent observable is reported, and the target
 * runs flagged inputs on its differential schedule.
 */
#include "differential.h"
#include "fuzz_target.h"
#include "gfp.h"
#include "oracle.h"
#include "page_alloc.h"
#include "page_alloc_ops.h"
#include "test.h"

#include <dirent.h>

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

TEST(differential_agrees_on_every_board)
{
	struct kernel_config cfg;

	for (unsigned board = 0; board < PA_NR_BOARDS; board++)
		for (unsigned profile = 0; profile < 3; profile++) {
			const void *fdt;
			size_t len;

			config(&cfg, profile);
			fdt = pa_board_dtb(board, &len, &cfg.setup.boot);
			quiet();
			differential_run(fdt, len, &cfg, mix, NULL);
			if (oracle_failures())
				fprintf(stderr, "  board %s profile %u:\n%s", pa_board_name(board), profile,
					messages);
			CHECK_EQ(oracle_failures(), 0);
		}
	printf("  model pairs compared in full: %lu\n", differential_full_pairs());
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

/* Every seed, forced into differential mode. */
TEST(differential_agrees_on_the_seeds)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");
	DIR *d = opendir(MMFUZZ_SOURCE_DIR "/corpus/page_alloc");
	struct dirent *e;
	unsigned n = 0;

	CHECK(t != NULL && d != NULL);
	if (!t || !d)
		return;
	pa_differential_every_input(true);
	while ((e = readdir(d))) {
		char path[1024];
		uint8_t buf[2048];
		size_t len;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/corpus/page_alloc/%s", MMFUZZ_SOURCE_DIR, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (len < 1)
			continue;
		buf[0] |= 0x10;
		quiet();
		t->run(buf, len);
		if (oracle_failures())
			fprintf(stderr, "  seed %s:\n%s", e->d_name, messages);
		CHECK_EQ(oracle_failures(), 0);
		n++;
	}
	closedir(d);
	pa_differential_every_input(false);
	CHECK(n > 0);
	oracle_set_fail_handler(NULL);
}

/*
 * PHYS_OFFSET 2 MiB with RAM at 512 MiB and a CMA pool under the lowmem
 * limit: FLATMEM's mem_map, counted from ARCH_PFN_OFFSET, missed the node
 * and free_unused_memmap() freed part of the CMA pool into the buddy
 * allocator, which the CMA activation then freed again (a page on two free
 * lists).  FLATMEM now panics there; the SPARSEMEM models, which freed
 * the NULL struct page of a pfn without a section, skip it and are compared.
 */
TEST(differential_flatmem_sits_out_a_mem_map_below_the_node)
{
	static const uint8_t in[] = {
		0xdf, 0x10, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2f,
		0x31, 0x31, 0x31, 0x31, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xe4, 0x04,
		0x31, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31, 0x31, 0x32, 0x36, 0x31, 0x35,
		0x31, 0x32, 0x35, 0x31, 0xeb, 0x02, 0x10, 0x06, 0x30, 0x3a, 0x20, 0x36,
		0x34, 0x33, 0x33, 0x33, 0x34, 0x06, 0x00, 0x34, 0x91, 0x8c, 0x33, 0xbd,
		0xf5, 0x33, 0x33, 0x30, 0x33, 0x33, 0x33, 0x33, 0xff,
	};
	const struct fuzz_target *t = fuzz_target_find("page_alloc");
	unsigned long runs = pa_differential_runs();

	CHECK(t != NULL);
	if (!t)
		return;
	pa_differential_every_input(true);
	quiet();
	t->run(in, sizeof(in));
	if (oracle_failures())
		fprintf(stderr, "%s", messages);
	CHECK_EQ(oracle_failures(), 0);
	CHECK_EQ(pa_differential_runs(), runs + 1);
	pa_differential_every_input(false);
	oracle_set_fail_handler(NULL);
}

/* Flagged inputs: one differential run, then plain runs until 32 inputs have passed. */
TEST(differential_runs_on_its_schedule)
{
	const struct fuzz_target *t = fuzz_target_find("page_alloc");
	uint8_t flagged[] = { 0x10, 0, 0, 0, 0, 0, 1, 0 };
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
		flagged[7] = (uint8_t)v;
		before = pa_differential_runs();
		t->run(flagged, sizeof(flagged));
		runs = pa_differential_runs() - before;
		CHECK(runs <= 1);
		on_schedule += (int)runs;
		/* The same input decides the same way however often it runs. */
		t->run(flagged, sizeof(flagged));
		again = pa_differential_runs() - before - runs;
		CHECK_EQ(again, runs);
		CHECK_EQ(runs, fuzz_input_scheduled(flagged, sizeof(flagged), 32, 2));
	}
	CHECK(on_schedule >= 1 && on_schedule <= 16);
	fuzz_scheduled_sweeps = scheduled;
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
