/*
 * Highmem mappings (Linux v6.1 mm/highmem.c kmap_high, kunmap_high,
 * map_new_virtual, flush_all_zero_pkmaps, __kmap_local_pfn_prot,
 * kunmap_local_indexed; arch/arm/mm/highmem.c; include/linux/highmem*.h):
 * the pkmap PTE table at PKMAP_BASE (LAST_PKMAP 512 slots) and the fixmap
 * slots kmap_local uses, written into the page tables in simulated memory.
 * One CPU; kmap never sleeps (a full pkmap is reported as -MM_EBUSY).
 */
#ifndef MM_HIGHMEM_H
#define MM_HIGHMEM_H

#include <stdint.h>

#define LAST_PKMAP 512
#define KM_MAX_IDX 16		/* kmap_local nesting depth per CPU */

struct page;
struct mm_kernel;

struct kmap_state {
	int pkmap_count[LAST_PKMAP];
	unsigned long pkmap_page_pfn[LAST_PKMAP];	/* pfn mapped at each slot (valid when count > 0) */
	unsigned int last_pkmap_nr;
	unsigned int nr_local;				/* kmap_local stack depth */
	unsigned long local_pfn[KM_MAX_IDX];
};

/* page_address(): lowmem via __va, highmem via the pkmap table, else 0. */
uint32_t page_address(const struct mm_kernel *k, const struct page *page);
/* kmap()/kunmap(); kmap returns the virtual address, 0 with *err = -MM_EBUSY when no slot is free. */
uint32_t kmap(struct mm_kernel *k, struct page *page, int *err);
void kunmap(struct mm_kernel *k, struct page *page);
/* kmap_local_page()/kunmap_local() (stack discipline, as the kernel requires). */
uint32_t kmap_local_page(struct mm_kernel *k, struct page *page, int *err);
void kunmap_local(struct mm_kernel *k, uint32_t vaddr);

#endif
