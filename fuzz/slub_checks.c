/* See slub_checks.h. */
#include "slub_checks.h"

#include <stdlib.h>

#include "buddy_check.h"
#include "model_pages.h"
#include "oracle.h"

#define MAX_MODEL_BLOCKS 4096

static struct {
	struct buddy_check *bc;
	struct model_pages mp;
	struct held_block blocks[MAX_MODEL_BLOCKS];
	unsigned long nr_events;
	bool listed;			/* the free lists were walked on the current state */
} sc;

struct page_alloc_observer slub_checks_observer(void)
{
	return model_pages_observer(&sc.mp);
}

static void check_lists(const struct mm_kernel *k)
{
	if (!sc.bc && !(sc.bc = buddy_check_new()))
		abort();
	buddy_check_lists(sc.bc, k, sc.blocks, model_pages_held(&sc.mp, k, sc.blocks, MAX_MODEL_BLOCKS));
	sc.listed = true;
}

void slub_checks_boot(const struct mm_kernel *k)
{
	sc.nr_events = 0;
	if (oracle_level == ORACLE_OFF)
		return;
	buddy_check_counters(k);
	check_lists(k);
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
