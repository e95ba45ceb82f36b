/*
 * Naive oracle of the memory model: which pfns have a struct page, where
 * the kernel would see it, and which zone it belongs to, from what the
 * kernel watch (kernel_watch.h) recomputed out of the watched memblock
 * operations, the layout and the profile (shared doc §3, §6), compared
 * with the model's memmap, zones and page flags.
 *
 *  - pfn_valid: FLATMEM uses ARM's rule (the pfn round-trips through
 *    phys_addr_t and its pageblock overlaps any memory region, NOMAP
 *    included); the SPARSEMEM models use the present-section rule (the
 *    section holds at least one whole page of some memory region).
 *  - pfn_to_page_virt: where memmap_check.h derived the struct page from
 *    the memory map's allocations (FLATMEM mem_map, SPARSEMEM the section's
 *    map, VMEMMAP the window), and the struct page's bytes lie inside
 *    memblock.reserved (VMEMMAP: the page tables map them onto reserved
 *    pages).
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

#include "kernel_watch.h"

/* Node and zone geometry (start, spanned, present, max_zone_pfn incl. ZONE_MOVABLE) against the watch's. */
void page_check_zones(const struct kernel_watch *w);
/* The per-pfn checks (and the pfn's section entry) for [pfn, pfn + nr): cheap, per operation. */
void page_check_pfns(const struct kernel_watch *w, unsigned long pfn, unsigned long nr);
/* Every per-pfn check above for the pfns in [start, end) (invalid pfns: pfn_valid only). */
void page_check_range(const struct kernel_watch *w, unsigned long start, unsigned long end);
/*
 * Zones and the memory map's tables (memmap_check_tables), then every pfn
 * of the node span, one pfn per validity block of the holes around it and
 * the first pfns past the model's reach.
 */
void page_check_full(const struct kernel_watch *w);

/* After kmap()/kmap_local_page() (local: nesting depth before the push). */
void page_check_kmap(const struct kernel_watch *w, const struct page *page, uint32_t vaddr);
void page_check_kmap_local(const struct kernel_watch *w, const struct page *page, uint32_t vaddr,
			   unsigned int depth);

#endif
