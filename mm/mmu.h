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
	int ret;		/* 0, or -MM_EINVAL when create_mapping refused it */
	const char *why;	/* the kernel's warning text when refused */
};

struct mm_mmu;
typedef void (*mmu_observer_fn)(const struct mm_mmu *mmu, const struct mmu_mapping_event *ev, void *ctx);

struct mm_mmu {
	enum pgtable_format format;
	struct phys_mem *pm;
	struct memblock *mb;
	const struct arm_layout *layout;
	phys_addr_t pgd_phys;		/* swapper_pg_dir */
	phys_addr_t vectors_phys;	/* the two vector pages */
	phys_addr_t zero_page_phys;
	phys_addr_t pkmap_pte_phys, fixmap_pte_phys;
	mmu_observer_fn observer;
	void *observer_ctx;
	struct mm_log *log;
};

/*
 * paging_init() up to (not including) bootmem_init: clear tables, map lowmem
 * and the kernel, vectors, pkmap/fixmap PTE tables, zero page.  Early tables
 * come from memblock (early_alloc).  Returns 0 or a negative MM_E* code (a
 * failed early_alloc is the kernel's panic: -MM_EPANIC).
 */
int paging_init(struct mm_mmu *mmu);

/* create_mapping(): returns 0 or -MM_EINVAL (the kernel warns and skips). */
int create_mapping(struct mm_mmu *mmu, const struct map_desc *md);
/* iotable_init(): map device regions (each through create_mapping). */
int iotable_init(struct mm_mmu *mmu, const struct map_desc *io_desc, int nr);

/* The model's own translation, for virt_to_phys-style users (not the oracle's). */
bool mmu_translate(const struct mm_mmu *mmu, uint32_t va, phys_addr_t *pa);

/* A ptdump-style listing of the kernel tables (per range: start-end size, attributes). */
size_t mmu_ptdump(const struct mm_mmu *mmu, char *buf, size_t cap);

#endif
