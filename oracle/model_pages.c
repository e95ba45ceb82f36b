/* See model_pages.h. */
#include "model_pages.h"

#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "oracle.h"

static void start_boot(struct model_pages *mp, const struct mm_kernel *k)
{
	mp->k = k;
	mp->boot = k->nr_boots;
	mp->nr = 0;
	mp->nr_pages = 0;
	mp->nr_taken = 0;
	mp->nr_returned = 0;
}

static void *grow(void *p, size_t *cap, size_t elem)
{
	*cap = *cap ? 2 * *cap : 64;
	p = realloc(p, *cap * elem);
	if (!p)
		abort();
	return p;
}

/* The index of the first block ending after pfn. */
static size_t first_after(const struct model_pages *mp, unsigned long pfn)
{
	size_t lo = 0, hi = mp->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (mp->blocks[mid].pfn + (1UL << mp->blocks[mid].order) <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool model_pages_of(const struct model_pages *mp, const struct mm_kernel *k)
{
	return mp->k == k && mp->boot == k->nr_boots;
}

const struct model_page_block *model_pages_find(const struct model_pages *mp, const struct mm_kernel *k,
						unsigned long pfn)
{
	size_t i = first_after(mp, pfn);

	if (!model_pages_of(mp, k) || i == mp->nr || mp->blocks[i].pfn > pfn)
		return NULL;
	return &mp->blocks[i];
}

void model_pages_observe(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev)
{
	struct model_pages *mp = ctx;
	struct model_page_block *b;
	size_t i;

	if (!model_pages_of(mp, k))
		start_boot(mp, k);
	if (ev->kind == PAGE_EV_BEFORE_ALLOC)
		return;
	i = first_after(mp, ev->pfn);
	b = i < mp->nr ? &mp->blocks[i] : NULL;
	if (ev->kind == PAGE_EV_ALLOC) {
		if (b && b->pfn < ev->pfn + (1UL << ev->order))
			oracle_fail("model pages taken twice", (uint64_t)ev->pfn << 12, 0, 1,
				    "order-%u block overlaps the order-%u block at pfn 0x%lx", ev->order, b->order,
				    b->pfn);
		if (mp->nr == mp->cap)
			mp->blocks = grow(mp->blocks, &mp->cap, sizeof(*mp->blocks));
		memmove(&mp->blocks[i + 1], &mp->blocks[i], (mp->nr - i) * sizeof(*mp->blocks));
		mp->blocks[i] = (struct model_page_block){ ev->pfn, ev->order, ev->gfp, ev->who, mp->nr_taken++ };
		mp->nr++;
		mp->nr_pages += 1UL << ev->order;
		return;
	}
	if (!b || b->pfn != ev->pfn) {
		oracle_fail("model page give-back", (uint64_t)ev->pfn << 12, 1, 0,
			    "order-%u block the model never took (user %d)", ev->order, (int)ev->who);
		return;
	}
	if (b->order != ev->order || b->who != ev->who)
		oracle_fail("model page give-back", (uint64_t)ev->pfn << 12, b->order, ev->order,
			    "taken by user %d, given back by user %d", (int)b->who, (int)ev->who);
	if (mp->log_returned) {
		if (mp->nr_returned == mp->cap_returned)
			mp->returned = grow(mp->returned, &mp->cap_returned, sizeof(*mp->returned));
		mp->returned[mp->nr_returned++] = *b;
	}
	mp->nr_pages -= 1UL << b->order;
	memmove(b, b + 1, (mp->nr - i - 1) * sizeof(*b));
	mp->nr--;
}

unsigned model_pages_held(const struct model_pages *mp, const struct mm_kernel *k, struct held_block *out,
			  unsigned cap)
{
	unsigned n = 0;

	if (!model_pages_of(mp, k))
		return 0;
	for (size_t i = 0; i < mp->nr && n < cap; i++)
		out[n++] = (struct held_block){ mp->blocks[i].pfn, 1UL << mp->blocks[i].order };
	return n;
}

/* In the order the blocks were taken: a fallback's retyping depends on what came before. */
void model_pages_boot_types(const struct model_pages *mp, struct buddy_check *bc, const struct kernel_watch *w)
{
	unsigned long next = 0;

	if (!model_pages_of(mp, w->k))
		return;
	for (;;) {
		const struct model_page_block *b = NULL;

		for (size_t i = 0; i < mp->nr; i++)
			if (mp->blocks[i].seq >= next && (!b || mp->blocks[i].seq < b->seq))
				b = &mp->blocks[i];
		if (!b)
			return;
		buddy_check_boot_allocation(bc, w, b->gfp, b->pfn, b->order);
		next = b->seq + 1;
	}
}

unsigned long model_pages_count(const struct model_pages *mp, const struct mm_kernel *k)
{
	return model_pages_of(mp, k) ? mp->nr_pages : 0;
}

void model_pages_free(struct model_pages *mp)
{
	free(mp->blocks);
	free(mp->returned);
	*mp = (struct model_pages){ 0 };
}
