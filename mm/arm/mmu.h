/*
 * Kernel page tables of ARM32 (Linux v6.1 arch/arm/mm/mmu.c paging_init,
 * prepare_page_table, map_lowmem, map_kernel, create_mapping,
 * alloc_init_pmd/pte, early_alloc, devicemaps_init, iotable_init,
 * early_pte_alloc; arch/arm/include/asm/pgtable-2level*.h and
 * pgtable-3level*.h for the descriptor bits).
 *
 * The tables are written in the real hardware formats into simulated
 * physical memory (phys_mem.h): ARMv7 short descriptors with Linux's shadow
 * PTE half (classic) or LPAE long descriptors.
 */
#ifndef MM_MMU_H
#define MM_MMU_H

#include "layout.h"
#include "memblock.h"
#include "phys_mem.h"

enum pgtable_format { PGTABLE_CLASSIC, PGTABLE_LPAE };

/* arch/arm/include/asm/mach/map.h, same order. */
enum mem_type {
	MT_DEVICE,
	MT_DEVICE_NONSHARED,
	MT_DEVICE_CACHED,
	MT_DEVICE_WC,
	MT_UNCACHED,
	MT_CACHECLEAN,
	MT_MINICLEAN,
	MT_LOW_VECTORS,
	MT_HIGH_VECTORS,
	MT_MEMORY_RWX,
	MT_MEMORY_RW,
	MT_MEMORY_RO,
	MT_ROM,
	MT_MEMORY_RWX_NONCACHED,
	MT_MEMORY_RW_DTCM,
	MT_MEMORY_RWX_ITCM,
	MT_MEMORY_RW_SO,
	MT_MEMORY_DMA_READY,
	MT_NR
};

struct map_desc {
	uint32_t virtual;
	uint64_t pfn;
	uint64_t length;
	enum mem_type type;
};

/* A mapping the model was asked to make and made, as the oracle sees it. */
struct mmu_mapping_event {
	struct map_desc md;
	int ret;		/* 0, or -MM_EINVAL when create_mapping refused it, -MM_EPANIC when it hit a BUG/panic part way */
	const char *why;	/* the kernel's warning text when refused ("model: ..." for the model's own refusals) */
};

struct mm_mmu;
typedef void (*mmu_observer_fn)(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx);

/* MAX_CMA_AREAS: dma_contiguous_early_fixup()'s table size. */
#define MMU_MAX_DMA_REMAP 8
/* Model cap on early static vm areas (the kernel's list is unbounded). */
#define MMU_MAX_STATIC_VM 64

struct mmu_dma_remap {
	phys_addr_t base, size;
};

/* An entry of the kernel's static_vmlist (iotable_init, vm_reserve_area_early). */
struct mmu_static_vm {
	uint32_t addr, size;
};

struct mm_mmu {
	enum pgtable_format format;
	struct phys_mem *pm;
	struct memblock *mb;
	const struct arm_layout *layout;
	phys_addr_t pgd_phys;		/* swapper_pg_dir */
	phys_addr_t vectors_phys;	/* the two vector pages */
	phys_addr_t zero_page_phys;
	phys_addr_t pkmap_pte_phys, fixmap_pte_phys;	/* the PTE table pages (pkmap: 0 without HIGHMEM) */
	mmu_observer_fn observer;
	void *observer_ctx;
	struct mm_log *log;

	/* inputs besides the layout (all optional, zero = absent) */
	phys_addr_t dtb_phys;		/* __atags_pointer: mapped read-only at FDT_FIXED_BASE */
	int nr_dma_remap;		/* CMA areas, in dma_contiguous_early_fixup() order */
	struct mmu_dma_remap dma_remap[MMU_MAX_DMA_REMAP];
	const struct map_desc *map_io;	/* machine map_io() table; NULL: generic DT machine */
	int nr_map_io;

	/* state */
	int nr_static_vm;		/* sorted by addr, as add_static_vm_early keeps it */
	struct mmu_static_vm static_vm[MMU_MAX_STATIC_VM];
};

/*
 * paging_init() up to (not including) bootmem_init: clear tables, map lowmem
 * and the kernel, vectors, pkmap/fixmap PTE tables, zero page.  Early tables
 * come from memblock (early_alloc).  Returns 0 or a negative MM_E* code (a
 * failed early_alloc is the kernel's panic: -MM_EPANIC).
 */
int paging_init(struct mm_mmu *mmu);

/*
 * create_mapping(): returns 0 or -MM_EINVAL (the kernel warns and skips);
 * -MM_EPANIC when the kernel would BUG or panic (table allocation failed,
 * a section in the way of a PTE table).  Needs paging_init() first.
 */
int create_mapping(struct mm_mmu *mmu, const struct map_desc *md);
/* iotable_init(): map device regions (each through create_mapping) and record them as static vm areas. */
int iotable_init(struct mm_mmu *mmu, const struct map_desc *io_desc, int nr);

/* The model's own translation, for virt_to_phys-style users (not the oracle's). */
bool mmu_translate(const struct mm_mmu *mmu, uint32_t va, phys_addr_t *pa);

/* A ptdump-style listing of the kernel tables (per range: start-end size, attributes). */
size_t mmu_ptdump(const struct mm_mmu *mmu, char *buf, size_t cap);

#endif
