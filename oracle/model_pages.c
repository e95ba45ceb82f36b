/* See model_pages.h. */
#include "model_pages.h"

#include <stdlib.h>

#include "kernel.h"
#include "oracle.h"

static void start_boot(struct model_pages *mp, const struct mm_kernel *k)
{
	mp->k = k;
	mp->boot = k->nr_boots;
	mp->nr = 0;
	mp->nr_pages = 0;
}

bool model_pages_of(const struct model_pages *mp, const struct mm_kernel *k)
{
	return mp->k == k && mp->boot == k->nr_boots;
}

void model_pages_observe(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev)
{
	struct model_pages *mp = ctx;

	if (!model_pages_of(mp, k))
		start_boot(mp, k);
	if (ev->kind == PAGE_EV_BEFORE_ALLOC)
		return;
	if (ev->kind == PAGE_EV_ALLOC) {
		if (mp->nr == mp->cap) {
			mp->cap = mp->cap ? 2 * mp->cap : 64;
			mp->blocks = realloc(mp->blocks, mp->cap * sizeof(*mp->blocks));
			if (!mp->blocks)
				abort();
		}
		mp->blocks[mp->nr++] = (struct model_page_block){ ev->pfn, ev->order, ev->gfp, ev->who };
		mp->nr_pages += 1UL << ev->order;
		return;
	}
	for (size_t i = mp->nr; i-- > 0;) {
		struct model_page_block *b = &mp->blocks[i];

		if (b->pfn != ev->pfn)
			continue;
		if (b->order != ev->order || b->who != ev->who)
			oracle_fail("model page give-back", (uint64_t)ev->pfn << 12, b->order, ev->order,
				    "taken by user %d, given back by user %d", (int)b->who, (int)ev->who);
		mp->nr_pages -= 1UL << b->order;
		*b = mp->blocks[--mp->nr];
		return;
	}
	oracle_fail("model page give-back", (uint64_t)ev->pfn << 12, 1, 0,
		    "order-%u block the model never took (user %d)", ev->order, (int)ev->who);
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

void model_pages_boot_types(const struct model_pages *mp, struct buddy_check *bc, const struct kernel_watch *w)
{
	if (!model_pages_of(mp, w->k))
		return;
	for (size_t i = 0; i < mp->nr; i++)
		buddy_check_boot_allocation(bc, w, mp->blocks[i].gfp, mp->blocks[i].pfn, mp->blocks[i].order);
}

unsigned long model_pages_count(const struct model_pages *mp, const struct mm_kernel *k)
{
	return model_pages_of(mp, k) ? mp->nr_pages : 0;
}

void model_pages_free(struct model_pages *mp)
{
	free(mp->blocks);
	*mp = (struct model_pages){ 0 };
}
