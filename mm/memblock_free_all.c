/*
 * The boot hand-over from memblock to the buddy allocator (Linux v6.1
 * mm/memblock.c memblock_free_all, free_unused_memmap, free_memmap,
 * free_low_memory_core_early, memmap_init_reserved_pages,
 * __free_memory_core, __free_pages_memory, memblock_free_pages;
 * mm/page_alloc.c reserve_bootmem_region).
 *
 * Kept apart from memblock.c, which models the region arrays alone and
 * knows nothing of struct page.  Lazy mode marks the reserved and freed
 * ranges instead of touching every struct page (sim/memmap_lazy.c).
 * Departures: free_unused_memmap() runs for FLATMEM only; v6.1 on ARM
 * (HAVE_ARCH_PFN_VALID) runs it for SPARSEMEM too.  kernel_config.extra_reserved,
 * the differential's padding, is reserved after free_unused_memmap().  A free
 * range starting inside the last page below PHYS_ADDR_MAX panics the model,
 * where the kernel's PFN_UP wraps to pfn 0 and frees pfns it has no memory
 * map for (see free_range_start_wraps).
 */
#include "boot_mem.h"

#include "bugs.h"
#include "mm_errno.h"
#include "page_alloc.h"

#define PG_RESERVED_BIT (1u << PG_reserved)

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

static unsigned long max_ul(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

static struct memblock *mb_of(struct mm_kernel *k)
{
	return &k->setup->boot->mb;
}

static bool has_highmem(const struct mm_kernel *k)
{
	return k->setup->layout.cfg.highmem;
}

/* free_memmap(): the struct pages of [start_pfn, end_pfn), shrunk to whole pages, back to memblock. */
static void free_memmap(struct mm_kernel *k, unsigned long start_pfn, unsigned long end_pfn)
{
	const struct arm_layout *l = &k->setup->layout;
	phys_addr_t pg = MM_ALIGN_UP(layout_va_to_pa(l, pfn_to_page_virt(&k->memmap, start_pfn)), PAGE_SIZE);
	phys_addr_t pgend = layout_va_to_pa(l, pfn_to_page_virt(&k->memmap, end_pfn)) & PAGE_MASK;

	if (pg < pgend) {
		memblock_set_caller(mb_of(k), CS_FREE_UNUSED_MEMMAP);
		memblock_phys_free(mb_of(k), pg, pgend - pg);
	}
}

/* free_unused_memmap(): FLATMEM with ARM's pfn_valid; the gaps between banks, pageblock-rounded. */
static void free_unused_memmap(struct mm_kernel *k)
{
	const struct pfn_ranges *mem = &k->bm->mem;
	unsigned long pb = 1UL << k->profile->pageblock_order, prev_end = 0;

	if (k->memmap.model != MEMORY_MODEL_FLATMEM)
		return;
	for (size_t i = 0; i < mem->nr; i++) {
		unsigned long start = mem->r[i].start & ~(pb - 1);

		if (prev_end && prev_end < start && !mm_bug_on(MM_BUG_FREE_UNUSED_MEMMAP_SKIPPED))
			free_memmap(k, prev_end, start);
		prev_end = (mem->r[i].end + pb - 1) & ~(pb - 1);
	}
}

/*
 * reserve_bootmem_region() over the pfns of [start, end) in bytes.  PFN_UP
 * is computed in phys_addr_t, as the kernel's is: a range ending within a
 * page of PHYS_ADDR_MAX wraps to end pfn 0 and reserves nothing.
 */
static void reserve_bootmem_region(struct mm_kernel *k, phys_addr_t start, phys_addr_t end)
{
	struct boot_mem *bm = k->bm;
	unsigned long s = (unsigned long)PFN_DOWN(start);
	unsigned long e = (unsigned long)(((end + PAGE_SIZE - 1) & mb_of(k)->phys_max) >> PAGE_SHIFT);

	if (mm_bug_on(MM_BUG_RESERVE_END_NO_WRAP))
		e = (unsigned long)PFN_UP(end);

	if (!bm->eager) {
		pfn_ranges_add(&bm->scratch, s, e, 0, false);
		return;
	}
	for (unsigned long pfn = s; pfn < e; pfn++) {
		struct page *page;

		if (!memmap_pfn_valid(&k->memmap, mb_of(k), pfn))
			continue;
		page = pfn_to_page(&k->memmap, pfn);
		if (!page)
			continue;	/* the kernel would write outside its memmap */
		INIT_LIST_HEAD(&page->lru);
		page->flags |= PG_RESERVED_BIT;
	}
}

/* bm->reserved = scratch ∩ valid. */
static void intersect_valid(struct boot_mem *bm)
{
	size_t j = 0;

	pfn_ranges_normalise(&bm->scratch);
	bm->reserved.nr = 0;
	for (size_t i = 0; i < bm->scratch.nr; i++) {
		const struct pfn_range *r = &bm->scratch.r[i];

		while (j < bm->valid.nr && bm->valid.r[j].end <= r->start)
			j++;
		for (size_t v = j; v < bm->valid.nr && bm->valid.r[v].start < r->end; v++)
			pfn_ranges_add(&bm->reserved, max_ul(r->start, bm->valid.r[v].start),
				       min_ul(r->end, bm->valid.r[v].end), 0, false);
	}
	bm->scratch.nr = 0;
}

static void memmap_init_reserved_pages(struct mm_kernel *k)
{
	const struct memblock *mb = mb_of(k);

	k->bm->scratch.nr = 0;
	for (unsigned long i = 0; i < mb->reserved.cnt; i++)
		reserve_bootmem_region(k, mb->reserved.regions[i].base,
				       mb->reserved.regions[i].base + mb->reserved.regions[i].size);
	for (unsigned long i = 0; i < mb->memory.cnt; i++)
		if (mb->memory.regions[i].flags & MEMBLOCK_NOMAP)
			reserve_bootmem_region(k, mb->memory.regions[i].base,
					       mb->memory.regions[i].base + mb->memory.regions[i].size);
	if (!k->bm->eager)
		intersect_valid(k->bm);
	boot_mem_enter_phase(k, BOOT_MEM_RESERVED);
}

/* for_each_free_mem_range(MEMBLOCK_NONE) in pfns: the lowmem part, or the highmem part. */
bool next_free_pfns(struct mm_kernel *k, uint64_t *idx, bool high, unsigned long *s, unsigned long *e)
{
	unsigned long max_low = k->setup->layout.max_low_pfn;
	phys_addr_t start, end;

	while (memblock_next_free_range(mb_of(k), idx, MEMBLOCK_NONE, &start, &end)) {
		*s = (unsigned long)PFN_UP(start);
		*e = (unsigned long)PFN_DOWN(end);
		if (!high)
			*e = min_ul(*e, max_low);
		else if (*e <= max_low)
			continue;
		else
			*s = max_ul(*s, max_low);
		if (*s < *e)
			return true;
	}
	return false;
}

static void record_freed(struct mm_kernel *k)
{
	uint64_t idx = 0;
	unsigned long s, e;

	k->bm->freed.nr = 0;
	while (next_free_pfns(k, &idx, false, &s, &e))
		pfn_ranges_add(&k->bm->freed, s, e, 0, false);
	idx = 0;
	while (has_highmem(k) && next_free_pfns(k, &idx, true, &s, &e))
		pfn_ranges_add(&k->bm->freed, s, e, 0, false);
	pfn_ranges_normalise(&k->bm->freed);
}

/*
 * The end of the piece of [s, e) from s whose pfns all have a struct page,
 * or all lack one.  Memory merged by memblock_clear_hotplug() can hold
 * pfns sizing skipped (a region split at a sub-page edge): SPARSEMEM may
 * have no section for them, and the kernel would fault freeing them.  The
 * model skips them, as free_highpages_reference() and
 * reserve_bootmem_region() do.
 */
unsigned long storage_piece_end(const struct mm_kernel *k, unsigned long s, unsigned long e)
{
	const struct memmap *mm = &k->memmap;
	bool has = memmap_has_page(mm, s);
	unsigned long next;

	if (mm->model == MEMORY_MODEL_FLATMEM)
		next = has ? mm->map_end_pfn : s < mm->map_start_pfn ? mm->map_start_pfn : e;
	else
		for (next = (s | (PAGES_PER_SECTION - 1)) + 1; next < e && memmap_has_page(mm, next) == has;)
			next += PAGES_PER_SECTION;
	return min_ul(next, e);
}

/* The part of __free_pages_core() the kernel does page by page (eager mode only). */
static void clear_block(struct mm_kernel *k, unsigned long pfn, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = pfn_to_page(&k->memmap, pfn + i);

		p->flags &= ~PG_RESERVED_BIT;
		p->_refcount = 0;
	}
}

/* __free_pages_memory(): blocks of min(MAX_ORDER-1, __ffs(start)), shrunk to fit. */
static void free_pages_memory(struct mm_kernel *k, unsigned long start, unsigned long end)
{
	unsigned int max = k->profile->max_order - 1;

	while (start < end) {
		unsigned int order = start ? (unsigned int)__builtin_ctzl(start) : max;

		if (order < max && mm_bug_on(MM_BUG_FREE_ALL_WRONG_ORDER))
			order++;
		order = order < max ? order : max;
		while (start + (1UL << order) > end)
			order--;
		if (k->bm->eager)
			clear_block(k, start, order);
		__free_pages_core(k, pfn_to_page(&k->memmap, start), order);
		start += 1UL << order;
	}
}

/*
 * Does a free range start inside the last page below PHYS_ADDR_MAX (after a
 * small top-down allocation at the top of a classic board whose RAM reaches
 * 4 GiB)?  PFN_UP of its start, in phys_addr_t, wraps to pfn 0: v6.1's
 * __free_memory_core() then frees every lowmem pfn from 0 and
 * free_highpages() every highmem pfn a second time.  The kernel-oracle
 * boot of 256 MiB at 0xf0000000 dies in memblock_free_all ("BUG: Bad page
 * state ... pfn:00001").
 */
static bool free_range_start_wraps(const struct memblock *mb)
{
	phys_addr_t start, end;
	uint64_t idx = 0;

	while (memblock_next_free_range(mb, &idx, MEMBLOCK_NONE, &start, &end))
		if (((start + PAGE_SIZE - 1) & mb->phys_max) < start)
			return true;
	return false;
}

int memblock_free_all(struct mm_kernel *k)
{
	struct memblock *mb = mb_of(k);
	unsigned long count = 0, s, e;
	uint64_t idx = 0;

	free_unused_memmap(k);
	for (unsigned long i = 0; i < k->cfg.nr_extra_reserved; i++)
		memblock_reserve(mb, k->cfg.extra_reserved[i].base, k->cfg.extra_reserved[i].size);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		k->node.node_zones[z].managed_pages = 0;
	memblock_clear_hotplug(mb, 0, mb->phys_max);
	if (free_range_start_wraps(mb)) {
		mm_printk(k->log, "Kernel panic - not syncing: model: memblock_free_all: a free range starts in the last page below PHYS_ADDR_MAX, so PFN_UP wraps it to pfn 0\n");
		return -MM_EPANIC;
	}
	memmap_init_reserved_pages(k);
	if (!k->bm->eager)
		record_freed(k);
	boot_mem_enter_phase(k, BOOT_MEM_FREED);
	while (next_free_pfns(k, &idx, false, &s, &e))
		for (unsigned long p; s < e; s = p) {
			p = storage_piece_end(k, s, e);
			if (memmap_has_page(&k->memmap, s)) {
				free_pages_memory(k, s, p);
				count += p - s;
			}
		}
	k->totalram_pages += count;
	return 0;
}
