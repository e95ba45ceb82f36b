/*
 * The pages the model took from the buddy allocator for its own use
 * (SLUB's slabs, large kmallocs), followed through
 * kernel_config.page_observer alone, so the buddy checks can count them as
 * held without reading SLUB's bookkeeping.  A tracker follows one boot: an
 * event of another kernel, or of a later boot of the same kernel, starts
 * it afresh.  Giving back a block the model never took, or with another
 * order or user, is an oracle failure ("model page give-back"), and so is
 * taking pages the model already holds ("model pages taken twice").  The
 * blocks are kept sorted by pfn; with log_returned set, the blocks given
 * back are also appended to `returned` until the owner empties it.
 */
#ifndef ORACLE_MODEL_PAGES_H
#define ORACLE_MODEL_PAGES_H

#include "buddy_check.h"
#include "kernel_watch.h"
#include "page_alloc.h"

struct model_page_block {
	unsigned long pfn;
	unsigned int order;
	gfp_t gfp;
	enum page_alloc_user who;
	unsigned long seq;		/* taken as the seq-th block of the boot */
};

struct model_pages {
	const struct mm_kernel *k;
	unsigned long boot;		/* k->nr_boots of the events held */
	struct model_page_block *blocks;
	size_t nr, cap;
	unsigned long nr_pages;
	unsigned long nr_taken;		/* blocks taken since the boot */
	bool log_returned;
	struct model_page_block *returned;
	size_t nr_returned, cap_returned;
};

/* The observer function; ctx is the struct model_pages. */
void model_pages_observe(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev);

static inline struct page_alloc_observer model_pages_observer(struct model_pages *mp)
{
	return (struct page_alloc_observer){ model_pages_observe, mp };
}

/* Whether the tracker holds k's current boot (else it knows nothing of k). */
bool model_pages_of(const struct model_pages *mp, const struct mm_kernel *k);
/* The block holding pfn, or NULL. */
const struct model_page_block *model_pages_find(const struct model_pages *mp, const struct mm_kernel *k,
						unsigned long pfn);
/* Append k's blocks as held blocks to out (at most cap); returns how many were written. */
unsigned model_pages_held(const struct model_pages *mp, const struct mm_kernel *k, struct held_block *out,
			  unsigned cap);
/*
 * After buddy_check_boot_types(): the pageblock types the blocks k took
 * during its boot may have changed by fallback (buddy_check_boot_allocation
 * for each, in order).
 */
void model_pages_boot_types(const struct model_pages *mp, struct buddy_check *bc, const struct kernel_watch *w);
/* Pages k holds for itself now (0 when the tracker follows another boot). */
unsigned long model_pages_count(const struct model_pages *mp, const struct mm_kernel *k);
void model_pages_free(struct model_pages *mp);

#endif
