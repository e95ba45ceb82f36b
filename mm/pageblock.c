/*
 * Pageblock migratetype bits (Linux v6.1 mm/page_alloc.c
 * get_pfnblock_flags_mask, set_pfnblock_flags_mask, pfn_to_bitidx,
 * get_pageblock_bitmap; include/linux/pageblock-flags.h).
 *
 * Where the bits live follows the memory model: FLATMEM, the zone's usemap
 * (zone->pageblock_flags, a host array, indexed from the zone start rounded
 * down to a pageblock); SPARSEMEM, the section's mem_section_usage in
 * simulated memory at usage_virt (after the 128-bit subsection_map for the
 * VMEMMAP variant), in 32-bit words as the ARM kernel stores them.
 * A pfn without a usemap reads as MIGRATE_UNMOVABLE (0) and ignores sets.
 */
#include "bugs.h"
#include "page_alloc_internal.h"

#define MIGRATETYPE_MASK ((1u << 3) - 1)
#define SUBSECTION_MAP_BYTES 16u	/* SUBSECTIONS_PER_SECTION (128) bits */

static bool sparse_model(const struct mm_kernel *k)
{
	return k->memmap.model != MEMORY_MODEL_FLATMEM;
}

/* SPARSEMEM: physical address of the usemap word holding pfn's bits, 0 when absent. */
static phys_addr_t sparse_word(const struct mm_kernel *k, unsigned long pfn, unsigned int *shift)
{
	const struct mem_section *ms = __nr_to_section(&k->memmap, pfn >> PFN_SECTION_SHIFT);
	unsigned long in_section = pfn & (PAGES_PER_SECTION - 1), bitidx;
	phys_addr_t base;

	if (mm_bug_on(MM_BUG_SPARSE_USEMAP_ALIAS))
		in_section &= PAGES_PER_SECTION / 2 - 1;
	bitidx = (in_section >> pageblock_order(k)) * NR_PAGEBLOCK_BITS;

	if (!ms || !ms->usage_virt || !k->memmap.layout)
		return 0;
	base = layout_va_to_pa(k->memmap.layout, ms->usage_virt);
	if (k->memmap.model == MEMORY_MODEL_SPARSEMEM_VMEMMAP)
		base += SUBSECTION_MAP_BYTES;
	*shift = bitidx % 32;
	return base + (bitidx / 32) * 4;
}

/* FLATMEM: the zone usemap word and bit shift for pfn, NULL when absent. */
static unsigned long *flat_word(const struct mm_kernel *k, unsigned long pfn, unsigned int *shift)
{
	const struct page *page = pfn_page(k, pfn);
	const struct zone *z;
	unsigned long bitidx;

	if (!page)
		return NULL;
	z = &k->node.node_zones[page_zonenum(k, page)];
	if (!z->pageblock_flags)
		return NULL;
	bitidx = ((pfn - (z->zone_start_pfn & ~(pageblock_nr_pages(k) - 1))) >> pageblock_order(k)) *
		 NR_PAGEBLOCK_BITS;
	*shift = bitidx % (8 * sizeof(unsigned long));
	return &z->pageblock_flags[bitidx / (8 * sizeof(unsigned long))];
}

enum migratetype get_pfnblock_migratetype(const struct mm_kernel *k, unsigned long pfn)
{
	unsigned int shift = 0;

	if (sparse_model(k)) {
		phys_addr_t pa = sparse_word(k, pfn, &shift);

		return pa ? (enum migratetype)((phys_read32(k->setup->pm, pa) >> shift) & MIGRATETYPE_MASK)
			  : MIGRATE_UNMOVABLE;
	} else {
		const unsigned long *w = flat_word(k, pfn, &shift);

		return w ? (enum migratetype)((*w >> shift) & MIGRATETYPE_MASK) : MIGRATE_UNMOVABLE;
	}
}

void set_pageblock_migratetype(struct mm_kernel *k, unsigned long pfn, enum migratetype mt)
{
	unsigned int shift = 0;

	if (sparse_model(k)) {
		phys_addr_t pa = sparse_word(k, pfn, &shift);
		uint32_t v;

		if (!pa)
			return;
		v = phys_read32(k->setup->pm, pa);
		v = (v & ~(MIGRATETYPE_MASK << shift)) | ((uint32_t)mt << shift);
		phys_write32(k->setup->pm, pa, v);
	} else {
		unsigned long *w = flat_word(k, pfn, &shift);

		if (w)
			*w = (*w & ~((unsigned long)MIGRATETYPE_MASK << shift)) | ((unsigned long)mt << shift);
	}
}
