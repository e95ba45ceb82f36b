/*
 * mm_boot_dt() end to end on every corpus/dts board (compiled with dtc at
 * test time): memblock dumps as debugfs prints them and the log lines of
 * the device-tree layer; plus the rejection contract.
 */
#include "test.h"

#include "dtb_helpers.h"
#include "boot.h"
#include "mm_errno.h"

static struct mm_boot *b;
static char mem_dump[4096], rsv_dump[4096];
static size_t blob_len;

static int boot(const char *board, bool lpae, uint64_t dtb_phys)
{
	struct mm_boot_config cfg = {
		.lpae = lpae,
		.load_addr = 0x80008000,
		.dtb_phys = dtb_phys,
		.log = true,
	};
	void *blob = dtb_from_corpus(board, &blob_len);
	int ret;

	if (!b)
		b = mm_boot_new();
	CHECK(blob != NULL);
	if (!blob)
		return 9999;
	ret = mm_boot_dt(b, blob, blob_len, &cfg, NULL, NULL);
	free(blob);
	memblock_debugfs_show(&b->mb, &b->mb.memory, mem_dump, sizeof(mem_dump));
	memblock_debugfs_show(&b->mb, &b->mb.reserved, rsv_dump, sizeof(rsv_dump));
	return ret;
}

TEST(qemu_virt_1g)
{
	char want[128];

	CHECK_EQ(boot("qemu-virt-1g", false, 0x48000000), 0);
	CHECK_EQ(b->phys_offset, 0x40000000);
	CHECK_STR(mem_dump, "   0: 0x40000000..0x7fffffff\n");
	snprintf(want, sizeof(want), "   0: 0x48000000..0x%08llx\n",
		 0x48000000ULL + blob_len - 1);
	CHECK_STR(rsv_dump, want);
	CHECK_STR(b->log.buf, "");
	CHECK_STR(b->dt.bootargs, "console=ttyAMA0 root=/dev/vda rw");
}

TEST(exynos_two_banks_with_debug)
{
	char want[256];

	CHECK_EQ(boot("exynos-two-banks", false, 0x4fff0000), 0);
	CHECK_STR(mem_dump, "   0: 0x40000000..0x4fffffff\n   1: 0x60000000..0x6fffffff\n");
	/* The DTB is reserved before memblock=debug is parsed: no debug line. */
	CHECK_STR(b->log.buf, "");
	CHECK(b->ep.memblock_debug && b->mb.debug);
	snprintf(want, sizeof(want), "   0: 0x4fff0000..0x%08llx\n", 0x4fff0000ULL + blob_len - 1);
	CHECK_STR(rsv_dump, want);
}

TEST(imx6q_cma_pool_in_alloc_range)
{
	CHECK_EQ(boot("imx6q-cma", false, 0), 0);
	CHECK_EQ(b->phys_offset, 0x10000000);
	CHECK_STR(mem_dump, "   0: 0x10000000..0x4fffffff\n");
	CHECK_STR(rsv_dump, "   0: 0x1c000000..0x2fffffff\n");
	CHECK_STR(b->log.buf,
		  "Reserved memory: created CMA memory pool at 0x1c000000, size 320 MiB\n"
		  "OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool\n");
	CHECK_EQ(b->rs.nr_cma, 1);
	CHECK_EQ(b->rs.default_cma, 0);
	CHECK(b->ep.has_vmalloc);
	CHECK_EQ(b->ep.vmalloc_size, 400 * SZ_1M);

	CHECK_EQ(boot("imx6q-cma", true, 0), 0);
	CHECK_STR(rsv_dump, "   0: 0x000000001c000000..0x000000002fffffff\n");
}

TEST(rpi2_memory_at_zero_and_memreserve)
{
	CHECK_EQ(boot("rpi2-memreserve", false, 0), 0);
	CHECK_EQ(b->phys_offset, 0);
	/* "mem=768M" (quoted) applies, the mem=1M after "--" does not. */
	CHECK_STR(mem_dump, "   0: 0x00000000..0x2fffffff\n");
	CHECK_STR(rsv_dump, "   0: 0x00000000..0x00000fff\n   1: 0x3b000000..0x3b3fffff\n");
	CHECK(b->ep.has_cma);
	CHECK_EQ(b->ep.cma_size, 64 * SZ_1M);
	CHECK_STR(b->log.buf, "");
}

TEST(firmware_nomap_board)
{
	CHECK_EQ(boot("firmware-nomap", false, 0), 0);
	CHECK_STR(mem_dump,
		  "   0: 0x80000000..0x9dffffff\n"
		  "   1: 0x9e000000..0x9fffffff\n"
		  "   2: 0xa0000000..0xbf7fffff\n"
		  "   3: 0xbf800000..0xbfffffff\n");
	CHECK_EQ(b->mb.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(b->mb.memory.regions[3].flags, MEMBLOCK_NOMAP);
	CHECK_STR(rsv_dump,
		  "   0: 0x8f000000..0x8f0fffff\n"
		  "   1: 0x95800000..0x98ffffff\n"
		  "   2: 0xbf800000..0xbfffffff\n");
	CHECK_STR(b->log.buf,
		  "Reserved memory: created DMA memory pool at 0xbf800000, size 8 MiB\n"
		  "OF: reserved mem: initialized node display-pool, compatible id shared-dma-pool\n"
		  "Reserved memory: created CMA memory pool at 0x95800000, size 56 MiB\n"
		  "OF: reserved mem: initialized node dsp@95800000, compatible id shared-dma-pool\n");
	CHECK(b->dt.has_initrd);
	CHECK_EQ(b->dt.initrd_start, 0x88080000);
	CHECK_EQ(b->rs.nr_reserved_mem, 4);
}

TEST(keystone_lpae_board)
{
	CHECK_EQ(boot("keystone-lpae", true, 0), 0);
	CHECK_STR(mem_dump,
		  "   0: 0x0000000080000000..0x00000000feffffff\n"
		  "   1: 0x0000000880000000..0x00000008ffffffff\n");
	/* Marked hotplug by the scan, then cut by the usable-range cap and re-added plain. */
	CHECK_EQ(b->mb.memory.regions[1].flags, MEMBLOCK_NONE);
	CHECK(b->dt.mem[1].hotpluggable);
	CHECK_STR(rsv_dump, "   0: 0x00000008fc000000..0x00000008ffffffff\n");
	CHECK(strstr(b->log.buf,
		     "Reserved memory: created CMA memory pool at 0x00000008fc000000, size 64 MiB\n"
		     "OF: reserved mem: initialized node cma-high, compatible id shared-dma-pool\n")
	      != NULL);

	/* Classic: the high bank is dropped, and the truncated usable range re-adds low memory. */
	CHECK_EQ(boot("keystone-lpae", false, 0), 0);
	CHECK_STR(mem_dump, "   0: 0x80000000..0xfeffffff\n   1: 0xff000000..0xfffffffe\n");
	CHECK(strstr(b->log.buf, "OF: fdt: Ignoring memory block 0x880000000 - 0x900000000\n") == b->log.buf);
}

/*
 * STM32MP157C-ED1/EV1 (SCMI): DDR up to the top of the 32-bit space, so on
 * classic memblock caps the bank and the OP-TEE carve-out at 0xffffffff;
 * the coprocessor's SRAM pools lie outside RAM.
 */
TEST(stm32mp157c_optee_at_4g_board)
{
	CHECK_EQ(boot("stm32mp157c-optee-at-4g", false, 0), 0);
	CHECK_EQ(b->phys_offset, 0xc0000000);
	CHECK_STR(mem_dump,
		  "   0: 0xc0000000..0xe7ffffff\n"
		  "   1: 0xe8000000..0xefffffff\n"
		  "   2: 0xf0000000..0xfdffffff\n"
		  "   3: 0xfe000000..0xfffffffe\n");
	CHECK_EQ(b->mb.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(b->mb.memory.regions[3].flags, MEMBLOCK_NOMAP);
	/* no-map regions are only marked: nothing is reserved (the dump shows the empty dummy) */
	CHECK_EQ(b->mb.reserved.total_size, 0);
	CHECK_STR(rsv_dump, "   0: 0x00000000..0xffffffff\n");
	CHECK(strstr(b->log.buf,
		     "Reserved memory: created DMA memory pool at 0x10000000, size 0 MiB\n"
		     "OF: reserved mem: initialized node mcu-sram-pool@10000000, compatible id shared-dma-pool\n")
	      == b->log.buf);
	/* v6.1 prints no "OF: reserved mem: <range> (<n> KiB) ..." line per region (that came later) */
	CHECK(strstr(b->log.buf, " KiB) ") == NULL);
	CHECK_EQ(b->rs.nr_reserved_mem, 8);

	/* LPAE: nothing is capped */
	CHECK_EQ(boot("stm32mp157c-optee-at-4g", true, 0), 0);
	CHECK_STR(mem_dump,
		  "   0: 0x00000000c0000000..0x00000000e7ffffff\n"
		  "   1: 0x00000000e8000000..0x00000000efffffff\n"
		  "   2: 0x00000000f0000000..0x00000000fdffffff\n"
		  "   3: 0x00000000fe000000..0x00000000ffffffff\n");
}

TEST(usable_memory_kdump_board)
{
	CHECK_EQ(boot("usable-memory-kdump", false, 0), 0);
	CHECK_EQ(b->dt.nr_mem, 1);
	CHECK_EQ(b->dt.mem[0].size, 0x30000000);
	CHECK_STR(mem_dump, "   0: 0x40000000..0x5fffffff\n   1: 0x70000000..0x77ffffff\n");
	CHECK_STR(rsv_dump, "   0: 0x40000000..0x4000ffff\n");
	CHECK_STR(b->log.buf, "memblock_reserve: [0x40000000-0x4000ffff] early_init_fdt_scan_reserved_mem\n");
	CHECK(b->ep.has_cma);
}

TEST(rejection_leaves_memblock_untouched)
{
	static uint8_t junk[64] = { 0xd0, 0x0d, 0xfe, 0xee };
	struct mm_boot_config cfg = { .log = true };

	if (!b)
		b = mm_boot_new();
	CHECK_EQ(mm_boot_dt(b, junk, sizeof(junk), &cfg, NULL, NULL) < 0, 1);
	CHECK(b->why != NULL);
	CHECK_EQ(b->mb.memory.cnt, 1);
	CHECK_EQ(b->mb.memory.regions[0].size, 0);
	CHECK_EQ(b->mb.reserved.regions[0].size, 0);
	CHECK_EQ(b->dt.nr_mem, 0);

	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 2);
	dtb_node("memory@800000000");
	dtb_str("device_type", "memory");
	dtb_cells("reg", 3, 0x8, 0x0, 0x10000000);
	dtb_end_node();
	CHECK_EQ(mm_boot_dt(b, dtb_finish(), DTB_BUF_SIZE, &cfg, NULL, NULL), -MM_EINPUT);
	CHECK_STR(b->why, "no memory bank below 4 GiB");
	CHECK_EQ(b->mb.memory.regions[0].size, 0);

	/* No memory node at all: the bootloader's job (U-Boot fills in /memory). */
	dtb_begin(NULL, 0);
	dtb_cells("#address-cells", 1, 2);
	CHECK_EQ(mm_boot_dt(b, dtb_finish(), DTB_BUF_SIZE, &cfg, NULL, NULL), -MM_EINPUT);
	CHECK_STR(b->why, "no memory in the device tree (a bootloader fills in /memory)");
}

TEST(pageblock_bytes)
{
	struct mm_boot_config cfg = { 0 };

	CHECK_EQ(mm_boot_pageblock_bytes(&cfg), SZ_8M);
	cfg.lpae = true;
	CHECK_EQ(mm_boot_pageblock_bytes(&cfg), SZ_2M);
}

static void release(void)
{
	mm_boot_free(b);
}

TEST_MAIN_WITH_TEARDOWN(release)
