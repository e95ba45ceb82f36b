/*
 * See slub_check.h: the caches (the boot's, kmem_cache_create with
 * merging, shrink, destroy) and the full sweep.  Objects are in
 * slub_objects.c, slabs and lists in slub_slab.c.
 */
#include "slub_shadow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory_model.h"
#include "oracle.h"

/* SLAB_FLAGS_PERMITTED and CACHE_CREATE_MASK of v6.1 mm/slab.h (no DEBUG_OBJECTS; TEMPORARY is RECLAIM_ACCOUNT) */
#define PERMITTED (SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_PANIC | \
		   SLAB_TYPESAFE_BY_RCU | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | \
		   SLAB_CONSISTENCY_CHECKS | SLAB_MEM_SPREAD | SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | \
		   SLAB_ACCOUNT | SLAB_NO_USER_FLAGS)
#define CREATE_MASK (PERMITTED & ~SLAB_MEM_SPREAD)
#define NEVER_MERGE (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | \
		     SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE)
#define MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT)

static struct shadow_cache *new_record(struct slub_check *c, const char *name)
{
	struct shadow_cache *sc;

	if (c->nr_caches == SHADOW_MAX_CACHES) {
		oracle_fail("slub oracle cache table", 0, SHADOW_MAX_CACHES, c->nr_caches,
			    "more caches than the oracle keeps (%s)", name);
		return NULL;
	}
	sc = &c->caches[c->nr_caches++];
	*sc = (struct shadow_cache){ .refcount = 1, .order = c->next_order++ };
	snprintf(sc->name, sizeof(sc->name), "%s", name);
	return sc;
}

static void check_field(const char *field, const struct shadow_cache *sc, uint64_t want, uint64_t got)
{
	if (want != got)
		oracle_fail("slub cache geometry", sc->s->va, want, got, "%s of %s", field, sc->name);
}

/* The cache's struct against the shadow's expectation. */
static void check_cache(const struct shadow_cache *sc)
{
	const struct kmem_cache *s = sc->s;
	const struct slub_geometry *g = &sc->g;
	gfp_t allocflags = (g->order ? __GFP_COMP : 0) | (g->flags & SLAB_CACHE_DMA ? __GFP_DMA : 0) |
			   (g->flags & SLAB_RECLAIM_ACCOUNT ? __GFP_RECLAIMABLE : 0);

	if (strcmp(s->name, sc->name))
		oracle_fail("slub cache name", s->va, 0, 1, "%s, expected %s", s->name, sc->name);
	check_field("object_size", sc, shadow_object_size(sc), s->object_size);
	check_field("size", sc, g->size, s->size);
	check_field("align", sc, g->align, s->align);
	check_field("inuse", sc, shadow_inuse(sc), s->inuse);
	check_field("offset", sc, g->offset, s->offset);
	check_field("red_left_pad", sc, g->red_left_pad, s->red_left_pad);
	check_field("oo", sc, (g->order << OO_SHIFT) | g->objects, s->oo.x);
	check_field("min", sc, (g->min_order << OO_SHIFT) | g->min_objects, s->min.x);
	check_field("min_partial", sc, g->min_partial, s->min_partial);
	check_field("cpu_partial", sc, g->cpu_partial, s->cpu_partial);
	check_field("cpu_partial_slabs", sc, g->cpu_partial_slabs, s->cpu_partial_slabs);
	check_field("flags", sc, g->flags | (sc->args.kmalloc ? SLAB_KMALLOC : 0), s->flags);
	check_field("allocflags", sc, allocflags, s->allocflags);
	check_field("refcount", sc, (uint64_t)(int64_t)sc->refcount, (uint64_t)(int64_t)s->refcount);
	check_field("ctor", sc, sc->args.ctor, s->ctor != 0);
}

/*
 * A cache's own objects: its struct in kmem_cache, its node in
 * kmem_cache_node, and (two objects or more per slab) its random sequence,
 * kcalloc'd with one unsigned int per object (init_cache_random_seq).
 */
static void add_cache_objects(struct slub_check *c, struct shadow_cache *sc)
{
	struct shadow_cache *kc = shadow_cache_of(c, c->k->slub.kmem_cache);
	struct shadow_cache *kn = shadow_cache_of(c, c->k->slub.kmem_cache_node);
	const struct kmem_cache *s = sc->s;

	if (!kc || !kn) {
		oracle_fail("slub boot caches", 0, 1, 0, "kmem_cache or kmem_cache_node unknown");
		return;
	}
	sc->own[0] = s->va;
	sc->own[1] = s->node[0]->va;
	sc->own[2] = s->random_seq;
	slub_check_new_object(c, kc, 0, GFP_KERNEL, s->va, OBJ_CACHE);
	slub_check_new_object(c, kn, 0, GFP_KERNEL, s->node[0]->va, OBJ_NODE);
	if ((sc->g.objects >= 2) != (s->random_seq != 0))
		oracle_fail("slub random_seq", s->va, sc->g.objects >= 2, s->random_seq != 0,
			    "%s: %u objects per slab", sc->name, sc->g.objects);
	else if (s->random_seq)
		slub_check_new_object(c, NULL, sc->g.objects * 4, GFP_KERNEL, s->random_seq, OBJ_RANDOM_SEQ);
}

/* refcount: create_boot_cache's -1, which create_kmalloc_cache sets to 1 except for the normal kind (memcg) */
static void boot_record(struct slub_check *c, const char *name, unsigned int size, slab_flags_t flags,
			bool kmalloc, int refcount)
{
	struct shadow_cache *sc = new_record(c, name);

	if (!sc)
		return;
	sc->args = (struct slub_geometry_args){
		.object_size = size,
		.flags = slub_debug_flags(&c->opts, name, flags),
		.boot_cache = true,
		.kmalloc = kmalloc,
		.nr_cpu_ids = c->cfg.nr_cpus,
		.params = &c->opts.params,
	};
	sc->refcount = refcount;
	sc->usersize = kmalloc;
	if (!slub_geometry(&sc->args, &sc->g))
		oracle_fail("slub boot cache geometry", 0, 1, 0, "%s cannot be laid out", name);
}

/*
 * kmem_cache_init's caches in the order they join slab_caches: kmem_cache
 * (offsetof(struct kmem_cache, node) + one node pointer: 140 bytes on
 * armmp) and kmem_cache_node (32) as bootstrap() copies them, then per
 * kind, normal, cgroup (Debian runs with cgroup kmem on), reclaimable,
 * DMA, the sizes 64, 128, 192, 256 … 8k.
 */
static void expect_boot_caches(struct slub_check *c)
{
	static const unsigned int sizes[] = { 64, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };
	static const gfp_t kind[NR_KMALLOC_TYPES] = {
		[KMALLOC_CGROUP] = __GFP_ACCOUNT, [KMALLOC_RECLAIM] = __GFP_RECLAIMABLE, [KMALLOC_DMA] = __GFP_DMA,
	};
	static const slab_flags_t flags[NR_KMALLOC_TYPES] = {
		[KMALLOC_CGROUP] = SLAB_ACCOUNT, [KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
		[KMALLOC_DMA] = SLAB_CACHE_DMA,
	};
	char name[KMEM_CACHE_NAME_MAX];

	boot_record(c, "kmem_cache", 140, SLAB_HWCACHE_ALIGN, false, -1);
	boot_record(c, "kmem_cache_node", 32, SLAB_HWCACHE_ALIGN, false, -1);
	for (int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			naive_kmalloc_name(sizes[i], kind[t], name, sizeof(name));
			boot_record(c, name, sizes[i], flags[t], true, t == KMALLOC_NORMAL ? -1 : 1);
			c->kmalloc[t][naive_kmalloc_index(sizes[i])] = &c->caches[c->nr_caches - 1];
		}
}

static const struct kmem_cache *listed_cache(const struct list_head *p)
{
	return (const struct kmem_cache *)((const char *)p - offsetof(struct kmem_cache, list));
}

/* The model's slab_caches, newest first, against the live shadow caches, newest first. */
static void check_cache_list(struct slub_check *c)
{
	const struct list_head *head = &c->k->slub.slab_caches, *p = head->next;
	unsigned long below = ~0UL;
	unsigned n = 0, live = 0;

	for (unsigned i = 0; i < c->nr_caches; i++)
		live += !c->caches[i].dead;
	for (; p != head && n <= live; p = p->next, n++) {
		const struct shadow_cache *sc = shadow_cache_of(c, listed_cache(p));

		if (!sc) {
			oracle_fail("slub cache list", listed_cache(p)->va, 0, 1, "%s is no cache the oracle expects",
				    listed_cache(p)->name);
			return;
		}
		if (sc->order > below)
			oracle_fail("slub cache list order", sc->s->va, 0, 1, "%s listed after an older cache",
				    sc->name);
		below = sc->order;
	}
	if (n != live)
		oracle_fail("slub cache list length", 0, live, n, "caches on slab_caches");
}

void slub_check_booted(struct slub_check *c, const struct mm_kernel *k)
{
	const struct list_head *head = &k->slub.slab_caches, *p;

	c->k = k;
	if (!model_pages_of(&c->mp, k)) {
		oracle_fail("slub boot takes slabs", 0, 1, 0, "the observer saw no page taken during the boot");
		return;
	}
	expect_boot_caches(c);
	/* slab_caches from its oldest entry holds the boot caches in the order the oracle expects them */
	p = head->prev;
	for (unsigned i = 0; i < c->nr_caches; i++, p = p->prev) {
		if (p == head || strcmp(c->caches[i].name, listed_cache(p)->name)) {
			oracle_fail("slub boot caches", 0, 1, 0, "slab_caches holds %s where %s belongs",
				    p == head ? "nothing" : listed_cache(p)->name, c->caches[i].name);
			return;
		}
		c->caches[i].s = listed_cache(p);
	}
	check_cache_list(c);
	if (k->slub.nr_cpu_ids != c->cfg.nr_cpus)
		oracle_fail("slub nr_cpu_ids", 0, c->cfg.nr_cpus, k->slub.nr_cpu_ids, "CPUs booted with");
	for (unsigned i = 0; i < c->nr_caches; i++)
		check_cache(&c->caches[i]);
	if (oracle_failures())
		return;
	c->booted = true;
	for (unsigned i = 0; i < c->nr_caches; i++)
		add_cache_objects(c, &c->caches[i]);
	slub_check_after_op(c, "the boot");
}

/* find_mergeable(): the oldest cache this request may share. */
static struct shadow_cache *mergeable(struct slub_check *c, const char *name, unsigned int size,
				      unsigned int align, slab_flags_t flags, bool ctor)
{
	struct slub_geometry_args a = { .object_size = size, .align = align, .flags = flags, .nr_cpu_ids = 1 };
	struct slub_geometry g;
	struct shadow_cache *best = NULL;

	if (ctor || c->opts.nomerge || !slub_geometry(&a, &g))
		return NULL;
	size = (((size + 3) & ~3u) + g.align - 1) / g.align * g.align;
	flags = slub_debug_flags(&c->opts, name, flags);
	if (flags & NEVER_MERGE)
		return NULL;
	for (unsigned i = 0; i < c->nr_caches; i++) {
		struct shadow_cache *t = &c->caches[i];

		if (t->dead || t->refcount < 0 || t->usersize || t->args.ctor || (t->g.flags & NEVER_MERGE))
			continue;
		if (size > t->g.size || (flags & MERGE_SAME) != (t->g.flags & MERGE_SAME) ||
		    t->g.size % g.align || t->g.size - size >= 4)
			continue;
		if (!best || t->order < best->order)
			best = t;
	}
	return best;
}

/*
 * kmem_cache_create(): refused for flags outside SLAB_FLAGS_PERMITTED or
 * a layout no order holds, merged into an existing cache when
 * find_mergeable() finds one, else a new cache with its own objects.
 */
void slub_check_create(struct slub_check *c, const char *name, unsigned int size, unsigned int align,
		       slab_flags_t flags, unsigned int ctor, const struct kmem_cache *s)
{
	struct shadow_cache *target = NULL, *sc;
	struct slub_geometry_args a = { .object_size = size, .align = align, .ctor = ctor != 0,
					.nr_cpu_ids = c->cfg.nr_cpus, .params = &c->opts.params };
	struct slub_geometry g;
	bool possible = size && !(flags & ~PERMITTED);

	if (!c->booted)
		return;
	flags &= CREATE_MASK;
	if (possible)
		target = mergeable(c, name, size, align, flags, ctor != 0);
	a.flags = slub_debug_flags(&c->opts, name, flags);
	possible = possible && (target || slub_geometry(&a, &g));
	if (!possible) {
		if (s)
			oracle_fail("slub kmem_cache_create refuses", s->va, 0, 1,
				    "%s: size %u align %u flags %#x cannot be created", name, size, align,
				    (unsigned)flags);
	} else if (!s) {
		slub_check_out_of_memory(c, "kmem_cache_create", 0);
	} else if (target) {
		if (s != target->s)
			oracle_fail("slub cache merging", s->va, target->s->va, s->va,
				    "%s (size %u) must merge into %s", name, size, target->name);
		target->refcount++;
		if (size > target->merged_size)
			target->merged_size = size;
		check_cache(target);
	} else if (shadow_cache_of(c, s)) {
		oracle_fail("slub cache merging", s->va, 0, s->va, "%s (size %u) merged into %s", name, size, s->name);
	} else if ((sc = new_record(c, name))) {
		sc->s = s;
		sc->args = a;
		sc->g = g;
		check_cache(sc);
		check_cache_list(c);
		add_cache_objects(c, sc);
	}
	slub_check_after_op(c, "kmem_cache_create");
	if (s)
		slub_check_touched_slab(c, s->va);
}

void slub_check_set_cpu(struct slub_check *c, unsigned int cpu, int ret)
{
	bool ok = cpu < c->cfg.nr_cpus;

	if (!c->booted)
		return;
	if ((ret == 0) != ok)
		oracle_fail("slub_set_cpu", cpu, ok, ret == 0, "CPU %u of %u", cpu, c->cfg.nr_cpus);
	if (ok && c->k->slub.cpu != cpu)
		oracle_fail("slub running cpu", cpu, cpu, c->k->slub.cpu, "after slub_set_cpu");
	slub_check_after_op(c, "slub_set_cpu");
}

/* __kmem_cache_shrink(): every CPU flushed, every empty slab given back; 0 when no slab is left. */
void slub_check_shrink(struct slub_check *c, const struct kmem_cache *s, int ret)
{
	struct shadow_cache *sc = shadow_cache_of(c, s);
	const struct kmem_cache_node *n;
	bool busy;

	if (!c->booted || !sc)
		return;
	n = s->node[0];
	busy = n->nr_partial || n->nr_slabs;
	if ((ret != 0) != busy)
		oracle_fail("slub shrink result", s->va, busy, (uint64_t)ret, "%s: %lu partial, %lu slabs", sc->name,
			    n->nr_partial, n->nr_slabs);
	slub_check_after_op(c, "kmem_cache_shrink");
	slub_check_cache_lists(c, sc, true);
}

/* Objects the harness still holds in the cache, or that a disabled slab keeps. */
static bool cache_busy(struct slub_check *c, const struct shadow_cache *sc)
{
	for (unsigned i = 0; i < c->nr_objs; i++)
		if (c->objs[i].c == sc && c->objs[i].kind == OBJ_USER)
			return true;
	for (unsigned i = 0; i < c->nr_marked; i++) {
		const struct model_page_block *b = model_pages_find(&c->mp, c->k, c->marked[i].pfn);

		if (b && slub_check_block_cache(c, b) == sc)
			return true;
	}
	return false;
}

/*
 * kmem_cache_destroy(): a merged cache only loses a reference; a cache
 * with objects left fails __kmem_cache_shutdown, which reports every
 * partial slab still in use ("Objects remaining ...") before the WARN and
 * keeps the cache (refcount 0); otherwise the cache, its node, its random
 * sequence and every slab are given back.
 */
void slub_check_destroyed(struct slub_check *c, const struct kmem_cache *s)
{
	struct shadow_cache *sc = c->booted ? shadow_cache_of(c, s) : NULL;

	if (!sc)
		return;
	if (--sc->refcount > 0) {
		check_cache(sc);
		slub_check_after_op(c, "kmem_cache_destroy of a merged cache");
		return;
	}
	if (cache_busy(c, sc)) {
		/* free_partial() gives back the empty slabs and reports the others; the WARN comes last */
		slub_check_given_back_reports(c);
		for (unsigned n = slub_check_partial_with_objects(c, sc); n; n--)
			slub_check_expect_bug(c, sc->name, "Objects remaining in %s on __kmem_cache_shutdown()",
					      sc->name);
		slub_check_expect_warn(c, "kmem_cache_destroy %s: Slab cache still has objects", sc->name);
		if (shadow_cache_given_up(c, sc))
			slub_check_expect_any(c, sc);
		check_cache(sc);
		check_cache_list(c);
		slub_check_after_op(c, "kmem_cache_destroy");
		slub_check_cache_lists(c, sc, true);
		return;
	}
	sc->dead = true;
	for (int i = 0; i < 3; i++) {
		struct shadow_obj *o = sc->own[i] ? shadow_obj_at(c, sc->own[i]) : NULL;

		if (o)
			shadow_obj_del(c, o);
	}
	for (size_t i = 0; i < c->mp.nr; i++) {
		const struct page *page = pfn_to_page(&c->k->memmap, c->mp.blocks[i].pfn);

		if (c->mp.blocks[i].who == PAGE_USER_SLAB && PageSlab(page) && page->slab_cache == s)
			oracle_fail("slub destroy gives back every slab", PFN_PHYS(c->mp.blocks[i].pfn), 0, 1,
				    "%s still holds an order-%u slab", sc->name, c->mp.blocks[i].order);
	}
	check_cache_list(c);
	slub_check_after_op(c, "kmem_cache_destroy");
	for (int i = 0; i < 3; i++)
		if (sc->own[i])
			slub_check_touched_slab(c, sc->own[i]);
}

void slub_check_sweep(struct slub_check *c, bool bytes)
{
	if (!c->booted)
		return;
	check_cache_list(c);
	for (unsigned i = 0; i < c->nr_caches; i++)
		if (!c->caches[i].dead)
			check_cache(&c->caches[i]);
	slub_check_census(c, bytes);
	slub_check_slabinfo(c);
}

const struct model_pages *slub_check_model_pages(const struct slub_check *c)
{
	return &c->mp;
}
