/*
 * Deferred struct-page initialisation, in the spirit of the kernel's
 * DEFERRED_STRUCT_PAGE_INIT (Linux v6.1 mm/page_alloc.c
 * deferred_init_memmap): boot records the pfn ranges it would write
 * (memmap_init, init_unavailable_range, reserve_bootmem_region, the frees
 * of memblock_free_all / free_highpages, init_cma_reserved_pageblock) and
 * a struct page is written from them when first touched.  A page touched
 * before a later boot step is brought up to date when that step begins,
 * so the observable memmap equals the one the kernel's loops write (eager
 * mode runs those loops; tests compare both).  No kernel counterpart for
 * the bookkeeping itself.
 */
#include "boot_mem.h"

#include <stdlib.h>
#include <string.h>

#include "host_mem.h"

#define PG_RESERVED_BIT (1u << PG_reserved)

#define FILL_INIT 1u		/* memmap_init wrote it (zone in the segment) */
#define FILL_HOLE 2u		/* ... as an unavailable range: PageReserved */
#define FILL_RESERVED 4u	/* reserve_bootmem_region */
#define FILL_RELEASED 8u	/* handed to the buddy allocator, or a CMA pageblock */

void pfn_ranges_add(struct pfn_ranges *v, unsigned long start, unsigned long end, int zone, bool hole)
{
	struct pfn_range *last = v->nr ? &v->r[v->nr - 1] : NULL;

	if (start >= end)
		return;
	if (last && last->end == start && last->zone == zone && last->hole == hole) {
		last->end = end;
		return;
	}
	host_reserve(&v->r, &v->cap, v->nr + 1, sizeof(*v->r));
	v->r[v->nr++] = (struct pfn_range){ start, end, zone, hole };
}

const struct pfn_range *pfn_ranges_find(const struct pfn_ranges *v, unsigned long pfn)
{
	size_t lo = 0, hi = v->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->r[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->nr && v->r[lo].start <= pfn ? &v->r[lo] : NULL;
}

bool pfn_ranges_contains(const struct pfn_ranges *v, unsigned long pfn)
{
	return pfn_ranges_find(v, pfn) != NULL;
}

static int cmp_range(const void *a, const void *b)
{
	const struct pfn_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void pfn_ranges_normalise(struct pfn_ranges *v)
{
	size_t out = 0;

	qsort(v->r, v->nr, sizeof(*v->r), cmp_range);
	for (size_t i = 0; i < v->nr; i++) {
		if (out && v->r[i].start <= v->r[out - 1].end) {
			if (v->r[i].end > v->r[out - 1].end)
				v->r[out - 1].end = v->r[i].end;
			continue;
		}
		v->r[out++] = v->r[i];
	}
	v->nr = out;
}

void pfn_ranges_free(struct pfn_ranges *v)
{
	free(v->r);
	*v = (struct pfn_ranges){ 0 };
}

struct boot_mem *boot_mem_new(void)
{
	return calloc(1, sizeof(struct boot_mem));
}

void boot_mem_free(struct boot_mem *bm)
{
	if (!bm)
		return;
	pfn_ranges_free(&bm->mem);
	pfn_ranges_free(&bm->valid);
	pfn_ranges_free(&bm->init);
	pfn_ranges_free(&bm->reserved);
	pfn_ranges_free(&bm->freed);
	pfn_ranges_free(&bm->cma);
	pfn_ranges_free(&bm->scratch);
	free(bm->seg);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		free(bm->usemap[z]);
	for (int i = 0; i < 8; i++)
		free(bm->cma_bitmap[i]);
	free(bm);
}

void boot_mem_reset(struct boot_mem *bm, bool eager)
{
	bm->eager = eager;
	bm->phase = BOOT_MEM_NONE;
	bm->mem.nr = bm->valid.nr = bm->init.nr = 0;
	bm->reserved.nr = bm->freed.nr = bm->cma.nr = bm->scratch.nr = 0;
	bm->nr_seg = bm->seg_hint = 0;
	bm->zone_movable_pfn = 0;
	bm->movable_zone = ZONE_DMA;
}

/* pfn_valid() as ranges, restricted to pfns the model has struct pages for. */
void boot_mem_compute_valid(struct mm_kernel *k)
{
	struct boot_mem *bm = k->bm;
	const struct memblock *mb = &k->setup->boot->mb;
	const struct memmap *mm = &k->memmap;
	unsigned long pb = 1UL << k->profile->pageblock_order;
	unsigned long limit = k->profile->lpae ? ~0UL : 1UL << (32 - PAGE_SHIFT);

	bm->valid.nr = 0;
	if (mm->model == MEMORY_MODEL_FLATMEM) {
		for (unsigned long i = 0; i < mb->memory.cnt; i++) {
			const struct memblock_region *r = &mb->memory.regions[i];
			unsigned long s, e;

			if (!r->size)
				continue;
			s = (unsigned long)PFN_DOWN(r->base) & ~(pb - 1);
			e = ((unsigned long)PFN_UP(r->base + r->size) + pb - 1) & ~(pb - 1);
			s = s > mm->map_start_pfn ? s : mm->map_start_pfn;
			e = e < mm->map_end_pfn ? e : mm->map_end_pfn;
			e = e < limit ? e : limit;
			pfn_ranges_add(&bm->valid, s, e, -1, false);
		}
		pfn_ranges_normalise(&bm->valid);
		return;
	}
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++)
		if (memmap_pfn_valid(mm, mb, nr << PFN_SECTION_SHIFT))
			pfn_ranges_add(&bm->valid, nr << PFN_SECTION_SHIFT, (nr + 1) << PFN_SECTION_SHIFT, -1, false);
}

/* The write one boot step makes to a struct page, if pfn is in its ranges. */
static void apply_step(const struct boot_mem *bm, enum boot_mem_phase step, unsigned long pfn,
		       struct page *page)
{
	switch (step) {
	case BOOT_MEM_RESERVED:
		if (pfn_ranges_contains(&bm->reserved, pfn)) {
			INIT_LIST_HEAD(&page->lru);
			page->flags |= PG_RESERVED_BIT;
		}
		break;
	case BOOT_MEM_FREED:
		if (pfn_ranges_contains(&bm->freed, pfn)) {
			page->flags &= ~PG_RESERVED_BIT;
			page->_refcount = 0;
		}
		break;
	case BOOT_MEM_CMA:
		if (pfn_ranges_contains(&bm->cma, pfn)) {
			page->flags &= ~PG_RESERVED_BIT;
			page->_refcount = 0;
		}
		break;
	default:
		break;
	}
}

static void seg_push(struct boot_mem *bm, unsigned long start, unsigned long end, int zone, unsigned int what)
{
	struct fill_seg *last = bm->nr_seg ? &bm->seg[bm->nr_seg - 1] : NULL;

	if (last && last->zone == zone && last->what == what) {
		last->end = end;
		return;
	}
	host_reserve(&bm->seg, &bm->cap_seg, bm->nr_seg + 1, sizeof(*bm->seg));
	bm->seg[bm->nr_seg++] = (struct fill_seg){ start, end, zone, what };
}

/* The first range edge of v above pfn (ULONG_MAX: none). */
static unsigned long next_edge(const struct pfn_ranges *v, unsigned long pfn)
{
	size_t lo = 0, hi = v->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->r[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == v->nr)
		return ~0UL;
	return v->r[lo].start > pfn ? v->r[lo].start : v->r[lo].end;
}

/*
 * Fold the recorded steps up to the current phase into segments on which
 * they all agree, so filling a page is one lookup instead of one per step.
 */
static void build_segments(struct boot_mem *bm)
{
	const struct pfn_ranges *steps[] = { &bm->init, &bm->reserved, &bm->freed, &bm->cma };
	int nr_steps = (int)bm->phase - BOOT_MEM_INIT + 1;
	unsigned long pfn = 0;

	bm->nr_seg = bm->seg_hint = 0;
	do {
		const struct pfn_range *init = pfn_ranges_find(&bm->init, pfn);
		unsigned long end = ~0UL;
		unsigned int what = 0;

		for (int i = 0; i < nr_steps; i++) {
			unsigned long e = next_edge(steps[i], pfn);

			end = e < end ? e : end;
		}
		if (init)
			what |= FILL_INIT | (init->hole ? FILL_HOLE : 0);
		if (bm->phase >= BOOT_MEM_RESERVED && pfn_ranges_contains(&bm->reserved, pfn))
			what |= FILL_RESERVED;
		if ((bm->phase >= BOOT_MEM_FREED && pfn_ranges_contains(&bm->freed, pfn)) ||
		    (bm->phase >= BOOT_MEM_CMA && pfn_ranges_contains(&bm->cma, pfn)))
			what |= FILL_RELEASED;
		seg_push(bm, pfn, end, init ? init->zone : 0, what);
		pfn = end;
	} while (pfn != ~0UL);
}

/* Sequential pfns stay in the hinted segment or step to the next one. */
static const struct fill_seg *seg_of(struct boot_mem *bm, unsigned long pfn)
{
	size_t i = bm->seg_hint, lo = 0, hi = bm->nr_seg;

	if (bm->seg[i].start <= pfn && pfn < bm->seg[i].end)
		return &bm->seg[i];
	if (i + 1 < bm->nr_seg && bm->seg[i + 1].start <= pfn && pfn < bm->seg[i + 1].end) {
		bm->seg_hint = i + 1;
		return &bm->seg[i + 1];
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bm->seg[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	bm->seg_hint = lo;
	return &bm->seg[lo];
}

/* The steps in boot order: memmap_init, reserve_bootmem_region, the release to the buddy allocator. */
static void fill_page(void *ctx, unsigned long pfn, struct page *page)
{
	struct mm_kernel *k = ctx;
	struct boot_mem *bm = k->bm;
	const struct fill_seg *seg;

	if (bm->eager || bm->phase < BOOT_MEM_INIT)
		return;
	seg = seg_of(bm, pfn);
	if (seg->what & FILL_INIT) {
		memmap_init_single_page(&k->memmap, page, pfn, (enum zone_type)seg->zone);
		if (seg->what & FILL_HOLE)
			page->flags |= PG_RESERVED_BIT;
	}
	if (seg->what & FILL_RESERVED) {
		INIT_LIST_HEAD(&page->lru);
		page->flags |= PG_RESERVED_BIT;
	}
	if (seg->what & FILL_RELEASED) {
		page->flags &= ~PG_RESERVED_BIT;
		page->_refcount = 0;
	}
}

struct step_ctx {
	const struct boot_mem *bm;
	enum boot_mem_phase step;
};

static void update_page(void *ctx, unsigned long pfn, struct page *page)
{
	const struct step_ctx *s = ctx;

	apply_step(s->bm, s->step, pfn, page);
}

void boot_mem_enter_phase(struct mm_kernel *k, enum boot_mem_phase phase)
{
	struct boot_mem *bm = k->bm;
	struct step_ctx s = { bm, phase };

	if (phase == BOOT_MEM_INIT)
		memmap_set_filler(&k->memmap, fill_page, k);
	bm->phase = phase;
	if (!bm->eager && phase >= BOOT_MEM_INIT)
		build_segments(bm);
	/* Eager mode runs the kernel's own loops instead. */
	if (!bm->eager && phase > BOOT_MEM_INIT)
		memmap_for_each_materialised(&k->memmap, update_page, &s);
}
