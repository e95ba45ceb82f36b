/*
 * Classic (2-level, short-descriptor) tables of ARM32 Linux v6.1:
 * arch/arm/include/asm/pgtable-2level.h (pmd_none/pmd_bad/pmd_clear, the
 * 2048 x 8-byte pgd of L1 pairs), asm/pgalloc.h __pmd_populate,
 * arch/arm/mm/proc-v7-2level.S cpu_v7_set_pte_ext (Linux PTE -> hardware
 * PTE), arch/arm/mm/mmu.c __map_init_section and create_36bit_mapping,
 * arch/arm/kernel/head.S (the 16 KiB swapper_pg_dir head.S clears).
 *
 * Departure: the translation walk is the model's own (the kernel has none).
 */
#include "bugs.h"
#include "mm_errno.h"
#include "pgtable.h"

#define SECTION_SIZE (1u << 20)
#define SUPERSECTION_SIZE (1u << 24)

static int pgd_init(struct mm_mmu *mmu)
{
	phys_zero(mmu->pm, mmu->pgd_phys, 0x4000);
	return 0;
}

static phys_addr_t pmd_off_k(const struct mm_mmu *mmu, uint32_t addr)
{
	return mmu->pgd_phys + (phys_addr_t)(addr >> 21) * 8;
}

static int pmd_clear(struct mm_mmu *mmu, phys_addr_t pmdp)
{
	int ret = phys_write32(mmu->pm, pmdp, 0);

	return ret ? ret : phys_write32(mmu->pm, pmdp + 4, 0);
}

/* Both look only at the first slot of the pair, as the kernel's macros do. */
static bool pmd_none(const struct mm_mmu *mmu, phys_addr_t pmdp)
{
	return phys_read32(mmu->pm, pmdp) == 0;
}

static bool pmd_bad(const struct mm_mmu *mmu, phys_addr_t pmdp)
{
	return phys_read32(mmu->pm, pmdp) & 2;
}

static int pmd_populate(struct mm_mmu *mmu, phys_addr_t pmdp, phys_addr_t pte, uint64_t prot)
{
	uint32_t v = (uint32_t)(pte + CLASSIC_PTE_HWTABLE_OFF) | (uint32_t)prot;
	int ret = phys_write32(mmu->pm, pmdp, v);

	return ret ? ret : phys_write32(mmu->pm, pmdp + 4, v + CLASSIC_HWTABLE_HALF);
}

static phys_addr_t pte_offset(const struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr)
{
	phys_addr_t table = phys_read32(mmu->pm, pmdp) & ~0xfffu;

	return table + ((addr >> 12) & 511) * 4;
}

/* cpu_v7_set_pte_ext: the hardware PTE derived from the Linux one. */
static uint32_t hw_pte(uint32_t pte, uint32_t ext)
{
	uint32_t hw = (pte & ~0x3f0u & ~L2_TYPE_MASK) | ext | L2_AP0 | L2_TYPE_SMALL;

	if (pte & (1u << 4))
		hw |= L2_TEX(1);
	if (((pte ^ L_PTE_DIRTY) & (L_PTE_RDONLY | L_PTE_DIRTY)) != 0)
		hw |= L2_APX;
	if (pte & L_PTE_USER)
		hw |= L2_AP1;
	if (pte & L_PTE_XN)
		hw |= L2_XN;
	if (!(pte & L_PTE_YOUNG) || !(pte & L_PTE_PRESENT) || (pte & L_PTE_NONE))
		hw = 0;
	return hw;
}

static int set_pte_ext(struct mm_mmu *mmu, phys_addr_t ptep, uint64_t pte, uint64_t ext)
{
	int ret = phys_write32(mmu->pm, ptep, (uint32_t)pte);

	return ret ? ret : phys_write32(mmu->pm, ptep + CLASSIC_PTE_HWTABLE_OFF,
					hw_pte((uint32_t)pte, (uint32_t)ext));
}

static int set_ptes(struct mm_mmu *mmu, phys_addr_t ptep, uint64_t pte, unsigned int nr)
{
	phys_addr_t off = ptep & (PAGE_SIZE - 1);
	uint8_t *table;
	uint32_t hw;

	if (off + 4 * (phys_addr_t)nr > CLASSIC_PTE_HWTABLE_OFF)
		return -MM_EINVAL;
	table = phys_mem_page(mmu->pm, ptep >> PAGE_SHIFT, true);
	if (!table)
		return -MM_ENOMEM;
	/* hw_pte() only rewrites the low flag bits: the frame advances in both words alike */
	hw = hw_pte((uint32_t)pte, 0);
	for (unsigned int i = 0; i < nr; i++, off += 4, pte += PAGE_SIZE, hw += hw ? PAGE_SIZE : 0) {
		phys_put_le32(table + off, (uint32_t)pte);
		phys_put_le32(table + off + CLASSIC_PTE_HWTABLE_OFF, hw);
	}
	return 0;
}

/* A 2-level pmd is a pair of 4-byte first-level entries. */
static int pmd_clear_run(struct mm_mmu *mmu, phys_addr_t pmdp, unsigned int nr)
{
	return phys_write_zeros(mmu->pm, pmdp, 8 * (phys_addr_t)nr);
}

static int map_sections(struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr, uint32_t end,
			phys_addr_t phys, uint64_t prot)
{
	int ret;

	/* An odd MiB lives in the second slot of its pgd pair. */
	if ((addr & SECTION_SIZE) && !mm_bug_on(MM_BUG_PGD_WRONG_HALF))
		pmdp += 4;
	do {
		ret = phys_write32(mmu->pm, pmdp, (uint32_t)phys | (uint32_t)prot);
		if (ret)
			return ret;
		phys += SECTION_SIZE;
		pmdp += 4;
		addr += SECTION_SIZE;
	} while (addr != end);
	return 0;
}

int pgtable_classic_map_36bit(struct mm_mmu *mmu, const struct map_desc *md,
			      const struct mem_type_desc *type, const char **why)
{
	uint32_t pfn = (uint32_t)md->pfn;
	uint32_t addr = md->virtual;
	uint32_t length = (uint32_t)MM_ALIGN_UP((uint32_t)md->length, PAGE_SIZE);
	uint32_t phys = pfn << PAGE_SHIFT;	/* a 32-bit phys_addr_t drops bits 35:32 */
	uint32_t end = addr + length;
	phys_addr_t pmdp;

	if (type->domain) {
		*why = "MM: invalid domain in supersection mapping for 0x%08llx at 0x%08lx";
		return -MM_EINVAL;
	}
	if ((addr | length | phys) & (SUPERSECTION_SIZE - 1)) {
		*why = "MM: cannot create mapping for 0x%08llx at 0x%08lx invalid alignment";
		return -MM_EINVAL;
	}
	/* Bits 35:32 of the address go to descriptor bits 23:20. */
	phys |= ((pfn >> (32 - PAGE_SHIFT)) & 0xf) << 20;
	do {
		pmdp = pmd_off_k(mmu, addr);
		for (int i = 0; i < 16; i++) {
			int ret = phys_write32(mmu->pm, pmdp + 4 * i,
					       phys | (uint32_t)type->prot_sect | L1_SECT_SUPER);
			if (ret)
				return ret;
		}
		addr += SUPERSECTION_SIZE;
		phys += SUPERSECTION_SIZE;
	} while (addr != end);
	return 0;
}

static bool translate(const struct mm_mmu *mmu, uint32_t va, phys_addr_t *pa)
{
	uint32_t l1 = phys_read32(mmu->pm, mmu->pgd_phys + (phys_addr_t)(va >> 20) * 4);
	uint32_t l2;

	switch (l1 & L1_TYPE_MASK) {
	case L1_TYPE_TABLE:
		l2 = phys_read32(mmu->pm, (l1 & ~0x3ffu) + ((va >> 12) & 0xff) * 4);
		if (l2 & 2) {
			*pa = (l2 & ~0xfffu) | (va & 0xfff);
			return true;
		}
		if (l2 & 1) {
			*pa = (l2 & ~0xffffu) | (va & 0xffff);
			return true;
		}
		return false;
	case L1_TYPE_SECT:
	case L1_TYPE_SECT | 1:
		if (l1 & L1_SECT_SUPER) {
			*pa = (l1 & 0xff000000u) | ((phys_addr_t)((l1 >> 20) & 0xf) << 32) |
			      ((phys_addr_t)((l1 >> 5) & 0xf) << 36) | (va & 0xffffff);
			return true;
		}
		*pa = (l1 & 0xfff00000u) | (va & 0xfffff);
		return true;
	default:
		return false;
	}
}

const struct pgtable_ops pgtable_classic_ops = {
	.section_size = SECTION_SIZE,
	.pgdir_size = 2u << 20,
	.pmd_table_span = 1ULL << 32,	/* the pmds are the pgd's own entries */
	.pgd_size = 0x4000,
	.pte_alloc_size = 4096,
	.kernel_table_prot = L1_TYPE_TABLE | L1_BIT4 | L1_DOMAIN(DOMAIN_KERNEL),
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
