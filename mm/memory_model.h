/*
 * The memory models: where each pfn's struct page lives and how pfn <->
 * page <-> virtual address conversions work (Linux v6.1
 * include/asm-generic/memory_model.h, include/linux/mmzone.h (SPARSEMEM
 * parts), mm/sparse.c, mm/sparse-vmemmap.c, mm/page_alloc.c
 * alloc_node_mem_map, arch/arm/include/asm/sparsemem.h).
 *
 * Every struct page has a *simulated* kernel virtual address (stride
 * mm_profile.struct_page_size = 36), computed exactly as the kernel would:
 * FLATMEM mem_map + (pfn - ARCH_PFN_OFFSET); SPARSEMEM the decoded
 * section_mem_map + pfn; VMEMMAP vmemmap + pfn.  The host struct page
 * behind a simulated address is found through the model's own storage.
 * The memmap's memory is taken from memblock as the kernel does, so its
 * reservations appear in memblock.reserved.
 */
#ifndef MM_MEMORY_MODEL_H
#define MM_MEMORY_MODEL_H

#include "layout.h"
#include "memblock.h"
#include "mm_profile.h"
#include "mmu.h"
#include "page.h"

#define SECTION_SIZE_BITS 28
#define MAX_PHYSMEM_BITS 36
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define NR_MEM_SECTIONS (1UL << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS))
#define SECTIONS_PER_ROOT_EXTREME 256	/* PAGE_SIZE / sizeof(struct mem_section) (16 B) */

/* section_mem_map low bits */
#define SECTION_MARKED_PRESENT 0x1u
#define SECTION_HAS_MEM_MAP 0x2u
#define SECTION_IS_ONLINE 0x4u
#define SECTION_IS_EARLY 0x8u
#define SECTION_MAP_LAST_BIT 4
#define SECTION_MAP_MASK (~((1u << SECTION_MAP_LAST_BIT) - 1))

struct mem_section {
	uint32_t section_mem_map;	/* (simulated address of first page - start_pfn*36) | flags, 32-bit wrap */
	uint32_t usage_virt;		/* simulated address of the section's usemap (SPARSEMEM) */
};

struct memmap_host;	/* model storage behind the simulated addresses (memory_model.c) */

struct memmap {
	enum memory_model model;
	const struct mm_profile *profile;
	const struct arm_layout *layout;
	/* FLATMEM */
	uint32_t mem_map_virt;
	unsigned long arch_pfn_offset;
	unsigned long map_start_pfn, map_end_pfn;	/* pfns the mem_map covers */
	/* SPARSEMEM: static table (one section per root) or EXTREME roots */
	struct mem_section *mem_section_static;		/* NR_MEM_SECTIONS entries */
	struct mem_section *roots[NR_MEM_SECTIONS / SECTIONS_PER_ROOT_EXTREME + 1];
	uint32_t roots_virt[NR_MEM_SECTIONS / SECTIONS_PER_ROOT_EXTREME + 1];
	/* VMEMMAP */
	uint32_t vmemmap_base;		/* virtual address of pfn 0's struct page */
	struct memmap_host *host;
};

/*
 * sparse_init() / alloc_node_mem_map() / vmemmap population: take the
 * memmap (and, for EXTREME, the section roots) from memblock in the
 * kernel's order.  The VMEMMAP window is mapped through the mmu.  Returns 0
 * or -MM_EPANIC (memblock could not satisfy the kernel's panic-on-failure
 * allocation).
 */
int memmap_alloc(struct memmap *mm, struct memblock *mb, struct mm_mmu *mmu,
		 unsigned long node_start_pfn, unsigned long node_end_pfn);
/* Forget everything (cost proportional to what was touched). */
void memmap_reset(struct memmap *mm);

struct page *pfn_to_page(const struct memmap *mm, unsigned long pfn);
/*
 * Bracket a read-only walk over many pfns (the oracle's full sweeps): the
 * struct pages the walk materialises are forgotten again, and their host
 * memory given back, once it has brought in pages of about keep_pfns
 * further pfns (in steps of the 2048-pfn host chunks), and all of them at
 * the end.  A sweep of a large node then holds a bounded amount of host
 * memory instead of every struct page.  Between the two calls the model
 * must write no struct page, and a pointer to a page first touched by the
 * walk stays valid only that long.
 */
void memmap_sweep_begin(const struct memmap *mm, unsigned long keep_pfns);
void memmap_sweep_end(const struct memmap *mm);
unsigned long page_to_pfn(const struct memmap *mm, const struct page *page);
/* The simulated kernel virtual address of pfn's struct page (what the kernel's pointer would hold). */
uint32_t pfn_to_page_virt(const struct memmap *mm, unsigned long pfn);
/* pfn_valid() of the model's memory model (ARM's for FLATMEM, the section test for SPARSEMEM). */
bool memmap_pfn_valid(const struct memmap *mm, const struct memblock *mb, unsigned long pfn);
/* Section helpers (SPARSEMEM*): NULL when the model is FLATMEM or the root is absent. */
const struct mem_section *__nr_to_section(const struct memmap *mm, unsigned long nr);
unsigned long memmap_section_nr_from_flags(const struct memmap *mm, const struct page *page);

#endif
