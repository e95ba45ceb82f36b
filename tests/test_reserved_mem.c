/*
 * /memreserve/ and /reserved-memory: static and dynamic nodes, the setup
 * hooks (CMA, coherent DMA pool), failure paths and the exact log lines,
 * on 1 GiB of classic memory at 0x40000000 unless said otherwise.
 */
#include "test.h"

#include "dtb_helpers.h"
#include "fdt_scan.h"
#include "memblock.h"
#include "mm_errno.h"
#include "of_reserved_mem.h"

static struct dt_info info;
static struct early_params ep;
static struct reserved_mem_state rs;
static struct memblock mb;
static struct mm_log mlog;
static char dump[8192];

#define RMEM_ROOT "/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;" \
	" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges; "

/* Parse, put 1 GiB at 0x40000000 into memblock, run the scan; returns the reserved dump. */
static const char *scan_blob(const void *blob, size_t len, const char *cmdline, bool lpae)
{
	CHECK_EQ(dt_parse(blob, len, &info, NULL), 0);
	mm_log_reset(&mlog, true);
	memblock_init(&mb, lpae, &mlog);
	memblock_add(&mb, 0x40000000, SZ_1G);
	parse_early_params(cmdline, &ep);
	early_init_fdt_scan_reserved_mem(&info, &ep, &mb, lpae ? SZ_2M : SZ_8M, &rs);
	memblock_debugfs_show(&mb, &mb.reserved, dump, sizeof(dump));
	return dump;
}

static const char *scan(const char *src, const char *cmdline)
{
	size_t len = 0;
	void *blob = dtb_from_dts(src, &len);
	const char *out;

	CHECK(blob != NULL);
	if (!blob)
		return "";
	out = scan_blob(blob, len, cmdline, false);
	free(blob);
	return out;
}

TEST(memreserve_entries_reserved)
{
	CHECK_STR(scan("/dts-v1/;\n/memreserve/ 0x40000000 0x1000;\n/memreserve/ 0x48000000 0x100000;\n/ { };",
		       ""),
		  "   0: 0x40000000..0x40000fff\n"
		  "   1: 0x48000000..0x480fffff\n");
	CHECK_STR(mlog.buf, "");
}

TEST(static_reg_with_and_without_nomap)
{
	CHECK_STR(scan(RMEM_ROOT
		       " fw@4e000000 { reg = <0x4e000000 0x2000000>; no-map; };"
		       " oops@50000000 { compatible = \"ramoops\"; reg = <0x50000000 0x100000 0x50200000 0x1000>; };"
		       " }; };", ""),
		  "   0: 0x50000000..0x500fffff\n"
		  "   1: 0x50200000..0x50200fff\n");
	CHECK_EQ(mb.memory.cnt, 3);
	CHECK_EQ(mb.memory.regions[1].base, 0x4e000000);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(rs.nr_reserved_mem, 2);
	CHECK_STR(mlog.buf, "");
}

TEST(nomap_over_reserved_memory_is_busy)
{
	CHECK_STR(scan("/dts-v1/;\n/memreserve/ 0x4e000000 0x1000;\n"
		       "/ { #address-cells = <1>; #size-cells = <1>;"
		       " reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
		       " fw@4e000000 { reg = <0x4e000000 0x2000000>; no-map; }; }; };", ""),
		  "   0: 0x4e000000..0x4e000fff\n");
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_STR(mlog.buf,
		  "OF: fdt: Reserved memory: failed to reserve memory for node 'fw@4e000000': base 0x4e000000, size 32 MiB\n");
}

TEST(dynamic_alignment_and_alloc_ranges)
{
	CHECK_STR(scan(RMEM_ROOT
		       " a { size = <0x100000>; alignment = <0x200000>; alloc-ranges = <0x48000000 0x1000000>; };"
		       " b { size = <0x100000>; alloc-ranges = <0x90000000 0x1000000 0x50000000 0x800000>; };"
		       " c { size = <0x3000>; };"
		       " }; };", ""),
		  "   0: 0x48e00000..0x48efffff\n"
		  "   1: 0x50700000..0x507fffff\n"
		  "   2: 0x7fffd000..0x7fffffff\n");
	CHECK_EQ(rs.nr_reserved_mem, 3);
}

TEST(dynamic_nodes_follow_the_kernels_heapsort_order)
{
	/* lib/sort.c leaves three equal (0, 0) keys as b, c, a. */
	scan(RMEM_ROOT " a { size = <0x100000>; }; b { size = <0x100000>; }; c { size = <0x100000>; }; }; };", "");
	CHECK_STR(rs.reserved_mem[0].name, "b");
	CHECK_STR(rs.reserved_mem[1].name, "c");
	CHECK_STR(rs.reserved_mem[2].name, "a");
	CHECK_EQ(rs.reserved_mem[0].base, 0x7ff00000);
	CHECK_EQ(rs.reserved_mem[1].base, 0x7fe00000);
	CHECK_EQ(rs.reserved_mem[2].base, 0x7fd00000);
}

TEST(cma_pool_recorded)
{
	CHECK_STR(scan(RMEM_ROOT
		       " linux,cma { compatible = \"shared-dma-pool\"; reusable; size = <0x1000000>;"
		       "  linux,cma-default; }; }; };", ""),
		  "   0: 0x7f000000..0x7fffffff\n");
	CHECK_EQ(rs.nr_cma, 1);
	CHECK_EQ(rs.default_cma, 0);
	CHECK_EQ(rs.cma[0].base, 0x7f000000);
	CHECK_EQ(rs.cma[0].size, 0x1000000);
	CHECK_STR(rs.cma[0].name, "linux,cma");
	CHECK_EQ(rs.reserved_mem[0].setup, RMEM_SETUP_CMA);
	CHECK_STR(mlog.buf,
		  "Reserved memory: created CMA memory pool at 0x7f000000, size 16 MiB\n"
		  "OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool\n");
}

TEST(cma_default_bypassed_by_cmdline)
{
	CHECK_STR(scan(RMEM_ROOT
		       " linux,cma { compatible = \"shared-dma-pool\"; reusable; size = <0x1000000>;"
		       "  linux,cma-default; }; }; };", "cma=64M"),
		  "   0: 0x00000000..0xffffffff\n");
	CHECK_EQ(rs.nr_cma, 0);
	CHECK_EQ(rs.default_cma, -1);
	CHECK_EQ(rs.reserved_mem[0].setup, RMEM_SETUP_FAILED);
	CHECK_STR(mlog.buf,
		  "Reserved memory: bypass linux,cma node, using cmdline CMA params instead\n"
		  "OF: reserved mem: node linux,cma compatible matching fail\n");
}

TEST(cma_misaligned_static_pool_fails)
{
	scan(RMEM_ROOT " pool@50100000 { compatible = \"shared-dma-pool\"; reusable;"
	     " reg = <0x50100000 0x800000>; }; }; };", "");
	CHECK_EQ(rs.nr_cma, 0);
	CHECK_EQ(mb.reserved.cnt, 1);
	CHECK_EQ(mb.reserved.regions[0].size, 0);
	CHECK_STR(mlog.buf,
		  "Reserved memory: incorrect alignment of CMA region\n"
		  "OF: reserved mem: node pool@50100000 compatible matching fail\n");
}

TEST(dma_pool_needs_nomap_and_failure_releases)
{
	CHECK_STR(scan(RMEM_ROOT
		       " dma@50000000 { compatible = \"shared-dma-pool\"; reg = <0x50000000 0x400000>; };"
		       " }; };", ""),
		  "   0: 0x00000000..0xffffffff\n");
	CHECK_STR(mlog.buf,
		  "Reserved memory: regions without no-map are not yet supported\n"
		  "OF: reserved mem: node dma@50000000 compatible matching fail\n");

	scan(RMEM_ROOT " dma { compatible = \"shared-dma-pool\"; size = <0x800000>;"
	     " alignment = <0x100000>; no-map; }; }; };", "");
	CHECK_EQ(mb.memory.cnt, 2);
	CHECK_EQ(mb.memory.regions[1].base, 0x7f800000);
	CHECK_EQ(mb.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(rs.reserved_mem[0].setup, RMEM_SETUP_DMA);
	CHECK_STR(mlog.buf,
		  "Reserved memory: created DMA memory pool at 0x7f800000, size 8 MiB\n"
		  "OF: reserved mem: initialized node dma, compatible id shared-dma-pool\n");

	/* no-map + reusable: both hooks refuse, the NOMAP flag is cleared again. */
	scan(RMEM_ROOT " p@50000000 { compatible = \"shared-dma-pool\"; reg = <0x50000000 0x800000>;"
	     " reusable; no-map; }; }; };", "");
	CHECK_EQ(mb.memory.cnt, 1);
	CHECK_EQ(mb.memory.regions[0].flags, MEMBLOCK_NONE);
	CHECK_STR(mlog.buf, "OF: reserved mem: node p@50000000 compatible matching fail\n");
}

TEST(failed_allocation_and_bad_properties)
{
	/* Four equal (0, 0) keys: the heapsort hands them back as badsize, empty, big, zero@0. */
	scan(RMEM_ROOT " big { size = <0x80000000>; };"
	     " badsize { size = <0x0 0x1000>; };"
	     " empty { size = <0x1000>; alloc-ranges; };"
	     " zero@0 { reg = <0x0 0x0>; };"
	     " }; };", "");
	CHECK_STR(mlog.buf,
		  "OF: fdt: Reserved memory: failed to reserve memory for node 'zero@0': base 0x00000000, size 0 MiB\n"
		  "OF: reserved mem: invalid size property in 'badsize' node.\n"
		  "OF: reserved mem: failed to allocate memory for node 'empty': size 0 MiB\n"
		  "OF: reserved mem: failed to allocate memory for node 'big': size 2048 MiB\n");
	CHECK_EQ(rs.nr_reserved_mem, 4);
	CHECK_EQ(mb.reserved.regions[0].size, 0);
}

TEST(unsupported_root_ignored)
{
	scan("/dts-v1/;\n/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;"
	     " a@40000000 { reg = <0x40000000 0x1000>; }; }; };", "");
	CHECK_EQ(mb.reserved.regions[0].size, 0);
	CHECK_STR(mlog.buf, "OF: fdt: Reserved memory: unsupported node format, ignoring\n");
}

TEST(overlap_reported)
{
	scan(RMEM_ROOT " b@48000000 { reg = <0x48000000 0x200000>; };"
	     " a@48100000 { reg = <0x48100000 0x200000>; }; }; };", "");
	CHECK_STR(mlog.buf,
		  "OF: reserved mem: OVERLAP DETECTED!\n"
		  "b@48000000 (0x48000000--0x48200000) overlaps with a@48100000 (0x48100000--0x48300000)\n");
}

TEST(more_than_64_nodes)
{
	void *blob;
	char name[32];

	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 1);
	dtb_cells("#size-cells", 1, 1);
	dtb_node("reserved-memory");
	dtb_cells("#address-cells", 1, 1);
	dtb_cells("#size-cells", 1, 1);
	dtb_empty("ranges");
	for (int i = 0; i < 66; i++) {
		snprintf(name, sizeof(name), "r@%x", 0x40000000 + i * 0x10000);
		dtb_node(name);
		dtb_cells("reg", 2, 0x40000000 + i * 0x10000, 0x1000);
		dtb_end_node();
	}
	dtb_end_node();
	blob = dtb_finish();
	scan_blob(blob, fdt_totalsize(blob), "", false);
	CHECK_EQ(rs.nr_reserved_mem, MAX_RESERVED_REGIONS);
	CHECK_EQ(mb.reserved.cnt, 66);
	CHECK(strstr(mlog.buf, "OF: reserved mem: not enough space for all defined regions.\n"
			       "OF: reserved mem: not enough space for all defined regions.\n") == mlog.buf);
}

TEST(lpae_pageblock_and_pa_format)
{
	size_t len;
	void *blob = dtb_from_dts(RMEM_ROOT " cma { compatible = \"shared-dma-pool\"; reusable;"
				  " size = <0x400000>; }; }; };", &len);

	CHECK_STR(scan_blob(blob, len, "", true), "   0: 0x000000007fc00000..0x000000007fffffff\n");
	free(blob);
	CHECK_STR(mlog.buf,
		  "Reserved memory: created CMA memory pool at 0x000000007fc00000, size 4 MiB\n"
		  "OF: reserved mem: initialized node cma, compatible id shared-dma-pool\n");
}

TEST_MAIN()
