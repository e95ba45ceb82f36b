/* The naive FDT reader agrees with dt_parse() and catches tampered results. */
#include "test.h"

#include <libfdt.h>

#include "fdt_scan.h"
#include "memblock.h"
#include "mm_errno.h"
#include "oracle/fdt_check.h"
#include "oracle/oracle.h"
#include "input_helpers.h"
#include "oracle_recorder.h"

static uint64_t blob_buf[8192];	/* 64 KiB, 8-byte aligned */

static void prop_cells(void *fdt, const char *name, int nr, const uint64_t *v, const int *width)
{
	fdt32_t cells[64];
	int k = 0;

	for (int i = 0; i < nr; i++) {
		if (width[i] == 2)
			cells[k++] = cpu_to_fdt32((uint32_t)(v[i] >> 32));
		cells[k++] = cpu_to_fdt32((uint32_t)v[i]);
	}
	fdt_property(fdt, name, cells, k * 4);
}

/* reg-like property of n (base, size) tuples in the given cell widths. */
static void prop_reg(void *fdt, const char *name, int ac, int sc, int n, const uint64_t *bs)
{
	int width[32];

	for (int i = 0; i < 2 * n; i++)
		width[i] = i % 2 ? sc : ac;
	prop_cells(fdt, name, 2 * n, bs, width);
}

/* QEMU virt-like: 2/2 cells, 1 GiB at 0x40000000, CMA pool, static no-map node. */
static size_t board_virt(void)
{
	void *fdt = blob_buf;
	uint64_t mem[] = { 0x40000000, SZ_1G };
	uint64_t fw[] = { 0x7f000000, SZ_1M };
	uint64_t cma_size = SZ_16M * 4, align = 4 * SZ_1M;
	int w2[] = { 2 };

	fdt_create(fdt, sizeof(blob_buf));
	fdt_add_reservemap_entry(fdt, 0x48000000, 0x10000);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_u32(fdt, "#address-cells", 2);
	fdt_property_u32(fdt, "#size-cells", 2);
	fdt_property_string(fdt, "compatible", "linux,dummy-virt");
	fdt_begin_node(fdt, "chosen");
	fdt_property_string(fdt, "bootargs", "console=ttyAMA0 mem=512M cma=32M");
	fdt_property_u64(fdt, "linux,initrd-start", 0x48000000);
	fdt_property_u32(fdt, "linux,initrd-end", 0x48800000);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "memory@40000000");
	fdt_property_string(fdt, "device_type", "memory");
	prop_reg(fdt, "reg", 2, 2, 1, mem);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "reserved-memory");
	fdt_property_u32(fdt, "#address-cells", 2);
	fdt_property_u32(fdt, "#size-cells", 2);
	fdt_property(fdt, "ranges", NULL, 0);
	fdt_begin_node(fdt, "linux,cma");
	fdt_property_string(fdt, "compatible", "shared-dma-pool");
	fdt_property(fdt, "reusable", NULL, 0);
	prop_cells(fdt, "size", 1, &cma_size, w2);
	prop_cells(fdt, "alignment", 1, &align, w2);
	fdt_property(fdt, "linux,cma-default", NULL, 0);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "firmware@7f000000");
	prop_reg(fdt, "reg", 2, 2, 1, fw);
	fdt_property(fdt, "no-map", NULL, 0);
	fdt_property_u32(fdt, "phandle", 7);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "disabled@7e000000");
	fdt_property_string(fdt, "status", "disabled");
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "device");
	fdt_property_u32(fdt, "memory-region", 7);
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_finish(fdt);
	return fdt_totalsize(fdt);
}

/* Classic 1/1 board: two memory nodes, hotpluggable, usable-memory, usable range, chosen@0. */
static size_t board_classic(bool lpae_banks)
{
	void *fdt = blob_buf;
	uint64_t m1[] = { 0x80000000, SZ_256M, 0x90000000, SZ_256M, 0xa0000000, 0 };
	uint64_t m2[] = { 0xc0000800, 0x01000000 };
	uint64_t usable[] = { 0xc0000000, 0x00800000 };
	uint64_t range[] = { 0x80000000, 0x18000000, 0xc0000000, 0x00200000 };
	uint64_t hi[] = { 0x8, 0x80000000, 0x0, 0x40000000 };
	int w[] = { 1, 1, 1, 1 };

	fdt_create(fdt, sizeof(blob_buf));
	fdt_add_reservemap_entry(fdt, 0x80001000, 0x1000);
	fdt_add_reservemap_entry(fdt, 0x81000000, 0x200000);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_u32(fdt, "#address-cells", lpae_banks ? 2 : 1);
	fdt_property_u32(fdt, "#size-cells", 1);
	fdt_begin_node(fdt, "chosen@0");
	fdt_property_string(fdt, "bootargs", "root=/dev/mmcblk0p2 rw");
	if (!lpae_banks)
		prop_cells(fdt, "linux,usable-memory-range", 4, range, w);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "memory@80000000");
	fdt_property_string(fdt, "device_type", "memory");
	if (lpae_banks)
		prop_reg(fdt, "reg", 2, 1, 1, (uint64_t[]){ 0x80000000, SZ_256M });
	else
		prop_reg(fdt, "reg", 1, 1, 3, m1);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "memory@c0000000");
	fdt_property_string(fdt, "device_type", "memory");
	fdt_property(fdt, "hotpluggable", NULL, 0);
	if (lpae_banks) {
		int w3[] = { 1, 1, 1 };

		prop_cells(fdt, "reg", 3, (uint64_t[]){ 8, 0x80000000, 0x40000000 }, w3);
		(void)hi;
	} else {
		prop_reg(fdt, "reg", 1, 1, 1, m2);
		prop_reg(fdt, "linux,usable-memory", 1, 1, 1, usable);
	}
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "memory@f0000000");
	fdt_property_string(fdt, "device_type", "memory");
	fdt_property_string(fdt, "status", "fail");
	prop_reg(fdt, "reg", 1, 1, 1, (uint64_t[]){ 0xf0000000, SZ_16M });
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_finish(fdt);
	return fdt_totalsize(fdt);
}

static struct dt_info *info_new(void)
{
	return calloc(1, sizeof(struct dt_info));
}

static void check_blob_silent(const void *blob, size_t size, bool expect_ok)
{
	struct dt_info *info = info_new();
	const char *why = NULL;
	int ret = dt_parse(blob, size, info, &why);

	start_recording();
	fdt_check_parse(blob, size, ret, info, why);
	if (expect_ok) {
		CHECK_EQ(ret, 0);
		if (ret)
			fprintf(stderr, "  dt_parse: %s\n", why);
	}
	CHECK_EQ(nr_msgs, 0);
	if (nr_msgs)
		fprintf(stderr, "  %s (dt_parse %d: %s)\n", first_msg, ret, why ? why : "-");
	free(info);
	oracle_set_fail_handler(NULL);
}

TEST(agrees_on_boards)
{
	check_blob_silent(blob_buf, board_virt(), true);
	check_blob_silent(blob_buf, board_classic(false), true);
	check_blob_silent(blob_buf, board_classic(true), true);
}

static void blob_agrees(const char *name, const uint8_t *data, size_t len, void *ctx)
{
	(void)name;
	(void)ctx;
	check_blob_silent(data, len, false);
}

TEST(agrees_on_corpus)
{
	for_each_input("corpus/dtb_raw", blob_agrees, NULL);
	for_each_input("repro/dtb_raw", blob_agrees, NULL);
}

/* Deterministic byte flips over valid blobs: whatever dt_parse says, the oracle agrees. */
TEST(agrees_on_mutations)
{
	static uint64_t copy[8192];
	uint64_t state = 12345;
	size_t (*const boards[])(void) = { board_virt };

	for (int b = 0; b < 3; b++) {
		size_t size = b == 0 ? boards[0]() : board_classic(b == 2);

		for (int round = 0; round < 3000; round++) {
			uint8_t *p = (uint8_t *)copy;
			int flips = 1 + round % 3;

			memcpy(copy, blob_buf, size);
			for (int k = 0; k < flips; k++) {
				state = state * 6364136223846793005ULL + 1442695040888963407ULL;
				p[(state >> 20) % size] ^= (uint8_t)(1u << ((state >> 8) % 8));
			}
			check_blob_silent(copy, size - (round % 50 == 0 ? 7 : 0), false);
		}
	}
}

/* fdt_check_parse of blob_buf against a given verdict; true when its first report names invariant. */
static bool check_names(size_t size, int ret, const struct dt_info *info, const char *why,
			const char *invariant)
{
	start_recording();
	fdt_check_parse(blob_buf, size, ret, info, why);
	return first_names(invariant);
}

TEST(catches_tampered_info)
{
	size_t size = board_classic(false);
	struct dt_info *info = info_new();
	struct dt_info *orig = info_new();

	CHECK_EQ(dt_parse(blob_buf, size, orig, NULL), 0);

	memcpy(info, orig, sizeof(*info));
	info->mem[1].size -= PAGE_SIZE;
	CHECK(check_names(size, 0, info, NULL, "fdt memory range size"));

	memcpy(info, orig, sizeof(*info));
	info->nr_memrsv--;
	CHECK(check_names(size, 0, info, NULL, "fdt memrsv count"));

	memcpy(info, orig, sizeof(*info));
	info->usable_base[1] += 1;
	CHECK(check_names(size, 0, info, NULL, "fdt usable-memory-range base"));

	memcpy(info, orig, sizeof(*info));
	strcpy(info->bootargs, "root=/dev/sda");
	CHECK(check_names(size, 0, info, NULL, "fdt chosen bootargs"));

	CHECK(check_names(size, -MM_EDTB_REG, orig, "memory node reg is not a whole number of tuples",
			  "fdt refusal code"));

	CHECK(check_names(size, 7, orig, NULL, "fdt parse return code"));

	size = board_virt();
	CHECK_EQ(dt_parse(blob_buf, size, orig, NULL), 0);
	memcpy(info, orig, sizeof(*info));
	info->rmem[0].reusable = false;
	CHECK(check_names(size, 0, info, NULL, "fdt reserved-memory flags"));

	memcpy(info, orig, sizeof(*info));
	info->rmem[1].phandle = 8;
	CHECK(check_names(size, 0, info, NULL, "fdt reserved-memory phandle"));

	((uint8_t *)blob_buf)[0] ^= 1;
	CHECK(check_names(size, 0, orig, NULL, "fdt blob accepted"));

	/* the right code without a reason, and a reason with the wrong code */
	CHECK(check_names(size, -MM_EDTB_HEADER, orig, "", "fdt refusal reason"));
	CHECK(check_names(size, -MM_EDTB_STRUCTURE, orig, "fdt_check_full: bad magic",
			  "fdt refusal code"));

	free(info);
	free(orig);
	oracle_set_fail_handler(NULL);
}

static void apply_and_check(const struct dt_info *info, bool lpae, phys_addr_t phys_offset,
			    struct memblock *mb)
{
	memblock_init(mb, lpae, NULL);
	dt_apply_memory(info, mb, phys_offset);
	dt_apply_usable_mem_range(info, mb);
	fdt_check_memory(info, mb, phys_offset);
}

TEST(memory_expectation_matches)
{
	struct dt_info *info = info_new();
	struct memblock *mb = calloc(1, sizeof(*mb));

	start_recording();
	CHECK_EQ(dt_parse(blob_buf, board_classic(false), info, NULL), 0);
	apply_and_check(info, false, 0x80000000, mb);
	apply_and_check(info, false, 0x90000000, mb);
	CHECK_EQ(dt_parse(blob_buf, board_classic(true), info, NULL), 0);
	apply_and_check(info, false, 0x80000000, mb);
	apply_and_check(info, true, 0x80000000, mb);
	CHECK_EQ(dt_parse(blob_buf, board_virt(), info, NULL), 0);
	apply_and_check(info, false, 0x40000000, mb);
	CHECK_EQ(nr_msgs, 0);
	if (nr_msgs)
		fprintf(stderr, "  %s\n", first_msg);

	/* hand-made ranges: unaligned, straddling 4 GiB, below PHYS_OFFSET, many banks */
	memset(info, 0, sizeof(*info));
	info->mem[info->nr_mem++] = (struct dt_mem_range){ 0x3ff00800, 0x00300000, true, 0 };
	info->mem[info->nr_mem++] = (struct dt_mem_range){ 0xfff00000, 0x00200000, false, 0 };
	info->mem[info->nr_mem++] = (struct dt_mem_range){ 0x100000fff, 0x1001, false, 0 };
	info->mem[info->nr_mem++] = (struct dt_mem_range){ 0x50000001, 0xfff, false, 0 };
	for (int i = 0; i < 200; i++)
		info->mem[info->nr_mem++] = (struct dt_mem_range){ 0x60000000 + i * 2 * SZ_1M,
								   SZ_1M, i % 7 == 0, 0 };
	info->nr_usable = 2;
	info->usable_base[0] = 0x3ff80000;
	info->usable_size[0] = 0x40000000;
	info->usable_base[1] = 0x200000000ULL;
	info->usable_size[1] = SZ_16M;
	apply_and_check(info, false, 0x40000000, mb);
	apply_and_check(info, true, 0x40000000, mb);
	apply_and_check(info, true, 0, mb);
	CHECK_EQ(nr_msgs, 0);
	if (nr_msgs)
		fprintf(stderr, "  %s\n", first_msg);

	/* a tampered result is caught */
	memblock_init(mb, false, NULL);
	dt_apply_memory(info, mb, 0x40000000);
	dt_apply_usable_mem_range(info, mb);
	mb->memory.regions[0].size -= PAGE_SIZE;
	fdt_check_memory(info, mb, 0x40000000);
	CHECK(first_names("fdt memory region size"));

	memblock_destroy(mb);
	free(mb);
	free(info);
	oracle_set_fail_handler(NULL);
}

TEST_MAIN()
