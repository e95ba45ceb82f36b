/*
 * SPARSEMEM boot: sections, roots and the per-section memmap (Linux v6.1
 * mm/sparse.c memblocks_present, memory_present, sparse_index_init,
 * sparse_index_alloc, __section_mark_present, sparse_init,
 * sparse_init_nid, sparse_early_usemaps_alloc_pgdat_section,
 * sparse_buffer_init, sparse_buffer_alloc, sparse_buffer_fini,
 * __populate_section_memmap, sparse_init_one_section,
 * sparse_encode_mem_map; mm/mm_init.c mminit_validate_memmodel_limits;
 * mm/page_alloc.c memmap_alloc; mm/memblock.c memblock_alloc_internal and
 * memblock_find_in_range_node for the non-power-of-two alignment).
 *
 * ARM is SPARSEMEM_STATIC (one section per root); EXTREME is the generic
 * variant with a root pointer array and 4 KiB roots from memblock.
 * Departures: memory above MAX_PHYSMEM_BITS (the kernel leaves it without
 * a section and faults in memmap_init) and a failed usemap or memmap
 * allocation (the kernel marks the sections absent and faults later) are
 * reported as -MM_EPANIC.  The usemap bytes are zeroed in simulated RAM;
 * the VMEMMAP subsection map is not written.
 */
#include "boot_mem.h"
#include "bugs.h"
#include "mm_errno.h"
#include "pgtable.h"
#include "printk.h"

#define NR_SECTION_ROOTS (NR_MEM_SECTIONS / SECTIONS_PER_ROOT_EXTREME)
#define SUBSECTION_MAP_BYTES 16u
#define PMD_SIZE_BYTES SZ_2M

/*
 * __pa(MAX_DMA_ADDRESS) on ARM: the DMA zone's end, or __pa(0xffffffff)
 * without one, a phys_addr_t (LPAE's carries past 4 GiB; callers that
 * pass it on as an unsigned long truncate it).
 */
phys_addr_t sparse_max_dma_pa_min(const struct arm_layout *l)
{
	uint64_t dma = l->cfg.dma_zone_size;
	uint32_t va = 0xffffffffu;

	if (dma && dma < (0x100000000ULL - l->page_offset))
		va = l->page_offset + (uint32_t)dma;
	return layout_va_to_pa(l, va);
}

/* memblock_find_in_range_node() with round_down/round_up as the kernel's mask macros compute them. */
static phys_addr_t find_masked(const struct memblock *mb, phys_addr_t size, phys_addr_t align,
			       phys_addr_t start, phys_addr_t end, enum memblock_flags flags)
{
	phys_addr_t mask = align - 1, s, e, cand;
	uint64_t idx;

	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = mb->current_limit;
	start = start > PAGE_SIZE ? start : PAGE_SIZE;
	end = end > start ? end : start;
	if (mb->bottom_up) {
		idx = 0;
		while (memblock_next_free_range(mb, &idx, flags, &s, &e)) {
			s = s < start ? start : s > end ? end : s;
			e = e < start ? start : e > end ? end : e;
			cand = (((s - 1) | mask) + 1) & mb->phys_max;
			if (cand < e && e - cand >= size)
				return cand;
		}
		return 0;
	}
	idx = ~0ULL;
	while (memblock_prev_free_range(mb, &idx, flags, &s, &e)) {
		s = s < start ? start : s > end ? end : s;
		e = e < start ? start : e > end ? end : e;
		if (e < size)
			continue;
		cand = (e - size) & ~mask;
		if (cand >= s)
			return cand;
	}
	return 0;
}

static phys_addr_t alloc_range_masked(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	enum memblock_flags flags = mb->system_has_some_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;

	for (;;) {
		phys_addr_t found = find_masked(mb, size, align, start, end, flags);

		if (found && memblock_reserve(mb, found, size) == 0)
			return found;
		if (!(flags & MEMBLOCK_MIRROR))
			return 0;
		flags &= ~MEMBLOCK_MIRROR;
	}
}

/*
 * memmap_alloc(): memblock_alloc_{try,exact}_nid_raw(size, align, min_addr,
 * ACCESSIBLE, 0).  The memblock
 * layer refuses a non-power-of-two alignment, which the kernel passes here
 * (section_map_size() is 0x240000 without VMEMMAP): that case searches
 * through the public free-range iterators and reserves the result.
 */
phys_addr_t sparse_memmap_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align,
				phys_addr_t min_addr, bool exact_nid)
{
	phys_addr_t found;

	memblock_set_caller(mb, CS_MEMMAP_ALLOC);
	if (mm_is_power_of_2(align) && exact_nid)
		return memblock_alloc_exact_nid_raw(mb, size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE, 0);
	if (mm_is_power_of_2(align))
		return memblock_alloc_try_nid_raw(mb, size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE, 0);
	found = alloc_range_masked(mb, size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE);
	if (!found && min_addr)
		found = alloc_range_masked(mb, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE);
	return found;
}

static int sparse_panic(struct mm_log *log, const char *what)
{
	mm_printk(log, "Kernel panic - not syncing: %s\n", what);
	return -MM_EPANIC;
}

/* memory_present() for one pfn range: roots (EXTREME), PRESENT | ONLINE. */
static int memory_present(struct memmap *mm, struct memblock *mb, unsigned long start,
			  unsigned long end, bool *root_array)
{
	const struct arm_layout *l = mm->layout;

	memblock_set_caller(mb, CS_SPARSE_INIT);
	if (mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME && !*root_array) {
		/* mem_section: NR_SECTION_ROOTS pointers, INTERNODE_CACHE_SHIFT alignment. */
		if (!memblock_alloc(mb, NR_SECTION_ROOTS * 4, SMP_CACHE_BYTES))
			return sparse_panic(mb->log, "memory_present: Failed to allocate 4 bytes align=0x40");
		*root_array = true;
	}
	if (end > NR_MEM_SECTIONS * PAGES_PER_SECTION)
		return sparse_panic(mb->log, "model: memory above MAX_PHYSMEM_BITS has no section (memmap_init would fault)");
	start &= ~(PAGES_PER_SECTION - 1);
	for (unsigned long pfn = start; pfn < end; pfn += PAGES_PER_SECTION) {
		unsigned long nr = pfn >> PFN_SECTION_SHIFT;
		unsigned long root = nr / SECTIONS_PER_ROOT_EXTREME;
		struct mem_section *ms;

		if (mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME && !mm->roots[root]) {
			phys_addr_t pa = memblock_alloc_try_nid(mb, SECTIONS_PER_ROOT_EXTREME * 16, SMP_CACHE_BYTES,
								0, MEMBLOCK_ALLOC_ACCESSIBLE, 0);

			if (!pa)
				return sparse_panic(mb->log, "sparse_index_alloc: Failed to allocate 4096 bytes nid=0");
			mm->roots[root] = memmap_host_table(mm, (int)root);
			mm->roots_virt[root] = layout_pa_to_va(l, pa);
		}
		ms = sparse_section(mm, nr);
		if (!ms->section_mem_map)
			ms->section_mem_map = SECTION_IS_ONLINE;	/* sparse_encode_early_nid(0) is 0 */
		ms->section_mem_map |= SECTION_MARKED_PRESENT;
	}
	return 0;
}

struct sparse_buffer {
	uint64_t buf, end;	/* virtual, 0 when absent */
};

/* sparse_buffer_alloc(): arithmetic roundup (the size need not be a power of two); frees the skipped head. */
static uint32_t sparse_buffer_alloc(struct sparse_buffer *b, struct memblock *mb,
				    const struct arm_layout *l, uint64_t size)
{
	uint64_t ptr;

	if (!b->buf)
		return 0;
	ptr = mm_bug_on(MM_BUG_SPARSE_BUFFER_NO_ROUNDUP) ? b->buf : (b->buf + size - 1) / size * size;
	if (ptr + size > b->end)
		return 0;
	if (ptr > b->buf)
		memblock_phys_free(mb, layout_va_to_pa(l, (uint32_t)b->buf), ptr - b->buf);
	b->buf = ptr + size;
	return (uint32_t)ptr;
}

static uint64_t section_map_size(const struct memmap *mm)
{
	uint64_t bytes = (uint64_t)mm->profile->struct_page_size * PAGES_PER_SECTION;

	if (mm->model == MEMORY_MODEL_SPARSEMEM_VMEMMAP)
		return MM_ALIGN_UP(bytes, PMD_SIZE_BYTES);
	return MM_ALIGN_UP(bytes, PAGE_SIZE);
}

/* mem_section_usage_size(): the VMEMMAP subsection map plus the section's pageblock bits, in longs. */
static uint32_t usage_size(const struct memmap *mm)
{
	uint32_t bits = (uint32_t)(PAGES_PER_SECTION >> mm->profile->pageblock_order) * NR_PAGEBLOCK_BITS;
	uint32_t bytes = (bits + 31) / 32 * 4;

	return bytes + (mm->model == MEMORY_MODEL_SPARSEMEM_VMEMMAP ? SUBSECTION_MAP_BYTES : 0);
}

/* __populate_section_memmap() without VMEMMAP: from the buffer, else its own allocation. */
static int populate_flat_section(struct memmap *mm, struct memblock *mb, struct sparse_buffer *b,
				 uint32_t *map)
{
	const struct arm_layout *l = mm->layout;
	uint64_t size = section_map_size(mm);
	phys_addr_t pa;

	*map = sparse_buffer_alloc(b, mb, l, size);
	if (*map)
		return 0;
	pa = sparse_memmap_alloc(mb, size, size, sparse_max_dma_pa_min(l), false);
	if (!pa)
		return sparse_panic(mb->log, "__populate_section_memmap: Failed to allocate memmap");
	*map = layout_pa_to_va(l, pa);
	return 0;
}

static bool next_mem_pfn_range(const struct memblock *mb, unsigned long *i, unsigned long *s,
			       unsigned long *e)
{
	while (*i < mb->memory.cnt) {
		const struct memblock_region *r = &mb->memory.regions[(*i)++];

		*s = (unsigned long)PFN_UP(r->base);
		*e = (unsigned long)PFN_DOWN(r->base + r->size);
		if (*s < *e)
			return true;
	}
	return false;
}

int sparse_init(struct memmap *mm, struct memblock *mb, struct mm_mmu *mmu)
{
	const struct arm_layout *l = mm->layout;
	struct sparse_buffer b = { 0 };
	unsigned long i = 0, s, e, map_count = 0, first = NR_MEM_SECTIONS, last = 0;
	bool root_array = false;
	phys_addr_t usage_pa, buf_pa;
	uint32_t usage_virt;
	uint64_t bufsize;
	int ret;

	if (mm->model != MEMORY_MODEL_SPARSEMEM_EXTREME)
		mm->mem_section_static = memmap_host_table(mm, -1);
	while (next_mem_pfn_range(mb, &i, &s, &e)) {
		ret = memory_present(mm, mb, s, e, &root_array);
		if (ret < 0)
			return ret;
	}
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		const struct mem_section *ms = sparse_section(mm, nr);

		if (ms && (ms->section_mem_map & SECTION_MARKED_PRESENT)) {
			map_count++;
			first = nr < first ? nr : first;
			last = nr;
		}
	}
	if (!map_count)
		return 0;
	if (mm->model == MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
		ret = vmemmap_choose_window(mm, mmu, first, last);
		if (ret < 0)
			return ret;
	}

	memblock_set_caller(mb, CS_SPARSE_INIT);
	usage_pa = memblock_alloc_try_nid(mb, (phys_addr_t)usage_size(mm) * map_count, SMP_CACHE_BYTES, 0,
					  MEMBLOCK_ALLOC_ACCESSIBLE, 0);
	if (!usage_pa) {
		mm_printk(mb->log, "sparse_init_nid: node[0] usemap allocation failed");
		return sparse_panic(mb->log, "model: sections without a memmap (memmap_init would fault)");
	}
	phys_zero(mmu->pm, usage_pa, (phys_addr_t)usage_size(mm) * map_count);
	usage_virt = layout_pa_to_va(l, usage_pa);

	bufsize = section_map_size(mm) * map_count;
	/* sparse_buffer_init(): aligned to section_map_size(), no panic when it fails. */
	buf_pa = sparse_memmap_alloc(mb, bufsize, section_map_size(mm), sparse_max_dma_pa_min(l), true);
	if (buf_pa) {
		b.buf = layout_pa_to_va(l, buf_pa);
		b.end = b.buf + bufsize;
	}

	for (unsigned long nr = first; nr <= last; nr++) {
		struct mem_section *ms = sparse_section(mm, nr);
		uint32_t map, coded;

		if (!ms || !(ms->section_mem_map & SECTION_MARKED_PRESENT))
			continue;
		if (mm->model == MEMORY_MODEL_SPARSEMEM_VMEMMAP) {
			uint32_t buf = (uint32_t)b.buf;

			ret = vmemmap_populate_section(mm, mb, mmu, nr, b.buf ? &buf : NULL, (uint32_t)b.end);
			if (b.buf)
				b.buf = buf;
			map = mm->vmemmap_base + (uint32_t)(nr << PFN_SECTION_SHIFT) * mm->profile->struct_page_size;
		} else {
			ret = populate_flat_section(mm, mb, &b, &map);
		}
		if (ret < 0)
			return ret;
		coded = map - (uint32_t)(nr << PFN_SECTION_SHIFT) * mm->profile->struct_page_size;
		if (coded & ~SECTION_MAP_MASK)
			return sparse_panic(mb->log, "kernel BUG at mm/sparse.c (sparse_encode_mem_map)");
		ms->section_mem_map = (ms->section_mem_map & ~SECTION_MAP_MASK) | coded |
				      SECTION_HAS_MEM_MAP | SECTION_IS_EARLY;
		ms->usage_virt = usage_virt;
		if (!mm_bug_on(MM_BUG_SECTION_USAGE_SHARED))
			usage_virt += usage_size(mm);
	}
	if (b.buf && b.end > b.buf)
		memblock_phys_free(mb, layout_va_to_pa(l, (uint32_t)b.buf), b.end - b.buf);
	return 0;
}
