/*
 * Naive oracle of the memory model: which pfns have a struct page, where
 * the kernel would see it, and which zone it belongs to, recomputed from
 * memblock.memory, the layout and the profile (shared doc §3, §6) and
 * compared with the model's memmap, zones and page flags.
 *
 *  - pfn_valid: FLATMEM uses ARM's rule (the pfn round-trips through
 *    phys_addr_t and its pageblock overlaps any memory region, NOMAP
 *    included); the SPARSEMEM models use the present-section rule (the
 *    section holds at least one whole page of some memory region).
 *  - pfn_to_page_virt: plain arithmetic per model (FLATMEM mem_map +
 *    (pfn - ARCH_PFN_OFFSET) * 36, SPARSEMEM the section_mem_map read
 *    straight from the section table + pfn * 36, VMEMMAP base + pfn * 36),
 *    and the struct page's bytes lie inside memblock.reserved.
 *  - pfn_to_page / page_to_pfn round trip; the section and zone fields of
 *    page->flags; page_zone() against zone bounds recomputed from the
 *    layout's limits; page_address() of lowmem against __va.
 *  - kmap / kmap_local addresses: in the pkmap or fixmap window and the
 *    kernel page tables (walked by mmu_check's walker) translate them to
 *    the page.
 */
#ifndef ORACLE_PAGE_CHECK_H
#define ORACLE_PAGE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"

/* Zone and node geometry as free_area_init() must compute it. */
struct naive_zones {
	unsigned long max_zone_pfn[MAX_NR_ZONES];
	unsigned long node_start, node_end;		/* [first, last) whole-page pfn of memory */
	unsigned long start[MAX_NR_ZONES], end[MAX_NR_ZONES];	/* zone span inside the node */
	unsigned long present[MAX_NR_ZONES];
};

void naive_zones_compute(const struct mm_kernel *k, struct naive_zones *z);
/* The zone whose span holds pfn, or -1. */
int naive_zone_of(const struct naive_zones *z, unsigned long pfn);
/* Whole pages of memory regions (NOMAP included) in [start, end). */
unsigned long naive_present_pages(const struct memblock *mb, unsigned long start, unsigned long end);
/* pfn_valid() as the model's memory model defines it (see above). */
bool naive_pfn_valid(const struct mm_kernel *k, unsigned long pfn);

/* Node and zone geometry (start, spanned, present) against the recomputation. */
void page_check_zones(const struct mm_kernel *k);
/* The per-pfn checks (and the pfn's section entry) for [pfn, pfn + nr): cheap, per operation. */
void page_check_pfns(const struct mm_kernel *k, unsigned long pfn, unsigned long nr);
/* Every per-pfn check above for the pfns in [start, end) (invalid pfns: pfn_valid only). */
void page_check_range(const struct mm_kernel *k, unsigned long start, unsigned long end);
/*
 * Zones, then every pfn of the node span, then one pfn per pageblock of
 * the holes around it and the first pfns past the model's reach.
 */
void page_check_full(const struct mm_kernel *k);

/* After kmap()/kmap_local_page() (local: nesting depth before the push). */
void page_check_kmap(const struct mm_kernel *k, const struct page *page, uint32_t vaddr);
void page_check_kmap_local(const struct mm_kernel *k, const struct page *page, uint32_t vaddr,
			   unsigned int depth);

#endif
