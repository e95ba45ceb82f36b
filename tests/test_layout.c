/*
 * The ARM32 layout: split constants, vmalloc= clamping, __pa/__va,
 * the image's sections, adjust_lowmem_bounds, arm_memblock_init's
 * reservations and the default CMA area, layout_print.  Memory is added to
 * memblock by hand here; tests/test_setup.c boots whole device trees.
 */
#include "test.h"

#include "layout.h"
#include "mm_errno.h"

static struct mm_boot *boot;
static struct arm_layout lay;
static char text[8192];

static struct layout_config config(enum vmsplit split, bool lpae, bool highmem)
{
	struct layout_config cfg = { .split = split, .lpae = lpae, .highmem = highmem };

	layout_default_image(&cfg.image);
	return cfg;
}

/* A fresh boot object with memory banks (base, size pairs) and no device-tree extras. */
static void boot_banks(bool lpae, const uint64_t *banks, int nr)
{
	if (!boot)
		boot = mm_boot_new();
	memset(&boot->dt, 0, sizeof(boot->dt));
	memset(&boot->ep, 0, sizeof(boot->ep));
	boot->cfg = (struct mm_boot_config){ .lpae = lpae, .log = true };
	boot->rs.nr_reserved_mem = 0;
	boot->rs.nr_cma = 0;
	boot->rs.default_cma = -1;
	mm_log_reset(&boot->log, true);
	memblock_init(&boot->mb, lpae, &boot->log);
	for (int i = 0; i < nr; i++)
		memblock_add(&boot->mb, banks[2 * i], banks[2 * i + 1]);
	boot->phys_offset = banks[0];
}

/* The first two steps of setup_arch's layout part. */
static void lay_out(const struct layout_config *cfg, phys_addr_t phys_offset)
{
	layout_init(&lay, cfg, phys_offset);
	adjust_lowmem_bounds(&lay, &boot->mb);
}

static void full(const struct layout_config *cfg, phys_addr_t phys_offset)
{
	lay_out(cfg, phys_offset);
	arm_memblock_init(&lay, boot);
	adjust_lowmem_bounds(&lay, &boot->mb);
	find_limits(&lay, &boot->mb);
}

static const char *dump(const struct memblock_type *type)
{
	memblock_debugfs_show(&boot->mb, type, text, sizeof(text));
	return text;
}

static const uint64_t virt_1g[] = { 0x40000000, SZ_1G };

TEST(split_constants)
{
	static const struct {
		enum vmsplit split;
		uint32_t page_offset;
	} splits[] = {
		{ VMSPLIT_1G, 0x40000000 }, { VMSPLIT_2G, 0x80000000 },
		{ VMSPLIT_3G_OPT, 0xb0000000 }, { VMSPLIT_3G, 0xc0000000 },
	};

	for (size_t i = 0; i < MM_ARRAY_SIZE(splits); i++) {
		struct layout_config cfg = config(splits[i].split, false, true);
		uint32_t po = splits[i].page_offset;

		layout_init(&lay, &cfg, 0x40000000);
		CHECK_EQ(lay.page_offset, po);
		CHECK_EQ(lay.task_size, po - 0x01000000);
		CHECK_EQ(lay.modules_vaddr, po - 0x01000000);
		CHECK_EQ(lay.modules_end, po - 0x00200000);
		CHECK_EQ(lay.pkmap_base, po - 0x00200000);
		CHECK_EQ(lay.fixaddr_start, 0xffc80000);
		CHECK_EQ(lay.fixaddr_top, 0xffeff000);
		CHECK_EQ(lay.vmalloc_end, 0xff800000);
		CHECK_EQ(lay.vectors_base, 0xffff0000);
		CHECK_EQ(lay.vmalloc_size, 240 * SZ_1M);
		CHECK_EQ(lay.arm_dma_limit, 0xffffffff);
	}
	{
		struct layout_config cfg = config(VMSPLIT_3G, false, false);

		layout_init(&lay, &cfg, 0x40000000);
		CHECK_EQ(lay.modules_end, 0xc0000000);	/* no pkmap below PAGE_OFFSET */
	}
}

TEST(config_refusals)
{
	struct layout_config cfg = config(VMSPLIT_3G_OPT, true, true);
	const char *why = NULL;

	CHECK_EQ(layout_check_config(&cfg, &why), -MM_EINVAL);
	CHECK(why && strstr(why, "VMSPLIT_3G_OPT"));
	cfg.lpae = false;
	CHECK_EQ(layout_check_config(&cfg, &why), 0);
	CHECK(why == NULL);
	cfg.image.text_offset = 0x10000;
	CHECK_EQ(layout_check_config(&cfg, &why), -MM_EINVAL);
	cfg.image.text_offset = 0x308000;	/* ARCH_AXXIA's: past the first sections */
	CHECK_EQ(layout_check_config(&cfg, &why), 0);
	cfg.lpae = true;
	cfg.split = VMSPLIT_3G;
	CHECK_EQ(layout_check_config(&cfg, &why), 0);	/* LPAE sections are 2 MiB */
	cfg.image.code = 1020 * SZ_1M;	/* 0xc0200000 + 1020 MiB > VMALLOC_END */
	CHECK_EQ(layout_check_config(&cfg, &why), -MM_EINVAL);
	cfg = config(VMSPLIT_3G, false, true);
	cfg.split = (enum vmsplit)7;
	CHECK_EQ(layout_check_config(&cfg, &why), -MM_EINVAL);
}

TEST(early_vmalloc_clamps)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);
	struct mm_log *log = calloc(1, sizeof(*log));

	mm_log_reset(log, true);
	layout_init(&lay, &cfg, 0x40000000);
	early_vmalloc(&lay, 8 * SZ_1M, log);
	CHECK_EQ(lay.vmalloc_size, 16 * SZ_1M);
	early_vmalloc(&lay, 2 * SZ_1G, log);
	CHECK_EQ(lay.vmalloc_size, 976 * SZ_1M);	/* 0xff800000 - (0xc0000000 + 32M + 8M) */
	early_vmalloc(&lay, 4 * SZ_1G, log);		/* memparse → unsigned long: 0 */
	CHECK_EQ(lay.vmalloc_size, 16 * SZ_1M);
	early_vmalloc(&lay, 500 * SZ_1M, log);
	CHECK_EQ(lay.vmalloc_size, 500 * SZ_1M);
	CHECK_STR(log->buf, "vmalloc area is too small, limiting to 16MiB\n"
			    "vmalloc area is too big, limiting to 976MiB\n"
			    "vmalloc area is too small, limiting to 16MiB\n");

	cfg = config(VMSPLIT_1G, false, true);
	cfg.vmalloc_size = 4000 * SZ_1M;
	layout_init(&lay, &cfg, 0x40000000);
	CHECK_EQ(lay.vmalloc_size, 0xbd000000);	/* 3024 MiB */
	free(log);
}

TEST(pa_va_wrap)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	layout_init(&lay, &cfg, 0x40000000);
	CHECK_EQ(layout_pa_to_va(&lay, 0x40000000), 0xc0000000);
	CHECK_EQ(layout_pa_to_va(&lay, 0x7fffffff), 0xffffffff);
	CHECK_EQ(layout_pa_to_va(&lay, 0x80000000), 0x00000000);	/* 32-bit wrap */
	CHECK_EQ(layout_va_to_pa(&lay, 0xc0001234), 0x40001234);
	CHECK_EQ(layout_va_to_pa(&lay, 0x10000000), 0x90000000);

	layout_init(&lay, &cfg, 0);
	CHECK_EQ(layout_va_to_pa(&lay, 0x10000000), 0x50000000);	/* classic: wraps at 4 GiB */
	cfg.lpae = true;
	layout_init(&lay, &cfg, 0);
	CHECK_EQ(layout_va_to_pa(&lay, 0x10000000), 0xffffffff50000000ULL);	/* u64 carry */
	layout_init(&lay, &cfg, 0x80000000);
	CHECK_EQ(layout_pa_to_va(&lay, 0x180000000ULL), 0xc0000000);	/* high word dropped */
	CHECK_EQ(layout_va_to_pa(&lay, 0xffffffff), 0xbfffffff);
}

TEST(image_sections_round_trip)
{
	for (int lpae = 0; lpae <= 1; lpae++) {
		struct layout_config cfg = config(VMSPLIT_3G, lpae, true);
		const struct kernel_image *img = &cfg.image;
		const struct kernel_sections *ks = &lay.ks;
		phys_addr_t sect = lpae ? SZ_2M : SZ_1M;

		layout_init(&lay, &cfg, 0x40000000);
		/* mem_init_print_info's five sizes come back exactly. */
		CHECK_EQ(ks->etext - ks->stext, img->code);
		CHECK_EQ(ks->edata - ks->sdata, img->rwdata);
		CHECK_EQ(ks->end_rodata - ks->start_rodata, img->rodata);
		CHECK_EQ(ks->init_end - ks->init_begin, img->init);
		CHECK_EQ(ks->bss_stop - ks->bss_start, img->bss);
		/* the first section boundary after _text (TEXT_OFFSET 0x208000) */
		CHECK_EQ(ks->stext, MM_ALIGN_UP(0x40000000 + img->text_offset + 1, sect));
		CHECK_EQ(ks->start_rodata % PAGE_SIZE, 0);
		CHECK_EQ(ks->init_begin % sect, 0);
		CHECK(ks->init_begin >= ks->end_rodata);
		CHECK_EQ(ks->sdata, ks->init_end);
		CHECK_EQ(ks->bss_start, ks->edata);
		CHECK_EQ(ks->end, ks->bss_stop);
		CHECK_EQ(ks->kernel_sec_start, 0x40000000);
		CHECK_EQ(ks->kernel_sec_end % sect, 0);
		CHECK(ks->kernel_sec_end >= ks->end && ks->kernel_sec_end - ks->end < sect);
	}
	{
		struct layout_config cfg = config(VMSPLIT_3G, false, true);
		const struct kernel_sections *ks = &lay.ks;

		/* Debian's armmp on QEMU virt: /proc/iomem's kernel code ends at
		 * 0x411fffff, its data spans 0x41400000-0x41607607 */
		layout_init(&lay, &cfg, 0x40000000);
		CHECK_EQ(ks->stext, 0x40300000);
		CHECK_EQ(ks->etext, 0x40e00000);
		CHECK_EQ(ks->end_rodata, 0x411a6000);
		CHECK_EQ(ks->init_begin, 0x41200000);
		CHECK_EQ(ks->init_end, 0x41400000);
		CHECK_EQ(ks->edata, 0x415a9300);
		CHECK_EQ(ks->end, 0x41607608);
		CHECK_EQ(ks->kernel_sec_end, 0x41700000);
	}
}

TEST(worked_example_qemu_virt_1g)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	CHECK_EQ(lay.vmalloc_limit, 0x70000000);
	CHECK_EQ(lay.arm_lowmem_limit, 0x70000000);
	CHECK_EQ(lay.memblock_limit, 0x70000000);
	CHECK_EQ(boot->mb.current_limit, 0x70000000);
	CHECK_EQ(lay.high_memory, 0xf0000000);
	CHECK_EQ(lay.vmalloc_start, 0xf0800000);
	CHECK_EQ(lay.min_low_pfn, 0x40000);
	CHECK_EQ(lay.max_low_pfn, 0x70000);
	CHECK_EQ(lay.max_pfn, 0x80000);
	CHECK_STR(dump(&boot->mb.reserved), "   0: 0x40204000..0x40207fff\n"
					    "   1: 0x40300000..0x41607607\n"
					    "   2: 0x7f000000..0x7fffffff\n");
	CHECK_STR(boot->log.buf, "cma: Reserved 16 MiB at 0x7f000000\n");
	CHECK_EQ(boot->rs.nr_cma, 1);
	CHECK_EQ(boot->rs.default_cma, 0);
	CHECK_STR(boot->rs.cma[0].name, "reserved");
	CHECK_EQ(boot->rs.cma[0].base, 0x7f000000);
	CHECK_EQ(boot->rs.cma[0].size, 16 * SZ_1M);
	CHECK(!boot->rs.cma[0].from_dt);

	CHECK(layout_virt_addr_valid(&lay, &boot->mb, 0xc0000000));
	CHECK(layout_virt_addr_valid(&lay, &boot->mb, 0xefffffff));
	CHECK(!layout_virt_addr_valid(&lay, &boot->mb, 0xf0000000));
	CHECK(!layout_virt_addr_valid(&lay, &boot->mb, 0xbfffffff));
	CHECK(layout_pfn_valid(&lay, &boot->mb, 0x7ffff));
	CHECK(!layout_pfn_valid(&lay, &boot->mb, 0x80000));
	CHECK(!layout_pfn_valid(&lay, &boot->mb, 0x3f7ff));
}

TEST(layout_print_worked_example)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);
	size_t n;

	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	n = layout_print(&lay, text, sizeof(text));
	CHECK_EQ(n, strlen(text));
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
	/* Truncated output still reports the full length and stays terminated. */
	CHECK_EQ(layout_print(&lay, text, 16), n);
	CHECK_EQ(strlen(text), 15);
}

TEST(each_split_1g_of_ram)
{
	static const struct {
		enum vmsplit split;
		uint32_t lowmem_end, high_memory, vmalloc_start;
	} cases[] = {
		{ VMSPLIT_1G, 0x80000000, 0x80000000, 0x80800000 },
		{ VMSPLIT_2G, 0x80000000, 0xc0000000, 0xc0800000 },
		{ VMSPLIT_3G_OPT, 0x80000000, 0xf0000000, 0xf0800000 },
		{ VMSPLIT_3G, 0x70000000, 0xf0000000, 0xf0800000 },
	};

	for (size_t i = 0; i < MM_ARRAY_SIZE(cases); i++) {
		struct layout_config cfg = config(cases[i].split, false, true);

		boot_banks(false, virt_1g, 1);
		lay_out(&cfg, 0x40000000);
		CHECK_EQ(lay.arm_lowmem_limit, cases[i].lowmem_end);
		CHECK_EQ(lay.high_memory, cases[i].high_memory);
		CHECK_EQ(lay.vmalloc_start, cases[i].vmalloc_start);
	}
}

TEST(vmalloc_limit_in_64_bits)
{
	/* 1G split, vmalloc=16M, PHYS_OFFSET 2 GiB: the bound is 0x13e000000, past 4 GiB. */
	static const uint64_t banks[] = { 0x80000000, SZ_2G - SZ_4K };
	struct layout_config cfg = config(VMSPLIT_1G, false, true);

	cfg.vmalloc_size = 16 * SZ_1M;
	boot_banks(false, banks, 1);
	lay_out(&cfg, 0x80000000);
	CHECK_EQ(lay.vmalloc_limit, 0x13e000000ULL);
	CHECK_EQ(lay.arm_lowmem_limit, 0xfffff000);
	CHECK_EQ(lay.high_memory, 0xbffff000);
	CHECK_EQ(lay.memblock_limit, 0xffe00000);	/* the bank's end is not 2 MiB aligned */
	CHECK_EQ(lay.vmalloc_start, 0xc0000000);
}

TEST(unaligned_first_bank_head_is_nomap)
{
	static const uint64_t banks[] = { 0x40100000, SZ_256M - SZ_1M };
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	boot_banks(false, banks, 1);
	lay_out(&cfg, 0x40000000);
	CHECK_EQ(boot->mb.memory.cnt, 2);
	CHECK_EQ(boot->mb.memory.regions[0].base, 0x40100000);
	CHECK_EQ(boot->mb.memory.regions[0].size, 0x00100000);
	CHECK_EQ(boot->mb.memory.regions[0].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(boot->mb.memory.regions[1].base, 0x40200000);
	CHECK_EQ(boot->mb.memory.regions[1].flags, MEMBLOCK_NONE);
	CHECK_EQ(lay.arm_lowmem_limit, 0x50000000);
	CHECK_EQ(lay.memblock_limit, 0x50000000);
	/* pfn_valid keeps NOMAP pages valid (6.1), virt_addr_valid too. */
	CHECK(layout_pfn_valid(&lay, &boot->mb, 0x40100));
	CHECK(layout_virt_addr_valid(&lay, &boot->mb, 0xc0100000));
	/* The second pass finds an aligned start and marks nothing more. */
	adjust_lowmem_bounds(&lay, &boot->mb);
	CHECK_EQ(boot->mb.memory.cnt, 2);
}

TEST(no_highmem_removes_ram_above_lowmem)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, false);

	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	CHECK_STR(dump(&boot->mb.memory), "   0: 0x40000000..0x6fffffff\n");
	CHECK_STR(boot->log.buf, "Ignoring RAM at 0x70000000-0x80000000\n"
				 "Consider using a HIGHMEM enabled kernel.\n"
				 "cma: Reserved 16 MiB at 0x6f000000\n");
	CHECK_EQ(lay.max_pfn, 0x70000);
}

TEST(no_highmem_removes_from_rounded_memblock_limit)
{
	/* The kernel removes from memblock_limit, below an unaligned lowmem end. */
	static const uint64_t banks[] = { 0x40000000, SZ_256M + SZ_1M, 0x60000000, SZ_512M };
	struct layout_config cfg = config(VMSPLIT_3G, false, false);

	boot_banks(false, banks, 2);
	lay_out(&cfg, 0x40000000);
	CHECK_EQ(lay.arm_lowmem_limit, 0x70000000);
	CHECK_EQ(lay.memblock_limit, 0x50000000);
	CHECK_STR(boot->log.buf, "Ignoring RAM at 0x50000000-0x80000000\n"
				 "Consider using a HIGHMEM enabled kernel.\n");
	CHECK_STR(dump(&boot->mb.memory), "   0: 0x40000000..0x4fffffff\n");
}

TEST(memblock_limit_at_unaligned_bank_edge)
{
	static const uint64_t end_unaligned[] = { 0x40000000, SZ_256M + SZ_1M, 0x60000000, SZ_256M };
	static const uint64_t start_unaligned[] = { 0x40000000, SZ_256M, 0x50100000, SZ_16M };
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	boot_banks(false, end_unaligned, 2);
	lay_out(&cfg, 0x40000000);
	CHECK_EQ(lay.arm_lowmem_limit, 0x70000000);
	CHECK_EQ(lay.memblock_limit, 0x50000000);	/* round_down(0x50100000, 2 MiB) */
	CHECK_EQ(boot->mb.current_limit, 0x50000000);

	boot_banks(false, start_unaligned, 2);
	lay_out(&cfg, 0x40000000);
	CHECK_EQ(lay.arm_lowmem_limit, 0x51100000);
	CHECK_EQ(lay.memblock_limit, 0x50000000);	/* second bank's start 0x50100000 */
	CHECK_EQ(boot->mb.memory.cnt, 2);		/* only the first bank's head is checked */
}

TEST(lpae_banks_above_4g)
{
	static const uint64_t banks[] = { 0x40000000, SZ_1G, 0x100000000ULL, 4 * SZ_1G };
	struct layout_config cfg = config(VMSPLIT_3G, true, true);

	boot_banks(true, banks, 2);
	full(&cfg, 0x40000000);
	CHECK_EQ(lay.arm_lowmem_limit, 0x70000000);
	CHECK_EQ(lay.high_memory, 0xf0000000);
	CHECK_EQ(lay.max_pfn, 0x200000);
	CHECK_EQ(lay.max_low_pfn, 0x70000);
	/*
	 * v6.1 tries highmem first (under arm_dma_limit: 0x7f000000), then
	 * overwrites that with the bottom-up try above 4 GiB, which fails
	 * because the limit is highmem_start by then, and falls back to
	 * lowmem: the highmem block stays reserved, unused (the real kernel's
	 * lpae-above-4g boot shows both).
	 */
	CHECK_STR(dump(&boot->mb.reserved), "   0: 0x0000000040203000..0x0000000040207fff\n"
					    "   1: 0x0000000040400000..0x0000000041807607\n"
					    "   2: 0x000000006f000000..0x000000006fffffff\n"
					    "   3: 0x000000007f000000..0x000000007fffffff\n");
	CHECK_STR(boot->log.buf, "cma: Reserved 16 MiB at 0x000000006f000000\n");
	CHECK(!boot->mb.bottom_up);
	CHECK(layout_pfn_valid(&lay, &boot->mb, 0x1fffff));
	CHECK(!layout_pfn_valid(&lay, &boot->mb, 0x200000));
}

TEST(lpae_without_highmem_drops_banks_above_4g)
{
	static const uint64_t banks[] = { 0x40000000, SZ_1G, 0x100000000ULL, 4 * SZ_1G };
	struct layout_config cfg = config(VMSPLIT_3G, true, false);

	boot_banks(true, banks, 2);
	lay_out(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "Ignoring RAM at 0x0000000070000000-0x0000000200000000\n"
				 "Consider using a HIGHMEM enabled kernel.\n");
	CHECK_STR(dump(&boot->mb.memory), "   0: 0x0000000040000000..0x000000006fffffff\n");
}

TEST(swapper_pg_dir_reservation)
{
	struct layout_config cfg = config(VMSPLIT_2G, false, true);

	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	/* TEXT_OFFSET 0x208000: swapper_pg_dir's 16 KiB (LPAE 20 KiB) end at _text */
	CHECK(memblock_is_region_reserved(&boot->mb, 0x40204000, 0x4000));
	CHECK(!memblock_is_reserved(&boot->mb, 0x40203fff));
	CHECK(!memblock_is_reserved(&boot->mb, 0x40208000));	/* head text: not reserved */
	CHECK(memblock_is_reserved(&boot->mb, 0x40300000));

	cfg.lpae = true;
	boot_banks(true, virt_1g, 1);
	full(&cfg, 0x40000000);
	CHECK(!memblock_is_reserved(&boot->mb, 0x40202fff));
	CHECK(memblock_is_region_reserved(&boot->mb, 0x40203000, 0x5000));
	CHECK(memblock_is_reserved(&boot->mb, 0x40400000));
}

TEST(initrd_accepted_page_rounded)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	cfg.initrd_start = 0x48000123;
	cfg.initrd_size = 0x1000;
	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	CHECK_STR(dump(&boot->mb.reserved), "   0: 0x40204000..0x40207fff\n"
					    "   1: 0x40300000..0x41607607\n"
					    "   2: 0x48000000..0x48001fff\n"
					    "   3: 0x7f000000..0x7fffffff\n");
	CHECK_EQ(lay.initrd_start, 0xc8000123);
	CHECK_EQ(lay.initrd_end, 0xc8001123);
}

TEST(initrd_from_device_tree)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	boot_banks(false, virt_1g, 1);
	boot->dt.has_initrd = true;
	boot->dt.initrd_start = 0x50000000;
	boot->dt.initrd_end = 0x50400000;
	full(&cfg, 0x40000000);
	CHECK(memblock_is_region_reserved(&boot->mb, 0x50000000, 0x400000));
	CHECK_EQ(lay.initrd_start, 0xd0000000);
	CHECK_EQ(lay.initrd_end, 0xd0400000);
}

TEST(initrd_refused_outside_memory)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	cfg.initrd_start = 0x7ffff800;
	cfg.initrd_size = 0x1000;
	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "INITRD: 0x7ffff000+0x00002000 is not a memory region - disabling initrd\n"
				 "cma: Reserved 16 MiB at 0x7f000000\n");
	CHECK_EQ(lay.initrd_start, 0);
	CHECK_EQ(boot->mb.reserved.cnt, 3);
}

TEST(initrd_refused_overlapping_kernel)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	cfg.initrd_start = 0x41400000;
	cfg.initrd_size = 0x10000;
	boot_banks(false, virt_1g, 1);
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "INITRD: 0x41400000+0x00010000 overlaps in-use memory region\n"
				 " - disabling initrd\n"
				 "cma: Reserved 16 MiB at 0x7f000000\n");
	CHECK_EQ(lay.initrd_end, 0);
}

TEST(cma_cmdline_size_and_fixed_base)
{
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	/* cma=64M: placed in highmem, top-down */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	boot->ep.cma_size = 64 * SZ_1M;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Reserved 64 MiB at 0x7c000000\n");

	/* cma=32M@0x50000000: fixed base (limit = base + size) */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	boot->ep.cma_size = 32 * SZ_1M;
	boot->ep.cma_base = 0x50000000;
	boot->ep.cma_limit = 0x52000000;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Reserved 32 MiB at 0x50000000\n");
	CHECK(memblock_is_region_reserved(&boot->mb, 0x50000000, 32 * SZ_1M));

	/* cma=16M@0x6f000000: straddles lowmem/highmem */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	boot->ep.cma_size = 32 * SZ_1M;
	boot->ep.cma_base = 0x6f000000;
	boot->ep.cma_limit = 0x71000000;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Region at 0x6f000000 defined on low/high memory boundary (0x70000000)\n"
				 "cma: Failed to reserve 32 MiB\n");
	CHECK_EQ(boot->rs.nr_cma, 0);

	/* cma=16M@0x50400000: fixed but not pageblock aligned */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	boot->ep.cma_size = 16 * SZ_1M;
	boot->ep.cma_base = 0x50400000;
	boot->ep.cma_limit = 0x51400000;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Region at 0x50400000 must be aligned to 0x00800000 bytes\n"
				 "cma: Failed to reserve 16 MiB\n");

	/* cma=0: no area */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "");
	CHECK_EQ(boot->rs.default_cma, -1);
}

TEST(cma_limits_and_failures)
{
	static const uint64_t small[] = { 0x40000000, 8 * SZ_1M };
	struct layout_config cfg = config(VMSPLIT_3G, false, true);

	/* cma=16M@0-0x60000000: a limit below highmem keeps it in lowmem */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	boot->ep.cma_size = 16 * SZ_1M;
	boot->ep.cma_limit = 0x60000000;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Reserved 16 MiB at 0x5f000000\n");

	/* cma=16M@0x7f800000-0x90000000: the limit is clamped to the end of RAM */
	boot_banks(false, virt_1g, 1);
	boot->ep.has_cma = true;
	boot->ep.cma_size = 16 * SZ_1M;
	boot->ep.cma_base = 0x7f800000;
	boot->ep.cma_limit = 0x90000000;
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Size (0x01000000) of region at 0x7f800000 exceeds limit (0x80000000)\n"
				 "cma: Failed to reserve 16 MiB\n");

	/* 8 MiB of RAM: nowhere to put 16 MiB */
	boot_banks(false, small, 1);
	cfg.image = (struct kernel_image){ .text_offset = 0x8000, .code = SZ_1M };
	full(&cfg, 0x40000000);
	CHECK_STR(boot->log.buf, "cma: Failed to reserve 16 MiB\n");
}

static int nr_bottom_up_ops;

static void count_bottom_up(const struct memblock *mb, const struct memblock_op *op, void *ctx)
{
	if (op->kind == MEMBLOCK_OP_SET_BOTTOM_UP)
		nr_bottom_up_ops++;
}

TEST(cma_when_memory_ends_above_4g_lpae)
{
	/*
	 * RAM reaches 4 GiB + 16 MiB: highmem first (0xfee00000, then left
	 * reserved), bottom-up above 4 GiB below highmem_start (fails), lowmem.
	 */
	static const uint64_t banks[] = { 0x80000000, SZ_2G + SZ_16M };
	struct layout_config cfg = config(VMSPLIT_3G, true, true);

	boot_banks(true, banks, 1);
	boot->mb.observer = count_bottom_up;
	nr_bottom_up_ops = 0;
	full(&cfg, 0x80000000);
	boot->mb.observer = NULL;
	CHECK_EQ(nr_bottom_up_ops, 2);
	CHECK(!boot->mb.bottom_up);
	CHECK(memblock_is_region_reserved(&boot->mb, 0xfee00000, SZ_16M));
	CHECK_STR(boot->log.buf, "cma: Reserved 16 MiB at 0x00000000af000000\n");

	/* 16 MiB short of that: no bottom-up attempt. */
	boot_banks(true, (const uint64_t[]){ 0x80000000, 0x80000000 }, 1);
	boot->mb.observer = count_bottom_up;
	nr_bottom_up_ops = 0;
	full(&cfg, 0x80000000);
	boot->mb.observer = NULL;
	CHECK_EQ(nr_bottom_up_ops, 0);
}

TEST_MAIN()
