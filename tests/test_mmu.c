/* paging_init(): tables of whole layouts, allocation order, vectors, pkmap/fixmap, ptdump, bug switches. */
#include "test.h"

#include "bugs.h"
#include "layout.h"
#include "mm_errno.h"
#include "mmu.h"
#include "phys_mem.h"

struct fx {
	struct memblock mb;
	struct arm_layout l;
	struct mm_mmu mmu;
	struct mm_log log;
	int nr_events, nr_refused;
};

static void count_event(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx)
{
	struct fx *f = ctx;

	(void)mmu;
	f->nr_events++;
	if (ev->ret)
		f->nr_refused++;
}

/* One RAM bank at `base` (also PHYS_OFFSET), 3G split, HIGHMEM, Debian's image, reserved as arm_memblock_init does. */
static struct fx *fx_new(bool lpae, phys_addr_t base, phys_addr_t size)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct layout_config cfg = { .split = VMSPLIT_3G, .lpae = lpae, .highmem = true };

	mm_log_reset(&f->log, true);
	memblock_init(&f->mb, lpae, NULL);
	memblock_add(&f->mb, base, size);
	layout_default_image(&cfg.image);
	layout_init(&f->l, &cfg, base);
	adjust_lowmem_bounds(&f->l, &f->mb);
	memblock_reserve(&f->mb, f->l.ks.stext, f->l.ks.end - f->l.ks.stext);
	memblock_reserve(&f->mb, base + (lpae ? 0x3000 : 0x4000), lpae ? 0x5000 : 0x4000);
	adjust_lowmem_bounds(&f->l, &f->mb);
	f->mmu = (struct mm_mmu){
		.format = lpae ? PGTABLE_LPAE : PGTABLE_CLASSIC,
		.pm = phys_mem_new(),
		.mb = &f->mb,
		.layout = &f->l,
		.log = &f->log,
		.observer = count_event,
		.observer_ctx = f,
	};
	return f;
}

static void fx_free(struct fx *f)
{
	phys_mem_free(f->mmu.pm);
	memblock_destroy(&f->mb);
	free(f);
}

static uint32_t l1(const struct fx *f, uint32_t va)
{
	return phys_read32(f->mmu.pm, f->mmu.pgd_phys + (va >> 20) * 4);
}

static uint64_t lpae_pmd(const struct fx *f, uint32_t va)
{
	uint64_t pgd = phys_read64(f->mmu.pm, f->mmu.pgd_phys + (va >> 30) * 8);

	return phys_read64(f->mmu.pm, (pgd & 0xfffffff000ULL) + ((va >> 21) & 511) * 8);
}

/* The hardware entry of va's page-table page (0 if va is not behind a table). */
static phys_addr_t table_of(const struct fx *f, uint32_t va)
{
	if (f->mmu.format == PGTABLE_LPAE) {
		uint64_t pmd = lpae_pmd(f, va);

		return (pmd & 3) == 3 ? (pmd & 0xfffffff000ULL) : 0;
	}
	return (l1(f, va) & 3) == 1 ? (l1(f, va) & ~0xfffu) : 0;
}

static bool translates(const struct fx *f, uint32_t va, phys_addr_t pa)
{
	phys_addr_t got = 0;

	return mmu_translate(&f->mmu, va, &got) && got == pa;
}

/* QEMU virt, 1 GiB at 0x40000000: lowmem 0x40000000-0x6fffffff, all sections. */
static void worked_example(bool lpae)
{
	struct fx *f = fx_new(lpae, 0x40000000, SZ_1G);
	uint32_t sect = lpae ? 0x200000 : 0x100000;

	CHECK_EQ(f->l.arm_lowmem_limit, 0x70000000);
	CHECK_EQ(paging_init(&f->mmu), 0);
	/* swapper_pg_dir ends at _text, PHYS_OFFSET + TEXT_OFFSET (0x208000) */
	CHECK_EQ(f->mmu.pgd_phys, lpae ? 0x40203000 : 0x40204000);
	CHECK_EQ(f->nr_refused, 0);
	for (uint32_t va = 0xc0000000; va < 0xf0000000; va += sect) {
		if (lpae) {
			CHECK_EQ(lpae_pmd(f, va) & 3, 1);
			CHECK_EQ(lpae_pmd(f, va) & 0xffffe00000ULL, va - 0x80000000u);
		} else {
			CHECK_EQ(l1(f, va) & 3, 2);
			CHECK_EQ(l1(f, va) & 0xfff00000u, va - 0x80000000u);
		}
	}
	/* Nothing above lowmem below the vmalloc area, nothing in user space. */
	CHECK(!translates(f, 0xf0000000, 0x70000000));
	CHECK(!translates(f, 0x40000000, 0x40000000));
	/* Kernel text executable, the rest of lowmem not. */
	if (lpae) {
		CHECK_EQ(lpae_pmd(f, 0xc0000000) & (1ULL << 54), 0);
		CHECK_EQ(lpae_pmd(f, 0xc1400000) & (1ULL << 54), 0);
		CHECK(lpae_pmd(f, 0xc1600000) & (1ULL << 54));
		CHECK(lpae_pmd(f, 0xd0000000) & (1ULL << 54));
	} else {
		CHECK_EQ(l1(f, 0xc0000000) & 0x10, 0);
		CHECK_EQ(l1(f, 0xc1300000) & 0x10, 0);
		CHECK(l1(f, 0xc1400000) & 0x10);
		CHECK(l1(f, 0xd0000000) & 0x10);
		CHECK_EQ(l1(f, 0xc0000000), 0x4001140e);	/* S, AP_WRITE, WBWA, section */
		CHECK_EQ(l1(f, 0xd0000000), 0x5001141e);	/* + XN */
	}
	fx_free(f);
}

TEST(classic_worked_example_sections_only)
{
	worked_example(false);
}

TEST(lpae_worked_example_sections_only)
{
	worked_example(true);
}

/* Top-down early allocations: vectors, their PTE table, pci_reserve_io's static_vm, pkmap, fixmap, zero page. */
static void allocation_order(bool lpae)
{
	struct fx *f = fx_new(lpae, 0x40000000, SZ_1G);

	CHECK_EQ(paging_init(&f->mmu), 0);
	CHECK_EQ(f->mmu.vectors_phys, 0x6fffe000);
	CHECK_EQ(table_of(f, 0xffff0000), 0x6fffd000);
	CHECK(memblock_is_reserved(&f->mb, lpae ? 0x6fffcfd0 : 0x6fffcfd8));
	CHECK(!memblock_is_reserved(&f->mb, lpae ? 0x6fffcfc8 : 0x6fffcfd0));
	CHECK_EQ(f->mmu.pkmap_pte_phys, 0x6fffb000);
	CHECK_EQ(table_of(f, 0xbfe00000), 0x6fffb000);
	CHECK_EQ(f->mmu.fixmap_pte_phys, 0x6fffa000);
	CHECK_EQ(table_of(f, 0xffc80000), 0x6fffa000);
	CHECK_EQ(f->mmu.zero_page_phys, 0x6fff9000);
	CHECK_EQ(f->mb.current_limit, 0x70000000);
	/* The PCI I/O window and nothing else is a static vm area. */
	CHECK_EQ(f->mmu.nr_static_vm, 1);
	CHECK_EQ(f->mmu.static_vm[0].addr, 0xfee00000);
	fx_free(f);
}

TEST(classic_early_allocations_top_down)
{
	allocation_order(false);
}

TEST(lpae_early_allocations_top_down)
{
	allocation_order(true);
}

TEST(classic_vectors_and_kmap_tables)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_1G);
	phys_addr_t v;

	CHECK_EQ(paging_init(&f->mmu), 0);
	v = f->mmu.vectors_phys;
	CHECK(translates(f, 0xffff0000, v));
	CHECK(translates(f, 0xffff1fff, v + 0x1fff));
	CHECK(!translates(f, 0xffff2000, v + 0x2000));
	/* Table descriptor: domain VECTORS; pair points at +2048 and +3072. */
	CHECK_EQ(phys_read32(f->mmu.pm, f->mmu.pgd_phys + (0xffe00000u >> 20) * 4), 0x6fffd800 | 0x61);
	CHECK_EQ(phys_read32(f->mmu.pm, f->mmu.pgd_phys + (0xfff00000u >> 20) * 4), 0x6fffdc00 | 0x61);
	/* Hardware PTEs: high page user+kernel read-only, second page kernel read-only. */
	CHECK_EQ(phys_read32(f->mmu.pm, 0x6fffd000 + 2048 + 0x1f0 * 4), v | 0x67e);
	CHECK_EQ(phys_read32(f->mmu.pm, 0x6fffd000 + 2048 + 0x1f1 * 4), (v + 0x1000) | 0x65e);
	/* Linux PTEs below them. */
	CHECK_EQ(phys_read32(f->mmu.pm, 0x6fffd000 + 0x1f0 * 4), v | 0x5df);
	/* pkmap and fixmap tables: _PAGE_KERNEL_TABLE, empty. */
	CHECK_EQ(l1(f, 0xbfe00000), 0x6fffb800 | 0x11);
	CHECK_EQ(l1(f, 0xbff00000), 0x6fffbc00 | 0x11);
	CHECK_EQ(l1(f, 0xffc00000), 0x6fffa800 | 0x11);
	CHECK(!translates(f, 0xffc80000, 0));
	fx_free(f);
}

TEST(lpae_vectors_and_kmap_tables)
{
	struct fx *f = fx_new(true, 0x40000000, SZ_1G);
	phys_addr_t v;

	CHECK_EQ(paging_init(&f->mmu), 0);
	v = f->mmu.vectors_phys;
	CHECK(translates(f, 0xffff0000, v));
	CHECK(translates(f, 0xffff1000, v + 0x1000));
	CHECK_EQ(lpae_pmd(f, 0xffff0000), 0x6fffd003);
	CHECK_EQ(phys_read64(f->mmu.pm, 0x6fffd000 + 0x1f0 * 8), v | 0x7df | (1ULL << 55) | (1ULL << 58));
	CHECK_EQ(phys_read64(f->mmu.pm, 0x6fffd000 + 0x1f1 * 8),
		 (v + 0x1000) | 0x79f | (1ULL << 55) | (1ULL << 58));
	CHECK_EQ(lpae_pmd(f, 0xbfe00000), 0x6fffb003);
	CHECK_EQ(lpae_pmd(f, 0xffc00000), 0x6fffa003);
	/* head.S's pgd: four table entries with L_PGD_SWAPPER. */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(phys_read64(f->mmu.pm, 0x40203000 + 8 * i),
			 (0x40204000 + 0x1000 * (uint64_t)i) | 3 | (1ULL << 55));
	fx_free(f);
}

/* A bank edge off the section grid needs one PTE table, taken below memblock_limit. */
TEST(classic_bank_edge_needs_pte_table)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_256M + 512 * SZ_1K);

	CHECK_EQ(f->l.arm_lowmem_limit, 0x50080000);
	CHECK_EQ(f->mb.current_limit, 0x50000000);
	CHECK_EQ(paging_init(&f->mmu), 0);
	CHECK_EQ(table_of(f, 0xd0000000), 0x4ffff000);
	CHECK_EQ(l1(f, 0xd0100000), 0x4ffffc01);
	CHECK(translates(f, 0xd0000000, 0x50000000));
	CHECK(translates(f, 0xd007f000, 0x5007f000));
	CHECK(!translates(f, 0xd0080000, 0x50080000));
	/* The hardware PTE of lowmem: XN, S, WBWA (TEX1 C B), AP0. */
	CHECK_EQ(phys_read32(f->mmu.pm, 0x4ffff000 + 2048), 0x5000045f);
	CHECK_EQ(f->mmu.vectors_phys, 0x5007e000);
	CHECK_EQ(f->mmu.zero_page_phys, 0x50079000);
	fx_free(f);
}

TEST(lpae_bank_edge_needs_pte_table)
{
	struct fx *f = fx_new(true, 0x40000000, SZ_256M + SZ_1M);

	CHECK_EQ(f->l.arm_lowmem_limit, 0x50100000);
	CHECK_EQ(paging_init(&f->mmu), 0);
	CHECK_EQ(table_of(f, 0xd0000000), 0x4ffff000);
	CHECK(translates(f, 0xd0000000, 0x50000000));
	CHECK(translates(f, 0xd00ff000, 0x500ff000));
	CHECK(!translates(f, 0xd0100000, 0x50100000));
	/* Page: AF, SH inner, AttrIndx 7, XN, dirty, AP2 clear. */
	CHECK_EQ(phys_read64(f->mmu.pm, 0x4ffff000), 0x5000071fULL | (1ULL << 54) | (1ULL << 55));
	fx_free(f);
}

/* Every page of a small layout translates to its __pa; nothing else in the linear map does. */
static void translate_everything(bool lpae)
{
	struct fx *f = fx_new(lpae, 0x80000000, 48 * SZ_1M);
	phys_addr_t pa;

	CHECK_EQ(paging_init(&f->mmu), 0);
	for (pa = 0x80000000; pa < 0x83000000; pa += PAGE_SIZE)
		CHECK(translates(f, layout_pa_to_va(&f->l, pa), pa));
	CHECK(!mmu_translate(&f->mmu, 0xc3000000, &pa));
	CHECK(!mmu_translate(&f->mmu, f->l.vmalloc_start, &pa));
	CHECK(!mmu_translate(&f->mmu, 0xbf000000, &pa));
	CHECK(translates(f, 0xffff0000, f->mmu.vectors_phys));
	fx_free(f);
}

TEST(classic_translate_every_lowmem_page)
{
	translate_everything(false);
}

TEST(lpae_translate_every_lowmem_page)
{
	translate_everything(true);
}

TEST(device_mapping_through_map_io)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_1G);
	static const struct map_desc io[] = {
		{ .virtual = 0xf8000000, .pfn = 0x09000, .length = 0x1000, .type = MT_DEVICE },
		{ .virtual = 0xf8200000, .pfn = 0x08000, .length = SZ_2M, .type = MT_DEVICE },
	};

	f->mmu.map_io = io;
	f->mmu.nr_map_io = 2;
	CHECK_EQ(paging_init(&f->mmu), 0);
	CHECK(translates(f, 0xf8000000, 0x09000000));
	CHECK(!translates(f, 0xf8001000, 0x09001000));
	CHECK_EQ(l1(f, 0xf8000000) & 0x3ff, 0x41);	/* table, domain IO */
	CHECK_EQ(phys_read32(f->mmu.pm, table_of(f, 0xf8000000) + 2048), 0x09000453);
	CHECK_EQ(l1(f, 0xf8200000), 0x08011452);
	CHECK_EQ(l1(f, 0xf8300000), 0x08111452);
	/* Static vms: the two devices and the PCI window, sorted. */
	CHECK_EQ(f->mmu.nr_static_vm, 3);
	CHECK_EQ(f->mmu.static_vm[0].addr, 0xf8000000);
	CHECK_EQ(f->mmu.static_vm[1].size, SZ_2M);
	CHECK_EQ(f->mmu.static_vm[2].addr, 0xfee00000);
	fx_free(f);
}

TEST(iotable_init_after_paging_init)
{
	struct fx *f = fx_new(true, 0x40000000, SZ_1G);
	struct map_desc md = { .virtual = 0xf0900000, .pfn = 0xa0000, .length = 0x3000, .type = MT_DEVICE_WC };
	phys_addr_t before;

	CHECK_EQ(paging_init(&f->mmu), 0);
	before = memblock_reserved_size(&f->mb);
	CHECK_EQ(iotable_init(&f->mmu, &md, 1), 0);
	/* One static_vm (48 bytes) and one PTE table. */
	CHECK_EQ(memblock_reserved_size(&f->mb) - before, 48 + 4096);
	CHECK(translates(f, 0xf0902000, 0xa0002000));
	CHECK_EQ(phys_read64(f->mmu.pm, table_of(f, 0xf0900000) + 0x100 * 8),
		 0xa0000707ULL | (1ULL << 54) | (1ULL << 55));
	/* An overlapping static mapping is the kernel's BUG in vm_area_add_early. */
	md.pfn = 0xa0100;
	CHECK_EQ(iotable_init(&f->mmu, &md, 1), -MM_EPANIC);
	fx_free(f);
}

TEST(user_region_mapping_refused)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_1G);
	struct map_desc md = { .virtual = 0x10000000, .pfn = 0x40000, .length = SZ_1M, .type = MT_DEVICE };

	CHECK_EQ(paging_init(&f->mmu), 0);
	f->nr_refused = 0;
	CHECK_EQ(create_mapping(&f->mmu, &md), -MM_EINVAL);
	CHECK_EQ(f->nr_refused, 1);
	CHECK(strstr(f->log.buf, "BUG: not creating mapping for 0x40000000 at 0x10000000 in user region\n"));
	CHECK_EQ(l1(f, 0x10000000), 0);
	/* The vectors' address is the one exception. */
	md.virtual = 0xffff0000;
	md.length = PAGE_SIZE;
	md.type = MT_HIGH_VECTORS;
	CHECK_EQ(create_mapping(&f->mmu, &md), 0);
	fx_free(f);
}

TEST(cma_area_in_lowmem_is_remapped_with_pages)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_256M);

	memblock_reserve(&f->mb, 0x4f000000, SZ_16M);
	f->mmu.nr_dma_remap = 1;
	f->mmu.dma_remap[0] = (struct mmu_dma_remap){ 0x4f000000, SZ_16M };
	CHECK_EQ(paging_init(&f->mmu), 0);
	for (uint32_t va = 0xcf000000; va < 0xd0000000; va += SZ_2M)
		CHECK(table_of(f, va) != 0);
	CHECK(translates(f, 0xcf123000, 0x4f123000));
	CHECK_EQ(l1(f, 0xcef00000) & 3, 2);
	CHECK_EQ(f->mmu.static_vm[0].addr, 0xcf000000);
	fx_free(f);
}

TEST(ptdump_small_classic_layout)
{
	struct fx *f = fx_new(false, 0x40000000, 32 * SZ_1M);
	char buf[4096];
	size_t n;

	f->mmu.dtb_phys = 0x41f00000;
	CHECK_EQ(paging_init(&f->mmu), 0);
	n = mmu_ptdump(&f->mmu, buf, sizeof(buf));
	CHECK_EQ(n, strlen(buf));
	CHECK_STR(buf,
		  "---[ Modules ]---\n"
		  "---[ Kernel Mapping ]---\n"
		  "0xc0000000-0xc1400000          20M PGD KERNEL      RW x  SHD\n"
		  "0xc1400000-0xc2000000          12M PGD KERNEL      RW NX SHD\n"
		  "---[ vmalloc() Area ]---\n"
		  "---[ FDT Area ]---\n"
		  "0xff800000-0xffa00000           2M PGD KERNEL      ro NX SHD\n"
		  "---[ Fixmap Area ]---\n"
		  "---[ Vectors ]---\n"
		  "0xffff0000-0xffff1000           4K PTE VECTORS USR ro x  SHD MEM/CACHED/WBWA\n"
		  "0xffff1000-0xffff2000           4K PTE VECTORS     ro x  SHD MEM/CACHED/WBWA\n"
		  "---[ Vectors End ]---\n");
	/* A short buffer still reports the full length. */
	CHECK_EQ(mmu_ptdump(&f->mmu, buf, 10), n);
	CHECK_EQ(strlen(buf), 9);
	fx_free(f);
}

TEST(ptdump_small_lpae_layout)
{
	struct fx *f = fx_new(true, 0x40000000, 32 * SZ_1M);
	char buf[4096];

	CHECK_EQ(paging_init(&f->mmu), 0);
	mmu_ptdump(&f->mmu, buf, sizeof(buf));
	CHECK_STR(buf,
		  "---[ Modules ]---\n"
		  "---[ Kernel Mapping ]---\n"
		  "0xc0000000-0xc1600000          22M PMD RW x  SHD\n"
		  "0xc1600000-0xc2000000          10M PMD RW NX SHD\n"
		  "---[ vmalloc() Area ]---\n"
		  "---[ FDT Area ]---\n"
		  "---[ Fixmap Area ]---\n"
		  "---[ Vectors ]---\n"
		  "0xffff0000-0xffff1000           4K PTE USR ro x  SHD MEM/CACHED/WBWA\n"
		  "0xffff1000-0xffff2000           4K PTE     ro x  SHD MEM/CACHED/WBWA\n"
		  "---[ Vectors End ]---\n");
	fx_free(f);
}

TEST(bug_lowmem_limit_off_by_section_maps_past_lowmem)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_1G);

	mm_bug_set(MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION, true);
	CHECK_EQ(paging_init(&f->mmu), 0);
	mm_bug_set(MM_BUG_LOWMEM_LIMIT_OFF_BY_SECTION, false);
	CHECK(translates(f, 0xf0000000, 0x70000000));
	CHECK(!translates(f, 0xf0100000, 0x70100000));
	fx_free(f);
}

TEST(bug_lpae_split_loses_tail_page)
{
	struct fx *f = fx_new(true, 0x40000000, SZ_256M + SZ_1M);

	mm_bug_set(MM_BUG_LPAE_SPLIT_LOSES_TAIL, true);
	CHECK_EQ(paging_init(&f->mmu), 0);
	mm_bug_set(MM_BUG_LPAE_SPLIT_LOSES_TAIL, false);
	CHECK(translates(f, 0xd00fe000, 0x500fe000));
	CHECK(!translates(f, 0xd00ff000, 0x500ff000));
	fx_free(f);
}

TEST(bug_pgd_wrong_half_moves_odd_section)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_1G);

	/* The kernel's RW tail ends at 0x41700000 (odd MiB): lowmem resumes in a second slot. */
	mm_bug_set(MM_BUG_PGD_WRONG_HALF, true);
	CHECK_EQ(paging_init(&f->mmu), 0);
	mm_bug_set(MM_BUG_PGD_WRONG_HALF, false);
	CHECK(!translates(f, 0xc1700000, 0x41700000));
	fx_free(f);
}

TEST(format_must_match_layout)
{
	struct fx *f = fx_new(false, 0x40000000, SZ_1G);

	f->mmu.format = PGTABLE_LPAE;
	CHECK_EQ(paging_init(&f->mmu), -MM_EINVAL);
	fx_free(f);
}

TEST(early_alloc_failure_is_a_panic)
{
	struct fx *f = fx_new(false, 0x40000000, 32 * SZ_1M);

	/* Reserve all lowmem: the vectors page cannot be allocated. */
	memblock_reserve(&f->mb, 0x40000000, 32 * SZ_1M);
	CHECK_EQ(paging_init(&f->mmu), -MM_EPANIC);
	CHECK(strstr(f->log.buf, "Kernel panic - not syncing: early_alloc: Failed to allocate 8192 bytes align=0x2000\n"));
	fx_free(f);
}

TEST_MAIN()
