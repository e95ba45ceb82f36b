/* The fuzz input decoders and the three targets over the committed seeds. */
#include <libfdt.h>

#include "fuzz/dtb_builder.h"
#include "fuzz/fuzz_target.h"
#include "fuzz/memblock_ops.h"
#include "boot.h"
#include "bugs.h"
#include "oracle/oracle.h"
#include "test.h"

#include "input_helpers.h"

static void record_failure(const char *message)
{
	fprintf(stderr, "  oracle: %s\n", message);
}

static uint64_t blob_a[DTB_BUILD_MAX / 8], blob_b[DTB_BUILD_MAX / 8];
static struct mbops_program prog_a, prog_b;

/* Two decodes of the same bytes must agree; the dtb must pass libfdt's full check. */
static void check_dtb_decode(const uint8_t *data, size_t len, const char *name)
{
	struct mm_boot_config ca, cb;
	const char *why = NULL;
	int la = dtb_build(data, len, blob_a, sizeof(blob_a), &ca, &why);
	int lb = dtb_build(data, len, blob_b, sizeof(blob_b), &cb, &why);

	CHECK(la > 0);
	CHECK_EQ(la, lb);
	if (la <= 0 || la != lb) {
		fprintf(stderr, "  seed %s\n", name);
		return;
	}
	CHECK(memcmp(blob_a, blob_b, (size_t)la) == 0);
	CHECK(memcmp(&ca, &cb, sizeof(ca)) == 0);
	CHECK_EQ(fdt_check_full(blob_a, (size_t)la), 0);
	CHECK_EQ(fdt_totalsize(blob_a), la);
}

static void check_mbops_decode(const uint8_t *data, size_t len)
{
	char fa[512], fb[512];

	mbops_decode(data, len, &prog_a);
	mbops_decode(data, len, &prog_b);
	CHECK_EQ(prog_a.nr_ops, prog_b.nr_ops);
	CHECK(memcmp(&prog_a.cfg, &prog_b.cfg, sizeof(prog_a.cfg)) == 0);
	CHECK(prog_a.nr_ops <= MBOPS_MAX_OPS);
	for (int i = 0; i < prog_a.nr_ops && i < prog_b.nr_ops; i++) {
		mbops_format(&prog_a.ops[i], fa, sizeof(fa));
		mbops_format(&prog_b.ops[i], fb, sizeof(fb));
		CHECK_STR(fa, fb);
	}
}

static void dtb_seed_decodes(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	(void)ctx;
	check_dtb_decode(data, len, name);
}

TEST(dtb_struct_seeds_decode_deterministically)
{
	CHECK(for_each_input("corpus/dtb_struct", dtb_seed_decodes, NULL) >= 12);
}

static void mbops_seed_decodes(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	(void)ctx;
	check_mbops_decode(data, len);
	/* Hand-written seeds must use every byte: no operation cut short. */
	if (prog_a.nr_ops == 0)
		fprintf(stderr, "  seed %s decodes to nothing\n", name);
	CHECK(prog_a.nr_ops > 0);
}

TEST(memblock_ops_seeds_decode_deterministically)
{
	CHECK(for_each_input("corpus/memblock_ops", mbops_seed_decodes, NULL) >= 12);
}

static void dtb_prefixes_decode(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	(void)ctx;
	for (size_t n = 0; n < len; n++)
		check_dtb_decode(data, n, name);
}

static void mbops_prefixes_decode(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	(void)name;
	(void)ctx;
	for (size_t n = 0; n < len; n++)
		check_mbops_decode(data, n);
}

TEST(truncated_and_empty_inputs_decode)
{
	check_dtb_decode(NULL, 0, "(empty)");
	for_each_input("corpus/dtb_struct", dtb_prefixes_decode, NULL);
	check_mbops_decode(NULL, 0);
	CHECK_EQ(prog_a.nr_ops, 0);
	for_each_input("corpus/memblock_ops", mbops_prefixes_decode, NULL);
}

/* docs/fuzz-input-format.md, memblock_ops worked example. */
TEST(memblock_ops_worked_example)
{
	static const uint8_t ex[] = {
		0x28,					/* allow_resize, preset virt-1g */
		0x03, 0x80, 0x00, 0x00, 0x00, 0x48, 0x80, 0x00, 0x00, 0x10, 0x00,
		0x02, 0x21, 0x0e,
		0x0e, 0x0d, 0x0d,
		0x05, 0x00, 0x01,
	};
	char line[512];

	mbops_decode(ex, sizeof(ex), &prog_a);
	CHECK(prog_a.cfg.allow_resize && !prog_a.cfg.lpae && !prog_a.cfg.bottom_up);
	CHECK_EQ(prog_a.cfg.preset, MBOPS_PRESET_VIRT_1G);
	CHECK_EQ(prog_a.nr_ops, 4);
	mbops_format(&prog_a.ops[0], line, sizeof(line));
	CHECK_STR(line, "reserve(base=0x48000000, size=0x100000)");
	mbops_format(&prog_a.ops[1], line, sizeof(line));
	CHECK_STR(line, "remove(base=0x48100000, size=0x2000000)");
	mbops_format(&prog_a.ops[2], line, sizeof(line));
	CHECK_STR(line, "alloc(size=0x1000000, align=0x1000)");
	mbops_format(&prog_a.ops[3], line, sizeof(line));
	CHECK_STR(line, "free_alloc(allocation 0 of the last 16, first half)");
}

/* docs/fuzz-input-format.md, dtb_struct worked example. */
TEST(dtb_struct_worked_example)
{
	static const uint8_t ex[] = {
		0x00,						/* classic, 1+1 cells, guessed */
		0x01, 0x00, 0x04, 0x14,				/* memory@40000000, 1 GiB */
		0x0a, 0x00, 0x80, 0x00, 0x00, 0x00, 0x4e, 0x0d,	/* no-map region, 16 MiB */
		0x04, 0x01, 0x07, 0x20, 0x12,			/* console=..., mem=512M */
	};
	static const char expect_bootargs[] = "console=ttyS0,115200 mem=512M";
	struct mm_boot_config cfg;
	const char *why = NULL;
	const void *p;
	int len, node, plen;

	len = dtb_build(ex, sizeof(ex), blob_a, sizeof(blob_a), &cfg, &why);
	CHECK(len > 0);
	CHECK(!cfg.lpae && cfg.phys_offset == 0 && cfg.load_addr == 0 && cfg.dtb_phys == 0);
	node = fdt_subnode_offset(blob_a, 0, "memory@40000000");
	CHECK(node > 0);
	p = fdt_getprop(blob_a, node, "reg", &plen);
	CHECK_EQ(plen, 8);
	if (plen == 8) {
		CHECK_EQ(fdt32_to_cpu(((const fdt32_t *)p)[0]), 0x40000000);
		CHECK_EQ(fdt32_to_cpu(((const fdt32_t *)p)[1]), 0x40000000);
	}
	node = fdt_subnode_offset(blob_a, 0, "reserved-memory");
	CHECK(node > 0);
	node = fdt_subnode_offset(blob_a, node, "region0@4e000000");
	CHECK(node > 0);
	CHECK(fdt_getprop(blob_a, node, "no-map", &plen) != NULL);
	node = fdt_subnode_offset(blob_a, 0, "chosen");
	CHECK(node > 0);
	p = fdt_getprop(blob_a, node, "bootargs", &plen);
	CHECK(p != NULL);
	if (p)
		CHECK_STR((const char *)p, expect_bootargs);
}

/* run() either uses an input (0) or rejects it with a reason (-1). */
static void check_run_result(const struct fuzz_target *t, const char *name, int ret)
{
	const char *why = ret == -1 && t->last_reject ? t->last_reject() : NULL;

	CHECK(ret == 0 || ret == -1);
	if (ret == -1 && !(why && *why))
		fprintf(stderr, "  %s/%s: rejected without a reason\n", t->name, name);
	CHECK(ret == 0 || (why && *why));
}

struct seed_run {
	const struct fuzz_target *t;
	bool expect_accepted;
};

/* A seed, then every prefix of it (up to 512 bytes), through the target. */
static void seed_runs(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	const struct seed_run *sr = ctx;
	int ret = sr->t->run(data, len);

	check_run_result(sr->t, name, ret);
	if (sr->expect_accepted && ret != 0) {
		fprintf(stderr, "  %s/%s rejected: %s\n", sr->t->name, name, sr->t->last_reject());
		CHECK_EQ(ret, 0);
	}
	for (size_t n = 0; n < len && n < 512; n++)
		check_run_result(sr->t, name, sr->t->run(data, n));
}

/* Every seed (and every prefix of it) runs through its target with no oracle failure. */
static void run_target_seeds(const char *target, bool expect_accepted)
{
	struct seed_run sr = { fuzz_target_find(target), expect_accepted };
	char dir[64];

	CHECK(sr.t != NULL);
	if (!sr.t)
		return;
	oracle_set_fail_handler(record_failure);
	oracle_reset_failures();
	check_run_result(sr.t, "(empty)", sr.t->run(NULL, 0));
	snprintf(dir, sizeof(dir), "corpus/%s", target);
	for_each_input(dir, seed_runs, &sr);
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

TEST(dtb_raw_seeds_run_clean)
{
	run_target_seeds("dtb_raw", false);
}

TEST(dtb_struct_seeds_run_clean)
{
	run_target_seeds("dtb_struct", true);
}

TEST(memblock_ops_seeds_run_clean)
{
	run_target_seeds("memblock_ops", true);
}

/*
 * dtb_raw's configuration is the byte after the blob, so a real board's
 * tree runs under every configuration; without one it is the low byte of
 * boot_cpuid_phys, as the inputs recorded before the trailer existed.
 */
TEST(dtb_raw_config_from_the_trailer)
{
	const struct fuzz_target *t = fuzz_target_find("dtb_raw");
	struct mm_boot_config cfg;
	size_t len;
	uint8_t *seed = read_source_input("corpus/dtb_raw/qemu-virt-1g.dtb", &len);
	uint32_t total;

	if (!seed)
		return;
	total = fdt_totalsize(seed);
	CHECK_EQ(len, total + 1);
	for (unsigned c = 0; c < 8 && len == total + 1; c++) {
		seed[total] = (uint8_t)c;
		seed[0x1f] = (uint8_t)~c;
		dtb_raw_config(seed, len, &cfg);
		CHECK_EQ(cfg.lpae, c & 1);
		CHECK_EQ(cfg.dtb_phys != 0, (c >> 1) & 1);
		CHECK_EQ(cfg.bottom_up, (c >> 2) & 1);
		CHECK_EQ(t->run(seed, len), 0);
	}
	seed[0x1f] = 0x05;
	dtb_raw_config(seed, total, &cfg);
	CHECK(cfg.lpae && cfg.bottom_up && !cfg.dtb_phys);
	free(seed);
}

static void has_no_trailer(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	(void)ctx;
	if (len > 8 && fdt_totalsize(data) < len)
		fprintf(stderr, "  %s has bytes past its totalsize\n", name);
	CHECK(len <= 8 || fdt_totalsize(data) >= len);
}

/* The repro cases predate the trailer: each still runs the configuration it was recorded with. */
TEST(dtb_raw_repro_cases_read_boot_cpuid)
{
	for_each_input("repro/dtb_raw", has_no_trailer, NULL);
}

static const char *const own_targets[3] = { "dtb_raw", "dtb_struct", "memblock_ops" };

/* A deterministic stream of junk inputs: no crash, no oracle failure, same verdict twice. */
TEST(junk_inputs_run_clean)
{
	static uint8_t buf[2048];
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	oracle_set_fail_handler(record_failure);
	oracle_reset_failures();
	for (int t = 0; t < 3; t++) {
		const struct fuzz_target *target = fuzz_target_find(own_targets[t]);

		for (int round = 0; round < 200; round++) {
			size_t len = (size_t)(round * 7) % sizeof(buf);
			int r1, r2;

			for (size_t i = 0; i < len; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				buf[i] = (uint8_t)x;
			}
			r1 = target->run(buf, len);
			check_run_result(target, "(junk)", r1);
			r2 = target->run(buf, len);
			CHECK_EQ(r1, r2);
		}
	}
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

/*
 * The near-full preset is built once per configuration and then restored
 * by copy: the restored start must behave as the built one.  A bank added
 * one byte after the first preset bank, with the merge bug on, is caught
 * on both runs; with the bug off neither run reports anything.
 */
TEST(memblock_ops_near_full_preset_restores_like_a_build)
{
	static const uint8_t input[] = {
		0x70,					/* preset 7, classic */
		0x00, 0x80, 0x01, 0x00, 0x10, 0x40,	/* add(0x40100001, */
		0x80, 0x00, 0x10, 0x00, 0x00,		/*     0x1000) */
	};
	const struct fuzz_target *t = fuzz_target_find("memblock_ops");
	unsigned first, second;

	oracle_set_fail_handler(record_failure);
	oracle_reset_failures();
	CHECK_EQ(t->run(input, sizeof(input)), 0);
	CHECK_EQ(t->run(input, sizeof(input)), 0);
	CHECK_EQ(oracle_failures(), 0);

	mm_bug_set(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, true);
	t->run(input, sizeof(input));
	first = oracle_failures();
	t->run(input, sizeof(input));
	second = oracle_failures() - first;
	mm_bug_set(MM_BUG_MEMBLOCK_MERGE_OFF_BY_ONE, false);
	CHECK(first > 0);
	CHECK_EQ(first, second);
	oracle_set_fail_handler(NULL);
}

/* Each target's warm-up input is a real, accepted input that the oracle passes. */
TEST(warm_up_inputs_are_used)
{
	oracle_set_fail_handler(record_failure);
	oracle_reset_failures();
	for (int i = 0; fuzz_targets[i]; i++) {
		const struct fuzz_target *t = fuzz_targets[i];

		fuzz_warm_up(t);
		if (t->warm_up)
			CHECK_EQ(t->run(t->warm_up, t->warm_up_len), 0);
	}
	CHECK_EQ(oracle_failures(), 0);
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
