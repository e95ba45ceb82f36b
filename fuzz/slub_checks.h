/*
 * The checks the slub fuzz target runs around SLUB calls
 * (docs/fuzz-input-format.md, "slub target"): the boot under the oracle's
 * kernel watch; after it, the buddy oracle on every page block SLUB takes
 * or gives back (the page observer); at ORACLE_CHEAP and above, after
 * every call, the SLUB oracle's per-call checks (oracle/slub_check.h: the
 * object or cache the call touched, the slab it lives in and its cache's
 * lists, the reports) and the buddy oracle's counters; the buddy free-list
 * walk with the model's own pages held after the boot, every
 * SLUB_SWEEP_EVERY calls and at the end; at ORACLE_FULL the SLUB oracle's
 * full sweep (every slab recounted, every list walked, /proc/slabinfo
 * recomputed) at the end of every input, and on one input in
 * SLUB_SWEEP_INPUTS, chosen by fuzz_input_scheduled() (every input in
 * replay), also after the boot and every SLUB_SWEEP_EVERY calls, these
 * sweeps re-reading every object's slub_debug metadata.
 */
#ifndef FUZZ_SLUB_CHECKS_H
#define FUZZ_SLUB_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "slub_ops.h"

#define SLUB_SWEEP_EVERY 64
#define SLUB_SWEEP_INPUTS 8		/* one input in 8 gets the mid-input sweeps */

/* One SLUB call the harness made, as the checks after it see it. */
enum slub_event_kind {
	EV_CREATE,		/* s: the cache returned (NULL: refused) */
	EV_DESTROY,		/* s: the cache given to kmem_cache_destroy (maybe gone now) */
	EV_ALLOC,		/* kmem_cache_alloc(s, gfp) returned object (0: failed) */
	EV_KMALLOC,		/* kmalloc(size, gfp) returned object */
	EV_FREE,		/* kmem_cache_free(s, object) of a live object */
	EV_KFREE,		/* kfree(object) of a live object */
	EV_SHRINK,		/* kmem_cache_shrink(s) returned result */
	EV_SET_CPU,		/* slub_set_cpu(size) */
	EV_WRITE,		/* the holder wrote size bytes of its object */
	EV_KSIZE,		/* ksize(object) returned size */
	EV_WRONG_FREE,		/* a wrong free (double, mid-object, wrong cache) slub_debug must handle */
	EV_WRONG_WRITE,		/* a store into a free object or a red zone, hidden from ASan */
};

struct slub_event {
	enum slub_event_kind kind;
	struct kmem_cache *s;		/* the cache the call named (the object's, for kfree) */
	uint32_t object;		/* allocated, freed or written (0: the allocation failed) */
	size_t size;			/* requested or usable bytes; the CPU for EV_SET_CPU */
	gfp_t gfp;
	int result;			/* kmem_cache_shrink's, slub_set_cpu's or kmem_write*'s return */
	unsigned long reports;		/* slub_debug BUG reports and WARNs SLUB made during the call */
	/* EV_CREATE: the arguments */
	const char *name;
	unsigned int align;
	slab_flags_t flags;
	unsigned int ctor;
};

/*
 * Before mm_kernel_boot(k, fdt, fdt_size, &in->cfg): the page observer into
 * in->cfg and the oracle's watch of the boot (oracle/kernel_watch.h) unless
 * the oracle is off; the input's bytes choose its sweep schedule, its CPUs
 * and command line are what the SLUB oracle expects.
 */
void slub_checks_begin(const struct mm_kernel *k, struct slub_input *in, const void *fdt, size_t fdt_size,
		       const uint8_t *data, size_t size);
/* After a successful boot, before the first operation. */
void slub_checks_boot(const struct mm_kernel *k);
void slub_checks_after(const struct mm_kernel *k, const struct slub_event *ev);
/* The end of the input (not twice on one state). */
void slub_checks_end(const struct mm_kernel *k);

#endif
