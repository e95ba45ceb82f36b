/*
 * Simulated physical memory (see phys_mem.h); no kernel counterpart.
 *
 * Pages live in a fixed open-addressing hash table keyed by pfn, sized for
 * PHYS_MEM_MAX_PAGES so it never grows.  Every materialised page is also
 * on a touched list, so a reset forgets exactly those pages; their host
 * buffers go to a free list (host_mem.h's pool) and are zeroed when handed
 * out again, so host memory stays bounded by the cap however many inputs
 * run.
 */
#include "phys_mem.h"

#include <stdlib.h>
#include <string.h>

#include "host_mem.h"
#include "kasan_poison.h"
#include "mm_errno.h"

/* Twice the cap, a power of two: probes stay short even when full. */
#define PHYS_MEM_HASH_BITS 15
#define PHYS_MEM_SLOTS (1u << PHYS_MEM_HASH_BITS)

_Static_assert(PHYS_MEM_SLOTS >= 2 * PHYS_MEM_MAX_PAGES, "hash table too small for the cap");

struct phys_slot {
	uint64_t pfn;
	uint8_t *page;		/* NULL: empty slot */
};

struct phys_mem {
	/* the last page looked up: page-table and memmap accesses come in runs on one page */
	struct phys_slot last;
	struct phys_slot slots[PHYS_MEM_SLOTS];
	uint32_t touched[PHYS_MEM_MAX_PAGES];	/* slot indices, in creation order */
	size_t nr_touched;
	void *free_pages;	/* released host pages, linked through their first word */
	phys_new_page_fn new_page_hook;
	void *new_page_ctx;
};

static uint32_t slot_hash(uint64_t pfn)
{
	return (uint32_t)((pfn * 0x9e3779b97f4a7c15ULL) >> (64 - PHYS_MEM_HASH_BITS));
}

/* The slot holding pfn, or the empty slot where it would go. */
static uint32_t slot_find(const struct phys_mem *pm, uint64_t pfn)
{
	uint32_t i = slot_hash(pfn);

	while (pm->slots[i].page && pm->slots[i].pfn != pfn)
		i = (i + 1) & (PHYS_MEM_SLOTS - 1);
	return i;
}

struct phys_mem *phys_mem_new(void)
{
	return calloc(1, sizeof(struct phys_mem));
}

void phys_mem_free(struct phys_mem *pm)
{
	if (!pm)
		return;
	phys_mem_reset(pm);
	while (pm->free_pages) {
		void *page = pm->free_pages;

		memcpy(&pm->free_pages, page, sizeof(pm->free_pages));
		free(page);
	}
	free(pm);
}

void phys_mem_reset(struct phys_mem *pm)
{
	for (size_t i = 0; i < pm->nr_touched; i++) {
		struct phys_slot *s = &pm->slots[pm->touched[i]];

		mm_asan_unpoison(s->page, PAGE_SIZE);
		memcpy(s->page, &pm->free_pages, sizeof(pm->free_pages));
		pm->free_pages = s->page;
		s->page = NULL;
		s->pfn = 0;
	}
	pm->nr_touched = 0;
	pm->last = (struct phys_slot){ 0, NULL };
	/* The hook belongs to the input that set it (its allocator state is gone). */
	pm->new_page_hook = NULL;
	pm->new_page_ctx = NULL;
}

size_t phys_mem_nr_pages(const struct phys_mem *pm)
{
	return pm->nr_touched;
}

/* The lookup cache is not state: reads through a const phys_mem may refresh it. */
static const uint8_t *page_lookup(const struct phys_mem *pm, uint64_t pfn)
{
	return phys_mem_page((struct phys_mem *)pm, pfn, false);
}

uint8_t *phys_mem_page(struct phys_mem *pm, uint64_t pfn, bool create)
{
	uint32_t i;
	uint8_t *page;

	if (pm->last.page && pm->last.pfn == pfn)
		return pm->last.page;
	i = slot_find(pm, pfn);
	if (pm->slots[i].page) {
		pm->last = pm->slots[i];
		return pm->slots[i].page;
	}
	if (!create)
		return NULL;
	if (pm->nr_touched == PHYS_MEM_MAX_PAGES)
		return NULL;
	page = host_pool_take(&pm->free_pages, 0, PAGE_SIZE, 16);
	memset(page, 0, PAGE_SIZE);
	pm->slots[i].pfn = pfn;
	pm->slots[i].page = page;
	pm->touched[pm->nr_touched++] = i;
	pm->last = pm->slots[i];
	if (pm->new_page_hook)
		pm->new_page_hook(pm->new_page_ctx, pfn, page);
	return page;
}

void phys_mem_set_new_page_hook(struct phys_mem *pm, phys_new_page_fn fn, void *ctx)
{
	pm->new_page_hook = fn;
	pm->new_page_ctx = ctx;
}

/*
 * Any alignment works, even a word straddling two pages.  Each page is
 * looked up once per access, not once per byte, and inlined with a constant
 * len the byte loop of an access inside one page unrolls: per-byte lookups
 * and tests were most of a page-table walk's cost.  Writes likewise.
 */
static inline __attribute__((always_inline)) uint64_t
read_le(const struct phys_mem *pm, phys_addr_t pa, unsigned int len)
{
	uint64_t first_pfn = pa >> PAGE_SHIFT, last_pfn = (pa + len - 1) >> PAGE_SHIFT;
	const uint8_t *first = page_lookup(pm, first_pfn);
	const uint8_t *last = last_pfn == first_pfn ? first : page_lookup(pm, last_pfn);
	uint64_t v = 0;

	if (last_pfn == first_pfn) {
		const uint8_t *p = first ? first + (pa & (PAGE_SIZE - 1)) : NULL;

		for (unsigned int b = len; p && b-- > 0;)
			v = v << 8 | p[b];
		return v;
	}
	for (unsigned int b = 0; b < len; b++) {
		phys_addr_t a = pa + b;
		const uint8_t *page = (a >> PAGE_SHIFT) == first_pfn ? first : last;

		if (page)
			v |= (uint64_t)page[a & (PAGE_SIZE - 1)] << (8 * b);
	}
	return v;
}

static inline __attribute__((always_inline)) int
write_le(struct phys_mem *pm, phys_addr_t pa, uint64_t v, unsigned int len)
{
	uint64_t first_pfn = pa >> PAGE_SHIFT, last_pfn = (pa + len - 1) >> PAGE_SHIFT;
	uint8_t *first = phys_mem_page(pm, first_pfn, true);
	uint8_t *last = last_pfn == first_pfn ? first : phys_mem_page(pm, last_pfn, true);

	/* Both pages exist before any byte is written: a refused write stores nothing. */
	if (!first || !last)
		return -MM_ENOMEM;
	if (last_pfn == first_pfn) {
		uint8_t *p = first + (pa & (PAGE_SIZE - 1));

		for (unsigned int b = 0; b < len; b++)
			p[b] = (uint8_t)(v >> (8 * b));
		return 0;
	}
	for (unsigned int b = 0; b < len; b++) {
		phys_addr_t a = pa + b;
		uint8_t *page = (a >> PAGE_SHIFT) == first_pfn ? first : last;

		page[a & (PAGE_SIZE - 1)] = (uint8_t)(v >> (8 * b));
	}
	return 0;
}

uint32_t phys_read32(const struct phys_mem *pm, phys_addr_t pa)
{
	return (uint32_t)read_le(pm, pa, 4);
}

uint64_t phys_read64(const struct phys_mem *pm, phys_addr_t pa)
{
	return read_le(pm, pa, 8);
}

int phys_write32(struct phys_mem *pm, phys_addr_t pa, uint32_t v)
{
	return write_le(pm, pa, v, 4);
}

int phys_write64(struct phys_mem *pm, phys_addr_t pa, uint64_t v)
{
	return write_le(pm, pa, v, 8);
}

int phys_write_zeros(struct phys_mem *pm, phys_addr_t pa, phys_addr_t len)
{
	uint64_t first = pa >> PAGE_SHIFT, last = (pa + len - 1) >> PAGE_SHIFT;

	if (!len)
		return 0;
	/* every page first, so a refused write stores nothing */
	for (uint64_t pfn = first; pfn <= last; pfn++)
		if (!phys_mem_page(pm, pfn, true))
			return -MM_ENOMEM;
	for (uint64_t pfn = first; pfn <= last; pfn++) {
		phys_addr_t s = pfn == first ? pa & (PAGE_SIZE - 1) : 0;
		phys_addr_t e = pfn == last ? ((pa + len - 1) & (PAGE_SIZE - 1)) + 1 : PAGE_SIZE;

		memset(phys_mem_page(pm, pfn, false) + s, 0, e - s);
	}
	return 0;
}

struct zero_range {
	phys_addr_t start, end;
};

static void zero_part(uint8_t *page, uint64_t pfn, void *ctx)
{
	const struct zero_range *r = ctx;
	phys_addr_t pbase = PFN_PHYS(pfn);
	phys_addr_t s = r->start > pbase ? r->start : pbase;
	phys_addr_t e = r->end - pbase < PAGE_SIZE ? r->end : pbase + PAGE_SIZE;

	if (s < e)
		memset(page + (s - pbase), 0, e - s);
}

void phys_mem_for_each_page(struct phys_mem *pm, uint64_t first_pfn, uint64_t nr, phys_page_fn fn, void *ctx)
{
	/* Walk whichever is shorter: the range's pfns or the touched pages. */
	if (nr <= pm->nr_touched) {
		for (uint64_t pfn = first_pfn; pfn - first_pfn < nr; pfn++) {
			uint8_t *page = pm->slots[slot_find(pm, pfn)].page;

			if (page)
				fn(page, pfn, ctx);
		}
		return;
	}
	for (size_t i = 0; i < pm->nr_touched; i++) {
		struct phys_slot *s = &pm->slots[pm->touched[i]];

		if (s->pfn >= first_pfn && s->pfn - first_pfn < nr)
			fn(s->page, s->pfn, ctx);
	}
}

void phys_zero(struct phys_mem *pm, phys_addr_t pa, phys_addr_t size)
{
	struct zero_range r = { pa, pa + size < pa ? UINT64_MAX : pa + size };
	uint64_t first;

	if (!size)
		return;
	first = pa >> PAGE_SHIFT;
	phys_mem_for_each_page(pm, first, ((r.end - 1) >> PAGE_SHIFT) - first + 1, zero_part, &r);
}
