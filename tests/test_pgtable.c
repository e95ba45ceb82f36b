/* create_mapping() and the two descriptor formats: pgd pairs, 2 MiB blocks, table reuse, refusals, BUGs, mem_types. */
#include "test.h"

#include "layout.h"
#include "mm_errno.h"
#include "mmu.h"
#include "pgtable.h"
#include "phys_mem.h"

struct fx {
	struct memblock mb;
	struct arm_layout l;
	struct mm_mmu mmu;
	struct mm_log log;
};

/* 32 MiB at 0x40000000 after paging_init: the vmalloc area (0xc2800000 up) is free for tests. */
static struct fx *fx_new(bool lpae)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct layout_config cfg = { .split = VMSPLIT_3G, .lpae = lpae, .highmem = true };

	mm_log_reset(&f->log, true);
	memblock_init(&f->mb, lpae, NULL);
	memblock_add(&f->mb, 0x40000000, 32 * SZ_1M);
	layout_default_image(&cfg.image);
	layout_init(&f->l, &cfg, 0x40000000);
	adjust_lowmem_bounds(&f->l, &f->mb);
	memblock_reserve(&f->mb, f->l.ks.stext, f->l.ks.end - f->l.ks.stext);
	f->mmu = (struct mm_mmu){
		.format = lpae ? PGTABLE_LPAE : PGTABLE_CLASSIC,
		.pm = phys_mem_new(),
		.mb = &f->mb,
		.layout = &f->l,
		.log = &f->log,
	};
	CHECK_EQ(paging_init(&f->mmu), 0);
	return f;
}

static void fx_free(struct fx *f)
{
	phys_mem_free(f->mmu.pm);
	memblock_destroy(&f->mb);
	free(f);
}

static int map(struct fx *f, uint32_t va, uint64_t pa, uint64_t len, enum mem_type t)
{
	struct map_desc md = { .virtual = va, .pfn = pa >> 12, .length = len, .type = t };

	return create_mapping(&f->mmu, &md);
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

static bool translates(const struct fx *f, uint32_t va, phys_addr_t pa)
{
	phys_addr_t got = 0;

	return mmu_translate(&f->mmu, va, &got) && got == pa;
}

TEST(classic_odd_mib_goes_to_second_slot)
{
	struct fx *f = fx_new(false);

	CHECK_EQ(map(f, 0xe0100000, 0x10100000, SZ_1M, MT_DEVICE), 0);
	CHECK_EQ(l1(f, 0xe0000000), 0);
	CHECK_EQ(l1(f, 0xe0100000), 0x10111452);
	CHECK_EQ(map(f, 0xe0200000, 0x10200000, SZ_2M, MT_DEVICE), 0);
	CHECK_EQ(l1(f, 0xe0200000), 0x10211452);
	CHECK_EQ(l1(f, 0xe0300000), 0x10311452);
	CHECK(translates(f, 0xe0345678, 0x10345678));
	fx_free(f);
}

TEST(lpae_needs_2mib_for_a_block)
{
	struct fx *f = fx_new(true);
	uint64_t pmd;

	/* 1 MiB aligned is not enough: a PTE table, 256 pages. */
	CHECK_EQ(map(f, 0xe0100000, 0x10100000, SZ_1M, MT_DEVICE), 0);
	pmd = lpae_pmd(f, 0xe0100000);
	CHECK_EQ(pmd & 3, 3);
	CHECK(translates(f, 0xe01ff000, 0x101ff000));
	CHECK(!translates(f, 0xe0000000, 0x10000000));
	/* 2 MiB aligned: a block, strongly ordered (AttrIndx 0), XN, AF, shared. */
	CHECK_EQ(map(f, 0xe0400000, 0x110400000ULL, SZ_2M, MT_DEVICE), 0);
	CHECK_EQ(lpae_pmd(f, 0xe0400000), 0x110400701ULL | (1ULL << 54));
	CHECK(translates(f, 0xe0412345, 0x110412345ULL));
	fx_free(f);
}

TEST(existing_pte_table_is_reused)
{
	for (int lpae = 0; lpae < 2; lpae++) {
		struct fx *f = fx_new(lpae);
		phys_addr_t before;

		CHECK_EQ(map(f, 0xe0000000, 0x10000000, PAGE_SIZE, MT_DEVICE), 0);
		before = memblock_reserved_size(&f->mb);
		CHECK_EQ(map(f, 0xe01ff000, 0x10002000, PAGE_SIZE, MT_DEVICE), 0);
		CHECK_EQ(memblock_reserved_size(&f->mb), before);
		CHECK(translates(f, 0xe0000000, 0x10000000));
		CHECK(translates(f, 0xe01ff000, 0x10002000));
		fx_free(f);
	}
}

TEST(section_in_the_way_of_a_table_is_a_bug)
{
	for (int lpae = 0; lpae < 2; lpae++) {
		struct fx *f = fx_new(lpae);

		CHECK_EQ(map(f, 0xe0000000, 0x10000000, SZ_2M, MT_DEVICE), 0);
		CHECK_EQ(map(f, 0xe0001000, 0x20000000, PAGE_SIZE, MT_DEVICE), -MM_EPANIC);
		CHECK(strstr(f->log.buf, "kernel BUG at arch/arm/mm/mmu.c"));
		fx_free(f);
	}
}

/* pmd_none() looks at the first slot only: a table over an odd section drops it. */
TEST(classic_table_replaces_lone_odd_section)
{
	struct fx *f = fx_new(false);

	CHECK_EQ(map(f, 0xe0100000, 0x10100000, SZ_1M, MT_DEVICE), 0);
	CHECK_EQ(map(f, 0xe0000000, 0x20000000, PAGE_SIZE, MT_DEVICE), 0);
	CHECK_EQ(l1(f, 0xe0100000) & 3, 1);
	CHECK(!translates(f, 0xe0100000, 0x10100000));
	CHECK(translates(f, 0xe0000000, 0x20000000));
	fx_free(f);
}

TEST(section_only_type_refuses_pages)
{
	struct fx *f = fx_new(false);

	CHECK_EQ(map(f, 0xe0000000, 0x10000000, 0x80000, MT_ROM), -MM_EINVAL);
	CHECK(strstr(f->log.buf,
		     "BUG: map for 0x10000000 at 0xe0000000 can not be mapped using pages, ignoring.\n"));
	CHECK_EQ(l1(f, 0xe0000000), 0);
	CHECK_EQ(map(f, 0xe0000000, 0x10000000, SZ_1M, MT_ROM), 0);
	CHECK_EQ(l1(f, 0xe0000000), 0x1000940e);	/* APX + AP_WRITE: kernel read-only */
	fx_free(f);
}

TEST(classic_36bit_supersections)
{
	struct fx *f = fx_new(false);

	/* Device types are in domain IO: refused. */
	CHECK_EQ(map(f, 0xe0000000, 0x100000000ULL, SZ_16M, MT_DEVICE), -MM_EINVAL);
	CHECK(strstr(f->log.buf, "MM: invalid domain in supersection mapping for 0x100000000 at 0xe0000000\n"));
	CHECK_EQ(map(f, 0xe1000000, 0x301000000ULL, SZ_1M, MT_MEMORY_RW), -MM_EINVAL);
	CHECK(strstr(f->log.buf, "invalid alignment"));
	CHECK_EQ(map(f, 0xe1000000, 0x301000000ULL, SZ_16M, MT_MEMORY_RW), 0);
	for (uint32_t va = 0xe1000000; va < 0xe2000000; va += SZ_1M)
		CHECK_EQ(l1(f, va), 0x01000000u | 0x1141eu | (3u << 20) | (1u << 18));
	CHECK(translates(f, 0xe1abcdef, 0x301abcdefULL));
	fx_free(f);
}

TEST(model_refusals)
{
	struct fx *f = fx_new(true);
	struct map_desc md = { .virtual = 0xe0000000, .pfn = 0x10000, .length = 0, .type = MT_DEVICE };

	CHECK_EQ(create_mapping(&f->mmu, &md), -MM_EINVAL);
	md.length = SZ_1G;
	md.virtual = 0xf0000000;
	CHECK_EQ(create_mapping(&f->mmu, &md), -MM_EINVAL);
	md.virtual = 0xe0000000;
	md.length = PAGE_SIZE;
	md.type = MT_NR;
	CHECK_EQ(create_mapping(&f->mmu, &md), -MM_EINVAL);
	CHECK_EQ(iotable_init(&f->mmu, &md, -1), -MM_EINVAL);
	/* The kernel log only carries the kernel's own warnings. */
	CHECK(!strstr(f->log.buf, "model:"));
	fx_free(f);
}

TEST(device_outside_vmalloc_warns_but_maps)
{
	struct fx *f = fx_new(false);

	CHECK_EQ(map(f, 0xc2000000, 0x10000000, PAGE_SIZE, MT_DEVICE), 0);
	CHECK(strstr(f->log.buf, "BUG: mapping for 0x10000000 at 0xc2000000 out of vmalloc space\n"));
	CHECK(translates(f, 0xc2000000, 0x10000000));
	fx_free(f);
}

TEST(unaligned_virtual_keeps_page_offset)
{
	struct fx *f = fx_new(false);
	struct map_desc md = { .virtual = 0xe0000800, .pfn = 0x10000, .length = 0x1000, .type = MT_DEVICE };

	/* Length counts from the page start: two pages. */
	CHECK_EQ(create_mapping(&f->mmu, &md), 0);
	CHECK(translates(f, 0xe0000000, 0x10000000));
	CHECK(translates(f, 0xe0001000, 0x10001000));
	CHECK(!translates(f, 0xe0002000, 0x10002000));
	fx_free(f);
}

TEST(classic_set_pte_ext_hardware_bits)
{
	struct fx *f = fx_new(false);
	const struct pgtable_ops *ops = &pgtable_classic_ops;
	phys_addr_t p = 0x30000000;

	/* Clean (not dirty) pages are read-only to the hardware. */
	ops->set_pte_ext(&f->mmu, p, 0x10000000 | L_PTE_PRESENT | L_PTE_YOUNG, 0);
	CHECK_EQ(phys_read32(f->mmu.pm, p), 0x10000003);
	CHECK_EQ(phys_read32(f->mmu.pm, p + 2048), 0x10000212);
	/* Old (not young) or PROT_NONE pages have no hardware entry at all. */
	ops->set_pte_ext(&f->mmu, p, 0x10000000 | L_PTE_PRESENT | L_PTE_DIRTY, 0);
	CHECK_EQ(phys_read32(f->mmu.pm, p + 2048), 0);
	ops->set_pte_ext(&f->mmu, p, 0x10000000 | L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_NONE, 0);
	CHECK_EQ(phys_read32(f->mmu.pm, p + 2048), 0);
	/* ext (nG) goes straight through. */
	ops->set_pte_ext(&f->mmu, p, 0x10000000 | L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY, L2_NG);
	CHECK_EQ(phys_read32(f->mmu.pm, p + 2048), 0x10000812);
	fx_free(f);
}

TEST(lpae_set_pte_ext_hardware_bits)
{
	struct fx *f = fx_new(true);
	const struct pgtable_ops *ops = &pgtable_lpae_ops;
	phys_addr_t p = 0x30000000;

	ops->set_pte_ext(&f->mmu, p, 0x10000000 | LPAE_PRESENT | LPAE_AF, 0);
	CHECK_EQ(phys_read64(f->mmu.pm, p), 0x10000483);
	ops->set_pte_ext(&f->mmu, p, 0x10000000 | LPAE_PRESENT | LPAE_AF | LPAE_SW_DIRTY | LPAE_AP2, 0);
	CHECK_EQ(phys_read64(f->mmu.pm, p), 0x10000403 | LPAE_SW_DIRTY);
	ops->set_pte_ext(&f->mmu, p, 0x10000000 | LPAE_PRESENT | LPAE_SW_NONE, 0);
	CHECK_EQ(phys_read64(f->mmu.pm, p), 0x10000002 | LPAE_SW_NONE);
	fx_free(f);
}

/*
 * set_ptes writes what a loop of set_pte_ext writes (for a valid pte and
 * for one the hardware must not see), and refuses to leave the table.
 */
static void set_ptes_equals_loop(bool lpae, bool valid)
{
	struct fx *f = fx_new(lpae);
	const struct pgtable_ops *ops = lpae ? &pgtable_lpae_ops : &pgtable_classic_ops;
	unsigned int sz = lpae ? 8 : 4, nr = 7;
	phys_addr_t a = 0x30000000 + 5 * sz, b = 0x30010000 + 5 * sz;
	uint64_t pte = 0x10000000 | (lpae ? LPAE_PRESENT | LPAE_SW_DIRTY | (valid ? LPAE_AF : LPAE_SW_NONE)
					  : L_PTE_PRESENT | L_PTE_DIRTY | (valid ? L_PTE_YOUNG : 0));

	for (unsigned int i = 0; i < nr; i++)
		CHECK_EQ(ops->set_pte_ext(&f->mmu, a + i * sz, pte + i * PAGE_SIZE, 0), 0);
	CHECK_EQ(ops->set_ptes(&f->mmu, b, pte, nr), 0);
	for (unsigned int off = 0; off < PAGE_SIZE; off += 4)
		CHECK_EQ(phys_read32(f->mmu.pm, 0x30000000 + off), phys_read32(f->mmu.pm, 0x30010000 + off));
	CHECK_EQ(ops->set_ptes(&f->mmu, 0x30020000 + (lpae ? 4088 : 2044), pte, 2), -MM_EINVAL);
	CHECK_EQ(phys_read32(f->mmu.pm, 0x30020000 + (lpae ? 4088 : 2044)), 0);
	fx_free(f);
}

TEST(set_ptes_equals_a_set_pte_ext_loop)
{
	for (int valid = 0; valid < 2; valid++) {
		set_ptes_equals_loop(false, valid);
		set_ptes_equals_loop(true, valid);
	}
}

TEST(mem_types_rows)
{
	const struct mem_type_desc *t;

	for (int i = 0; i < MT_NR; i++) {
		CHECK(mem_type_get(PGTABLE_CLASSIC, i)->why != NULL);
		CHECK(mem_type_get(PGTABLE_LPAE, i)->why != NULL);
	}
	CHECK(mem_type_get(PGTABLE_CLASSIC, MT_NR) == NULL);
	t = mem_type_get(PGTABLE_CLASSIC, MT_MEMORY_RWX);
	CHECK_EQ(t->prot_sect & L1_SECT_XN, 0);
	CHECK_EQ(t->prot_pte & L_PTE_XN, 0);
	t = mem_type_get(PGTABLE_CLASSIC, MT_MEMORY_RW);
	CHECK(t->prot_sect & L1_SECT_XN);
	CHECK_EQ(t->prot_pte & L_PTE_MT_MASK, L_PTE_MT_WRITEALLOC);
	t = mem_type_get(PGTABLE_CLASSIC, MT_HIGH_VECTORS);
	CHECK_EQ(t->prot_sect, 0);
	CHECK(t->prot_pte & L_PTE_USER);
	CHECK(t->prot_pte & L_PTE_RDONLY);
	CHECK_EQ(t->prot_l1, L1_TYPE_TABLE | L1_DOMAIN(DOMAIN_VECTORS));
	t = mem_type_get(PGTABLE_LPAE, MT_MINICLEAN);
	CHECK_EQ(t->prot_sect | t->prot_l1, 0);
	for (int i = 0; i < MT_NR; i++) {
		t = mem_type_get(PGTABLE_LPAE, i);
		CHECK(t->prot_pte & LPAE_AF);
		CHECK(!t->prot_sect || (t->prot_sect & LPAE_AF));
	}
}

TEST_MAIN()
