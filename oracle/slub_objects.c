/*
 * See slub_check.h: objects handed out and given back, kmalloc's size
 * classes, ksize, and the reports the kernel must print for wrong frees
 * (v6.1 cache_from_obj, free_to_partial_list, free_debug_processing,
 * free_consistency_checks).
 */
#include "slub_shadow.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kmem_access.h"
#include "memory_model.h"
#include "mmzone.h"
#include "oracle.h"

unsigned int naive_kmalloc_index(size_t size)
{
	unsigned int i = 6;

	if (!size)
		return 0;
	if (size > 128 && size <= 192)
		return 2;
	while (((size_t)1 << i) < size)
		i++;
	return i;
}

/* kmalloc_type(): DMA before reclaimable before accounted. */
static enum kmalloc_cache_type naive_kmalloc_type(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return KMALLOC_DMA;
	if (gfp & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	if (gfp & __GFP_ACCOUNT)
		return KMALLOC_CGROUP;
	return KMALLOC_NORMAL;
}

void naive_kmalloc_name(size_t size, gfp_t gfp, char *buf, size_t len)
{
	static const char *const prefix[NR_KMALLOC_TYPES] = {
		[KMALLOC_NORMAL] = "kmalloc-", [KMALLOC_CGROUP] = "kmalloc-cg-",
		[KMALLOC_RECLAIM] = "kmalloc-rcl-", [KMALLOC_DMA] = "dma-kmalloc-",
	};
	unsigned int i = naive_kmalloc_index(size);
	unsigned long bytes = i == 2 ? 192 : 1UL << i;

	if (bytes >= 1024)
		snprintf(buf, len, "%s%luk", prefix[naive_kmalloc_type(gfp)], bytes / 1024);
	else
		snprintf(buf, len, "%s%lu", prefix[naive_kmalloc_type(gfp)], bytes);
}

struct shadow_cache *naive_kmalloc_cache(struct slub_check *c, size_t size, gfp_t gfp)
{
	return c->kmalloc[naive_kmalloc_type(gfp)][naive_kmalloc_index(size)];
}

static unsigned int get_order(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/*
 * slab_want_init_on_alloc() with INIT_ON_ALLOC_DEFAULT_ON: never with a
 * constructor, only on request with RCU or poisoning, else always.
 */
static bool init_on_alloc(const struct shadow_cache *sc, gfp_t gfp)
{
	if (sc->args.ctor)
		return false;
	if (sc->g.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
		return gfp & __GFP_ZERO;
	return true;
}

static void check_overlap(struct slub_check *c, uint32_t va, uint32_t len)
{
	unsigned i = shadow_obj_from(c, va);

	if (i < c->nr_objs && c->objs[i].va < va + len)
		oracle_fail("slub object overlaps a live object", va, c->objs[i].va + c->objs[i].len, va,
			    "%u bytes handed out over the live object at 0x%x (%u bytes)", len,
			    c->objs[i].va, c->objs[i].len);
}

/* kmalloc above KMALLOC_MAX_CACHE_SIZE: a compound block of get_order(size) straight from the buddy allocator. */
static void new_large(struct slub_check *c, size_t size, uint32_t va)
{
	unsigned long pfn = naive_va_to_pfn(c->k, va);
	unsigned int order = get_order(size);
	const struct model_page_block *b = pfn == ULONG_MAX ? NULL : model_pages_find(&c->mp, c->k, pfn);
	const struct page *head;
	uint32_t at = 0;

	if (!b || b->pfn != pfn || b->who != PAGE_USER_KMALLOC_LARGE || b->order != order || va & (PAGE_SIZE - 1)) {
		oracle_fail("slub large kmalloc is a block the observer saw", va, order, b ? b->order : ~0u,
			    "kmalloc(%zu): order expected vs seen", size);
		return;
	}
	head = pfn_to_page(&c->k->memmap, pfn);
	if (!(head->flags & (1u << PG_head)) || head->compound_order != order)
		oracle_fail("slub large kmalloc is a compound page", va, order, head->compound_order,
			    "kmalloc(%zu): head flags %#x", size, head->flags);
	for (unsigned long p = pfn + 1; p < pfn + (1UL << order); p++)
		if (pfn_to_page(&c->k->memmap, p)->compound_head != ((uint32_t)pfn << 1 | 1)) {
			oracle_fail("slub large kmalloc is a compound page", PFN_PHYS(p), (uint32_t)pfn << 1 | 1,
				    pfn_to_page(&c->k->memmap, p)->compound_head, "tail's compound_head");
			break;
		}
	/* zeroed by the page allocator (init_on_alloc): sampled, the head of every page and the tail */
	for (uint32_t p = 0; p <= size; p += PAGE_SIZE)
		if (!shadow_bytes_are(c, p < size ? va + p : va + (uint32_t)size - 64, 64, 0, &at)) {
			oracle_fail("slub init_on_alloc zeroes the object", at, 0, 1, "kmalloc(%zu)", size);
			break;
		}
	check_overlap(c, va, PAGE_SIZE << order);
	shadow_obj_add(c, va, PAGE_SIZE << order, NULL, OBJ_USER);
}

void slub_check_new_object(struct slub_check *c, struct shadow_cache *sc, size_t size, gfp_t gfp,
			   uint32_t va, enum shadow_kind kind)
{
	const struct model_page_block *b;
	struct shadow_cache *got;
	unsigned long pfn;
	uint32_t start, off, at = 0;

	if (!sc && size > KMALLOC_MAX_CACHE_SIZE) {
		new_large(c, size, va);
		return;
	}
	if (!sc)
		sc = naive_kmalloc_cache(c, size, gfp);
	pfn = naive_va_to_pfn(c->k, va);
	b = pfn == ULONG_MAX ? NULL : model_pages_find(&c->mp, c->k, pfn);
	if (!b || b->who != PAGE_USER_SLAB) {
		oracle_fail("slub object inside a slab the observer saw", va, 1, 0, "%s object", sc->name);
		return;
	}
	got = slub_check_block_cache(c, b);
	if (got != sc) {
		oracle_fail("slub object from the right cache", va, 0, 1, "%s expected (%zu bytes asked), slab of %s",
			    sc->name, size ? size : shadow_object_size(sc), got ? got->name : "no live cache");
		return;
	}
	start = naive_pfn_to_va(c->k, b->pfn) + sc->g.left;
	off = va - start;
	if (va < start || off % sc->g.size || off / sc->g.size >= naive_order_objects(b->order, sc->g.size)) {
		oracle_fail("slub object start", va, start + off / sc->g.size * sc->g.size, va,
			    "%s: size %u, left pad %u, order-%u slab at 0x%x", sc->name, sc->g.size,
			    sc->g.left, b->order, naive_pfn_to_va(c->k, b->pfn));
		return;
	}
	if (va % sc->g.align)
		oracle_fail("slub object alignment", va, sc->g.align, va % sc->g.align, "%s", sc->name);
	check_overlap(c, va, shadow_object_size(sc));
	if (kind == OBJ_USER && init_on_alloc(sc, gfp) && !shadow_bytes_are(c, va, shadow_object_size(sc), 0, &at))
		oracle_fail("slub init_on_alloc zeroes the object", at, 0, 1, "%s object 0x%x, gfp %#x",
			    sc->name, va, gfp);
	shadow_obj_add(c, va, shadow_object_size(sc), sc, kind);
}

static unsigned long list_length(const struct list_head *h)
{
	unsigned long n = 0;

	for (const struct list_head *l = h->next; l != h; l = l->next)
		n++;
	return n;
}

/*
 * A NULL result is legitimate only when the buddy allocator could refuse:
 * no free block of the order outside CMA pageblocks (SLUB's requests are
 * never movable) in a lowmem zone whose non-CMA free pages stay above
 * twice its high watermark (slabs and kmem_cache structs never come from
 * HighMem; this stays clear of every watermark and lowmem_reserve rule).
 */
void slub_check_out_of_memory(struct slub_check *c, const char *what, unsigned int order)
{
	for (int z = 0; z < ZONE_HIGHMEM; z++) {
		const struct zone *zn = &c->k->node.node_zones[z];
		unsigned long usable = 0, free = zn->nr_free_pages - zn->nr_free_cma_pages;

		for (unsigned int o = order; o < MAX_ORDER_LIMIT; o++)
			usable += zn->free_area[o].nr_free - list_length(&zn->free_area[o].free_list[MIGRATE_CMA]);
		if (usable && free > 2 * zn->_watermark[WMARK_HIGH] + (1UL << order) + 1024)
			oracle_fail("slub allocation fails only without memory", z, 1, 0,
				    "%s returned nothing with %lu free pages outside CMA in zone %s", what, free,
				    zn->name);
	}
}

void slub_check_alloc(struct slub_check *c, const struct kmem_cache *s, gfp_t gfp, uint32_t va)
{
	struct shadow_cache *sc = shadow_cache_of(c, s);

	if (!c->booted || !sc)
		return;
	if (sc->g.flags & NAIVE_SLAB_DEBUG_FLAGS)
		slub_check_alloc_debug(c, sc, va);
	/* new_slab(): a constructor and __GFP_ZERO do not go together, said once */
	if (sc->args.ctor && (gfp & __GFP_ZERO) && c->mp.nr_taken != c->taken && !c->warned_ctor_zero) {
		slub_check_expect_warn(c, "at mm/slub.c:2001 new_slab");
		c->warned_ctor_zero = true;
	}
	if (shadow_cache_given_up(c, sc))
		slub_check_expect_any(c, sc);
	if (!va)
		slub_check_out_of_memory(c, "kmem_cache_alloc", sc->g.order);
	else
		slub_check_new_object(c, sc, 0, gfp, va, OBJ_USER);
	slub_check_after_op(c, "kmem_cache_alloc");
	if (va)
		slub_check_touched_slab(c, va);
}

void slub_check_kmalloc(struct slub_check *c, size_t size, gfp_t gfp, uint32_t va)
{
	struct shadow_cache *sc = NULL;

	if (!c->booted)
		return;
	if (size && size <= KMALLOC_MAX_CACHE_SIZE) {
		sc = naive_kmalloc_cache(c, size, gfp);
		if (sc && (sc->g.flags & NAIVE_SLAB_DEBUG_FLAGS))
			slub_check_alloc_debug(c, sc, va);
		if (sc && shadow_cache_given_up(c, sc))
			slub_check_expect_any(c, sc);
	}
	if (!size) {
		if (va != ZERO_SIZE_PTR)
			oracle_fail("slub kmalloc(0) is ZERO_SIZE_PTR", va, ZERO_SIZE_PTR, va, "gfp %#x", gfp);
	} else if (!va) {
		slub_check_out_of_memory(c, "kmalloc", sc ? sc->g.order : get_order(size));
	} else {
		slub_check_new_object(c, NULL, size, gfp, va, OBJ_USER);
	}
	slub_check_after_op(c, "kmalloc");
	if (sc && va)
		slub_check_touched_slab(c, va);
}

/*
 * A free of something that is no live object of cache t: a slub_debug
 * cache refuses it with free_to_partial_list's or free_debug_processing's
 * report (check_slab, the in-use count, free_consistency_checks in that
 * order); any other cache would corrupt itself (as the kernel would), so
 * the harness must not do it.
 */
static void refused_free(struct slub_check *c, struct shadow_cache *t, const struct model_page_block *b,
			 uint32_t va, const struct shadow_obj *o)
{
	uint32_t first = naive_pfn_to_va(c->k, b->pfn) + t->g.left;
	bool checks = t->g.flags & SLAB_CONSISTENCY_CHECKS;
	enum slab_mark mark = shadow_slab_mark(c, b->pfn);

	if (!(t->g.flags & NAIVE_SLAB_DEBUG_FLAGS))
		oracle_fail("slub free of a live object", va, 1, 0, "not a live object of %s, no slub_debug to refuse it",
			    t->name);
	else if (mark == SLAB_GIVEN_UP)
		slub_check_expect_any(c, t);
	else if (checks && mark == SLAB_DISABLED)
		slub_check_expect_bug(c, t->name, "Slab disabled since SLUB metadata consistency check failed");
	else if (!shadow_live_in(c, b))
		slub_check_expect_bug(c, t->name, "Slab has 0 allocated objects but 1 are to be freed");
	else if (!checks)
		oracle_fail("slub free of a live object", va, 1, 0,
			    "not a live object of %s, no consistency checks to refuse it", t->name);
	else if (va < first || (va - first) % t->g.size)
		slub_check_expect_bug(c, t->name, "Invalid object pointer 0x");
	else if (o)
		oracle_fail("slub free of a live object", va, 1, 0, "%s's own bookkeeping object", t->name);
	else if (mark == SLAB_LOST) {
		/* on_freelist() runs into the overwritten link: Freechain corrupt, counts adjusted */
		slub_check_expect_any(c, t);
		shadow_mark_slab(c, b->pfn, SLAB_GIVEN_UP);
	} else
		slub_check_expect_bug(c, t->name, "Object already free");
}

/*
 * The free of live object o of cache t (slub_debug's checks in order):
 * refused by check_slab in a disabled slab; then on_freelist runs into a
 * lost freelist's link (reports the oracle cannot foresee, the slab given
 * up); then check_object refuses an object a wrong store left dirty (the
 * bytes restored); else the object goes back.
 */
static void live_free(struct slub_check *c, struct shadow_cache *t, const struct model_page_block *b,
		      struct shadow_obj *o)
{
	struct dirt *d = shadow_dirt_at(c, o->va);
	enum slab_mark mark = shadow_slab_mark(c, b->pfn);
	bool checks = t->g.flags & SLAB_CONSISTENCY_CHECKS, refused;

	if (checks && mark == SLAB_DISABLED) {
		slub_check_expect_bug(c, t->name, "Slab disabled since SLUB metadata consistency check failed");
		return;
	}
	if (mark == SLAB_GIVEN_UP || (checks && mark == SLAB_LOST)) {
		slub_check_expect_any(c, t);
		shadow_mark_slab(c, b->pfn, SLAB_GIVEN_UP);
	} else if (checks && d) {
		for (unsigned i = 0; i < d->nr; i++)
			slub_check_expect_bug(c, t->name, "%s", d->reports[i]);
	}
	refused = checks && d && d->fatal;
	if (d)
		shadow_dirt_del(c, d);
	if (!refused)
		shadow_obj_del(c, o);
}

/*
 * kmem_cache_free(s, va) or kfree(va) (s NULL) has happened; the shadow
 * still holds the state before it.  A live object goes back (after the
 * hardened cache_from_obj's WARN when s is not its cache: it goes back to
 * its own); anything else is refused (refused_free).  kmem_cache_free of
 * memory no slab holds only WARNs, once per boot (virt_to_cache).
 */
void slub_check_freed(struct slub_check *c, const struct kmem_cache *s, uint32_t va)
{
	struct shadow_cache *sc = s ? shadow_cache_of(c, s) : NULL, *t;
	const struct model_page_block *b = shadow_block_of(c, va);
	struct shadow_obj *o = shadow_obj_at(c, va);

	if (!c->booted || (s && !sc) || (!s && ZERO_OR_NULL_PTR(va)))
		return;
	if (o && o->kind == OBJ_USER && !o->c && !s) {
		shadow_obj_del(c, o);
		if (shadow_block_of(c, va))
			oracle_fail("slub large kfree gives the block back", va, 0, 1, "kfree");
		slub_check_after_op(c, "kfree");
		return;
	}
	t = o && o->c ? o->c : b && b->who == PAGE_USER_SLAB ? slub_check_block_cache(c, b) : NULL;
	if (!t) {
		if (!s)
			oracle_fail("slub free of a live object", va, 1, 0, "kfree of no object SLUB handed out");
		else if (!c->warned_not_slab) {
			slub_check_expect_warn(c, "virt_to_cache: Object is not a Slab page!");
			c->warned_not_slab = true;
		}
		slub_check_after_op(c, "kmem_cache_free");
		return;
	}
	if (sc && t != sc)
		slub_check_expect_warn(c, "cache_from_obj: Wrong slab cache. %s but object is from %s", sc->name,
				       t->name);
	if (o && o->kind == OBJ_USER && o->c == t) {
		if (b)
			live_free(c, t, b, o);
		else
			shadow_obj_del(c, o);	/* its slab went back with it */
	} else if (b)
		refused_free(c, t, b, va, o);
	else
		oracle_fail("slub object inside a slab the observer saw", va, 1, 0, "a live %s object", t->name);
	slub_check_after_op(c, s ? "kmem_cache_free" : "kfree");
	slub_check_touched_slab(c, va);
}

/* __ksize() of a live object: a large block's size, else slab_ksize() of the cache. */
static size_t naive_ksize(const struct shadow_obj *o)
{
	const struct shadow_cache *sc = o->c;

	if (!sc)
		return o->len;
	if (sc->g.flags & (SLAB_RED_ZONE | SLAB_POISON))
		return shadow_object_size(sc);
	if (sc->g.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return shadow_inuse(sc);
	return sc->g.size;
}

void slub_check_ksize(struct slub_check *c, uint32_t va, size_t ret)
{
	const struct shadow_obj *o = shadow_obj_at(c, va);
	size_t want = 0;

	if (!c->booted)
		return;
	if (va != ZERO_SIZE_PTR) {
		if (!o || o->kind != OBJ_USER) {
			oracle_fail("slub ksize of a live object", va, 1, 0, "the harness asked about no object");
			return;
		}
		want = naive_ksize(o);
	}
	if (ret != want)
		oracle_fail("slub ksize", va, want, ret, "%s", !o ? "ZERO_SIZE_PTR" : o->c ? o->c->name : "large kmalloc");
	slub_check_after_op(c, "ksize");
}

/* The holder writes its own object: live, and no more than ksize() allows. */
void slub_check_write(struct slub_check *c, uint32_t va, size_t len)
{
	const struct shadow_obj *o = shadow_obj_at(c, va);

	if (!c->booted)
		return;
	if (!o || o->kind != OBJ_USER)
		oracle_fail("slub write into a live object", va, 1, 0, "%zu bytes", len);
	else if (len > naive_ksize(o))
		oracle_fail("slub write within ksize", va, naive_ksize(o), len, "%s",
			    o->c ? o->c->name : "large kmalloc");
	else if (o->c)
		slub_debug_judge(c, va, len, false);
	slub_check_after_op(c, "a holder's write");
}
