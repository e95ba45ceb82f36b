/* See slub_checks.h. */
#include "slub_checks.h"

#include <stdlib.h>

#include "buddy_check.h"
#include "kernel_watch.h"
#include "memory_model.h"
#include "model_pages.h"
#include "oracle.h"

#define MAX_MODEL_BLOCKS 4096

static struct {
	struct buddy_check *bc;
	struct kernel_watch *w;
	struct model_pages mp;
	struct held_block blocks[MAX_MODEL_BLOCKS];
	unsigned long nr_events;
	bool listed;			/* the free lists were walked on the current state */
	bool booted;			/* the boot's expectations are set: SLUB's page traffic is checked live */
} sc;

/*
 * The page observer: after the boot, SLUB's page allocations and frees go
 * through the buddy oracle's checks as the harness's own would (the plan
 * before, the block after, the give-back); during it they are only
 * recorded (the oracle's expectations exist once the boot is over).
 */
static void observe(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev)
{
	bool live = sc.booted && oracle_level > ORACLE_OFF;

	if (live && ev->kind == PAGE_EV_BEFORE_ALLOC)
		buddy_check_before_alloc(sc.bc, sc.w, ev->gfp, ev->order);
	if (live && ev->kind == PAGE_EV_ALLOC)
		buddy_check_alloc(sc.bc, sc.w, ev->gfp, ev->order, pfn_to_page(&k->memmap, ev->pfn), sc.blocks,
				  model_pages_held(&sc.mp, k, sc.blocks, MAX_MODEL_BLOCKS));
	model_pages_observe(&sc.mp, k, ev);
	if (live && ev->kind == PAGE_EV_FREE) {
		buddy_check_counters(k);
		buddy_check_freed(sc.bc, sc.w, ev->pfn, 1UL << ev->order);
	}
}

void slub_checks_begin(const struct mm_kernel *k, struct kernel_config *cfg, const void *fdt, size_t size)
{
	if (!sc.bc && (!(sc.bc = buddy_check_new()) || !(sc.w = kernel_watch_new())))
		abort();
	sc.booted = false;
	cfg->page_observer = (struct page_alloc_observer){ observe, NULL };
	if (oracle_level > ORACLE_OFF)
		kernel_watch_begin(sc.w, k, cfg, fdt, size);
}

static void check_lists(const struct mm_kernel *k)
{
	buddy_check_lists(sc.bc, sc.w, sc.blocks, model_pages_held(&sc.mp, k, sc.blocks, MAX_MODEL_BLOCKS));
	sc.listed = true;
}

void slub_checks_boot(const struct mm_kernel *k)
{
	sc.nr_events = 0;
	if (oracle_level == ORACLE_OFF)
		return;
	kernel_watch_end(sc.w);
	buddy_check_counters(k);
	buddy_check_boot_types(sc.bc, sc.w);
	model_pages_boot_types(&sc.mp, sc.bc, sc.w);
	check_lists(k);
	sc.booted = true;
}

void slub_checks_after(const struct mm_kernel *k, const struct slub_event *ev)
{
	sc.listed = false;
	if (oracle_level == ORACLE_OFF)
		return;
	buddy_check_counters(k);
	if (++sc.nr_events % SLUB_LIST_EVERY == 0)
		check_lists(k);
}

void slub_checks_end(const struct mm_kernel *k)
{
	if (oracle_level > ORACLE_OFF && !sc.listed)
		check_lists(k);
}
