/*
 * A cache's geometry and opening (Linux v6.1 mm/slab_common.c
 * calculate_alignment; mm/slub.c calc_slab_order, calculate_order,
 * set_cpu_partial / slub_set_cpu_partial, calculate_sizes,
 * init_kmem_cache_node, early_kmem_cache_node_alloc, init_kmem_cache_nodes,
 * free_kmem_cache_nodes, alloc_kmem_cache_cpus, kmem_cache_open,
 * __kmem_cache_create, __kmem_cache_release; mm/slab.h slab_ksize).
 *
 * Object layout: the object, its right red zone or word padding up to
 * inuse, the free pointer when it cannot live inside the object, two
 * tracks and kmalloc's original size (SLAB_STORE_USER), a left red zone
 * before the object (SLAB_RED_ZONE), all aligned to s->align.
 *
 * Departures: num_present_cpus() is taken to be nr_cpu_ids (the kernel sees
 * 1 present CPU at kmem_cache_init, which then falls back to nr_cpu_ids,
 * and all of them once the secondaries are up); the per-cpu areas and the
 * kmem_cache_node object hold their fields on the host (the simulated
 * objects are allocated, zeroed and accounted, not written).
 */
#include "slab_internal.h"

#include "bugs.h"
#include "mm_errno.h"
#include "printk.h"

#define MIN_PARTIAL 5
#define MAX_PARTIAL 10

unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = SMP_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	if (align < ARCH_SLAB_MINALIGN)
		align = ARCH_SLAB_MINALIGN;
	return (align + 3) & ~3u;
}

/* The lowest order from which min_objects fit with at most 1/fract_leftover of the slab left over. */
static unsigned int calc_slab_order(const struct mm_kernel *k, unsigned int size, unsigned int min_objects,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int min_order = k->slub.slub_min_order, order = get_order((unsigned long)min_objects * size);

	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (order = order > min_order ? order : min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)(PAGE_SIZE << order);

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/*
 * Waste at most 1/16, then 1/8, then 1/4 of the slab with min_objects
 * objects, then one fewer object, ... up to slub_max_order; then one
 * object below it; then any order the buddy allocator has.  -1: none.
 */
static int calculate_order(const struct mm_kernel *k, unsigned int size)
{
	const struct slub *sl = &k->slub;
	unsigned int min_objects = sl->slub_min_objects, max_objects, order;

	if (!min_objects)
		min_objects = 4 * (fls32(sl->nr_cpu_ids) + 1);
	max_objects = order_objects(sl->slub_max_order, size);
	if (min_objects > max_objects)
		min_objects = max_objects;
	for (; min_objects > 1; min_objects--)
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
			order = calc_slab_order(k, size, min_objects, sl->slub_max_order, fraction);
			if (order <= sl->slub_max_order)
				return (int)order;
		}
	order = calc_slab_order(k, size, 1, sl->slub_max_order, 1);
	if (order <= sl->slub_max_order)
		return (int)order;
	order = calc_slab_order(k, size, 1, k->profile->max_order, 1);
	return order < k->profile->max_order ? (int)order : -1;
}

/* Objects kept on each cpu's partial list (a bigger object, fewer), as slabs assumed half full. */
static void set_cpu_partial(const struct mm_kernel *k, struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (kmem_cache_debug(k, s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = (nr_objects * 2 + oo_objects(s->oo) - 1) / oo_objects(s->oo);
}

static bool calculate_sizes(struct mm_kernel *k, struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = (s->object_size + 3) & ~3u;
	int order;

	/* a user that touches the object while free (RCU readers, a constructor's state) keeps it unpoisoned */
	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	/* a red zone needs at least a word after the object */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += 4;
	s->inuse = size;
	if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) || ((flags & SLAB_RED_ZONE) && s->object_size < 4) ||
	    s->ctor) {
		s->offset = size;
		if (!mm_bug_on(MM_BUG_SLUB_FREELIST_PAST_OBJECT))
			size += 4;
	} else {
		/* mid-object: away from small over- and underflows of the neighbours */
		s->offset = (s->object_size / 2) & ~3u;
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * TRACK_SIZE;
		if (flags & SLAB_KMALLOC)
			size += 4;
	}
	if (flags & SLAB_RED_ZONE) {
		size += 4;
		s->red_left_pad = (4 + s->align - 1) & ~(s->align - 1);
		size += s->red_left_pad;
	}
	size = (size + s->align - 1) & ~(s->align - 1);
	s->size = size;
	order = calculate_order(k, size);
	if (order < 0)
		return false;
	s->allocflags = 0;
	if (order)
		s->allocflags |= __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= __GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(get_order(size), size);
	return oo_objects(s->oo) != 0;
}

static void init_kmem_cache_node(struct kmem_cache_node *n, uint32_t va)
{
	n->nr_partial = 0;
	INIT_LIST_HEAD(&n->partial);
	n->nr_slabs = 0;
	n->total_objects = 0;
	INIT_LIST_HEAD(&n->full);
	n->va = va;
}

/*
 * kmem_cache_node's own node structure, before any cache can allocate
 * one: object 0 of its first slab, taken by hand; that slab goes on the
 * node list it describes.
 */
static int early_kmem_cache_node_alloc(struct mm_kernel *k)
{
	struct kmem_cache *kcn = k->slub.kmem_cache_node;
	struct page *slab = new_slab(k, kcn, GFP_NOWAIT);
	uint32_t n;

	if (!slab) {
		mm_printk(k->log, "Kernel panic - not syncing: model: no memory for kmem_cache_node's first slab\n");
		return -MM_EPANIC;
	}
	inc_slabs_node(kcn, slab->objects);
	n = slab->freelist;
	init_object(k, kcn, n, SLUB_RED_ACTIVE);
	init_tracking(k, kcn, n);
	kasan_unpoison_range(k, n, kcn->object_size);
	slab->freelist = get_freepointer(k, kcn, n);
	slab->inuse = 1;
	kcn->node[0] = &kcn->node_storage;
	init_kmem_cache_node(kcn->node[0], n);
	inc_slabs_node(kcn, slab->objects);
	__add_partial(kcn->node[0], slab, false);
	return 0;
}

static int init_kmem_cache_nodes(struct mm_kernel *k, struct kmem_cache *s)
{
	uint32_t n;

	if (k->slub.slab_state == DOWN)
		return early_kmem_cache_node_alloc(k);
	n = kmem_cache_alloc(k, k->slub.kmem_cache_node, GFP_KERNEL);
	if (!n)
		return -MM_ENOMEM;
	s->node[0] = &s->node_storage;
	init_kmem_cache_node(s->node[0], n);
	return 0;
}

void __kmem_cache_release(struct mm_kernel *k, struct kmem_cache *s)
{
	cache_random_seq_destroy(k, s);
	if (s->node[0]) {
		kmem_cache_free(k, k->slub.kmem_cache_node, s->node[0]->va);
		s->node[0] = NULL;
	}
}

/* kmem_cache_open(): the debug flags, a random key, the geometry, the node, the per-cpu tids. */
int __kmem_cache_create(struct mm_kernel *k, struct kmem_cache *s, slab_flags_t flags)
{
	int ret = -MM_EINVAL;

	s->flags = kmem_cache_flags(k, flags, s->name);
	s->random = (uint32_t)get_random_long(k);
	if (!calculate_sizes(k, s))
		goto error;
	/* slub_debug=O: no debug metadata where it would raise the minimum order */
	if (k->slub.disable_higher_order_debug && get_order(s->size) > get_order(s->object_size)) {
		s->flags &= ~DEBUG_METADATA_FLAGS;
		s->offset = 0;
		if (!calculate_sizes(k, s))
			goto error;
	}
	/* the bigger the object, the more partial slabs a node keeps (ilog2(size) / 2, in [5, 10]) */
	s->min_partial = (fls32(s->size) - 1) / 2;
	if (s->min_partial > MAX_PARTIAL)
		s->min_partial = MAX_PARTIAL;
	if (s->min_partial < MIN_PARTIAL)
		s->min_partial = MIN_PARTIAL;
	set_cpu_partial(k, s);
	if (k->slub.slab_state >= UP && init_cache_random_seq(k, s) < 0)
		goto error;
	ret = init_kmem_cache_nodes(k, s);
	if (ret < 0)
		goto error;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		s->cpu_slab[cpu] = (struct kmem_cache_cpu){ .tid = cpu };
	return 0;
error:
	__kmem_cache_release(k, s);
	return ret == -MM_EPANIC ? ret : -MM_EINVAL;
}

/* How much of an object a kmalloc caller may use: everything up to the metadata that follows it. */
unsigned int slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}
