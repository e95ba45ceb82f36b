/*
 * SLUB's boot (Linux v6.1 mm/slub.c kmem_cache_init, bootstrap,
 * init_freelist_randomization, setup_slub_min_order, setup_slub_max_order,
 * setup_slub_min_objects; mm/slab_common.c setup_slab_nomerge /
 * setup_slab_merge; init/main.c kernel_init_freeable's gfp_allowed_mask).
 *
 * kmem_cache_node and kmem_cache are first made in boot structures (the
 * kernel's __initdata statics), then each copies itself into an object of
 * kmem_cache and the boot structure is dropped.
 *
 * Departures: slub_min_order= values above MAX_ORDER - 1 are ignored (the
 * kernel would shift by them); slub_debug=U's early stack depot table is
 * not allocated from memblock, so the Memory: line does not show it.
 */
#include "slab_internal.h"

#include <string.h>

#include "mm_errno.h"
#include "page_alloc_internal.h"
#include "printk.h"

/* struct kmem_cache_node and offsetof(struct kmem_cache, node) + one node pointer on Debian's armhf build. */
#define KMEM_CACHE_NODE_SIZE 32u
#define KMEM_CACHE_SIZE 140u

void slub_setup(struct mm_kernel *k)
{
	const struct early_params *ep = &k->setup->boot->ep;
	struct slub *sl = &k->slub;

	memset(sl, 0, offsetof(struct slub, caches));
	INIT_LIST_HEAD(&sl->slab_caches);
	for (int i = SLUB_MAX_CACHES - 1; i >= 0; i--)
		kmem_cache_struct_put(k, &sl->caches[i]);
	sl->nr_cpu_ids = k->cfg.nr_cpus ? k->cfg.nr_cpus : 1;
	sl->rng = k->cfg.random_seed;
	sl->gfp_allowed_mask = GFP_BOOT_MASK;
	sl->slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
	sl->slab_nomerge = ep->slab_merge == 0;
	if (ep->slub_min_order >= 0 && ep->slub_min_order < (long)k->profile->max_order)
		sl->slub_min_order = (unsigned int)ep->slub_min_order;
	/* an unsigned int in the kernel: a negative value is huge, then capped */
	if (ep->slub_max_order != CMDLINE_NOT_GIVEN)
		sl->slub_max_order = (unsigned int)ep->slub_max_order < k->profile->max_order - 1
					     ? (unsigned int)ep->slub_max_order
					     : k->profile->max_order - 1;
	if (ep->slub_min_objects != CMDLINE_NOT_GIVEN)
		sl->slub_min_objects = (unsigned int)ep->slub_min_objects;
	for (int i = 0; i < ep->nr_slub_debug; i++)
		setup_slub_debug(k, ep->slub_debug[i]);
}

/* Move the node lists' heads from the boot structure into its copy. */
static void move_list(struct list_head *to, const struct list_head *from)
{
	if (list_empty(from)) {
		INIT_LIST_HEAD(to);
		return;
	}
	*to = *from;
	to->next->prev = to;
	to->prev->next = to;
}

/* The boot structure copied into a kmem_cache object; its slabs point at the copy. */
static struct kmem_cache *bootstrap(struct mm_kernel *k, struct kmem_cache *static_cache)
{
	uint32_t va = kmem_cache_alloc(k, k->slub.kmem_cache, GFP_NOWAIT | __GFP_ZERO);
	struct kmem_cache *s = va ? kmem_cache_struct_new(k, static_cache->name) : NULL;
	struct kmem_cache_node *n;

	if (!s)
		return NULL;
	*s = *static_cache;
	s->va = va;
	s->name = s->name_storage;
	n = s->node[0] = &s->node_storage;
	move_list(&n->partial, &static_cache->node_storage.partial);
	move_list(&n->full, &static_cache->node_storage.full);
	__flush_cpu_slab(k, s, k->slub.cpu);
	for (struct list_head *p = n->partial.next; p != &n->partial; p = p->next)
		list_entry(p, struct page, lru)->slab_cache = s;
	for (struct list_head *p = n->full.next; p != &n->full; p = p->next)
		list_entry(p, struct page, lru)->slab_cache = s;
	list_add(&s->list, &k->slub.slab_caches);
	kmem_cache_struct_put(k, static_cache);
	return s;
}

int kmem_cache_init(struct mm_kernel *k)
{
	struct slub *sl = &k->slub;
	struct kmem_cache *boot_kmem_cache = kmem_cache_struct_new(k, "kmem_cache");
	struct kmem_cache *boot_kmem_cache_node = kmem_cache_struct_new(k, "kmem_cache_node");
	int ret;

	sl->kmem_cache_node = boot_kmem_cache_node;
	sl->kmem_cache = boot_kmem_cache;
	ret = create_boot_cache(k, sl->kmem_cache_node, KMEM_CACHE_NODE_SIZE, SLAB_HWCACHE_ALIGN, 0);
	if (ret < 0)
		return ret;
	sl->slab_state = PARTIAL;
	ret = create_boot_cache(k, sl->kmem_cache, KMEM_CACHE_SIZE, SLAB_HWCACHE_ALIGN, 0);
	if (ret < 0)
		return ret;
	sl->kmem_cache = bootstrap(k, boot_kmem_cache);
	sl->kmem_cache_node = sl->kmem_cache ? bootstrap(k, boot_kmem_cache_node) : NULL;
	if (!sl->kmem_cache_node) {
		mm_printk(k->log, "Kernel panic - not syncing: model: no memory to bootstrap kmem_cache\n");
		return -MM_EPANIC;
	}
	ret = create_kmalloc_caches(k);
	if (ret < 0)
		return ret;
	for (struct list_head *p = sl->slab_caches.next; p != &sl->slab_caches; p = p->next)
		init_cache_random_seq(k, list_entry(p, struct kmem_cache, list));
	mm_printk(k->log, "SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%u\n", SMP_CACHE_BYTES,
		  sl->slub_min_order, sl->slub_max_order, sl->slub_min_objects, sl->nr_cpu_ids, 1);
	return 0;
}

void slub_boot_done(struct mm_kernel *k)
{
	k->slub.gfp_allowed_mask = __GFP_BITS_MASK;
}
