/*
 * LPAE (3-level, long-descriptor) tables of ARM32 Linux v6.1:
 * arch/arm/include/asm/pgtable-3level.h (pmd_none/pmd_bad/pmd_clear,
 * pud_page_vaddr), asm/pgalloc.h __pmd_populate, arch/arm/mm/proc-v7-3level.S
 * cpu_v7_set_pte_ext (AP[2] from dirty/rdonly, PROT_NONE invalidation),
 * arch/arm/mm/mmu.c __map_init_section, arch/arm/kernel/head.S
 * __create_page_tables (the pgd page plus four pmd pages, every pgd entry
 * pointing at its pmd table with L_PGD_SWAPPER).
 *
 * Departure: the translation walk is the model's own (the kernel has none).
 */
#include "mm_errno.h"
#include "pgtable.h"

#define SECTION_SIZE (2u << 20)
#define TABLE_ADDR(v) ((v) & LPAE_PHYS_MASK & ~0xfffULL)

/* head.S: one pgd page, then the four pmd tables it points at. */
static int pgd_init(struct mm_mmu *mmu)
{
	phys_zero(mmu->pm, mmu->pgd_phys, 0x5000);
	for (int i = 0; i < 4; i++) {
		phys_addr_t pmd = mmu->pgd_phys + 0x1000 * (phys_addr_t)(i + 1);
		int ret = phys_write64(mmu->pm, mmu->pgd_phys + 8 * (phys_addr_t)i,
				       pmd | LPAE_TYPE_TABLE | LPAE_PGD_SWAPPER);
		if (ret)
			return ret;
	}
	return 0;
}

static phys_addr_t pmd_off_k(const struct mm_mmu *mmu, uint32_t addr)
{
	uint64_t pgd = phys_read64(mmu->pm, mmu->pgd_phys + (phys_addr_t)(addr >> 30) * 8);

	return TABLE_ADDR(pgd) + (phys_addr_t)((addr >> 21) & 511) * 8;
}

static int pmd_clear(struct mm_mmu *mmu, phys_addr_t pmdp)
{
	return phys_write64(mmu->pm, pmdp, 0);
}

static bool pmd_none(const struct mm_mmu *mmu, phys_addr_t pmdp)
{
	return phys_read64(mmu->pm, pmdp) == 0;
}

static bool pmd_bad(const struct mm_mmu *mmu, phys_addr_t pmdp)
{
	return !(phys_read64(mmu->pm, pmdp) & LPAE_TABLE_BIT);
}

static int pmd_populate(struct mm_mmu *mmu, phys_addr_t pmdp, phys_addr_t pte, uint64_t prot)
{
	return phys_write64(mmu->pm, pmdp, pte | prot);
}

static phys_addr_t pte_offset(const struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr)
{
	return TABLE_ADDR(phys_read64(mmu->pm, pmdp)) + (phys_addr_t)((addr >> 12) & 511) * 8;
}

/* cpu_v7_set_pte_ext (3-level): the stored descriptor. */
static uint64_t hw_pte(uint64_t pte, uint64_t ext)
{
	uint64_t v = pte | ext;

	if (v & LPAE_VALID) {
		if (v & LPAE_SW_NONE)
			v &= ~LPAE_VALID;
		else if (!(v & LPAE_SW_DIRTY) || (v & LPAE_SW_RDONLY))
			v |= LPAE_AP2;
		else
			v &= ~LPAE_AP2;
	}
	return v;
}

static int set_pte_ext(struct mm_mmu *mmu, phys_addr_t ptep, uint64_t pte, uint64_t ext)
{
	return phys_write64(mmu->pm, ptep, hw_pte(pte, ext));
}

static int set_ptes(struct mm_mmu *mmu, phys_addr_t ptep, uint64_t pte, unsigned int nr)
{
	phys_addr_t off = ptep & (PAGE_SIZE - 1);
	uint8_t *table;

	if (off + 8 * (phys_addr_t)nr > PAGE_SIZE)
		return -MM_EINVAL;
	table = phys_mem_page(mmu->pm, ptep >> PAGE_SHIFT, true);
	if (!table)
		return -MM_ENOMEM;
	/* hw_pte() only rewrites flag bits: the frame advances alike */
	pte = hw_pte(pte, 0);
	for (unsigned int i = 0; i < nr; i++, off += 8, pte += PAGE_SIZE)
		phys_put_le64(table + off, pte);
	return 0;
}

static int pmd_clear_run(struct mm_mmu *mmu, phys_addr_t pmdp, unsigned int nr)
{
	return phys_write_zeros(mmu->pm, pmdp, 8 * (phys_addr_t)nr);
}

static int map_sections(struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr, uint32_t end,
			phys_addr_t phys, uint64_t prot)
{
	do {
		int ret = phys_write64(mmu->pm, pmdp, phys | prot);

		if (ret)
			return ret;
		phys += SECTION_SIZE;
		pmdp += 8;
		addr += SECTION_SIZE;
	} while (addr != end);
	return 0;
}

static bool translate(const struct mm_mmu *mmu, uint32_t va, phys_addr_t *pa)
{
	uint64_t pgd = phys_read64(mmu->pm, mmu->pgd_phys + (phys_addr_t)(va >> 30) * 8);
	uint64_t pmd, pte;

	if ((pgd & LPAE_TYPE_MASK) != LPAE_TYPE_TABLE)
		return false;
	pmd = phys_read64(mmu->pm, TABLE_ADDR(pgd) + (phys_addr_t)((va >> 21) & 511) * 8);
	if ((pmd & LPAE_TYPE_MASK) == LPAE_TYPE_SECT) {
		*pa = (pmd & LPAE_PHYS_MASK & ~(uint64_t)(SECTION_SIZE - 1)) | (va & (SECTION_SIZE - 1));
		return true;
	}
	if ((pmd & LPAE_TYPE_MASK) != LPAE_TYPE_TABLE)
		return false;
	pte = phys_read64(mmu->pm, TABLE_ADDR(pmd) + (phys_addr_t)((va >> 12) & 511) * 8);
	if ((pte & LPAE_TYPE_MASK) != LPAE_TYPE_PAGE)
		return false;
	*pa = TABLE_ADDR(pte) | (va & 0xfff);
	return true;
}

const struct pgtable_ops pgtable_lpae_ops = {
	.section_size = SECTION_SIZE,
	.pgdir_size = 1u << 30,
	.pmd_table_span = 1ULL << 30,	/* one pmd table page per pgd entry */
	.pgd_size = 0x5000,
	.pte_alloc_size = 4096,
	.kernel_table_prot = LPAE_TYPE_TABLE,
	.pgd_init = pgd_init,
	.pmd_off_k = pmd_off_k,
	.pmd_clear = pmd_clear,
	.pmd_none = pmd_none,
	.pmd_bad = pmd_bad,
	.pmd_populate = pmd_populate,
	.pte_offset = pte_offset,
	.set_pte_ext = set_pte_ext,
	.set_ptes = set_ptes,
	.pmd_clear_run = pmd_clear_run,
	.map_sections = map_sections,
	.translate = translate,
};
