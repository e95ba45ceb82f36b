/*
 * SLUB's object and slab layer (Linux v6.1 mm/slub.c: freelist_ptr,
 * get/set_freepointer, alloc_slab_page, next_freelist_entry,
 * shuffle_freelist, setup_object, allocate_slab, new_slab, __free_slab,
 * discard_slab, __add_partial, remove_partial, add_full/remove_full,
 * alloc_single_from_partial, alloc_single_from_new_slab, acquire_slab,
 * get_partial_node, deactivate_slab, __unfreeze_partials,
 * put_cpu_partial, flush_slab, __flush_cpu_slab, flush_all, get_freelist,
 * ___slab_alloc, slab_alloc_node, free_to_partial_list, __slab_free,
 * do_slab_free, kmem_cache_alloc, kmem_cache_free, free_partial,
 * __kmem_cache_shutdown, __kmem_cache_do_shrink; mm/slab.h
 * slab_post_alloc_hook, cache_from_obj, virt_to_cache).
 *
 * The simulated CPUs run one at a time (slub.cpu), so the lockless
 * cmpxchg loops and the retries they guard always succeed at once; the
 * code keeps their effects, not the loops.  Departures:
 *  - one node, no pfmemalloc slabs (the page allocator never marks them),
 *    no memcg charging, no KASAN quarantine or KFENCE; SLAB_TYPESAFE_BY_RCU
 *    slabs are freed at once (layout only, no RCU grace period);
 *  - KASAN's object poisoning is done with ASan on the host pages: free
 *    objects, red zones and metadata are poisoned, an allocated object's
 *    requested bytes are not;
 *  - the hardened BUG_ON(object == fp) logs the oops and abandons the free
 *    instead of killing the task;
 *  - a cpu freelist longer than its slab (a cycle only a corrupted kernel
 *    has) is cut when the slab is deactivated, instead of looping forever;
 *  - a new slab whose host pages would pass the simulated RAM's cap is
 *    given back and the allocation fails ("model:" line).
 */
#include "slab_internal.h"

#include "bugs.h"
#include "highmem.h"
#include "mm_errno.h"
#include "page_alloc_internal.h"
#include "printk.h"

#define DEACTIVATE_TO_HEAD false
#define DEACTIVATE_TO_TAIL true

/* FREELIST_HARDENED: the stored link is ptr ^ s->random ^ swab(address of the link). */
static uint32_t freelist_ptr(const struct kmem_cache *s, uint32_t ptr, uint32_t ptr_addr)
{
	return ptr ^ s->random ^ __builtin_bswap32(ptr_addr);
}

static uint32_t freeptr_key_addr(const struct kmem_cache *s, uint32_t object)
{
	return mm_bug_on(MM_BUG_SLUB_HARDENED_WRONG_ADDR) ? object : object + s->offset;
}

uint32_t get_freepointer(const struct mm_kernel *k, const struct kmem_cache *s, uint32_t object)
{
	return freelist_ptr(s, kmem_raw_read32(k, object + s->offset), freeptr_key_addr(s, object));
}

bool set_freepointer(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, uint32_t fp)
{
	if (object == fp) {
		slab_bug_on(k, 419);
		return false;
	}
	kmem_raw_write32(k, object + s->offset, freelist_ptr(s, fp, freeptr_key_addr(s, object)));
	return true;
}

uint32_t slab_address(const struct mm_kernel *k, const struct page *slab)
{
	return page_address(k, slab);
}

unsigned int slab_order(const struct page *slab)
{
	return (slab->flags & (1u << PG_head)) ? slab->compound_order : 0;
}

struct page *virt_to_head_page(const struct mm_kernel *k, uint32_t x)
{
	const struct arm_layout *l = &k->setup->layout;
	struct page *page;

	if (x < l->page_offset || x >= l->high_memory)
		return NULL;
	page = pfn_page(k, (unsigned long)PFN_DOWN(layout_va_to_pa(l, x)));
	if (page && (page->compound_head & 1))
		page = pfn_page(k, page->compound_head >> 1);
	return page;
}

struct page *virt_to_slab(const struct mm_kernel *k, uint32_t x)
{
	struct page *page = virt_to_head_page(k, x);

	return page && PageSlab(page) ? page : NULL;
}

/* splitmix64: the seeded stand-in for the kernel's entropy (unsigned long is 32 bits). */
uint64_t get_random_long(struct mm_kernel *k)
{
	uint64_t z = (k->slub.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(z ^ (z >> 31));
}

static uint32_t prandom_u32_max(struct mm_kernel *k, uint32_t ep_ro)
{
	return (uint32_t)((get_random_long(k) * (uint64_t)ep_ro) >> 32);
}

static void tell_observer(const struct mm_kernel *k, enum page_alloc_event_kind kind, unsigned long pfn,
			  unsigned int order, gfp_t gfp, enum page_alloc_user who)
{
	const struct page_alloc_observer *o = &k->cfg.page_observer;

	if (o->fn)
		o->fn(o->ctx, k, &(struct page_alloc_event){ kind, pfn, order, gfp, who });
}

struct page *alloc_pages_for(struct mm_kernel *k, gfp_t gfp, unsigned int order, enum page_alloc_user who)
{
	struct page *page;

	tell_observer(k, PAGE_EV_BEFORE_ALLOC, 0, order, gfp, who);
	page = alloc_pages(k, gfp, order);
	if (page)
		tell_observer(k, PAGE_EV_ALLOC, page_pfn(k, page), order, gfp, who);
	return page;
}

void free_pages_for(struct mm_kernel *k, struct page *page, unsigned int order, enum page_alloc_user who)
{
	unsigned long pfn = page_pfn(k, page);

	__free_pages(k, page, order);
	tell_observer(k, PAGE_EV_FREE, pfn, order, 0, who);
}

void inc_slabs_node(struct kmem_cache *s, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s);

	/* NULL while kmem_cache_node's own first slab is being made (early_kmem_cache_node_alloc) */
	if (n) {
		n->nr_slabs++;
		n->total_objects += objects;
	}
}

static void dec_slabs_node(struct kmem_cache *s, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s);

	n->nr_slabs--;
	n->total_objects -= objects;
}

static struct page *alloc_slab_page(struct mm_kernel *k, gfp_t flags, struct kmem_cache_order_objects oo)
{
	unsigned int order = oo_order(oo);
	struct page *page = alloc_pages_for(k, flags, order, PAGE_USER_SLAB);

	if (!page)
		return NULL;
	if (kmem_materialise(k, page_pfn(k, page), 1UL << order) < 0) {
		mm_printk(k->log, "model: simulated RAM cap: no host pages for a new slab\n");
		free_pages_for(k, page, order, PAGE_USER_SLAB);
		return NULL;
	}
	page->flags |= 1u << PG_slab;
	return page;
}

static uint32_t next_freelist_entry(struct mm_kernel *k, const struct kmem_cache *s, unsigned long *pos,
				    uint32_t start, unsigned long page_limit, unsigned long freelist_count)
{
	uint32_t idx;

	/* a min-order slab holds fewer objects than the sequence covers: skip what lies past it */
	do {
		idx = kmem_raw_read32(k, s->random_seq + (uint32_t)(*pos * 4));
		if (++*pos >= freelist_count)
			*pos = 0;
	} while (idx >= page_limit);
	return start + idx;
}

/* The model's constructor writes its id into every byte of the object. */
static uint32_t setup_object(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object)
{
	setup_object_debug(k, s, object);
	if (s->ctor)
		kmem_raw_fill(k, object, (uint8_t)s->ctor, s->object_size);
	return object;
}

static bool shuffle_freelist(struct mm_kernel *k, const struct kmem_cache *s, struct page *slab)
{
	unsigned long freelist_count = oo_objects(s->oo), pos, page_limit;
	uint32_t start, cur, next;

	if (slab->objects < 2 || !s->random_seq)
		return false;
	pos = prandom_u32_max(k, (uint32_t)freelist_count);
	page_limit = (unsigned long)slab->objects * s->size;
	start = fixup_red_left(k, s, slab_address(k, slab));
	cur = setup_object(k, s, next_freelist_entry(k, s, &pos, start, page_limit, freelist_count));
	slab->freelist = cur;
	for (unsigned int idx = 1; idx < slab->objects; idx++) {
		next = setup_object(k, s, next_freelist_entry(k, s, &pos, start, page_limit, freelist_count));
		set_freepointer(k, s, cur, next);
		cur = next;
	}
	set_freepointer(k, s, cur, 0);
	return true;
}

static struct page *allocate_slab(struct mm_kernel *k, struct kmem_cache *s, gfp_t flags)
{
	struct kmem_cache_order_objects oo = s->oo;
	struct page *slab;
	gfp_t alloc_gfp;
	uint32_t start;

	flags &= k->slub.gfp_allowed_mask;
	flags |= s->allocflags;
	/* the preferred order may fail under pressure: then the minimum order, with the caller's flags */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(k, alloc_gfp, oo);
	if (!slab) {
		oo = s->min;
		slab = alloc_slab_page(k, flags, oo);
		if (!slab)
			return NULL;
	}
	slab->objects = oo_objects(oo);
	slab->inuse = 0;
	slab->frozen = 0;
	slab->slab_cache = s;
	start = slab_address(k, slab);
	kasan_poison_range(k, start, (size_t)(PAGE_SIZE << oo_order(oo)));
	setup_slab_debug(k, s, slab);
	if (!shuffle_freelist(k, s, slab)) {
		uint32_t p = setup_object(k, s, fixup_red_left(k, s, start));

		slab->freelist = p;
		for (unsigned int idx = 0; idx + 1 < slab->objects; idx++) {
			uint32_t next = setup_object(k, s, p + s->size);

			set_freepointer(k, s, p, next);
			p = next;
		}
		set_freepointer(k, s, p, 0);
	}
	return slab;
}

struct page *new_slab(struct mm_kernel *k, struct kmem_cache *s, gfp_t flags)
{
	if (flags & GFP_SLAB_BUG_MASK)
		flags = kmalloc_fix_flags(k, flags);
	if (s->ctor && (flags & __GFP_ZERO) && warn_once(k, WARN_ONCE_CTOR_ZERO))
		slab_warn(k, "mm/slub.c:2001", "new_slab", "%s", "");
	return allocate_slab(k, s, flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK));
}

static void __free_slab(struct mm_kernel *k, struct kmem_cache *s, struct page *slab)
{
	unsigned int order = slab_order(slab);

	if (kmem_cache_debug_flags(k, s, SLAB_CONSISTENCY_CHECKS)) {
		uint32_t addr = slab_address(k, slab);

		slab_pad_check(k, s, slab);
		for (uint32_t p = fixup_red_left(k, s, addr); p < addr + slab->objects * s->size; p += s->size)
			check_object(k, s, slab, p, SLUB_RED_INACTIVE);
	}
	slab->flags &= ~(1u << PG_slab);
	slab->slab_cache = NULL;
	slab->freelist = 0;
	free_pages_for(k, slab, order, PAGE_USER_SLAB);
}

static void discard_slab(struct mm_kernel *k, struct kmem_cache *s, struct page *slab)
{
	dec_slabs_node(s, slab->objects);
	__free_slab(k, s, slab);
}

void __add_partial(struct kmem_cache_node *n, struct page *slab, bool tail)
{
	n->nr_partial++;
	if (tail)
		list_add_tail(&slab->lru, &n->partial);
	else
		list_add(&slab->lru, &n->partial);
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->lru);
	n->nr_partial--;
}

/* Full slabs are tracked only for SLAB_STORE_USER caches (debugging). */
static void add_full(const struct kmem_cache *s, struct kmem_cache_node *n, struct page *slab)
{
	if (s->flags & SLAB_STORE_USER)
		list_add(&slab->lru, &n->full);
}

static void remove_full(const struct kmem_cache *s, struct page *slab)
{
	if (s->flags & SLAB_STORE_USER)
		list_del(&slab->lru);
}

/* A debug cache hands out one object at a time from a node-list slab, checking it. */
static uint32_t alloc_single_from_partial(struct mm_kernel *k, struct kmem_cache *s, struct kmem_cache_node *n,
					  struct page *slab, size_t orig_size)
{
	uint32_t object = slab->freelist;

	slab->freelist = get_freepointer(k, s, object);
	slab->inuse++;
	if (!alloc_debug_processing(k, s, slab, object, orig_size)) {
		if (PageSlab(slab))
			remove_partial(n, slab);
		return 0;
	}
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(s, n, slab);
	}
	return object;
}

static uint32_t alloc_single_from_new_slab(struct mm_kernel *k, struct kmem_cache *s, struct page *slab,
					   size_t orig_size)
{
	struct kmem_cache_node *n = get_node(s);
	uint32_t object = slab->freelist;

	slab->freelist = get_freepointer(k, s, object);
	slab->inuse = 1;
	if (!alloc_debug_processing(k, s, slab, object, orig_size))
		return 0;
	if (slab->inuse == slab->objects)
		add_full(s, n, slab);
	else
		__add_partial(n, slab, DEACTIVATE_TO_HEAD);
	inc_slabs_node(s, slab->objects);
	return object;
}

/* Take a slab off the node list and freeze it; mode: for the cpu slab (its freelist moves out). */
static uint32_t acquire_slab(struct kmem_cache_node *n, struct page *slab, bool mode)
{
	uint32_t freelist = slab->freelist;

	if (mode) {
		slab->inuse = slab->objects;
		slab->freelist = 0;
	}
	slab->frozen = 1;
	remove_partial(n, slab);
	return freelist;
}

static void put_cpu_partial(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, bool drain);

/*
 * The first node-list slab becomes the cpu slab (*slabp, its freelist
 * returned); with cpu partial lists, more follow it onto the cpu's
 * partial list until over half of cpu_partial_slabs were taken.  A debug
 * cache takes one checked object instead.
 */
static uint32_t get_partial_node(struct mm_kernel *k, struct kmem_cache *s, struct page **slabp,
				 size_t orig_size)
{
	struct kmem_cache_node *n = get_node(s);
	struct list_head *pos, *tmp;
	unsigned int partial_slabs = 0;
	uint32_t object = 0;

	if (!n->nr_partial)
		return 0;
	for (pos = n->partial.next, tmp = pos->next; pos != &n->partial; pos = tmp, tmp = pos->next) {
		struct page *slab = list_entry(pos, struct page, lru);

		if (kmem_cache_debug(k, s)) {
			object = alloc_single_from_partial(k, s, n, slab, orig_size);
			if (object)
				break;
			continue;
		}
		if (!object) {
			object = acquire_slab(n, slab, true);
			*slabp = slab;
		} else {
			acquire_slab(n, slab, false);
			put_cpu_partial(k, s, slab, false);
			partial_slabs++;
		}
		if (partial_slabs > s->cpu_partial_slabs / 2)
			break;
	}
	return object;
}

/* Bounded walk of a cpu freelist: its length, and its last object in *tail (0 when empty). */
static unsigned int cpu_freelist_length(const struct mm_kernel *k, const struct kmem_cache *s,
					const struct page *slab, uint32_t freelist, uint32_t *tail)
{
	unsigned int n = 0;

	*tail = 0;
	for (uint32_t p = freelist; p; p = get_freepointer(k, s, p)) {
		if (n == slab->objects) {
			mm_printk(k->log, "model: %s: a cpu freelist longer than its slab, cut\n", s->name);
			break;
		}
		*tail = p;
		n++;
	}
	return n;
}

/* Give the cpu slab back to its node: splice the cpu freelist in, unfreeze, list or free it. */
static void deactivate_slab(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t freelist)
{
	struct kmem_cache_node *n = get_node(s);
	bool tail = slab->freelist ? DEACTIVATE_TO_TAIL : DEACTIVATE_TO_HEAD;
	uint32_t freelist_tail;
	unsigned int free_delta = cpu_freelist_length(k, s, slab, freelist, &freelist_tail);

	if (freelist_tail) {
		slab->inuse -= free_delta;
		set_freepointer(k, s, freelist_tail, slab->freelist);
		slab->freelist = freelist;
	}
	slab->frozen = 0;
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard_slab(k, s, slab);
	else if (slab->freelist)
		__add_partial(n, slab, tail);
	else if (kmem_cache_debug_flags(k, s, SLAB_STORE_USER))
		add_full(s, n, slab);
}

static void __unfreeze_partials(struct mm_kernel *k, struct kmem_cache *s, struct page *partial_slab)
{
	struct kmem_cache_node *n = get_node(s);
	struct page *slab_to_discard = NULL;

	while (partial_slab) {
		struct page *slab = partial_slab;

		/* next shares its word with slab_list: read it before listing the slab */
		partial_slab = slab->next;
		slab->frozen = 0;
		if (!slab->inuse && n->nr_partial >= s->min_partial) {
			slab->next = slab_to_discard;
			slab_to_discard = slab;
		} else {
			__add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
	}
	while (slab_to_discard) {
		struct page *slab = slab_to_discard;

		slab_to_discard = slab->next;
		discard_slab(k, s, slab);
	}
}

static void unfreeze_partials_cpu(struct mm_kernel *k, struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *partial_slab = c->partial;

	c->partial = NULL;
	if (partial_slab)
		__unfreeze_partials(k, s, partial_slab);
}

/*
 * A slab just frozen (by a free, or taken from the node list) joins the
 * cpu partial list; with drain, a list already holding cpu_partial_slabs
 * goes to the node list first.
 */
static void put_cpu_partial(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, bool drain)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[k->slub.cpu];
	struct page *oldslab = c->partial, *slab_to_unfreeze = NULL;
	int slabs = 0;

	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			slab_to_unfreeze = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slab->slabs = slabs + 1;
	slab->next = oldslab;
	c->partial = slab;
	if (slab_to_unfreeze) {
		__unfreeze_partials(k, s, slab_to_unfreeze);
		if (mm_bug_on(MM_BUG_SLUB_CPU_PARTIAL_UNFREEZE_TWICE) && PageSlab(slab_to_unfreeze) &&
		    slab_to_unfreeze->slab_cache == s)
			__add_partial(get_node(s), slab_to_unfreeze, DEACTIVATE_TO_TAIL);
	}
}

static void flush_slab(struct mm_kernel *k, struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	uint32_t freelist = c->freelist;

	c->slab = NULL;
	c->freelist = 0;
	c->tid++;
	if (slab)
		deactivate_slab(k, s, slab, freelist);
}

void __flush_cpu_slab(struct mm_kernel *k, struct kmem_cache *s, unsigned int cpu)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

	flush_slab(k, s, c);
	unfreeze_partials_cpu(k, s, c);
}

/* flush_all(): every online CPU (all of nr_cpu_ids once booted) gives back its slabs. */
void flush_all(struct mm_kernel *k, struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < k->slub.nr_cpu_ids; cpu++)
		if (s->cpu_slab[cpu].slab || s->cpu_slab[cpu].partial)
			__flush_cpu_slab(k, s, cpu);
}

/* The cpu slab's own freelist moves to the cpu; an empty one leaves the slab unfrozen (off every list). */
static uint32_t get_freelist(struct page *slab)
{
	uint32_t freelist = slab->freelist;

	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = freelist != 0;
	return freelist;
}

static void slab_out_of_memory(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp)
{
	const struct kmem_cache_node *n = get_node(s);
	unsigned long nr_free = 0;
	char names[256];

	if (gfp & __GFP_NOWARN)
		return;
	for (const struct list_head *p = n->partial.next; p != &n->partial; p = p->next) {
		const struct page *slab = list_entry(p, struct page, lru);

		nr_free += slab->objects - slab->inuse;
	}
	mm_printk(k->log, "SLUB: Unable to allocate memory on node %d, gfp=%#x(%s)\n", -1, gfp,
		  gfp_flags_string(names, sizeof(names), gfp));
	mm_printk(k->log, "  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		  s->name, s->object_size, s->size, oo_order(s->oo), oo_order(s->min));
	if (oo_order(s->min) > get_order(s->object_size))
		mm_printk(k->log, "  %s debugging increased min order, use slub_debug=O to disable.\n", s->name);
	mm_printk(k->log, "  node %d: slabs: %ld, objs: %ld, free: %ld\n", 0, (long)n->nr_slabs,
		  (long)n->total_objects, (long)nr_free);
}

/*
 * The slow path: refill from the cpu slab's own freelist, then the cpu
 * partial list, then the node list, then a new slab.
 */
static uint32_t ___slab_alloc(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp, struct kmem_cache_cpu *c,
			      size_t orig_size, enum slab_caller addr)
{
	struct page *slab = c->slab;
	uint32_t freelist;

	if (!slab)
		goto new_slab;
redo:
	freelist = c->freelist;
	if (freelist)
		goto load_freelist;
	freelist = get_freelist(slab);
	if (!freelist) {
		c->slab = NULL;
		c->tid++;
		goto new_slab;
	}
load_freelist:
	c->freelist = get_freepointer(k, s, freelist);
	c->tid++;
	return freelist;

new_slab:
	if (c->partial) {
		slab = c->slab = c->partial;
		c->partial = slab->next;
		goto redo;
	}
new_objects:
	freelist = get_partial_node(k, s, &slab, orig_size);
	if (freelist) {
		if (kmem_cache_debug(k, s)) {
			if (s->flags & SLAB_STORE_USER)
				set_track(k, s, freelist, TRACK_ALLOC, addr);
			return freelist;
		}
		c->slab = slab;
		goto load_freelist;
	}
	slab = new_slab(k, s, gfp);
	if (!slab) {
		slab_out_of_memory(k, s, gfp);
		return 0;
	}
	if (kmem_cache_debug(k, s)) {
		freelist = alloc_single_from_new_slab(k, s, slab, orig_size);
		if (!freelist)
			goto new_objects;
		if (s->flags & SLAB_STORE_USER)
			set_track(k, s, freelist, TRACK_ALLOC, addr);
		return freelist;
	}
	freelist = slab->freelist;
	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	inc_slabs_node(s, slab->objects);
	c->slab = slab;
	goto load_freelist;
}

/* slab_want_init_on_alloc() with init_on_alloc on (Debian's INIT_ON_ALLOC_DEFAULT_ON). */
static bool slab_want_init_on_alloc(gfp_t gfp, const struct kmem_cache *s)
{
	if (s->ctor)
		return false;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
		return gfp & __GFP_ZERO;
	return true;
}

static uint32_t slab_alloc_node(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp, size_t orig_size,
				enum slab_caller addr)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[k->slub.cpu];
	uint32_t object = c->freelist;

	k->slub.jiffies++;
	if (!object || !c->slab) {
		object = ___slab_alloc(k, s, gfp, c, orig_size, addr);
	} else {
		c->freelist = get_freepointer(k, s, object);
		c->tid++;
	}
	if (!object)
		return 0;
	/* slab_post_alloc_hook(): KASAN hands out the requested bytes; init_on_alloc zeroes the object */
	if (slab_want_init_on_alloc(gfp, s))
		kmem_raw_fill(k, object, 0, s->object_size);
	kasan_unpoison_range(k, object, orig_size);
	return object;
}

uint32_t __kmem_cache_alloc_node(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp, size_t orig_size,
				 enum slab_caller caller)
{
	return slab_alloc_node(k, s, gfp, orig_size, caller);
}

uint32_t kmem_cache_alloc(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc_node(k, s, gfp, s->object_size, SLAB_CALLER_KMEM_CACHE_ALLOC);
}

/*
 * kasan_slab_free(): the whole slot, once the object is on a freelist (a
 * free the checks refused leaves a live object accessible, as KASAN's own
 * invalid-free detection does).
 */
static void kasan_slab_free(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object)
{
	kasan_poison_range(k, object - (kmem_cache_debug_flags(k, s, SLAB_RED_ZONE) ? s->red_left_pad : 0),
			   s->size);
}

/* A debug cache's free: checked, then straight onto the node lists. */
static void free_to_partial_list(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
				 enum slab_caller addr)
{
	struct kmem_cache_node *n = get_node(s);
	struct page *slab_free = NULL;

	if (free_debug_processing(k, s, slab, object, addr)) {
		uint32_t prior = slab->freelist;

		if (!set_freepointer(k, s, object, prior))
			return;
		kasan_slab_free(k, s, object);
		slab->inuse--;
		slab->freelist = object;
		/* empty with enough partial slabs on the node: goes, from whichever list it was on */
		if (slab->inuse == 0 && n->nr_partial >= s->min_partial)
			slab_free = slab;
		if (!prior) {
			remove_full(s, slab);
			if (!slab_free)
				__add_partial(n, slab, DEACTIVATE_TO_TAIL);
		} else if (slab_free) {
			remove_partial(n, slab);
		}
	}
	if (slab_free)
		discard_slab(k, s, slab_free);
}

/*
 * A free to a slab that is not this cpu's slab.  Caches that reach here
 * are not debug caches, so they have cpu partial lists: a full slab that
 * gets a free object is frozen onto the cpu partial list, an empty
 * unfrozen one leaves the node list when the node has min_partial others.
 */
static void __slab_free(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
			enum slab_caller addr)
{
	struct kmem_cache_node *n = get_node(s);
	uint32_t prior;
	bool was_frozen;

	if (kmem_cache_debug(k, s)) {
		free_to_partial_list(k, s, slab, object, addr);
		return;
	}
	prior = slab->freelist;
	if (!set_freepointer(k, s, object, prior))
		return;
	kasan_slab_free(k, s, object);
	was_frozen = slab->frozen;
	slab->inuse--;
	slab->freelist = object;
	if (was_frozen)
		return;
	if (!prior) {
		slab->frozen = 1;
		put_cpu_partial(k, s, slab, true);
		return;
	}
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		remove_partial(n, slab);
		discard_slab(k, s, slab);
	}
}

static void do_slab_free(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
			 enum slab_caller addr)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[k->slub.cpu];

	if (slab != c->slab) {
		__slab_free(k, s, slab, object, addr);
		return;
	}
	if (!set_freepointer(k, s, object, c->freelist))
		return;
	kasan_slab_free(k, s, object);
	c->freelist = object;
	c->tid++;
}

static void slab_free(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
		      enum slab_caller addr)
{
	k->slub.jiffies++;
	do_slab_free(k, s, slab, object, addr);
}

void __kmem_cache_free(struct mm_kernel *k, struct kmem_cache *s, uint32_t x, enum slab_caller caller)
{
	slab_free(k, s, virt_to_slab(k, x), x, caller);
}

/* virt_to_cache(): WARN_ONCE when x is not in a slab. */
static struct kmem_cache *virt_to_cache(struct mm_kernel *k, uint32_t x)
{
	struct page *slab = virt_to_slab(k, x);

	if (!slab) {
		if (warn_once(k, WARN_ONCE_NOT_SLAB))
			slab_warn(k, "mm/slab.h:630", "virt_to_cache", "%s: Object is not a Slab page!\n",
				  "virt_to_cache");
		return NULL;
	}
	return slab->slab_cache;
}

/* cache_from_obj() with FREELIST_HARDENED: the object's own cache wins, with a WARN. */
static struct kmem_cache *cache_from_obj(struct mm_kernel *k, struct kmem_cache *s, uint32_t x)
{
	struct kmem_cache *cachep = virt_to_cache(k, x);

	if (cachep && cachep != s) {
		slab_warn(k, "mm/slab.h:665", "kmem_cache_free",
			  "%s: Wrong slab cache. %s but object is from %s\n", "cache_from_obj", s->name,
			  cachep->name);
		print_tracking(k, cachep, x);
	}
	return cachep;
}

void kmem_cache_free(struct mm_kernel *k, struct kmem_cache *s, uint32_t x)
{
	s = cache_from_obj(k, s, x);
	if (s)
		slab_free(k, s, virt_to_slab(k, x), x, SLAB_CALLER_KMEM_CACHE_FREE);
}

int slub_set_cpu(struct mm_kernel *k, unsigned int cpu)
{
	if (cpu >= k->slub.nr_cpu_ids)
		return -MM_EINVAL;
	k->slub.cpu = cpu;
	return 0;
}

/* Shutdown: empty node-list slabs go; a slab with objects left is reported as the kernel does. */
static void free_partial(struct mm_kernel *k, struct kmem_cache *s, struct kmem_cache_node *n)
{
	struct list_head discard, *pos, *tmp;

	INIT_LIST_HEAD(&discard);
	for (pos = n->partial.next, tmp = pos->next; pos != &n->partial; pos = tmp, tmp = pos->next) {
		struct page *slab = list_entry(pos, struct page, lru);

		if (!slab->inuse) {
			remove_partial(n, slab);
			list_add(&slab->lru, &discard);
		} else {
			list_slab_objects(k, s, slab, "Objects remaining in %s on __kmem_cache_shutdown()");
		}
	}
	for (pos = discard.next, tmp = pos->next; pos != &discard; pos = tmp, tmp = pos->next) {
		list_del(pos);
		discard_slab(k, s, list_entry(pos, struct page, lru));
	}
}

int __kmem_cache_shutdown(struct mm_kernel *k, struct kmem_cache *s)
{
	struct kmem_cache_node *n = get_node(s);

	flush_all(k, s);
	free_partial(k, s, n);
	return n->nr_partial || n->nr_slabs;
}

#define SHRINK_PROMOTE_MAX 32

/*
 * kmem_cache_shrink(): flush every cpu, free the empty node-list slabs,
 * and reorder the rest so the fullest (fewest free objects) come first.
 */
int __kmem_cache_shrink(struct mm_kernel *k, struct kmem_cache *s)
{
	struct kmem_cache_node *n = get_node(s);
	struct list_head discard, promote[SHRINK_PROMOTE_MAX], *pos, *tmp;

	flush_all(k, s);
	INIT_LIST_HEAD(&discard);
	for (int i = 0; i < SHRINK_PROMOTE_MAX; i++)
		INIT_LIST_HEAD(&promote[i]);
	for (pos = n->partial.next, tmp = pos->next; pos != &n->partial; pos = tmp, tmp = pos->next) {
		struct page *slab = list_entry(pos, struct page, lru);
		unsigned int free = slab->objects - slab->inuse;

		if (free == slab->objects) {
			list_move(&slab->lru, &discard);
			n->nr_partial--;
			dec_slabs_node(s, slab->objects);
		} else if (free <= SHRINK_PROMOTE_MAX) {
			list_move(&slab->lru, &promote[free - 1]);
		}
	}
	/* promote[0] (one free object) ends up first */
	for (int i = SHRINK_PROMOTE_MAX - 1; i >= 0; i--)
		list_splice(&promote[i], &n->partial);
	for (pos = discard.next, tmp = pos->next; pos != &discard; pos = tmp, tmp = pos->next) {
		list_del(pos);
		__free_slab(k, s, list_entry(pos, struct page, lru));
	}
	return n->nr_slabs != 0;
}
