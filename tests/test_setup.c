/*
 * setup_arch() end to end: device tree → memblock → layout → arm_memblock_init
 * → page tables, on corpus/dts boards and inline trees; the reserved dump
 * of whole boots, the kernel's log lines, the DT/cmdline/default CMA
 * interplay, initrd ordering against the DTB, and the rejection contract.
 */
#include "test.h"

#include "dtb_helpers.h"
#include "mm_errno.h"
#include "setup.h"

static struct mm_setup *s;
static char rsv_dump[4096], mem_dump[4096], text[4096];
static size_t blob_len;

static struct setup_config config(bool lpae, bool paging)
{
	struct setup_config cfg = {
		.boot = { .lpae = lpae, .load_addr = 0x80008000, .log = true },
		.layout = { .split = VMSPLIT_3G, .lpae = lpae, .highmem = true },
		.stop_before_paging = !paging,
	};

	layout_default_image(&cfg.layout.image);
	return cfg;
}

static int run(void *blob, const struct setup_config *cfg, const struct setup_observers *obs)
{
	int ret;

	if (!s)
		s = mm_setup_new();
	CHECK(blob != NULL);
	if (!blob)
		return 9999;
	ret = setup_arch(s, blob, blob_len, cfg, obs);
	free(blob);
	memblock_debugfs_show(&s->boot->mb, &s->boot->mb.reserved, rsv_dump, sizeof(rsv_dump));
	memblock_debugfs_show(&s->boot->mb, &s->boot->mb.memory, mem_dump, sizeof(mem_dump));
	return ret;
}

static int run_board(const char *board, const struct setup_config *cfg)
{
	return run(dtb_from_corpus(board, &blob_len), cfg, NULL);
}

static int run_dts(const char *src, const struct setup_config *cfg)
{
	return run(dtb_from_dts(src, &blob_len), cfg, NULL);
}

TEST(qemu_virt_1g_reserved_dump)
{
	struct setup_config cfg = config(false, false);
	char want[512];

	cfg.boot.dtb_phys = 0x48000000;
	CHECK_EQ(run_board("qemu-virt-1g", &cfg), 0);
	snprintf(want, sizeof(want),
		 "   0: 0x40204000..0x40207fff\n"
		 "   1: 0x40300000..0x41607607\n"
		 "   2: 0x48000000..0x%08llx\n"
		 "   3: 0x7f000000..0x7fffffff\n",
		 0x48000000ULL + blob_len - 1);
	CHECK_STR(rsv_dump, want);
	CHECK_STR(mem_dump, "   0: 0x40000000..0x7fffffff\n");
	CHECK_STR(s->boot->log.buf, "cma: Reserved 16 MiB at 0x7f000000\n");
	CHECK_EQ(s->layout.phys_offset, 0x40000000);
	CHECK_EQ(s->layout.arm_lowmem_limit, 0x70000000);
	CHECK_EQ(s->layout.high_memory, 0xf0000000);
	CHECK_EQ(s->layout.vmalloc_start, 0xf0800000);
	CHECK_EQ(s->boot->mb.current_limit, 0x70000000);
	CHECK_EQ(s->layout.max_low_pfn, 0x70000);
	CHECK_EQ(s->layout.max_pfn, 0x80000);
	CHECK_EQ(s->boot->rs.default_cma, 0);
	layout_print(&s->layout, text, sizeof(text));
	CHECK_STR(text, "Virtual kernel memory layout:\n"
			"    vector  : 0xffff0000 - 0xffff1000   (   4 kB)\n"
			"    fixmap  : 0xffc80000 - 0xfff00000   (2560 kB)\n"
			"    vmalloc : 0xf0800000 - 0xff800000   ( 240 MB)\n"
			"    lowmem  : 0xc0000000 - 0xf0000000   ( 768 MB)\n"
			"    pkmap   : 0xbfe00000 - 0xc0000000   (   2 MB)\n"
			"    modules : 0xbf000000 - 0xbfe00000   (  14 MB)\n"
			"      .text : 0xc0208000 - 0xc0e00000   (12256 kB)\n"
			"      .init : 0xc1200000 - 0xc1400000   (2048 kB)\n"
			"      .data : 0xc1400000 - 0xc15a9300   (1701 kB)\n"
			"       .bss : 0xc15a9300 - 0xc1607608   ( 377 kB)\n");
}

TEST(qemu_virt_1g_with_paging)
{
	struct setup_config cfg = config(false, true);

	cfg.boot.dtb_phys = 0x48000000;
	CHECK_EQ(run_board("qemu-virt-1g", &cfg), 0);
	/* paging_init leaves current_limit at arm_lowmem_limit; its tables come from lowmem's top. */
	CHECK_EQ(s->boot->mb.current_limit, 0x70000000);
	CHECK_EQ(s->layout.max_low_pfn, 0x70000);
	CHECK(memblock_is_region_reserved(&s->boot->mb, 0x40100000, 0x01307400));
	CHECK(memblock_is_region_reserved(&s->boot->mb, 0x7f000000, 16 * SZ_1M));
	CHECK(memblock_is_reserved(&s->boot->mb, 0x6ffff000));
	CHECK(phys_mem_nr_pages(s->pm) > 0);
	CHECK_EQ(s->mmu.nr_dma_remap, 1);
	CHECK_EQ(s->mmu.dma_remap[0].base, 0x7f000000);
}

TEST(mem_param_shrinks_ram_and_cma_moves_to_lowmem)
{
	struct setup_config cfg = config(false, false);

	CHECK_EQ(run_dts("/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
			 " chosen { bootargs = \"mem=512M\"; };"
			 " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; }; };",
			 &cfg), 0);
	CHECK_STR(mem_dump, "   0: 0x40000000..0x5fffffff\n");
	CHECK_EQ(s->layout.arm_lowmem_limit, 0x60000000);
	CHECK_EQ(s->layout.high_memory, 0xe0000000);
	CHECK_STR(s->boot->log.buf, "cma: Reserved 16 MiB at 0x5f000000\n");
}

TEST(vmalloc_param_from_bootargs)
{
	struct setup_config cfg = config(false, false);

	CHECK_EQ(run_dts("/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
			 " chosen { bootargs = \"vmalloc=1M\"; };"
			 " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; }; };",
			 &cfg), 0);
	CHECK_EQ(s->layout.vmalloc_size, 16 * SZ_1M);
	/* 0xff800000 - 16M - 8M - 0xc0000000 + 0x40000000 */
	CHECK_EQ(s->layout.vmalloc_limit, 0x7e000000);
	CHECK_EQ(s->layout.arm_lowmem_limit, 0x7e000000);
	CHECK_STR(s->boot->log.buf, "vmalloc area is too small, limiting to 16MiB\n"
				    "cma: Reserved 16 MiB at 0x7f000000\n");

	/* imx6q: vmalloc=400M, and its DT default pool replaces the 16 MiB area */
	cfg = config(false, false);
	CHECK_EQ(run_board("imx6q-cma", &cfg), 0);
	CHECK_EQ(s->layout.vmalloc_size, 400 * SZ_1M);
	CHECK_EQ(s->layout.arm_lowmem_limit, 0x36000000);
	CHECK_EQ(s->boot->rs.nr_cma, 1);
	CHECK(s->boot->rs.cma[0].from_dt);
	CHECK(strstr(s->boot->log.buf, "cma: Reserved") == NULL);
}

TEST(cmdline_cma_overrides_dt_default_pool)
{
	struct setup_config cfg = config(false, false);

	CHECK_EQ(run_dts("/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
			 " chosen { bootargs = \"cma=32M\"; };"
			 " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; };"
			 " reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;"
			 "  pool { compatible = \"shared-dma-pool\"; reusable; size = <0x1000000>;"
			 "   linux,cma-default; }; }; };",
			 &cfg), 0);
	CHECK(strstr(s->boot->log.buf,
		     "Reserved memory: bypass pool node, using cmdline CMA params instead\n") != NULL);
	CHECK(strstr(s->boot->log.buf, "cma: Reserved 32 MiB at 0x7e000000\n") != NULL);
	CHECK_EQ(s->boot->rs.nr_cma, 1);
	CHECK_EQ(s->boot->rs.default_cma, 0);
	CHECK(!s->boot->rs.cma[0].from_dt);
}

TEST(cma_slots_exhausted_by_device_tree)
{
	struct setup_config cfg = config(false, false);
	char src[4096];
	int n;

	n = snprintf(src, sizeof(src), "/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
		     " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; };"
		     " reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;");
	for (int i = 0; i < MAX_CMA_AREAS; i++)
		n += snprintf(src + n, sizeof(src) - (size_t)n,
			      " pool@%x { compatible = \"shared-dma-pool\"; reusable;"
			      " reg = <0x%x 0x800000>; };", 0x50000000 + i * 0x800000,
			      0x50000000 + i * 0x800000);
	snprintf(src + n, sizeof(src) - (size_t)n, " }; };");
	CHECK_EQ(run_dts(src, &cfg), 0);
	CHECK_EQ(s->boot->rs.nr_cma, MAX_CMA_AREAS);
	CHECK(strstr(s->boot->log.buf, "cma: Not enough slots for CMA reserved regions!\n") != NULL);
	CHECK_EQ(s->boot->rs.default_cma, -1);
}

static const char initrd_dts[] =
	"/dts-v1/; / { #address-cells = <1>; #size-cells = <1>;"
	" chosen { linux,initrd-start = <0x%x>; linux,initrd-end = <0x%x>; };"
	" memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; }; };";

TEST(initrd_from_chosen)
{
	struct setup_config cfg = config(false, false);
	char src[512];

	snprintf(src, sizeof(src), initrd_dts, 0x44000000, 0x44123456);
	CHECK_EQ(run_dts(src, &cfg), 0);
	CHECK(memblock_is_region_reserved(&s->boot->mb, 0x44000000, 0x124000));
	CHECK(!memblock_is_reserved(&s->boot->mb, 0x44124000));
	CHECK_EQ(s->layout.initrd_start, 0xc4000000);
	CHECK_EQ(s->layout.initrd_end, 0xc4123456);
}

TEST(initrd_overlapping_dtb_is_refused)
{
	/* v6.1 reserves the DTB in setup_arch, before arm_memblock_init sees the initrd. */
	struct setup_config cfg = config(false, false);
	char src[512], want[256];

	cfg.boot.dtb_phys = 0x44100000;
	snprintf(src, sizeof(src), initrd_dts, 0x44000000, 0x44200000);
	CHECK_EQ(run_dts(src, &cfg), 0);
	snprintf(want, sizeof(want),
		 "INITRD: 0x44000000+0x00200000 overlaps in-use memory region\n - disabling initrd\n"
		 "cma: Reserved 16 MiB at 0x7f000000\n");
	CHECK_STR(s->boot->log.buf, want);
	CHECK_EQ(s->layout.initrd_start, 0);
}

TEST(initrd_outside_memory_is_refused)
{
	struct setup_config cfg = config(false, false);
	char src[512];

	snprintf(src, sizeof(src), initrd_dts, 0x80000000, 0x80001000);
	CHECK_EQ(run_dts(src, &cfg), 0);
	CHECK_STR(s->boot->log.buf,
		  "INITRD: 0x80000000+0x00001000 is not a memory region - disabling initrd\n"
		  "cma: Reserved 16 MiB at 0x7f000000\n");
}

TEST(keystone_lpae_high_banks)
{
	struct setup_config cfg = config(true, false);

	CHECK_EQ(run_board("keystone-lpae", &cfg), 0);
	CHECK_EQ(s->layout.phys_offset, 0x80000000);
	CHECK_EQ(s->layout.arm_lowmem_limit, 0xb0000000);
	CHECK_EQ(s->layout.high_memory, 0xf0000000);
	CHECK_EQ(s->layout.max_pfn, 0x900000);
	/* The DT's linux,cma-default pool (above 4 GiB) replaces the default area. */
	CHECK_EQ(s->boot->rs.nr_cma, 1);
	CHECK(s->boot->rs.cma[0].base >= 0x880000000ULL);
	CHECK(strstr(s->boot->log.buf, "cma: Reserved") == NULL);
	/*
	 * memblock=debug: the layout's reservations are logged with their
	 * callers (no build given: bare names; arm_mm_memblock_reserve is
	 * inlined into arm_memblock_init).
	 */
	CHECK(strstr(s->boot->log.buf, "memblock_reserve: [0x0000000080400000-0x0000000081807607]"
				       " arm_memblock_init\n") != NULL);
	CHECK(strstr(s->boot->log.buf, "memblock_reserve: [0x0000000080203000-0x0000000080207fff]"
				       " arm_memblock_init\n") != NULL);
	/* ... and arm_memblock_init ends with memblock_dump_all(). */
	CHECK(strstr(s->boot->log.buf,
		     "MEMBLOCK configuration:\n"
		     " memory size = 0x00000000ff000000 reserved size = 0x000000000540c608\n"
		     " memory.cnt  = 0x2\n"
		     " memory[0x0]\t[0x0000000080000000-0x00000000feffffff], 0x000000007f000000 bytes flags: 0x0\n"
		     " memory[0x1]\t[0x0000000880000000-0x00000008ffffffff], 0x0000000080000000 bytes flags: 0x0\n"
		     " reserved.cnt  = 0x3\n") != NULL);
}

static int nr_mb_ops, nr_mmu_events;

static void count_mb(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	nr_mb_ops++;
}

static void count_mmu(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	nr_mmu_events++;
}

TEST(observers_see_both_layers)
{
	struct setup_config cfg = config(false, true);
	struct setup_observers obs = { count_mb, NULL, count_mmu, NULL };

	nr_mb_ops = nr_mmu_events = 0;
	CHECK_EQ(run(dtb_from_corpus("qemu-virt-1g", &blob_len), &cfg, &obs), 0);
	/* add, 2 × set_current_limit, image, swapper, CMA, then paging_init's own */
	CHECK(nr_mb_ops >= 6);
	CHECK(nr_mmu_events > 0);
}

TEST(rejections)
{
	struct setup_config cfg = config(false, false);

	cfg.layout.lpae = true;
	CHECK_EQ(run_board("qemu-virt-1g", &cfg), -MM_EINPUT);
	CHECK(s->why && strstr(s->why, "LPAE"));

	cfg = config(true, false);
	cfg.layout.split = VMSPLIT_3G_OPT;
	CHECK_EQ(run_board("qemu-virt-1g", &cfg), -MM_EINPUT);
	CHECK(s->why && strstr(s->why, "VMSPLIT_3G_OPT"));

	cfg = config(false, false);
	blob_len = 16;
	CHECK(run(calloc(1, 16), &cfg, NULL) < 0);
	CHECK(s->why != NULL);

	/* The same object boots the next input normally. */
	CHECK_EQ(run_board("qemu-virt-1g", &cfg), 0);
	CHECK(s->why == NULL);
}

static void release(void)
{
	mm_setup_free(s);
}

TEST_MAIN_WITH_TEARDOWN(release)
