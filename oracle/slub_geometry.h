/*
 * Naive oracle of a SLUB cache's geometry (Linux v6.1 mm/slub.c
 * calculate_sizes, calculate_order, kmem_cache_open's min_partial and
 * set_cpu_partial; mm/slab_common.c calculate_alignment and
 * create_boot_cache), recomputed from the creation arguments alone, as the
 * Debian armmp build has it: 4-byte pointers, a 20-byte struct track
 * (STACKDEPOT), 64-byte cache lines and ARCH_KMALLOC_MINALIGN, an 8-byte
 * ARCH_SLAB_MINALIGN, slub_max_order 3, MAX_ORDER 12, CPU_PARTIAL.
 * tests/test_oracle_slub.c pins it against the real kernel's /proc/slabinfo.
 */
#ifndef ORACLE_SLUB_GEOMETRY_H
#define ORACLE_SLUB_GEOMETRY_H

#include <stdbool.h>

#include "slab.h"

/* SLUB's boot parameters (slub_max_order=, slub_min_objects=, slub_debug's O). */
struct slub_params {
	unsigned int max_order;		/* default PAGE_ALLOC_COSTLY_ORDER, 3 */
	unsigned int min_objects;	/* 0: from the CPU count */
	bool disable_higher_order_debug;
};

/* What kmem_cache_create (or the boot path) was asked for. */
struct slub_geometry_args {
	unsigned int object_size;
	unsigned int align;		/* requested; 0 for none */
	slab_flags_t flags;		/* after kmem_cache_flags: slub_debug's flags included */
	bool ctor;
	bool boot_cache;		/* create_boot_cache: kmalloc-*, kmem_cache, kmem_cache_node */
	bool kmalloc;			/* SLAB_KMALLOC: STORE_USER also keeps the request size */
	unsigned int nr_cpu_ids;
	const struct slub_params *params;	/* NULL: the defaults */
};

struct slub_geometry {
	slab_flags_t flags;
	unsigned int object_size, size, align, inuse, offset;
	unsigned int red_left_pad;	/* the field; kept from the first layout when O dropped the red zone */
	unsigned int left;		/* fixup_red_left(): the object's offset in its slot */
	unsigned int order, objects;	/* s->oo */
	unsigned int min_order, min_objects;	/* s->min */
	unsigned long min_partial;
	unsigned int cpu_partial, cpu_partial_slabs;
};

/* The debug flags that take a cache off the fast paths and its per-CPU partial list. */
#define NAIVE_SLAB_DEBUG_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_CONSISTENCY_CHECKS | SLAB_TRACE)

/*
 * false when no slab order up to MAX_ORDER - 1 holds one object
 * (kmem_cache_open fails).  g->flags: the flags the cache ends with (O may
 * drop the metadata flags; __OBJECT_POISON added).
 */
bool slub_geometry(const struct slub_geometry_args *a, struct slub_geometry *g);

/* The objects of an order-`order` slab of `size`-byte objects. */
unsigned int naive_order_objects(unsigned int order, unsigned int size);

#endif
