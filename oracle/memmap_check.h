/*
 * Where each memory model's struct pages, usemaps and section roots live,
 * derived from the memblock operations the kernel watch saw from
 * bootmem_init on, in the order v6.1 makes them (shared doc §6, §7), and
 * never from the model's own fields:
 *
 *  - FLATMEM: alloc_node_mem_map's memblock_alloc of the node rounded out
 *    to MAX_ORDER_NR_PAGES × 36 bytes (align 64), mem_map moved back to
 *    ARCH_PFN_OFFSET (the oracle's PHYS_OFFSET) unless that is the node
 *    start; one usemap per spanned zone (usemap_size(), align 64); then
 *    free_unused_memmap's frees of the map behind the gaps between banks,
 *    pageblock-rounded, page-shrunk.
 *  - SPARSEMEM(_EXTREME): the root pointer array and a 4 KiB root
 *    (EXTREME), the usage array (one mem_section_usage per present
 *    section), the sparse buffer of section_map_size() per present
 *    section at __pa(MAX_DMA_ADDRESS) (not a power of two: a reservation at
 *    the masked candidate, checked against the memblock shadow), each
 *    section's map carved from it in order (the skipped head freed) or
 *    taken on its own, the unused tail freed.
 *  - SPARSEMEM_VMEMMAP: the usage array and the buffer; the window is the
 *    model's choice (ARM32 has no VMEMMAP), so only its constraints are
 *    checked (PMD-aligned, inside the vmalloc area, clear of static vm
 *    areas); the per-page backing is walked by page_check.
 *
 * Between the map's operations and the hand-over, start_kernel's early
 * allocations (request_standard_resources to LPAE's swiotlb) may only
 * allocate and free back parts of what they allocated; FLATMEM's
 * free_unused_memmap frees follow them.  Then memblock_free_all's
 * memblock_clear_hotplug(0, PHYS_ADDR_MAX), and nothing else until the end
 * of boot.
 */
#ifndef ORACLE_MEMMAP_CHECK_H
#define ORACLE_MEMMAP_CHECK_H

#include "kernel_watch.h"

/* For the watch: where a sparse memory-map reservation of `size` bytes should land now (0: not one). */
phys_addr_t memmap_masked_candidate(const struct kernel_watch *w, phys_addr_t size);
/* kernel_watch_end(): check the operations and derive the placement into w. */
void memmap_check_ops(struct kernel_watch *w);
/* The simulated virtual address of pfn's struct page, from the derivation (0: none). */
uint32_t memmap_expected_virt(const struct kernel_watch *w, unsigned long pfn);
/* Section nr's section_mem_map as the derivation encodes it (0: not present). */
uint32_t memmap_expected_section(const struct kernel_watch *w, unsigned long nr);
/* The model's FLATMEM fields, section table, usage pointers and roots against the derivation. */
void memmap_check_tables(const struct kernel_watch *w);

#endif
