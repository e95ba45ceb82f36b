/*
 * memparse(), the next_arg()-style splitting of the early parameters, and
 * mem= through early_mem/arm_add_memory on classic and LPAE builds.
 */
#include "test.h"

#include "cmdline.h"
#include "memblock.h"
#include "mm_errno.h"

static struct early_params ep;
static struct memblock mb;
static struct mm_log mlog;
static char dump[4096];

static void memory_1g_at(bool lpae, phys_addr_t base)
{
	mm_log_reset(&mlog, true);
	memblock_init(&mb, lpae, &mlog);
	memblock_add(&mb, base, SZ_1G);
}

static const char *run(const char *cmdline, phys_addr_t phys_offset)
{
	parse_early_params(cmdline, &ep);
	apply_mem_params(&ep, &mb, phys_offset);
	memblock_debugfs_show(&mb, &mb.memory, dump, sizeof(dump));
	return dump;
}

TEST(memparse_suffixes_and_radix)
{
	const char *end;

	CHECK_EQ(memparse("4096", &end), 4096);
	CHECK_EQ(*end, '\0');
	CHECK_EQ(memparse("1k", NULL), SZ_1K);
	CHECK_EQ(memparse("2M", NULL), 2 * SZ_1M);
	CHECK_EQ(memparse("3g", NULL), 3 * SZ_1G);
	CHECK_EQ(memparse("1T", NULL), 1ULL << 40);
	CHECK_EQ(memparse("1p", NULL), 1ULL << 50);
	CHECK_EQ(memparse("1E", NULL), 1ULL << 60);
	CHECK_EQ(memparse("16E", NULL), 0);	/* wraps like the kernel's shift */
	CHECK_EQ(memparse("0x10M@", &end), 16 * SZ_1M);
	CHECK_EQ(*end, '@');
	CHECK_EQ(memparse("010", NULL), 8);
	CHECK_EQ(memparse("08", &end), 0);
	CHECK_EQ(*end, '8');
	CHECK_EQ(memparse("0xg", &end), 0);
	CHECK_EQ(*end, 'x');
	CHECK_EQ(memparse("0x1e", NULL), 0x1e);
	CHECK_EQ(memparse("1x", &end), 1);
	CHECK_EQ(*end, 'x');
	CHECK_EQ(memparse("", &end), 0);
}

TEST(parse_splitting_quotes_and_stop)
{
	parse_early_params("  root=/dev/vda \"mem=64M\" foo=\"a b\" mem=\"32M@0x48000000\"   vmalloc=256M"
			   " memblock=xdebugx cma=16M@0x50000000 -- mem=1M",
			   &ep);
	CHECK_EQ(ep.nr_mem, 2);
	CHECK_EQ(ep.mem[0].size, 64 * SZ_1M);
	CHECK(!ep.mem[0].has_start);
	CHECK_EQ(ep.mem[1].size, 32 * SZ_1M);
	CHECK(ep.mem[1].has_start);
	CHECK_EQ(ep.mem[1].start, 0x48000000);
	CHECK(ep.has_vmalloc);
	CHECK_EQ(ep.vmalloc_size, 256 * SZ_1M);
	CHECK(ep.memblock_debug);
	CHECK_EQ(ep.mem_before_debug, 2);
	CHECK(ep.has_cma);
	CHECK_EQ(ep.cma_size, 16 * SZ_1M);
	CHECK_EQ(ep.cma_base, 0x50000000);
	CHECK_EQ(ep.cma_limit, 0x51000000);
	CHECK(ep.cma_fixed);

	parse_early_params("cma=64M@0x10000000-0x20000000 memblock mem vmalloc", &ep);
	CHECK_EQ(ep.nr_mem, 0);
	CHECK(!ep.memblock_debug && !ep.has_vmalloc);
	CHECK_EQ(ep.cma_limit, 0x20000000);
	CHECK(!ep.cma_fixed);
	parse_early_params("mem=", &ep);
	CHECK_EQ(ep.nr_mem, 1);
	CHECK_EQ(ep.mem[0].size, 0);
}

TEST(mem_once_keeps_the_start)
{
	memory_1g_at(false, 0x40000000);
	CHECK_STR(run("console=ttyS0 mem=512M", 0x40000000), "   0: 0x40000000..0x5fffffff\n");
	CHECK_STR(mlog.buf, "");
}

TEST(mem_twice_and_at_start)
{
	memory_1g_at(false, 0x40000000);
	CHECK_STR(run("mem=256M mem=128M@0x70000000 mem=0x1800@0x60000800", 0x40000000),
		  "   0: 0x40000000..0x4fffffff\n"
		  "   1: 0x60001000..0x60001fff\n"
		  "   2: 0x70000000..0x77ffffff\n");
}

TEST(mem_empty_value_removes_everything)
{
	memory_1g_at(false, 0x40000000);
	CHECK_STR(run("mem=", 0x40000000), "   0: 0x00000000..0xffffffff\n");
	memory_1g_at(false, 0x40000000);
	CHECK_STR(run("mem", 0x40000000), "   0: 0x40000000..0x7fffffff\n");
}

TEST(mem_below_phys_offset)
{
	memory_1g_at(false, 0x40000000);
	CHECK_STR(run("mem=512M@0x30000000 mem=16M@0x20000000", 0x40000000),
		  "   0: 0x40000000..0x4fffffff\n");
	CHECK_STR(mlog.buf,
		  "Ignoring memory below PHYS_OFFSET: 0x30000000-0x40000000\n"
		  "Ignoring memory below PHYS_OFFSET: 0x20000000-0x21000000\n");
}

TEST(mem_classic_32bit_rules)
{
	memory_1g_at(false, 0x40000000);
	CHECK_STR(run("mem=1G@0x880000000 mem=1G@0xf0000000", 0x40000000),
		  "   0: 0xf0000000..0xffffefff\n");
	CHECK_STR(mlog.buf,
		  "Ignoring memory at 0x880000000 outside 32-bit physical address space\n"
		  "Truncating memory at 0xf0000000 to fit in 32-bit physical address space\n");
}

TEST(mem_lpae_keeps_high_memory)
{
	memory_1g_at(true, 0x80000000);
	CHECK_STR(run("mem=1G@0x880000000 mem=1G@0xf0000000", 0x80000000),
		  "   0: 0x00000000f0000000..0x000000012fffffff\n"
		  "   1: 0x0000000880000000..0x00000008bfffffff\n");
	CHECK_STR(mlog.buf, "");
}

TEST(memblock_debug_from_its_position_on)
{
	memory_1g_at(false, 0x40000000);
	run("mem=256M memblock=debug mem=16M@0x60000000", 0x40000000);
	CHECK_STR(mlog.buf, "memblock_add: [0x60000000-0x60ffffff] arm_add_memory\n");
	CHECK(mb.debug);
}

TEST(bare_cma_logs_at_its_position)
{
	memory_1g_at(false, 0x40000000);
	run("cma mem=512M@0x30000000 cma", 0x40000000);
	CHECK_STR(mlog.buf,
		  "cma: Config string not provided\n"
		  "Malformed early option 'cma'\n"
		  "Ignoring memory below PHYS_OFFSET: 0x30000000-0x40000000\n"
		  "cma: Config string not provided\n"
		  "Malformed early option 'cma'\n");
	CHECK(!ep.has_cma);
}

TEST(arm_add_memory_direct)
{
	memory_1g_at(false, 0x40000000);
	CHECK_EQ(arm_add_memory(&mb, 0x90000000, 0xfff, 0x40000000), -MM_EINVAL);
}

/*
 * SLUB's __setup parameters: prefix matches with '-' as '_', each
 * slub_debug occurrence kept with what follows the name, the last number of
 * a repeated one, the last of the merge switches.
 */
TEST(slub_setup_parameters)
{
	parse_early_params("slub_debug slub-debug=FZ,kmalloc-64 slub_debugX=1 slub_min_objects=0x10 "
			   "slub_max_order=-1 slub_min_order=2 slub_min_order=x slab_nomerge slub_merge mem=64M",
			   &ep);
	CHECK_EQ(ep.nr_slub_debug, 3);
	CHECK_STR(ep.slub_debug[0], "");
	CHECK_STR(ep.slub_debug[1], "=FZ,kmalloc-64");
	CHECK_STR(ep.slub_debug[2], "X=1");
	CHECK_EQ(ep.slub_min_objects, 16);
	CHECK_EQ(ep.slub_max_order, -1);
	CHECK_EQ(ep.slub_min_order, 2);
	CHECK_EQ(ep.slab_merge, 1);
	CHECK_EQ(ep.nr_mem, 1);
	parse_early_params("console=ttyS0 slub_min_order slab_nomerge", &ep);
	CHECK_EQ(ep.nr_slub_debug, 0);
	CHECK_EQ(ep.slub_min_order, CMDLINE_NOT_GIVEN);
	CHECK_EQ(ep.slab_merge, 0);
}

TEST_MAIN()
