/* See slub_checks.h. */
#include "slub_checks.h"

#include <stdlib.h>

#include "buddy_check.h"
#include "fuzz_target.h"
#include "oracle.h"
#include "slub_check.h"

static struct {
	struct slub_check *c;
	struct buddy_check *bc;
	unsigned long nr_events;
	bool mid_sweeps;		/* this input is on the mid-input sweep schedule */
	bool swept;			/* the full sweep ran on the current state */
} sc;

struct page_alloc_observer slub_checks_begin(const uint8_t *data, size_t size, unsigned int nr_cpus,
					     const char *cmdline)
{
	if (!sc.c && (!(sc.c = slub_check_new()) || !(sc.bc = buddy_check_new())))
		abort();
	sc.nr_events = 0;
	sc.mid_sweeps = fuzz_input_scheduled(data, size, SLUB_SWEEP_INPUTS, 3);
	return slub_check_begin(sc.c, &(struct slub_check_config){ .nr_cpus = nr_cpus, .cmdline = cmdline });
}

/* Every object's slub_debug metadata only on the scheduled sweeps: re-reading every red zone costs most. */
static void sweep(void)
{
	slub_check_sweep(sc.c, sc.bc, sc.mid_sweeps);
	sc.swept = true;
}

void slub_checks_boot(const struct mm_kernel *k)
{
	if (oracle_level == ORACLE_OFF)
		return;
	slub_check_booted(sc.c, k);
	buddy_check_counters(k);
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
	sc.swept = false;
	if (oracle_level == ORACLE_OFF)
		return;
	per_call(ev);
	buddy_check_counters(k);
	if (oracle_level >= ORACLE_FULL && sc.mid_sweeps && ++sc.nr_events % SLUB_SWEEP_EVERY == 0)
		sweep();
}

void slub_checks_end(const struct mm_kernel *k)
{
	(void)k;
	if (oracle_level >= ORACLE_FULL && !sc.swept)
		sweep();
}
