/* See slub_checks.h. */
#include "slub_checks.h"

#include <stdlib.h>

#include "buddy_check.h"
#include "fuzz_target.h"
#include "kernel_watch.h"
#include "memory_model.h"
#include "model_pages.h"
#include "oracle.h"
#include "slub_check.h"

#define MAX_MODEL_BLOCKS 4096

static struct {
	struct buddy_check *bc;
	struct kernel_watch *w;
	struct slub_check *c;
	struct page_alloc_observer pages;	/* the SLUB oracle's, which follows the model's pages */
	struct held_block blocks[MAX_MODEL_BLOCKS];
	unsigned long nr_events;
	bool mid_sweeps;		/* this input is on the mid-input sweep schedule */
	bool listed;			/* the free lists were walked on the current state */
	bool swept;			/* the SLUB oracle's full sweep ran on the current state */
	bool booted;			/* the boot's expectations are set: SLUB's page traffic is checked live */
} sc;

static unsigned held_blocks(const struct mm_kernel *k)
{
	return model_pages_held(slub_check_model_pages(sc.c), k, sc.blocks, MAX_MODEL_BLOCKS);
}

/*
 * The page observer: after the boot, SLUB's page allocations and frees go
 * through the buddy oracle's checks as the harness's own would (the plan
 * before, the block after, the give-back); during it they are only
 * recorded (the oracle's expectations exist once the boot is over).
 */
static void observe(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev)
{
	bool live = sc.booted && oracle_level > ORACLE_OFF;

	(void)ctx;
	if (live && ev->kind == PAGE_EV_BEFORE_ALLOC)
		buddy_check_before_alloc(sc.bc, sc.w, ev->gfp, ev->order);
	if (live && ev->kind == PAGE_EV_ALLOC)
		buddy_check_alloc(sc.bc, sc.w, ev->gfp, ev->order, pfn_to_page(&k->memmap, ev->pfn), sc.blocks,
				  held_blocks(k));
	sc.pages.fn(sc.pages.ctx, k, ev);
	if (live && ev->kind == PAGE_EV_FREE) {
		buddy_check_counters(k);
		buddy_check_freed(sc.bc, sc.w, ev->pfn, 1UL << ev->order);
	}
}

void slub_checks_begin(const struct mm_kernel *k, struct slub_input *in, const void *fdt, size_t fdt_size,
		       const uint8_t *data, size_t size)
{
	if (!sc.bc && (!(sc.bc = buddy_check_new()) || !(sc.w = kernel_watch_new()) || !(sc.c = slub_check_new())))
		abort();
	sc.booted = false;
	sc.nr_events = 0;
	sc.mid_sweeps = fuzz_input_scheduled(data, size, SLUB_SWEEP_INPUTS, 3);
	sc.pages = slub_check_begin(sc.c, &(struct slub_check_config){ .nr_cpus = in->cfg.nr_cpus,
								      .cmdline = in->bootargs });
	in->cfg.page_observer = (struct page_alloc_observer){ observe, NULL };
	if (oracle_level > ORACLE_OFF)
		kernel_watch_begin(sc.w, k, &in->cfg, fdt, fdt_size);
}

static void check_lists(const struct mm_kernel *k)
{
	buddy_check_lists(sc.bc, sc.w, sc.blocks, held_blocks(k));
	sc.listed = true;
}

/* Every object's slub_debug metadata only on the scheduled sweeps: re-reading every red zone costs most. */
static void sweep(void)
{
	slub_check_sweep(sc.c, sc.mid_sweeps);
	sc.swept = true;
}

void slub_checks_boot(const struct mm_kernel *k)
{
	if (oracle_level == ORACLE_OFF)
		return;
	kernel_watch_end(sc.w);
	buddy_check_counters(k);
	buddy_check_boot_types(sc.bc, sc.w);
	model_pages_boot_types(slub_check_model_pages(sc.c), sc.bc, sc.w);
	check_lists(k);
	sc.booted = true;
	slub_check_booted(sc.c, k);
	if (oracle_level >= ORACLE_FULL && sc.mid_sweeps)
		sweep();
}

static void per_call(const struct slub_event *ev)
{
	switch (ev->kind) {
	case EV_CREATE:
		slub_check_create(sc.c, ev->name, (unsigned int)ev->size, ev->align, ev->flags, ev->ctor, ev->s);
		break;
	case EV_DESTROY:
		slub_check_destroyed(sc.c, ev->s);
		break;
	case EV_ALLOC:
		slub_check_alloc(sc.c, ev->s, ev->gfp, ev->object);
		break;
	case EV_KMALLOC:
		slub_check_kmalloc(sc.c, ev->size, ev->gfp, ev->object);
		break;
	case EV_FREE:
	case EV_WRONG_FREE:
		slub_check_freed(sc.c, ev->s, ev->object);
		break;
	case EV_KFREE:
		slub_check_freed(sc.c, NULL, ev->object);
		break;
	case EV_SHRINK:
		slub_check_shrink(sc.c, ev->s, ev->result);
		break;
	case EV_SET_CPU:
		slub_check_set_cpu(sc.c, (unsigned int)ev->size, ev->result);
		break;
	case EV_WRITE:
		slub_check_write(sc.c, ev->object, ev->size);
		break;
	case EV_KSIZE:
		slub_check_ksize(sc.c, ev->object, ev->size);
		break;
	case EV_WRONG_WRITE:
		slub_check_wrong_write(sc.c, ev->object, ev->size);
		break;
	}
}

void slub_checks_after(const struct mm_kernel *k, const struct slub_event *ev)
{
	sc.listed = sc.swept = false;
	if (oracle_level == ORACLE_OFF)
		return;
	per_call(ev);
	buddy_check_counters(k);
	if (++sc.nr_events % SLUB_SWEEP_EVERY)
		return;
	check_lists(k);
	if (oracle_level >= ORACLE_FULL && sc.mid_sweeps)
		sweep();
}

void slub_checks_end(const struct mm_kernel *k)
{
	if (oracle_level > ORACLE_OFF && !sc.listed)
		check_lists(k);
	if (oracle_level >= ORACLE_FULL && !sc.swept)
		sweep();
}
