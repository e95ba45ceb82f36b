/*
 * Naive oracle of SLUB (Linux v6.1 mm/slub.c, mm/slab_common.c; shared
 * doc §10), kept from the allocation calls alone: the harness reports each
 * call and its result, the page-allocator observer reports the pages SLUB
 * takes and gives back, and the oracle keeps its own shadow of caches,
 * live objects and page blocks, against which it reads the model's state.
 *
 * Cheap checks, after every call (slub_check_create … slub_check_wrong_write):
 *  - geometry of a new cache recomputed from its arguments (slub_geometry.h),
 *    merging into an existing cache predicted as find_mergeable() would;
 *  - a returned object: aligned as the cache promises, the start of an
 *    object wholly inside one slab of the right cache (a slab the observer
 *    saw allocated), overlapping no live object; kmalloc's from the size
 *    class and kind a naive kmalloc_index/kmalloc_type give; zeroed when
 *    init_on_alloc applies; a large kmalloc a zeroed compound block of
 *    get_order(size) the observer saw;
 *  - a free: of a live object, or else the kernel's report in the kernel's
 *    words (slub_debug's consistency checks, the hardened cache_from_obj);
 *  - stores into slub_debug caches: what check_object will report about
 *    the objects they touched, expected when SLUB next looks at them;
 *  - the touched slab recounted from simulated memory: both freelists
 *    decoded with the hardened rule, in-use count, object count, frozen
 *    state against where the slab sits (a CPU's slab or partial list, the
 *    node's partial or full list), free objects exactly the ones not live,
 *    the touched object's slub_debug metadata; its cache's lists;
 *  - the reports and taint of the call; the blocks SLUB gave back free on
 *    the buddy lists again; Σ nr_slabs against the observer's slabs;
 *  - after shrink: no per-CPU slab, no empty slab on the node list; after a
 *    destroy: the cache gone with every slab given back (or kept, with the
 *    kernel's "Objects remaining" reports, when objects were left).
 * Full sweep (slub_check_sweep): every slab of every cache recounted,
 * every cache's lists walked, the caches' slabs equal the observer's
 * blocks, /proc/slabinfo recomputed from the shadow, and optionally every
 * object's slub_debug metadata.  The buddy allocator's side (every block
 * SLUB gives back free again, the free lists with SLUB's blocks held) is
 * the buddy oracle's, run by the harness (fuzz/slub_checks.c) on
 * slub_check_model_pages().
 */
#ifndef ORACLE_SLUB_CHECK_H
#define ORACLE_SLUB_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "model_pages.h"
#include "page_alloc.h"
#include "slab.h"

/* What the harness booted with. */
struct slub_check_config {
	unsigned int nr_cpus;		/* nr_cpu_ids, 1..NR_CPUS (0 means 1) */
	const char *cmdline;		/* the kernel command line: slub_debug=, slub_max_order=, ... */
};

struct slub_check;

struct slub_check *slub_check_new(void);
void slub_check_free(struct slub_check *c);

/*
 * Before a boot: forget everything, and the observer to install in
 * kernel_config.page_observer (SLUB allocates while the kernel boots).
 */
struct page_alloc_observer slub_check_begin(struct slub_check *c, const struct slub_check_config *cfg);
/* After mm_kernel_boot: learns kmem_cache, kmem_cache_node and the kmalloc caches, and checks them. */
void slub_check_booted(struct slub_check *c, const struct mm_kernel *k);

/* After each call, with its arguments and result. */
void slub_check_create(struct slub_check *c, const char *name, unsigned int size,
		       unsigned int align, slab_flags_t flags, unsigned int ctor,
		       const struct kmem_cache *s);
void slub_check_alloc(struct slub_check *c, const struct kmem_cache *s, gfp_t gfp, uint32_t va);
void slub_check_kmalloc(struct slub_check *c, size_t size, gfp_t gfp, uint32_t va);
/* After kmem_cache_free(s, va), or kfree(va) with s NULL: right or deliberately wrong. */
void slub_check_freed(struct slub_check *c, const struct kmem_cache *s, uint32_t va);
void slub_check_ksize(struct slub_check *c, uint32_t va, size_t ret);
/* The holder wrote len bytes of its object. */
void slub_check_write(struct slub_check *c, uint32_t va, size_t len);
/* A deliberately wrong store of len bytes, hidden from ASan (into a red zone, a free object). */
void slub_check_wrong_write(struct slub_check *c, uint32_t va, size_t len);
void slub_check_shrink(struct slub_check *c, const struct kmem_cache *s, int ret);
void slub_check_destroyed(struct slub_check *c, const struct kmem_cache *s);
void slub_check_set_cpu(struct slub_check *c, unsigned int cpu, int ret);

/* Everything; with bytes, slub_debug's metadata of every object too. */
void slub_check_sweep(struct slub_check *c, bool bytes);

/*
 * The pages the model took for itself, as the observer reported them: the
 * held set for the buddy oracle (whose live checks of SLUB's page traffic
 * and free-list walks the harness runs, with its kernel watch).
 */
const struct model_pages *slub_check_model_pages(const struct slub_check *c);

/* The v6.1 kmalloc size class of a request (kmalloc_index), written from the table. */
unsigned int naive_kmalloc_index(size_t size);
/* The name of the cache kmalloc(size, gfp) must use, e.g. "kmalloc-rcl-192". */
void naive_kmalloc_name(size_t size, gfp_t gfp, char *buf, size_t len);

#endif
