/*
 * Internal interface between mmu.c and the two translation-table formats
 * (Linux v6.1 arch/arm/include/asm/pgtable-2level.h,
 * pgtable-2level-hwdef.h, pgtable-3level.h, pgtable-3level-hwdef.h,
 * pgalloc.h __pmd_populate, domain.h; arch/arm/mm/proc-v7-2level.S and
 * proc-v7-3level.S cpu_v7_set_pte_ext).  Not a public header: the oracle
 * has its own descriptor knowledge.
 *
 * A "pmd pointer" here is the physical address of the entry the kernel's
 * pmd_off_k() returns: classic, the first of the pgd's two 1 MiB L1 slots;
 * LPAE, the entry in the second-level table.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include "mmu.h"

/* Classic short-descriptor L1 (first level) bits. */
#define L1_TYPE_MASK 0x3u
#define L1_TYPE_TABLE 0x1u
#define L1_TYPE_SECT 0x2u
#define L1_BIT4 (1u << 4)
#define L1_DOMAIN(x) ((uint32_t)(x) << 5)
#define L1_DOMAIN_MASK L1_DOMAIN(0xf)
#define L1_SECT_B (1u << 2)
#define L1_SECT_C (1u << 3)
#define L1_SECT_XN (1u << 4)
#define L1_SECT_AP_WRITE (1u << 10)	/* AP[0] */
#define L1_SECT_AP_READ (1u << 11)	/* AP[1] */
#define L1_SECT_TEX(x) ((uint32_t)(x) << 12)
#define L1_SECT_APX (1u << 15)
#define L1_SECT_S (1u << 16)
#define L1_SECT_NG (1u << 17)
#define L1_SECT_SUPER (1u << 18)
#define L1_SECT_WB (L1_SECT_C | L1_SECT_B)
#define L1_SECT_WBWA (L1_SECT_TEX(1) | L1_SECT_C | L1_SECT_B)
#define L1_SECT_MINICACHE (L1_SECT_TEX(1) | L1_SECT_C)

/* Classic short-descriptor L2 small-page (hardware PTE) bits. */
#define L2_TYPE_MASK 0x3u
#define L2_TYPE_SMALL 0x2u
#define L2_XN (1u << 0)
#define L2_B (1u << 2)
#define L2_C (1u << 3)
#define L2_AP0 (1u << 4)
#define L2_AP1 (1u << 5)
#define L2_TEX(x) ((uint32_t)(x) << 6)
#define L2_APX (1u << 9)
#define L2_S (1u << 10)
#define L2_NG (1u << 11)

/* Classic Linux ("shadow") PTE bits, kept 2 KiB below the hardware PTE. */
#define L_PTE_PRESENT (1u << 0)
#define L_PTE_YOUNG (1u << 1)
#define L_PTE_DIRTY (1u << 6)
#define L_PTE_RDONLY (1u << 7)
#define L_PTE_USER (1u << 8)
#define L_PTE_XN (1u << 9)
#define L_PTE_SHARED (1u << 10)
#define L_PTE_NONE (1u << 11)
#define L_PTE_MT_UNCACHED (0x00u << 2)
#define L_PTE_MT_BUFFERABLE (0x01u << 2)
#define L_PTE_MT_WRITETHROUGH (0x02u << 2)
#define L_PTE_MT_WRITEBACK (0x03u << 2)
#define L_PTE_MT_MINICACHE (0x06u << 2)
#define L_PTE_MT_WRITEALLOC (0x07u << 2)
#define L_PTE_MT_DEV_SHARED (0x04u << 2)
#define L_PTE_MT_DEV_NONSHARED (0x0cu << 2)
#define L_PTE_MT_DEV_WC (0x09u << 2)
#define L_PTE_MT_DEV_CACHED (0x0bu << 2)
#define L_PTE_MT_MASK (0x0fu << 2)

/* Classic PTE table page: Linux PTEs at +0, hardware tables at +2048 and +3072. */
#define CLASSIC_PTE_HWTABLE_OFF 2048u
#define CLASSIC_HWTABLE_HALF 1024u

/* LPAE long-descriptor bits (tables, blocks and pages; Linux uses them directly). */
#define LPAE_TYPE_MASK 0x3ULL
#define LPAE_TYPE_TABLE 0x3ULL		/* pgd/pmd table pointer */
#define LPAE_TYPE_SECT 0x1ULL		/* 2 MiB block */
#define LPAE_TYPE_PAGE 0x3ULL
#define LPAE_VALID (1ULL << 0)
#define LPAE_TABLE_BIT (1ULL << 1)
#define LPAE_ATTRINDX(n) ((uint64_t)(n) << 2)
#define LPAE_ATTRINDX_MASK LPAE_ATTRINDX(7)
#define LPAE_AP_USER (1ULL << 6)	/* AP[1] */
#define LPAE_AP2 (1ULL << 7)		/* AP[2]: read-only */
#define LPAE_SH_INNER (3ULL << 8)
#define LPAE_AF (1ULL << 10)
#define LPAE_NG (1ULL << 11)
#define LPAE_PXN (1ULL << 53)
#define LPAE_XN (1ULL << 54)
#define LPAE_SW_DIRTY (1ULL << 55)	/* L_PTE_DIRTY, L_PMD_SECT_DIRTY */
#define LPAE_SW_SPECIAL (1ULL << 56)
#define LPAE_SW_NONE (1ULL << 57)
#define LPAE_SW_RDONLY (1ULL << 58)	/* L_PTE_RDONLY, L_PMD_SECT_RDONLY */
#define LPAE_PGD_SWAPPER (1ULL << 55)	/* L_PGD_SWAPPER */
#define LPAE_PHYS_MASK ((1ULL << 40) - 1)
#define LPAE_PRESENT 0x3ULL		/* L_PTE_PRESENT */
/* AttrIndx values of the MAIR layout proc-v7-3level.S programs. */
#define LPAE_MT_UNCACHED LPAE_ATTRINDX(0)
#define LPAE_MT_BUFFERABLE LPAE_ATTRINDX(1)
#define LPAE_MT_WRITETHROUGH LPAE_ATTRINDX(2)
#define LPAE_MT_WRITEBACK LPAE_ATTRINDX(3)
#define LPAE_MT_DEV_SHARED LPAE_ATTRINDX(4)
#define LPAE_MT_DEV_NONSHARED LPAE_ATTRINDX(4)
#define LPAE_MT_DEV_WC LPAE_ATTRINDX(1)
#define LPAE_MT_DEV_CACHED LPAE_ATTRINDX(3)
#define LPAE_MT_WRITEALLOC LPAE_ATTRINDX(7)

/* arch/arm/include/asm/domain.h without CONFIG_IO_36. */
#define DOMAIN_KERNEL 0
#define DOMAIN_USER 1
#define DOMAIN_IO 2
#define DOMAIN_VECTORS 3

#define PMD_SIZE_BOTH (2u << 20)	/* PMD_SIZE: 2 MiB in both formats */

/* One row of the kernel's mem_types[] after build_mem_type_table(). */
struct mem_type_desc {
	uint64_t prot_pte;	/* Linux PTE bits (classic) or page descriptor bits (LPAE) */
	uint64_t prot_l1;	/* table descriptor bits; 0: no page form */
	uint64_t prot_sect;	/* section/block bits; 0: no section form */
	unsigned int domain;
	const char *why;
};

/* NULL for a type outside the enum. */
const struct mem_type_desc *mem_type_get(enum pgtable_format fmt, enum mem_type type);

/* Size of struct static_vm and its alignment in the simulated build. */
#define STATIC_VM_SIZE(lpae) ((lpae) ? 48u : 40u)
#define STATIC_VM_ALIGN(lpae) ((lpae) ? 8u : 4u)

struct pgtable_ops {
	uint32_t section_size;		/* SECTION_SIZE */
	uint32_t pgdir_size;		/* PGDIR_SIZE (0 = 4 GiB never happens) */
	uint64_t pmd_table_span;	/* VA whose pmd entries are one contiguous array */
	phys_addr_t pgd_size;		/* PG_DIR_SIZE: swapper_pg_dir ends at KERNEL_RAM_VADDR */
	phys_addr_t pte_alloc_size;	/* PTE_HWTABLE_OFF + PTE_HWTABLE_SIZE */
	uint64_t kernel_table_prot;	/* _PAGE_KERNEL_TABLE */
	/* head.S's __create_page_tables, reduced to what survives paging_init. */
	int (*pgd_init)(struct mm_mmu *mmu);
	phys_addr_t (*pmd_off_k)(const struct mm_mmu *mmu, uint32_t addr);
	int (*pmd_clear)(struct mm_mmu *mmu, phys_addr_t pmdp);
	bool (*pmd_none)(const struct mm_mmu *mmu, phys_addr_t pmdp);
	bool (*pmd_bad)(const struct mm_mmu *mmu, phys_addr_t pmdp);
	int (*pmd_populate)(struct mm_mmu *mmu, phys_addr_t pmdp, phys_addr_t pte, uint64_t prot);
	/* pte_offset_kernel(): where the (Linux) PTE for addr lives. */
	phys_addr_t (*pte_offset)(const struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr);
	int (*set_pte_ext)(struct mm_mmu *mmu, phys_addr_t ptep, uint64_t pte, uint64_t ext);
	/*
	 * set_pte_ext(ptep + i, pte + i * PAGE_SIZE, 0) for i < nr, all inside
	 * ptep's pte table (what alloc_init_pte's loop does), with the table
	 * page looked up once.
	 */
	int (*set_ptes)(struct mm_mmu *mmu, phys_addr_t ptep, uint64_t pte, unsigned int nr);
	/* pmd_clear() on nr consecutive pmd entries from pmdp. */
	int (*pmd_clear_run)(struct mm_mmu *mmu, phys_addr_t pmdp, unsigned int nr);
	/* __map_init_section(): addr..end all in the pmd at pmdp. */
	int (*map_sections)(struct mm_mmu *mmu, phys_addr_t pmdp, uint32_t addr, uint32_t end,
			    phys_addr_t phys, uint64_t prot);
	bool (*translate)(const struct mm_mmu *mmu, uint32_t va, phys_addr_t *pa);
};

extern const struct pgtable_ops pgtable_classic_ops;
extern const struct pgtable_ops pgtable_lpae_ops;

static inline const struct pgtable_ops *pgtable_ops_of(const struct mm_mmu *mmu)
{
	return mmu->format == PGTABLE_LPAE ? &pgtable_lpae_ops : &pgtable_classic_ops;
}

/* Classic only: create_36bit_mapping() (supersections for pfn >= 4 GiB). */
int pgtable_classic_map_36bit(struct mm_mmu *mmu, const struct map_desc *md,
			      const struct mem_type_desc *type, const char **why);

#endif
