/*
 * dt_parse() verdicts and contents, dt_guess_phys_offset(), and
 * dt_apply_memory()/dt_apply_usable_mem_range() against memblock,
 * including the kernel's "Ignoring memory" warnings.
 */
#include "test.h"

#include "dtb_helpers.h"
#include "bugs.h"
#include "fdt_scan.h"
#include "memblock.h"
#include "mm_errno.h"

static struct dt_info info;
static struct memblock mb;
static struct mm_log mlog;
static char dump[4096];

static int parse_dts(const char *src)
{
	size_t len = 0;
	void *blob = dtb_from_dts(src, &len);
	const char *why = NULL;
	int ret;

	if (!blob)
		return 9999;
	ret = dt_parse(blob, len, &info, &why);
	CHECK(ret == 0 ? why == NULL : why != NULL);
	free(blob);
	return ret;
}

static const char *apply(bool lpae, phys_addr_t phys_offset)
{
	mm_log_reset(&mlog, true);
	memblock_init(&mb, lpae, &mlog);
	dt_apply_memory(&info, &mb, phys_offset);
	dt_apply_usable_mem_range(&info, &mb);
	memblock_debugfs_show(&mb, &mb.memory, dump, sizeof(dump));
	return dump;
}

#define HDR "/dts-v1/;\n"

TEST(cells_default_to_one)
{
	dtb_begin(NULL, 0);
	dtb_node("memory@10000000");
	dtb_str("device_type", "memory");
	dtb_cells("reg", 2, 0x10000000, 0x08000000);
	dtb_end_node();
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), 0);
	CHECK_EQ(info.addr_cells, 1);
	CHECK_EQ(info.size_cells, 1);
	CHECK_EQ(info.nr_mem, 1);
	CHECK_EQ(info.mem[0].base, 0x10000000);
	CHECK_EQ(info.mem[0].size, 0x08000000);
	CHECK(!info.has_chosen);
}

TEST(cells_invalid_rejected)
{
	const char *why;

	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 3);
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, &why), -MM_EDTB_CELLS);
	CHECK(why != NULL);
	dtb_begin(NULL, 0);
	dtb_cells("#size-cells", 1, 0);
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_CELLS);
	dtb_begin(NULL, 0);
	dtb_cells("#size-cells", 2, 0, 1);
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_CELLS);
}

TEST(bad_magic_and_truncation)
{
	uint8_t *blob;
	const char *why;

	dtb_begin(NULL, 0);
	blob = dtb_finish();
	CHECK_EQ(dt_parse(blob, fdt_totalsize(blob), &info, NULL), 0);
	CHECK_EQ(dt_parse(blob, fdt_totalsize(blob) - 1, &info, &why), -MM_EDTB_TRUNCATED);
	CHECK_EQ(dt_parse(blob, 20, &info, NULL), -MM_EDTB_TRUNCATED);
	blob[0] ^= 0xff;
	CHECK_EQ(dt_parse(blob, DTB_BUF_SIZE, &info, &why), -MM_EDTB_HEADER);
	CHECK(strstr(why, "magic") != NULL);
}

TEST(structure_garbage_rejected)
{
	uint8_t *blob;

	dtb_begin(NULL, 0);
	dtb_node("memory");
	dtb_end_node();
	blob = dtb_finish();
	/* Turn the root's FDT_BEGIN_NODE into an unknown tag. */
	blob[fdt_off_dt_struct(blob) + 3] = 0x7;
	CHECK_EQ(dt_parse(blob, DTB_BUF_SIZE, &info, NULL), -MM_EDTB_STRUCTURE);
}

TEST(unaligned_buffer_is_copied)
{
	static uint64_t store[1024];
	uint8_t *blob;

	dtb_begin(NULL, 0);
	dtb_node("memory@0");
	dtb_str("device_type", "memory");
	dtb_cells("reg", 2, 0x0, 0x1000000);
	dtb_end_node();
	blob = dtb_finish();
	memcpy((uint8_t *)store + 1, blob, fdt_totalsize(blob));
	CHECK_EQ(dt_parse((uint8_t *)store + 1, fdt_totalsize(blob), &info, NULL), 0);
	CHECK_EQ(info.nr_mem, 1);
}

TEST(reg_length_and_overflow)
{
	CHECK_EQ(parse_dts(HDR "/ { memory { device_type = \"memory\"; reg = <0x0 0x1000 0x2000>; }; };"),
		 -MM_EDTB_REG);
	CHECK_EQ(info.nr_mem, 0);
	CHECK_EQ(parse_dts(HDR "/ { #address-cells = <2>; #size-cells = <2>;"
			   " memory { device_type = \"memory\";"
			   " reg = <0xffffffff 0xfffff000 0x0 0x2000>; }; };"),
		 -MM_EDTB_RANGE);
}

TEST(memory_nodes_status_type_usable)
{
	CHECK_EQ(parse_dts(HDR "/ {"
			   " m1 { device_type = \"memory\"; reg = <0x40000000 0x10000000 0x50000000 0>; };"
			   " m2 { device_type = \"memory\"; status = \"disabled\"; reg = <0x80000000 0x1000>; };"
			   " m3 { device_type = \"memory\"; status = \"ok\";"
			   "      reg = <0x90000000 0x10000000>; linux,usable-memory = <0x90000000 0x100000>; };"
			   " m4 { device_type = \"memoryx\"; reg = <0xa0000000 0x1000>; };"
			   " m5 { device_type = \"memory\"; hotpluggable; reg = <0xb0000000 0x1000>; };"
			   " soc { m6 { device_type = \"memory\"; reg = <0xc0000000 0x1000>; }; };"
			   " };"), 0);
	CHECK_EQ(info.nr_mem, 3);	/* zero size skipped, disabled/nested/other type ignored */
	CHECK_EQ(info.mem[0].base, 0x40000000);
	CHECK_EQ(info.mem[1].base, 0x90000000);
	CHECK_EQ(info.mem[1].size, 0x100000);
	CHECK(!info.mem[1].hotpluggable);
	CHECK_EQ(info.mem[2].base, 0xb0000000);
	CHECK(info.mem[2].hotpluggable);
}

TEST(bug_ignore_usable_memory)
{
	const char *src = HDR "/ { m { device_type = \"memory\";"
			  " reg = <0x90000000 0x10000000>; linux,usable-memory = <0x90000000 0x100000>; }; };";

	mm_bug_set(MM_BUG_FDT_IGNORE_USABLE_MEMORY, true);
	CHECK_EQ(parse_dts(src), 0);
	mm_bug_set(MM_BUG_FDT_IGNORE_USABLE_MEMORY, false);
	CHECK_EQ(info.mem[0].size, 0x10000000);
	CHECK_EQ(parse_dts(src), 0);
	CHECK_EQ(info.mem[0].size, 0x100000);
}

TEST(chosen_bootargs_initrd_usable)
{
	CHECK_EQ(parse_dts(HDR "/ { #address-cells = <2>; #size-cells = <1>;"
			   " chosen { bootargs = \"mem=64M console=ttyS0\";"
			   "  linux,initrd-start = <0x0 0x48000000>; linux,initrd-end = <0x48100000>;"
			   "  linux,usable-memory-range = <0 0x40000000 0x1000000 0 0x50000000 0x100000"
			   "                               0 0x60000000 0x1000>; }; };"), 0);
	CHECK(info.has_chosen);
	CHECK_STR(info.bootargs, "mem=64M console=ttyS0");
	CHECK(info.has_initrd);
	CHECK_EQ(info.initrd_start, 0x48000000);
	CHECK_EQ(info.initrd_end, 0x48100000);
	CHECK_EQ(info.nr_usable, 2);
	CHECK_EQ(info.usable_base[1], 0x50000000);
	CHECK_EQ(info.usable_size[1], 0x100000);

	CHECK_EQ(parse_dts(HDR "/ { chosen@0 { bootargs = \"quiet\"; }; };"), 0);
	CHECK_STR(info.bootargs, "quiet");
	CHECK_EQ(parse_dts(HDR "/ { chosen { bootargs = [41 42]; }; };"), -MM_EDTB_PROPERTY);
	CHECK_EQ(parse_dts(HDR "/ { chosen { linux,initrd-start = [00 00 10]; }; };"), -MM_EDTB_PROPERTY);
	CHECK_EQ(parse_dts(HDR "/ { chosen { linux,usable-memory-range = <0x1000>; }; };"), -MM_EDTB_REG);
}

TEST(bootargs_truncated_to_command_line_size)
{
	static char src[4096], args[2100];

	memset(args, 'a', 2000);
	args[2000] = '\0';
	snprintf(src, sizeof(src), HDR "/ { chosen { bootargs = \"%s\"; }; };", args);
	CHECK_EQ(parse_dts(src), 0);
	CHECK_EQ(strlen(info.bootargs), COMMAND_LINE_SIZE - 1);
}

TEST(memreserve_read_and_checked)
{
	uint64_t rsv[] = { 0x1000, 0x2000, 0x40000000, 0x100000 };
	uint8_t *blob;

	dtb_begin(rsv, 2);
	blob = dtb_finish();
	CHECK_EQ(dt_parse(blob, DTB_BUF_SIZE, &info, NULL), 0);
	CHECK_EQ(info.nr_memrsv, 2);
	CHECK_EQ(info.memrsv[1].address, 0x40000000);
	CHECK_EQ(info.memrsv[1].size, 0x100000);

	mm_bug_set(MM_BUG_FDT_MEMRSV_SKIP_FIRST, true);
	CHECK_EQ(dt_parse(blob, DTB_BUF_SIZE, &info, NULL), 0);
	mm_bug_set(MM_BUG_FDT_MEMRSV_SKIP_FIRST, false);
	CHECK_EQ(info.nr_memrsv, 1);
	CHECK_EQ(info.memrsv[0].address, 0x40000000);

	/* Overflowing entry. */
	rsv[2] = 0xfffffffffff00000ULL;
	rsv[3] = 0x200000;
	dtb_begin(rsv, 2);
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_RANGE);
	CHECK_EQ(info.nr_memrsv, 0);
}

TEST(memreserve_misaligned_rejected)
{
	uint64_t rsv[] = { 0, 0 };
	uint8_t *blob;

	/* An all-zero entry before the terminator keeps libfdt happy at +4. */
	dtb_begin(rsv, 1);
	blob = dtb_finish();
	CHECK_EQ(dt_parse(blob, DTB_BUF_SIZE, &info, NULL), 0);
	CHECK_EQ(info.nr_memrsv, 0);
	/* Point the map 4 bytes further: still inside the blob, not 8-aligned. */
	fdt_set_off_mem_rsvmap(blob, fdt_off_mem_rsvmap(blob) + 4);
	CHECK_EQ(dt_parse(blob, DTB_BUF_SIZE, &info, NULL), -MM_EDTB_MEMRSV);
}

TEST(reserved_memory_nodes)
{
	CHECK_EQ(parse_dts(HDR "/ { #address-cells = <1>; #size-cells = <1>;"
			   " reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			   "  a@10000000 { reg = <0x10000000 0x1000 0x20000000 0x2000>; no-map; };"
			   "  b: b { compatible = \"foo\", \"Shared-DMA-Pool\"; reusable; size = <0x400000>;"
			   "     alignment = <0x100000>; alloc-ranges = <0x0 0x40000000>; linux,cma-default; };"
			   "  c { reg = []; size = <0x1000 0x0>; alignment = <0 0>; };"
			   "  d { status = \"disabled\"; reg = <0 0x1000>; };"
			   " };"
			   " dev { memory-region = <&b>; };"
			   " };"), 0);
	CHECK(info.has_reserved_memory && info.reserved_memory_root_ok);
	CHECK_EQ(info.nr_rmem, 3);
	CHECK_STR(info.rmem[0].name, "a@10000000");
	CHECK(info.rmem[0].has_reg && info.rmem[0].no_map);
	CHECK_EQ(info.rmem[0].nr_reg, 2);
	CHECK_EQ(info.rmem[0].reg_base[1], 0x20000000);
	CHECK(!info.rmem[1].has_reg && info.rmem[1].has_size && info.rmem[1].size_len_ok);
	CHECK(info.rmem[1].shared_dma_pool && info.rmem[1].reusable && info.rmem[1].cma_default);
	CHECK(info.rmem[1].has_alloc_ranges);
	CHECK_EQ(info.rmem[1].nr_alloc_ranges, 1);
	CHECK_EQ(info.rmem[1].alloc_size[0], 0x40000000);
	CHECK_EQ(info.rmem[1].alignment, 0x100000);
	CHECK(info.rmem[1].has_phandle);
	CHECK(info.rmem[2].has_reg);
	CHECK_EQ(info.rmem[2].nr_reg, 0);
	CHECK(!info.rmem[2].size_len_ok && !info.rmem[2].alignment_len_ok);

	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <2>; ranges;"
			   " a { reg = <0 0 0 1>; }; }; };"), 0);
	CHECK(info.has_reserved_memory && !info.reserved_memory_root_ok);
	CHECK_EQ(info.nr_rmem, 0);
	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;"
			   " a { reg = <0 0x1000>; }; }; };"), 0);
	CHECK(!info.reserved_memory_root_ok);
	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			   " a { reg = <0 0x1000 0>; }; }; };"), -MM_EDTB_REG);
	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			   " a { size = <0x1000>; alloc-ranges = <0>; }; }; };"), -MM_EDTB_REG);
}

TEST(phandles_checked)
{
	/* dtc refuses these, so build them directly. */
	dtb_begin(NULL, 0);
	dtb_node("a");
	dtb_cells("phandle", 1, 5);
	dtb_end_node();
	dtb_node("b");
	dtb_cells("linux,phandle", 1, 5);
	dtb_end_node();
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_PHANDLE);
	dtb_begin(NULL, 0);
	dtb_node("a");
	dtb_cells("phandle", 1, 0);
	dtb_end_node();
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_PHANDLE);
	dtb_begin(NULL, 0);
	dtb_node("a");
	dtb_cells("linux,phandle", 1, 0xffffffff);
	dtb_end_node();
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_PHANDLE);
	dtb_begin(NULL, 0);
	dtb_node("a");
	dtb_cells("phandle", 1, 3);
	dtb_cells("linux,phandle", 1, 4);
	dtb_end_node();
	CHECK_EQ(dt_parse(dtb_finish(), DTB_BUF_SIZE, &info, NULL), -MM_EDTB_PHANDLE);
	CHECK_EQ(parse_dts(HDR "/ { dev { memory-region = <7>; }; };"), -MM_EDTB_PHANDLE);
	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			   " x: x { size = <0x1000>; memory-region = <&y>; };"
			   " y: y { size = <0x1000>; memory-region = <&x>; }; }; };"),
		 -MM_EDTB_PHANDLE);
	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			   " x { size = <0x1000>; memory-region = <&z>; }; };"
			   " z: z { memory-region = <&z>; }; };"),
		 -MM_EDTB_PHANDLE);
	/* A chain that ends is fine. */
	CHECK_EQ(parse_dts(HDR "/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			   " x: x { size = <0x1000>; memory-region = <&y>; };"
			   " y: y { size = <0x1000>; }; }; d { memory-region = <&x &y>; }; };"), 0);
	CHECK_EQ(info.nr_rmem, 2);
}

TEST(guess_phys_offset)
{
	CHECK_EQ(parse_dts(HDR "/ { m { device_type = \"memory\";"
			   " reg = <0x10000000 0x40000000>; }; };"), 0);
	CHECK_EQ(dt_guess_phys_offset(&info, 0x12008000), 0x10000000);
	CHECK_EQ(dt_guess_phys_offset(&info, 0x80008000), 0x10000000);
	CHECK_EQ(parse_dts(HDR "/ { m { device_type = \"memory\";"
			   " reg = <0x10100000 0x40000000>; }; };"), 0);
	CHECK_EQ(dt_guess_phys_offset(&info, 0x80008000), 0x10200000);
	CHECK_EQ(parse_dts(HDR "/ { #address-cells = <2>; m { device_type = \"memory\";"
			   " reg = <0x8 0x0 0x40000000>; }; };"), 0);
	CHECK_EQ(dt_guess_phys_offset(&info, 0x80008000), 0);
	CHECK_EQ(parse_dts(HDR "/ { m { device_type = \"memory\"; reg = <0x0 0x40000000>; }; };"), 0);
	CHECK_EQ(dt_guess_phys_offset(&info, 0x00008000), 0);
}

TEST(apply_simple_bank)
{
	CHECK_EQ(parse_dts(HDR "/ { #address-cells = <2>; #size-cells = <2>;"
			   " memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; }; };"),
		 0);
	CHECK_STR(apply(false, 0x40000000), "   0: 0x40000000..0x7fffffff\n");
	CHECK_STR(mlog.buf, "OF: fdt: No chosen node found, continuing without\n");
}

TEST(apply_rounding_and_phys_offset_clipping)
{
	CHECK_EQ(parse_dts(HDR "/ { chosen { };"
			   " m { device_type = \"memory\";"
			   " reg = <0x30000000 0x20000000  0x60000800 0x7ff  0x60001800 0x3000"
			   "        0x20000000 0x1000>; }; };"), 0);
	CHECK_STR(apply(false, 0x40000000),
		  "   0: 0x40000000..0x4fffffff\n"
		  "   1: 0x60002000..0x60003fff\n");
	CHECK_STR(mlog.buf,
		  "OF: fdt: Ignoring memory range 0x30000000 - 0x40000000\n"
		  "OF: fdt: Ignoring memory block 0x60000800 - 0x60000fff\n"
		  "OF: fdt: Ignoring memory block 0x20000000 - 0x20001000\n");
}

TEST(apply_classic_drops_high_memory_lpae_keeps_it)
{
	const char *src = HDR "/ { #address-cells = <2>; #size-cells = <2>; chosen { };"
			  " m1 { device_type = \"memory\"; reg = <0 0x80000000 0 0x80000000>; };"
			  " m2 { device_type = \"memory\"; reg = <0x8 0x80000000 0 0x80000000>; };"
			  " m3 { device_type = \"memory\"; reg = <0 0xc0000000 0 0x80000000>; }; };";

	CHECK_EQ(parse_dts(src), 0);
	/* memblock_cap_size() loses the top byte of a 32-bit phys_addr_t. */
	CHECK_STR(apply(false, 0x80000000), "   0: 0x80000000..0xfffffffe\n");
	CHECK_STR(mlog.buf,
		  "OF: fdt: Ignoring memory block 0x880000000 - 0x900000000\n"
		  "OF: fdt: Ignoring memory range 0x100000000 - 0x140000000\n");
	CHECK_STR(apply(true, 0x80000000),
		  "   0: 0x0000000080000000..0x000000013fffffff\n"
		  "   1: 0x0000000880000000..0x00000008ffffffff\n");
	CHECK_STR(mlog.buf, "");
}

TEST(apply_hotpluggable_marks_original_range)
{
	CHECK_EQ(parse_dts(HDR "/ { chosen { };"
			   " m { device_type = \"memory\"; hotpluggable;"
			   "     reg = <0x3ff00000 0x00300800>; }; };"), 0);
	CHECK_STR(apply(false, 0x40000000), "   0: 0x40000000..0x401fffff\n");
	CHECK_STR(mlog.buf, "OF: fdt: Ignoring memory range 0x3ff00000 - 0x40000000\n");
	CHECK_EQ(mb.memory.regions[0].flags, MEMBLOCK_HOTPLUG);
}

TEST(apply_usable_mem_range_caps)
{
	CHECK_EQ(parse_dts(HDR "/ { chosen { linux,usable-memory-range ="
			   "  <0x48000000 0x08000000 0x90000000 0x100000>; };"
			   " m { device_type = \"memory\"; reg = <0x40000000 0x40000000>; }; };"), 0);
	CHECK_STR(apply(false, 0x40000000),
		  "   0: 0x48000000..0x4fffffff\n"
		  "   1: 0x90000000..0x900fffff\n");
}

TEST_MAIN()
