/*
 * See bootable.h.  The bootloader put the image in RAM below 4 GiB (it is
 * entered with the MMU off) and head.S runs it from lowmem: anything else
 * cannot boot.  RAM or a CMA area below PHYS_OFFSET (a second
 * linux,usable-memory-range is added without early_init_dt_add_memory_arch's
 * PHYS_OFFSET cut; a reserved-memory pool may lie outside RAM) has a __va
 * that wraps into user space or vmalloc, and a CMA pool over the image is
 * remapped non-executable (and its pages later given to the page
 * allocator; a size running past the top wraps the remap's end, so the
 * remap is skipped but the pool still holds the image): the kernel
 * corrupts itself there.  So it does when fdt_init_reserved_mem() releases
 * a node whose setup failed and the node covered the image or
 * swapper_pg_dir: later early allocations overwrite its page tables; or
 * covered part of a CMA pool declared by another node: those pages are
 * freed twice, by memblock_free_all() and by the pool's activation.
 * A CMA pool is only checked to be reserved, not to be RAM: one over a
 * hole or past the end of memory hands addresses without RAM to the page
 * allocator (onto free lists of a zone that does not span them, when the
 * section's memory map exists), or worse when it does not.  Nor is it
 * checked against the other pools: two nodes over one range make two
 * areas, and activating both frees every page of the overlap twice.
 * Nor against no-map regions (a fixed `cma=size@base` is simply
 * reserved): activation then hands out pages the linear map leaves out,
 * and the pages a sub-page no-map edge cuts, which no zone counts.
 * head.S stores kernel_sec_end from a 32-bit register, so an image whose
 * last section ends at 4 GiB records 0 there, and map_lowmem() then maps
 * the kernel text as ordinary non-executable memory.
 * Classic map_lowmem() loses a section of the linear map when two regions
 * share the last page of a 2 MiB pgd pair (a sub-page region edge): see
 * lowmem_section_lost().  The kernel-oracle boot of such a board faults at
 * the lost section's __va on its first page allocation there.
 */
#include "bootable.h"

#include <stdbool.h>
#include <stdint.h>

/* The end of [base, base + size) as memblock sees it: a size past PHYS_ADDR_MAX is capped. */
static phys_addr_t capped_region_end(const struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return size > mb->phys_max - base ? mb->phys_max : base + size;
}

static bool overlap(phys_addr_t s1, phys_addr_t e1, phys_addr_t s2, phys_addr_t e2)
{
	return s1 < e2 && s2 < e1;
}

/* A failed /reserved-memory node is freed again: did that release any of [start, end)? */
static bool rmem_cleanup_freed(const struct mm_setup *s, phys_addr_t start, phys_addr_t end)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_reserved_mem; i++) {
		const struct reserved_mem *r = &b->rs.reserved_mem[i];

		if (r->setup == RMEM_SETUP_FAILED && !b->dt.rmem[r->rmem_index].no_map &&
		    overlap(start, end, r->base, capped_region_end(&b->mb, r->base, r->size)))
			return true;
	}
	return false;
}

/* ... of a CMA pool: memblock_free_all() then frees those pages, and the pool's activation frees them again. */
static bool rmem_cleanup_freed_cma(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		if (rmem_cleanup_freed(s, b->rs.cma[i].base,
				       capped_region_end(&b->mb, b->rs.cma[i].base, b->rs.cma[i].size)))
			return true;
	return false;
}

static bool cma_below_offset_or_over_image(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;

	for (int i = 0; i < s->mmu.nr_dma_remap; i++) {
		const struct mmu_dma_remap *d = &s->mmu.dma_remap[i];

		if (d->base < l->phys_offset ||
		    overlap(d->base, capped_region_end(&s->boot->mb, d->base, d->size),
			    l->ks.kernel_sec_start, l->ks.kernel_sec_end))
			return true;
	}
	return false;
}

/* Is [base, end) covered by memblock.memory, touching regions taken together? */
static bool range_is_ram(const struct memblock *mb, phys_addr_t base, phys_addr_t end)
{
	for (unsigned long i = 0; i < mb->memory.cnt && base < end; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];

		if (r->base > base)
			break;
		if (r->base + r->size > base)
			base = r->base + r->size;
	}
	return base >= end;
}

static bool cma_pools_overlap(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		for (int j = i + 1; j < b->rs.nr_cma; j++)
			if (overlap(b->rs.cma[i].base,
				    capped_region_end(&b->mb, b->rs.cma[i].base, b->rs.cma[i].size),
				    b->rs.cma[j].base,
				    capped_region_end(&b->mb, b->rs.cma[j].base, b->rs.cma[j].size)))
				return true;
	return false;
}

static bool cma_over_nomap(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++) {
		phys_addr_t base = b->rs.cma[i].base;
		phys_addr_t end = capped_region_end(&b->mb, base, b->rs.cma[i].size);

		for (unsigned long m = 0; m < b->mb.memory.cnt; m++) {
			const struct memblock_region *r = &b->mb.memory.regions[m];

			if ((r->flags & MEMBLOCK_NOMAP) &&
			    overlap(base, end, r->base, capped_region_end(&b->mb, r->base, r->size)))
				return true;
		}
	}
	return false;
}

static bool cma_outside_ram(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		if (!range_is_ram(&b->mb, b->rs.cma[i].base,
				  capped_region_end(&b->mb, b->rs.cma[i].base, b->rs.cma[i].size)))
			return true;
	return false;
}

/*
 * Classic only.  map_lowmem() maps each usable region below arm_lowmem_limit
 * but the kernel's sections, whole pages each (see check_lowmem_regions()
 * in oracle/mmu_check.c for the walk).  A piece that fills exactly the
 * second MiB of a 2 MiB pgd pair whose first MiB nothing maps becomes a
 * section in the pair's second entry.  When the next piece starts in the
 * same pair (the two share a page cut by a sub-page region edge), its
 * arm_pte_alloc() finds the pair's first entry empty and __pmd_populate()
 * writes a table into both entries: the section is gone, and that usable
 * lowmem is not mapped.  (LPAE has no pairs: the same boards BUG there.)
 */
static bool lowmem_section_lost(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	const struct memblock_type *mem = &s->boot->mb.memory;
	phys_addr_t ks = l->ks.kernel_sec_start, ke = l->ks.kernel_sec_end;
	uint64_t mapped_end = 0, odd = 0;	/* __va end of the pieces so far; a lone odd section */

	if (l->cfg.lpae)
		return false;
	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		phys_addr_t start = r->base, end = r->base + r->size;

		if (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if (end > l->arm_lowmem_limit)
			end = l->arm_lowmem_limit;
		if (start >= end || (start > ks && end < ke))
			break;
		/* The part below the kernel's sections, then the part above them. */
		phys_addr_t piece[2][2] = { { start, end < ks ? end : ks },
					    { start > ke ? start : ke, end } };

		for (int p = 0; p < 2; p++) {
			uint64_t va, va_end;

			if (piece[p][0] >= piece[p][1])
				continue;
			va = MM_ALIGN_DOWN((uint64_t)layout_pa_to_va(l, piece[p][0]), PAGE_SIZE);
			va_end = MM_ALIGN_UP(va + (piece[p][1] - MM_ALIGN_DOWN(piece[p][0], PAGE_SIZE)),
					     PAGE_SIZE);
			if (odd && va < odd + SZ_1M)
				return true;
			odd = (va & (SZ_2M - 1)) == SZ_1M && va_end == va + SZ_1M &&
			      mapped_end <= va - SZ_1M ? va : 0;
			mapped_end = va_end;
		}
		if (start < ks && end > ke)
			break;
	}
	return false;
}

static bool kernel_sec_end_wraps(const struct arm_layout *l)
{
	return l->ks.kernel_sec_end == 0 || l->ks.kernel_sec_end > UINT32_MAX;
}

const char *setup_unbootable(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	phys_addr_t start = l->phys_offset + l->cfg.image.text_offset;

	if (rmem_cleanup_freed(s, l->phys_offset, l->ks.end))
		return "unbootable: reserved-memory cleanup freed the kernel's own reservations";
	if (rmem_cleanup_freed_cma(s))
		return "unbootable: reserved-memory cleanup freed part of a CMA pool";
	if (cma_outside_ram(s))
		return "unbootable: a CMA pool over addresses that are not RAM";
	if (kernel_sec_end_wraps(l))
		return "unbootable: the image's last section ends at 4 GiB, so head.S's 32-bit kernel_sec_end wraps to 0";
	if (cma_over_nomap(s))
		return "unbootable: a CMA pool over a no-map region, whose pages the linear map leaves out";
	if (cma_pools_overlap(s))
		return "unbootable: two CMA pools overlap, so activation frees their common pages twice";
	if (lowmem_section_lost(s))
		return "unbootable: map_lowmem loses a section of the linear map (the next region's page table replaces its pgd pair)";
	if (cma_below_offset_or_over_image(s) || l->ks.end > SZ_4G || start >= l->ks.end ||
	    memblock_start_of_DRAM(&s->boot->mb) < l->phys_offset ||
	    !memblock_is_region_memory(&s->boot->mb, start, l->ks.end - start) ||
	    l->ks.end > l->arm_lowmem_limit)
		return "unbootable: image outside lowmem RAM, RAM or CMA below PHYS_OFFSET, or CMA over the image";
	return NULL;
}
