/*
 * The memory models' pfn <-> struct page conversions and the host storage
 * behind them (Linux v6.1 include/asm-generic/memory_model.h,
 * include/linux/mmzone.h __nr_to_section, valid_section, early_section,
 * pfn_valid; mm/mm_init.c-era __init_single_page and set_page_links in
 * mm/page_alloc.c; mm/page_alloc.c alloc_node_mem_map; arch/arm/mm/init.c
 * pfn_valid).
 *
 * Departures: struct pages live in host chunks of MAX_ORDER_NR_PAGES
 * (2048) entries, found through a directory indexed by pfn, and are
 * materialised on first access by pfn_to_page() from what boot recorded
 * (boot_mem.h); the simulated addresses are the kernel's.  Pointer
 * arithmetic between struct pages is valid only inside one 2048-aligned
 * block: anything further goes through pfn_to_page().  VMEMMAP uses the
 * static section table (the model's choice; the kernel pairs it with
 * EXTREME on other architectures).
 */
#include "boot_mem.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bugs.h"
#include "host_mem.h"
#include "mm_errno.h"
#include "printk.h"

#define CHUNK_SHIFT 11
#define CHUNK_PAGES (1UL << CHUNK_SHIFT)
#define CHUNK_ALIGN (128UL * 1024)
#define DIR_ENTRIES (1UL << (32 - CHUNK_SHIFT))	/* unsigned long pfns of a 32-bit kernel */
#define MEMMAP_POOL_KEEP 512	/* chunks kept for the next boot: 64 MiB, a 2 GiB board's sweeps */

struct memmap_chunk {
	unsigned long base_pfn;
	struct memmap_chunk *next;
	uint64_t done[CHUNK_PAGES / 64];	/* materialised pages */
	/* while a sweep has materialised pages here: done[] before it did, and its queue */
	bool swept;
	struct memmap_chunk *swept_next;
	uint64_t done_before[CHUNK_PAGES / 64];
	struct page pages[CHUNK_PAGES];
};

_Static_assert(sizeof(struct memmap_chunk) <= CHUNK_ALIGN, "chunk larger than its alignment");

struct memmap_host {
	struct memmap_chunk **dir;
	struct memmap_chunk *touched, *pool;
	bool sweeping;
	struct memmap_chunk *swept_head, *swept_tail;	/* oldest first */
	unsigned long nr_swept, sweep_keep;
	size_t nr_materialised;
	memmap_fill_fn fill;
	void *fill_ctx;
	struct mem_section static_table[NR_MEM_SECTIONS];
	struct mem_section root_table[MM_ARRAY_SIZE(((struct memmap *)0)->roots)][SECTIONS_PER_ROOT_EXTREME];
	bool tables_used;
};

struct memmap_host *memmap_host_new(void)
{
	struct memmap_host *h = calloc(1, sizeof(*h));
	void *dir;

	if (!h)
		return NULL;
	/* Reserved, not committed: only directory pages of touched pfns become resident. */
	dir = mmap(NULL, DIR_ENTRIES * sizeof(*h->dir), PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (dir == MAP_FAILED) {
		free(h);
		return NULL;
	}
	h->dir = dir;
	return h;
}

static void free_chunks(struct memmap_chunk *c)
{
	while (c) {
		struct memmap_chunk *next = c->next;

		free(c);
		c = next;
	}
}

void memmap_host_free(struct memmap_host *h)
{
	if (!h)
		return;
	free_chunks(h->touched);
	free_chunks(h->pool);
	munmap(h->dir, DIR_ENTRIES * sizeof(*h->dir));
	free(h);
}

void memmap_set_filler(struct memmap *mm, memmap_fill_fn fn, void *ctx)
{
	mm->host->fill = fn;
	mm->host->fill_ctx = ctx;
}

void memmap_reset(struct memmap *mm)
{
	struct memmap_host *h = mm->host;

	if (h) {
		memmap_sweep_end(mm);
		while (h->touched) {
			struct memmap_chunk *c = h->touched;

			h->touched = c->next;
			h->dir[c->base_pfn >> CHUNK_SHIFT] = NULL;
			c->next = h->pool;
			h->pool = c;
		}
		host_pool_trim(&h->pool, offsetof(struct memmap_chunk, next), MEMMAP_POOL_KEEP);
		h->nr_materialised = 0;
		h->fill = NULL;
		if (h->tables_used) {
			memset(h->static_table, 0, sizeof(h->static_table));
			memset(h->root_table, 0, sizeof(h->root_table));
			h->tables_used = false;
		}
	}
	*mm = (struct memmap){ .host = h };
}

static bool sparse_nonvmemmap(const struct memmap *mm)
{
	return mm->model == MEMORY_MODEL_SPARSEMEM || mm->model == MEMORY_MODEL_SPARSEMEM_EXTREME;
}

static bool sparse_any(const struct memmap *mm)
{
	return mm->model != MEMORY_MODEL_FLATMEM;
}

/* SECTION_NR_TO_ROOT and the slot inside the root (EXTREME). */
static void extreme_index(unsigned long nr, unsigned long *root, unsigned long *slot)
{
	*root = nr / SECTIONS_PER_ROOT_EXTREME;
	*slot = nr % SECTIONS_PER_ROOT_EXTREME;
	if (mm_bug_on(MM_BUG_SECTION_ROOT_INDEX))
		*slot = (nr + 1) % SECTIONS_PER_ROOT_EXTREME;
}

struct mem_section *sparse_section(const struct memmap *mm, unsigned long nr)
{
	unsigned long root, slot;

	if (!sparse_any(mm) || nr >= NR_MEM_SECTIONS || !mm->host)
		return NULL;
	if (mm->model != MEMORY_MODEL_SPARSEMEM_EXTREME)
		return mm->mem_section_static ? &mm->mem_section_static[nr] : NULL;
	extreme_index(nr, &root, &slot);
	return mm->roots[root] ? &mm->roots[root][slot] : NULL;
}

const struct mem_section *__nr_to_section(const struct memmap *mm, unsigned long nr)
{
	return sparse_section(mm, nr);
}

/* Host tables for sparse.c: the static array, or EXTREME root number i. */
struct mem_section *memmap_host_table(struct memmap *mm, int root)
{
	mm->host->tables_used = true;
	return root < 0 ? mm->host->static_table : mm->host->root_table[root];
}

static bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_HAS_MEM_MAP);
}

bool memmap_has_page(const struct memmap *mm, unsigned long pfn)
{
	if (mm->model == MEMORY_MODEL_FLATMEM)
		return pfn >= mm->map_start_pfn && pfn < mm->map_end_pfn;
	return valid_section(__nr_to_section(mm, pfn >> PFN_SECTION_SHIFT));
}

void memmap_set_flat_range(struct memmap *mm, unsigned long start, unsigned long end)
{
	mm->map_start_pfn = start;
	mm->map_end_pfn = end;
}

static struct memmap_chunk *chunk_for(struct memmap_host *h, unsigned long pfn)
{
	unsigned long idx = pfn >> CHUNK_SHIFT;
	struct memmap_chunk *c = h->dir[idx];

	if (c)
		return c;
	c = host_pool_take(&h->pool, offsetof(struct memmap_chunk, next), CHUNK_ALIGN, CHUNK_ALIGN);
	c->base_pfn = idx << CHUNK_SHIFT;
	memset(c->done, 0, sizeof(c->done));
	c->swept = false;
	c->next = h->touched;
	h->touched = c;
	h->dir[idx] = c;
	return c;
}

/*
 * Forget the pages a sweep materialised in c (the next access derives them
 * again from what boot recorded) and give the host pages that held only
 * those back.
 */
static void sweep_release(struct memmap_host *h, struct memmap_chunk *c)
{
	unsigned long run = 0;

	for (unsigned long w = 0; w < CHUNK_PAGES / 64; w++) {
		h->nr_materialised -= (size_t)__builtin_popcountll(c->done[w] & ~c->done_before[w]);
		c->done[w] = c->done_before[w];
	}
	for (unsigned long i = 0; i <= CHUNK_PAGES; i++) {
		if (i < CHUNK_PAGES && !((c->done[i / 64] >> (i % 64)) & 1))
			continue;
		if (run < i)
			host_discard(&c->pages[run], (i - run) * sizeof(c->pages[0]));
		run = i + 1;
	}
	c->swept = false;
}

static void sweep_enqueue(struct memmap_host *h, struct memmap_chunk *c)
{
	if (h->nr_swept == h->sweep_keep) {
		struct memmap_chunk *old = h->swept_head;

		h->swept_head = old->swept_next;
		h->nr_swept--;
		sweep_release(h, old);
	}
	memcpy(c->done_before, c->done, sizeof(c->done));
	c->swept = true;
	c->swept_next = NULL;
	if (h->nr_swept)
		h->swept_tail->swept_next = c;
	else
		h->swept_head = c;
	h->swept_tail = c;
	h->nr_swept++;
}

void memmap_sweep_begin(const struct memmap *mm, unsigned long keep_pfns)
{
	if (!mm->host)
		return;
	mm->host->sweeping = true;
	mm->host->sweep_keep = keep_pfns > CHUNK_PAGES ? keep_pfns / CHUNK_PAGES : 1;
}

void memmap_sweep_end(const struct memmap *mm)
{
	struct memmap_host *h = mm->host;

	if (!h)
		return;
	for (struct memmap_chunk *c = h->swept_head; c; c = c->swept_next)
		sweep_release(h, c);
	h->swept_head = h->swept_tail = NULL;
	h->nr_swept = 0;
	h->sweeping = false;
}

struct page *pfn_to_page(const struct memmap *mm, unsigned long pfn)
{
	struct memmap_host *h = mm->host;
	struct memmap_chunk *c;
	unsigned long i;

	if (!h || pfn >= DIR_ENTRIES * CHUNK_PAGES)
		return NULL;
	i = pfn & (CHUNK_PAGES - 1);
	c = h->dir[pfn >> CHUNK_SHIFT];
	/* A materialised page had storage, and a boot never takes storage away. */
	if (c && ((c->done[i / 64] >> (i % 64)) & 1))
		return &c->pages[i];
	if (!memmap_has_page(mm, pfn))
		return NULL;
	c = chunk_for(h, pfn);
	if (h->sweeping && !c->swept)
		sweep_enqueue(h, c);
	c->done[i / 64] |= 1ULL << (i % 64);
	memset(&c->pages[i], 0, sizeof(c->pages[i]));
	if (h->fill)
		h->fill(h->fill_ctx, pfn, &c->pages[i]);
	h->nr_materialised++;
	return &c->pages[i];
}

unsigned long page_to_pfn(const struct memmap *mm, const struct page *page)
{
	const struct memmap_chunk *c;

	if (!page)
		return ~0UL;
	c = (const struct memmap_chunk *)((uintptr_t)page & ~(CHUNK_ALIGN - 1));
	return c->base_pfn + (unsigned long)(page - c->pages);
}

void memmap_for_each_materialised(const struct memmap *mm, memmap_fill_fn fn, void *ctx)
{
	for (struct memmap_chunk *c = mm->host ? mm->host->touched : NULL; c; c = c->next)
		for (unsigned long w = 0; w < CHUNK_PAGES / 64; w++)
			for (uint64_t bits = c->done[w]; bits; bits &= bits - 1) {
				unsigned long i = w * 64 + (unsigned long)__builtin_ctzll(bits);

				fn(ctx, c->base_pfn + i, &c->pages[i]);
			}
}

size_t memmap_nr_materialised(const struct memmap *mm)
{
	return mm->host ? mm->host->nr_materialised : 0;
}

uint32_t pfn_to_page_virt(const struct memmap *mm, unsigned long pfn)
{
	uint32_t sp = mm->profile ? mm->profile->struct_page_size : 36;
	const struct mem_section *ms;

	switch (mm->model) {
	case MEMORY_MODEL_FLATMEM:
		return mm->mem_map_virt + (uint32_t)(pfn - mm->arch_pfn_offset) * sp;
	case MEMORY_MODEL_SPARSEMEM_VMEMMAP:
		return mm->vmemmap_base + (uint32_t)pfn * sp;
	default:
		ms = __nr_to_section(mm, pfn >> PFN_SECTION_SHIFT);
		return valid_section(ms) ? (ms->section_mem_map & SECTION_MAP_MASK) + (uint32_t)pfn * sp : 0;
	}
}

bool memmap_pfn_valid(const struct memmap *mm, const struct memblock *mb, unsigned long pfn)
{
	const struct mem_section *ms;

	if (mm->model == MEMORY_MODEL_FLATMEM) {
		/* ARM's pfn_valid with the profile's pageblock (layout_pfn_valid knows only the Debian ones). */
		phys_addr_t pageblock = PFN_PHYS(1UL << (mm->profile ? mm->profile->pageblock_order : 11));
		phys_addr_t addr = PFN_PHYS((uint32_t)pfn) & mb->phys_max;

		if (PFN_DOWN(addr) != (uint32_t)pfn || (uint32_t)pfn != pfn)
			return false;
		return memblock_overlaps_region(&mb->memory, MM_ALIGN_DOWN(addr, pageblock), pageblock);
	}
	/* The generic SPARSEMEM pfn_valid (every boot section is early: valid throughout). */
	if (((PFN_PHYS(pfn) & mb->phys_max) >> PAGE_SHIFT) != pfn)
		return false;
	if ((pfn >> PFN_SECTION_SHIFT) >= NR_MEM_SECTIONS)
		return false;
	ms = __nr_to_section(mm, pfn >> PFN_SECTION_SHIFT);
	return valid_section(ms) && (ms->section_mem_map & SECTION_IS_EARLY);
}

unsigned long memmap_section_nr_from_flags(const struct memmap *mm, const struct page *page)
{
	if (sparse_nonvmemmap(mm))
		return page->flags >> SECTIONS_PGSHIFT;
	return page_to_pfn(mm, page) >> PFN_SECTION_SHIFT;
}

void memmap_init_single_page(const struct memmap *mm, struct page *page, unsigned long pfn,
			     enum zone_type zone)
{
	memset(page, 0, sizeof(*page));
	if (sparse_nonvmemmap(mm))
		page->flags = ((uint32_t)zone << ZONES_PGSHIFT_SPARSE) |
			      ((uint32_t)(pfn >> PFN_SECTION_SHIFT) << SECTIONS_PGSHIFT);
	else
		page->flags = (uint32_t)zone << ZONES_PGSHIFT;
	page->_refcount = 1;
	page->page_type = 0xffffffffu;
	INIT_LIST_HEAD(&page->lru);
	page->initialised = 1;
}

/* alloc_node_mem_map(): the node's map rounded out to MAX_ORDER_NR_PAGES, and mem_map. */
static int alloc_node_mem_map(struct memmap *mm, struct memblock *mb, unsigned long node_start,
			      unsigned long node_end)
{
	unsigned long max_order_pages = 1UL << (mm->profile->max_order - 1);
	unsigned long start = node_start & ~(max_order_pages - 1);
	unsigned long offset = node_start - start;
	unsigned long end = (node_end + max_order_pages - 1) & ~(max_order_pages - 1);
	phys_addr_t size = (phys_addr_t)(end - start) * mm->profile->struct_page_size;
	phys_addr_t pa;
	uint32_t map;

	mm->arch_pfn_offset = (unsigned long)PFN_DOWN(mm->layout->phys_offset);
	if (node_start == node_end)
		return 0;
	/* memmap_alloc(): a raw allocation, the memmap is initialised page by page */
	memblock_set_caller(mb, CS_MEMMAP_ALLOC);
	pa = memblock_alloc_try_nid_raw(mb, size, SMP_CACHE_BYTES, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 0);
	if (!pa) {
		mm_printk(mb->log, "Kernel panic - not syncing: Failed to allocate %llu bytes for node 0 memory map\n",
			  (unsigned long long)size);
		return -MM_EPANIC;
	}
	map = layout_pa_to_va(mm->layout, pa);
	/* mem_map is node 0's map, moved back by the offset unless pfn_to_page(mem_map) is the node start. */
	mm->mem_map_virt = map + (uint32_t)offset * mm->profile->struct_page_size;
	if (mm_bug_on(MM_BUG_MEM_MAP_NOT_MOVED_BACK))
		mm->mem_map_virt = map;
	if (mm->arch_pfn_offset != node_start)
		mm->mem_map_virt = map;
	/*
	 * pfn_to_page() counts from ARCH_PFN_OFFSET.  RAM starting far above
	 * PHYS_OFFSET (an image outside RAM) puts the node's struct pages past
	 * the map: the kernel would write over whatever follows it, and
	 * free_unused_memmap() would free memory the map does not own.
	 */
	if (mm->arch_pfn_offset != node_start &&
	    (mm->arch_pfn_offset > node_start || node_end - mm->arch_pfn_offset > end - start)) {
		mm_printk(mb->log, "Kernel panic - not syncing: model: mem_map from PHYS_OFFSET does not cover node 0\n");
		return -MM_EPANIC;
	}
	memmap_set_flat_range(mm, start, end);
	return 0;
}

int memmap_alloc(struct memmap *mm, struct memblock *mb, struct mm_mmu *mmu,
		 unsigned long node_start_pfn, unsigned long node_end_pfn)
{
	if (mm->model == MEMORY_MODEL_FLATMEM)
		return alloc_node_mem_map(mm, mb, node_start_pfn, node_end_pfn);
	return sparse_init(mm, mb, mmu);
}
