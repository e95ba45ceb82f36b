/*
 * See bootable.h.  Each rule below names a machine v6.1 boots into its
 * own corruption: the kernel overwrites itself, runs from unmapped or
 * non-executable text, or hands the same page, or a page with no RAM or
 * firmware's memory behind it, to the page allocator.  What follows is the
 * input's fault, not the model's; everything else is booted and checked.
 */
#include "bootable.h"

#include <stdbool.h>
#include <stdint.h>

/* The end of [base, base + size) as memblock sees it: a size past PHYS_ADDR_MAX is capped. */
static phys_addr_t capped_region_end(const struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return size > mb->phys_max - base ? mb->phys_max : base + size;
}

static phys_addr_t cma_end(const struct mm_boot *b, int i)
{
	return capped_region_end(&b->mb, b->rs.cma[i].base, b->rs.cma[i].size);
}

static bool overlap(phys_addr_t s1, phys_addr_t e1, phys_addr_t s2, phys_addr_t e2)
{
	return s1 < e2 && s2 < e1;
}

/*
 * fdt_init_reserved_mem() memblock_phys_free()s a node whose setup failed
 * (a shared-dma-pool without no-map, say).  Did that release any of
 * [start, end)?
 */
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

/*
 * The kernel's own reservation released: the image and swapper_pg_dir
 * (PHYS_OFFSET up to the image's end) go back to memblock, later early
 * allocations overwrite the page tables, and memblock_free_all() hands the
 * kernel's text and data to the page allocator.
 */
static bool rmem_cleanup_freed_kernel(const struct mm_setup *s)
{
	return rmem_cleanup_freed(s, s->layout.phys_offset, s->layout.ks.end);
}

/*
 * Part of a CMA pool released: memblock_free_all() frees those pages and
 * the pool's activation frees them again.  v6.1's second free either
 * links pages already on a free list into another (the allocator then
 * hands them out twice) or trips "Bad page state", which strips PageBuddy
 * from a page still listed: the free lists are corrupt either way.
 */
static bool rmem_cleanup_freed_cma(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		if (rmem_cleanup_freed(s, b->rs.cma[i].base, cma_end(b, i)))
			return true;
	return false;
}

/* Two pools over common addresses (nothing checks them against each other): the same double free. */
static bool cma_pools_overlap(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		for (int j = i + 1; j < b->rs.nr_cma; j++)
			if (overlap(b->rs.cma[i].base, cma_end(b, i), b->rs.cma[j].base, cma_end(b, j)))
				return true;
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

/*
 * A pool is only checked to be reserved, not to be RAM: activation hands
 * addresses with no RAM behind them to the page allocator (through struct
 * pages outside the memory map when the section or mem_map does not cover
 * them), and the first owner's write goes nowhere or faults.  A pool
 * running past PHYS_ADDR_MAX counts too: memblock caps its reservation, but
 * cma->count comes from the uncapped size, so activation frees the partial
 * last page (memory cannot reach PHYS_ADDR_MAX + 1) with its pageblock,
 * outside every zone's span.
 */
static bool cma_outside_ram(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		if (b->rs.cma[i].size > b->mb.phys_max - b->rs.cma[i].base ||
		    !range_is_ram(&b->mb, b->rs.cma[i].base, cma_end(b, i)))
			return true;
	return false;
}

/*
 * Nor against no-map regions: a fixed `cma=size@base` is simply reserved.
 * no-map memory belongs to someone else (firmware, OP-TEE's secure world,
 * a coprocessor) and must not even be mapped cacheable; activation hands
 * it to the page allocator and dma_contiguous_remap() maps its lowmem part,
 * so the kernel writes over its owner, or takes the external abort a
 * normal-world access to secure memory raises.
 */
static bool cma_over_nomap(const struct mm_setup *s)
{
	const struct mm_boot *b = s->boot;

	for (int i = 0; i < b->rs.nr_cma; i++)
		for (unsigned long m = 0; m < b->mb.memory.cnt; m++) {
			const struct memblock_region *r = &b->mb.memory.regions[m];

			if ((r->flags & MEMBLOCK_NOMAP) &&
			    overlap(b->rs.cma[i].base, cma_end(b, i), r->base,
				    capped_region_end(&b->mb, r->base, r->size)))
				return true;
		}
	return false;
}

/*
 * A pool over the image: dma_contiguous_remap() remaps the kernel's text
 * non-executable (a size running past the top wraps the remap's end, so
 * the remap is skipped, but activation still frees the image's pages).
 */
static bool cma_over_image(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;

	for (int i = 0; i < s->mmu.nr_dma_remap; i++) {
		const struct mmu_dma_remap *d = &s->mmu.dma_remap[i];

		if (overlap(d->base, capped_region_end(&s->boot->mb, d->base, d->size),
			    l->ks.kernel_sec_start, l->ks.kernel_sec_end))
			return true;
	}
	return false;
}

/*
 * RAM below PHYS_OFFSET (a second linux,usable-memory-range is added
 * without early_init_dt_add_memory_arch's PHYS_OFFSET cut), or a CMA pool
 * there: its pfns precede ARCH_PFN_OFFSET, so FLATMEM's pfn_to_page()
 * points before mem_map, and its __va wraps below PAGE_OFFSET, so the
 * linear map and the pool's remap land on user space or on other memory.
 */
static bool below_phys_offset(const struct mm_setup *s)
{
	phys_addr_t offset = s->layout.phys_offset;

	if (memblock_start_of_DRAM(&s->boot->mb) < offset)
		return true;
	for (int i = 0; i < s->mmu.nr_dma_remap; i++)
		if (s->mmu.dma_remap[i].base < offset)
			return true;
	return false;
}

/*
 * The bootloader enters the image with the MMU off, so in RAM below
 * 4 GiB, and paging_init() maps only lowmem RAM: text outside it is
 * unmapped once head.S's tables are gone.  RAM is taken over touching
 * regions: a hotpluggable node's mark splits memory at its own, possibly
 * sub-page, base, which changes nothing for the image.
 */
static bool image_outside_lowmem_ram(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	phys_addr_t start = l->phys_offset + l->cfg.image.text_offset;

	return l->ks.end > SZ_4G || start >= l->ks.end || !range_is_ram(&s->boot->mb, start, l->ks.end) ||
	       l->ks.end > l->arm_lowmem_limit;
}

/*
 * head.S stores kernel_sec_end from a 32-bit register, so an image whose
 * last section ends at 4 GiB records 0 there, and map_lowmem() then maps
 * the kernel text as ordinary non-executable memory.
 */
static bool kernel_sec_end_wraps(const struct arm_layout *l)
{
	return l->ks.kernel_sec_end == 0 || l->ks.kernel_sec_end > UINT32_MAX;
}

/*
 * reserve_initrd_mem() takes the initrd's __va() without asking whether it
 * is in lowmem; unpack_to_rootfs() then reads it through the linear map and
 * free_initrd_mem() frees it by virtual address.  An initrd (whole pages)
 * past high_memory is read from unmapped addresses, and one whose __va()
 * end wraps past 4 GiB has initrd_end below initrd_start.
 */
static bool initrd_outside_lowmem(const struct arm_layout *l)
{
	uint64_t end = ((uint64_t)l->initrd_start + (l->initrd_end - l->initrd_start) + PAGE_SIZE - 1) &
		       ~(uint64_t)(PAGE_SIZE - 1);

	if (!l->initrd_start)
		return false;
	return l->initrd_start < l->page_offset || l->initrd_end < l->initrd_start || end > l->high_memory;
}

/*
 * free_initrd_mem() hands the initrd's pages to the page allocator at
 * /init.  reserve_initrd_mem() refuses only an initrd over what was
 * reserved before it: swapper_pg_dir, reserved right after, or a CMA pool
 * inside it is freed while in use (the kernel's page directory; pages the
 * CMA activation freed already).
 */
static bool initrd_over_pgdir_or_cma(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	phys_addr_t pgdir_end = l->phys_offset + l->cfg.image.text_offset;
	phys_addr_t pgdir = pgdir_end - (l->cfg.lpae ? 5 : 4) * PAGE_SIZE;
	uint32_t va = l->initrd_start & (uint32_t)PAGE_MASK;
	phys_addr_t start, end;

	if (!l->initrd_start)
		return false;
	start = layout_va_to_pa(l, va);
	end = start + (((l->initrd_end + (uint32_t)PAGE_SIZE - 1) & (uint32_t)PAGE_MASK) - va);
	if (overlap(start, end, pgdir, pgdir_end))
		return true;
	for (int i = 0; i < s->boot->rs.nr_cma; i++)
		if (overlap(start, end, s->boot->rs.cma[i].base, cma_end(s->boot, i)))
			return true;
	return false;
}

/*
 * map_lowmem()'s create_mapping() requests in order, physical [start,
 * end): each region of memblock.memory (NOMAP and driver-managed ones
 * passed over, capped at arm_lowmem_limit) with the kernel's sections
 * [kernel_sec_start, kernel_sec_end) cut out by v6.1's cases 1-6.  A
 * region from kernel_sec_start that ends inside the sections (case 1), or
 * exactly at their end (cases 1 and 3 together), gives end < start: a
 * wrapped request.  A region inside them (case 5) ends the walk.
 */
struct lowmem_requests {
	const struct mm_setup *s;
	unsigned long next;		/* the next region */
	phys_addr_t above[2];		/* case 6's request above the kernel, still to give */
	bool done, stopped_inside;	/* stopped_inside: case 5 ended the walk */
};

static bool next_lowmem_request(struct lowmem_requests *it, phys_addr_t *start, phys_addr_t *end)
{
	const struct arm_layout *l = &it->s->layout;
	const struct memblock_type *mem = &it->s->boot->mb.memory;
	phys_addr_t ks = l->ks.kernel_sec_start, ke = l->ks.kernel_sec_end;

	if (it->above[1]) {
		*start = it->above[0];
		*end = it->above[1];
		it->above[1] = 0;
		return true;
	}
	while (!it->done && it->next < mem->cnt) {
		const struct memblock_region *r = &mem->regions[it->next++];
		phys_addr_t s = r->base, e = r->base + r->size;

		if (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if (e > l->arm_lowmem_limit)
			e = l->arm_lowmem_limit;
		if (s >= e || (s > ks && e < ke)) {
			it->stopped_inside = s < e;
			break;
		}
		if (ks >= s && ks <= e) {
			if (s < ks && e > ke) {		/* case 6: both sides, then stop */
				it->above[0] = ke;
				it->above[1] = e;
				it->done = true;
				e = ks;
			} else {
				if (ks == s)
					s = ke;
				if (ke == e)
					e = ks;
			}
		} else if (ks < s && ke > s && ke < e) {
			s = ke;
		} else if (ks > s && ks < e && ke > e) {
			e = ks;
		}
		*start = s;
		*end = e;
		return true;
	}
	it->done = true;
	return false;
}

/* __create_mapping()'s VA range for a request: whole pages, the length taken modulo 4 GiB. */
static void request_va(const struct arm_layout *l, phys_addr_t start, phys_addr_t end, uint32_t *va,
		       uint32_t *va_end)
{
	uint32_t v = layout_pa_to_va(l, start);

	*va = v & ~(uint32_t)(PAGE_SIZE - 1);
	*va_end = *va + (((uint32_t)(end - start) + (v & (uint32_t)(PAGE_SIZE - 1)) +
			  (uint32_t)(PAGE_SIZE - 1)) & ~(uint32_t)(PAGE_SIZE - 1));
}

static uint32_t section_bytes(const struct arm_layout *l)
{
	return l->cfg.lpae ? SZ_2M : SZ_1M;
}

/*
 * Case 5: a region inside the kernel's sections stops map_lowmem(), and
 * every lowmem region after it stays unmapped; the first allocation made
 * there once paging_init lifts memblock's limit faults (kernel oracle: a
 * no-map MiB at 0x40000000, RAM to 0x41000000 inside the image, then a
 * hotpluggable node to 0x48000000 hangs in paging_init).
 */
static bool lowmem_walk_stops_inside_image(const struct mm_setup *s)
{
	struct lowmem_requests it = { .s = s };
	phys_addr_t start, end;

	while (next_lowmem_request(&it, &start, &end))
		continue;
	return it.stopped_inside;
}

/*
 * The wrapped request (next_lowmem_request), if the walk gives one: only
 * the first can be, since the regions before one at kernel_sec_start lie
 * below PHYS_OFFSET.  v6.1's __create_mapping() walks it from
 * __va(kernel_sec_end) up through 4 GiB and round to the wrapped end in
 * one alloc_init_pmd() call.
 */
static bool wrapped_request(const struct mm_setup *s, uint32_t *va, uint32_t *va_end)
{
	struct lowmem_requests it = { .s = s };
	phys_addr_t start, end;

	if (!next_lowmem_request(&it, &start, &end) || end > start)
		return false;
	request_va(&s->layout, start, end, va, va_end);
	return true;
}

/*
 * A wrapped request whose end is not a section boundary goes down the
 * page path: alloc_init_pte() writes about a million entries from one
 * table on through the memory after it (kernel oracle, classic: RAM split
 * at 0x41680000 or 0x416ff000 under kernel_sec_end 0x41700000 hangs in
 * paging_init; LPAE, kernel_sec_end 0x41a00000: a split at 0x41700000).
 */
static bool wrapped_request_writes_ptes(const struct mm_setup *s)
{
	uint32_t va, va_end;

	return wrapped_request(s, &va, &va_end) && va_end % section_bytes(&s->layout);
}

/*
 * The first VA prepare_page_table() clears up to VMALLOC_START: the pmd
 * holding __va of memblock.memory.regions[0]'s end (NOMAP or not; capped
 * at the lowmem limit).  What head.S mapped below it stays mapped.
 */
static uint32_t first_cleared_va(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	const struct memblock_type *mem = &s->boot->mb.memory;
	phys_addr_t end = mem->cnt ? mem->regions[0].base + mem->regions[0].size : 0;

	if (end >= l->arm_lowmem_limit)
		end = l->arm_lowmem_limit;
	return layout_pa_to_va(l, end) & ~(uint32_t)(SZ_2M - 1);
}

/*
 * A wrapped request on the section path writes a section into every
 * top-level entry from __va(kernel_sec_end) to 4 GiB, then one more per
 * section of [0, va_end) past the end of the tables: va_end >> 18 bytes
 * (4 per MiB classic, 8 per 2 MiB LPAE) from KERNEL_RAM_VADDR on, over the
 * head text (dead after boot; at most 16 KiB, inside the padding to
 * _stext).  The kernel survives that while those pages are still mapped
 * (head.S's sections below the first pmd prepare_page_table cleared); on a
 * cleared one it faults before it has vectors (kernel oracle, Debian's
 * TEXT_OFFSET 0x208000: RAM split at 0x40300000 under the image hangs,
 * at 0x40400000 or any section boundary above up to kernel_sec_end
 * boots, classic and LPAE alike).
 */
static bool wrapped_request_overwrites_unmapped(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	uint32_t va, va_end, head = l->page_offset + (uint32_t)l->cfg.image.text_offset;

	return wrapped_request(s, &va, &va_end) && (uint64_t)head + (va_end >> 18) > first_cleared_va(s);
}

/*
 * After a wrapped request, a later map_lowmem() request needs a page table
 * (its first or last 2 MiB piece is not whole sections) in a 2 MiB window
 * from __va(kernel_sec_end) up, where arm_pte_alloc() checks an entry (a
 * classic pgd pair's first, an LPAE pmd) that the wrapped request made a
 * section: it BUGs on pmd_bad (kernel oracle: 127.5 MiB at 0x40000000
 * split at kernel_sec_end 0x41700000 hangs in paging_init, the last half
 * MiB needing a table; with 128 MiB it boots).  The model skips the
 * wrapped request, so it finds the entry empty.  (head.S's sections of the
 * image need no such rule: adjust_lowmem_bounds makes the first usable
 * region start on a pmd, so no later request starts off a section below
 * the first pmd prepare_page_table clears.)
 */
static bool page_table_over_wrapped_sections(const struct mm_setup *s)
{
	const uint32_t section = section_bytes(&s->layout), window = SZ_2M;
	const uint32_t image_end = layout_pa_to_va(&s->layout, s->layout.ks.kernel_sec_end);
	struct lowmem_requests it = { .s = s };
	phys_addr_t start, end;
	uint32_t va, va_end;

	if (!wrapped_request(s, &va, &va_end))
		return false;
	while (next_lowmem_request(&it, &start, &end)) {
		if (end <= start)
			continue;
		request_va(&s->layout, start, end, &va, &va_end);
		if ((va % section && (va & ~(window - 1)) >= image_end) ||
		    (va_end % section && (va_end & ~(window - 1)) >= image_end))
			return true;
	}
	return false;
}

/*
 * Classic map_lowmem() loses a section of the linear map.  It maps each
 * request in whole pages (check_lowmem_regions() in oracle/mmu_check.c
 * walks the same pieces).  A request that fills exactly the second MiB of
 * a 2 MiB pgd pair whose first MiB nothing maps becomes a section in the
 * pair's second entry.  When the next request starts in the same pair (the
 * two share a page cut by a sub-page region edge: a hotpluggable node or a
 * no-map region starting there), its arm_pte_alloc() finds the first
 * entry empty and __pmd_populate() writes a table into both entries: the
 * section is gone, and the page allocator later hands out pages with no
 * __va mapping.  The kernel-oracle boot of such a board faults at the lost
 * section's __va on its first page allocation there.  (LPAE has no pairs:
 * the same boards BUG in arm_pte_alloc, over the block entry.)  A wrapped
 * request maps nothing the model keeps; where its sections would fill a
 * pair's first entry, page_table_over_wrapped_sections() has refused
 * already.
 */
static bool lowmem_section_lost(const struct mm_setup *s)
{
	const struct arm_layout *l = &s->layout;
	struct lowmem_requests it = { .s = s };
	phys_addr_t start, end;
	uint64_t mapped_end = 0, odd = 0;	/* VA end of the requests so far; a lone odd section */

	if (l->cfg.lpae)
		return false;
	while (next_lowmem_request(&it, &start, &end)) {
		uint32_t va, va_end;

		if (end <= start)
			continue;
		request_va(l, start, end, &va, &va_end);
		if (odd && va < odd + SZ_1M)
			return true;
		odd = (va & (SZ_2M - 1)) == SZ_1M && va_end == (uint64_t)va + SZ_1M && mapped_end <= va - SZ_1M ?
			      va : 0;
		mapped_end = va_end;
	}
	return false;
}

const char *setup_unbootable(const struct mm_setup *s)
{
	if (rmem_cleanup_freed_kernel(s))
		return "unbootable: reserved-memory cleanup freed the kernel's own reservations";
	if (rmem_cleanup_freed_cma(s))
		return "unbootable: reserved-memory cleanup freed part of a CMA pool";
	if (cma_outside_ram(s))
		return "unbootable: a CMA pool over addresses that are not RAM";
	if (kernel_sec_end_wraps(&s->layout))
		return "unbootable: the image's last section ends at 4 GiB, so head.S's 32-bit kernel_sec_end wraps to 0";
	if (cma_over_nomap(s))
		return "unbootable: a CMA pool over a no-map region, which is not the kernel's memory";
	if (cma_pools_overlap(s))
		return "unbootable: two CMA pools overlap, so activation frees their common pages twice";
	if (below_phys_offset(s))
		return "unbootable: RAM or a CMA pool below PHYS_OFFSET, whose __va wraps";
	if (cma_over_image(s))
		return "unbootable: a CMA pool over the kernel image";
	if (image_outside_lowmem_ram(s))
		return "unbootable: the image is not in lowmem RAM below 4 GiB";
	/* map_lowmem's failures in the order it meets them: the wrapped request comes first. */
	if (wrapped_request_writes_ptes(s))
		return "unbootable: map_lowmem's request for the first region wraps past 4 GiB and writes page-table entries over memory";
	if (wrapped_request_overwrites_unmapped(s))
		return "unbootable: map_lowmem's wrapped request writes past swapper_pg_dir into pages prepare_page_table() unmapped";
	if (lowmem_walk_stops_inside_image(s))
		return "unbootable: map_lowmem stops at a region inside the image and leaves the lowmem above it unmapped";
	/* Before lowmem_section_lost: where both apply, v6.1 BUGs before it loses the section. */
	if (page_table_over_wrapped_sections(s))
		return "unbootable: map_lowmem needs a page table where its wrapped request left a section (arm_pte_alloc BUGs)";
	if (lowmem_section_lost(s))
		return "unbootable: map_lowmem loses a section of the linear map (the next region's page table replaces its pgd pair)";
	return NULL;
}

const char *setup_unbootable_to_init(const struct mm_setup *s)
{
	const char *why = setup_unbootable(s);

	if (why)
		return why;
	if (initrd_outside_lowmem(&s->layout))
		return "unbootable: the initrd is not in lowmem, where unpack_to_rootfs reads it and free_initrd_mem frees it by virtual address";
	if (initrd_over_pgdir_or_cma(s))
		return "unbootable: the initrd covers swapper_pg_dir or a CMA pool, which free_initrd_mem frees at /init";
	return NULL;
}
