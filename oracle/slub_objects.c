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

static struct shadow_cache *cache_named(struct slub_check *c, const char *name)
{
	for (unsigned i = 0; i < c->nr_caches; i++)
		if (!c->caches[i].dead && !strcmp(c->caches[i].name, name))
			return &c->caches[i];
	return NULL;
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
	if (sc->args.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
		return gfp & __GFP_ZERO;
	return true;
}

static bool zeroed(struct slub_check *c, uint32_t va, uint32_t len, uint32_t *at)
{
	uint8_t buf[256];

	for (uint32_t done = 0; done < len; done += sizeof(buf)) {
		uint32_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (kmem_peek(c->k, va + done, buf, n))
			return false;
		for (uint32_t i = 0; i < n; i++)
			if (buf[i]) {
				*at = va + done + i;
				return false;
			}
	}
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
	const struct shadow_block *b = pfn == ULONG_MAX ? NULL : shadow_block_at(c, pfn);
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
	if (!zeroed(c, va, (uint32_t)size, &at))
		oracle_fail("slub init_on_alloc zeroes the object", at, 0, 1, "kmalloc(%zu)", size);
	check_overlap(c, va, PAGE_SIZE << order);
	shadow_obj_add(c, va, PAGE_SIZE << order, NULL, OBJ_USER);
}

void slub_check_new_object(struct slub_check *c, struct shadow_cache *sc, size_t size, gfp_t gfp,
			   uint32_t va, enum shadow_kind kind)
{
	char name[KMEM_CACHE_NAME_MAX];
	const struct shadow_block *b;
	struct shadow_cache *got;
	unsigned long pfn;
	uint32_t start, off, at = 0;

	if (!sc && size > KMALLOC_MAX_CACHE_SIZE) {
		new_large(c, size, va);
		return;
	}
	if (!sc) {
		naive_kmalloc_name(size, gfp, name, sizeof(name));
		sc = cache_named(c, name);
		if (!sc) {
			oracle_fail("slub kmalloc cache exists", va, 1, 0, "no %s for %zu bytes", name, size);
			return;
		}
	}
	pfn = naive_va_to_pfn(c->k, va);
	b = pfn == ULONG_MAX ? NULL : shadow_block_at(c, pfn);
	if (!b || b->who != PAGE_USER_SLAB) {
		oracle_fail("slub object inside a slab the observer saw", va, 1, 0, "%s object", sc->name);
		return;
	}
	got = slub_check_block_cache(c, b);
	if (got != sc) {
		oracle_fail("slub object from the right cache", va, 0, 1, "%s expected, slab of %s%s%s",
			    sc->name, got ? got->name : "no live cache", size ? ", request of " : "",
			    size ? "bytes" : "");
		return;
	}
	start = naive_pfn_to_va(c->k, b->pfn) + sc->g.red_left_pad;
	off = va - start;
	if (va < start || off % sc->g.size || off / sc->g.size >= naive_order_objects(b->order, sc->g.size)) {
		oracle_fail("slub object start", va, start + off / sc->g.size * sc->g.size, va,
			    "%s: size %u, left pad %u, order-%u slab at 0x%x", sc->name, sc->g.size,
			    sc->g.red_left_pad, b->order, naive_pfn_to_va(c->k, b->pfn));
		return;
	}
	if (va % sc->g.align)
		oracle_fail("slub object alignment", va, sc->g.align, va % sc->g.align, "%s", sc->name);
	check_overlap(c, va, shadow_object_size(sc));
	if (kind == OBJ_USER && init_on_alloc(sc, gfp) && !zeroed(c, va, shadow_object_size(sc), &at))
		oracle_fail("slub init_on_alloc zeroes the object", at, 0, 1, "%s object 0x%x, gfp %#x",
			    sc->name, va, gfp);
	shadow_obj_add(c, va, shadow_object_size(sc), sc, kind);
}

/*
 * A NULL result is legitimate only when the buddy allocator could refuse:
 * no free block of the order in a lowmem zone with free pages above twice
 * its high watermark (slabs and kmem_cache structs never come from
 * HighMem; this stays clear of every watermark and lowmem_reserve rule).
 */
void slub_check_out_of_memory(struct slub_check *c, const char *what, unsigned int order)
{
	for (int z = 0; z < ZONE_HIGHMEM; z++) {
		const struct zone *zn = &c->k->node.node_zones[z];
		unsigned long bigger = 0;

		for (unsigned int o = order; o < MAX_ORDER_LIMIT; o++)
			bigger += zn->free_area[o].nr_free;
		if (bigger && zn->nr_free_pages > 2 * zn->_watermark[WMARK_HIGH] + (1UL << order) + 1024)
			oracle_fail("slub allocation fails only without memory", z, 1, 0,
				    "%s returned nothing with %lu free pages in zone %s", what, zn->nr_free_pages,
				    zn->name);
	}
}

void slub_check_alloc(struct slub_check *c, const struct kmem_cache *s, gfp_t gfp, uint32_t va)
{
	struct shadow_cache *sc = shadow_cache_of(c, s);

	if (!c->booted || !sc)
		return;
	if (!va)
		slub_check_out_of_memory(c, "kmem_cache_alloc", sc->g.order);
	else {
		slub_check_new_object(c, sc, 0, gfp, va, OBJ_USER);
		slub_check_touched_slab(c, va);
	}
	slub_check_after_op(c, "kmem_cache_alloc");
}

void slub_check_kmalloc(struct slub_check *c, size_t size, gfp_t gfp, uint32_t va)
{
	if (!c->booted)
		return;
	if (!size) {
		if (va != ZERO_SIZE_PTR)
			oracle_fail("slub kmalloc(0) is ZERO_SIZE_PTR", va, ZERO_SIZE_PTR, va, "gfp %#x", gfp);
	} else if (!va) {
		slub_check_out_of_memory(c, "kmalloc", get_order(size > KMALLOC_MAX_CACHE_SIZE ? size : PAGE_SIZE));
	} else {
		slub_check_new_object(c, NULL, size, gfp, va, OBJ_USER);
		if (size <= KMALLOC_MAX_CACHE_SIZE)
			slub_check_touched_slab(c, va);
	}
	slub_check_after_op(c, "kmalloc");
}

/* Objects the shadow holds in the block (debug caches: the slab's inuse). */
static unsigned live_in_slab(struct slub_check *c, const struct shadow_block *b)
{
	uint32_t start = naive_pfn_to_va(c->k, b->pfn), end = start + (PAGE_SIZE << b->order);
	unsigned n = 0;

	for (unsigned i = shadow_obj_from(c, start); i < c->nr_objs && c->objs[i].va < end; i++)
		n++;
	return n;
}

/*
 * A free of something that is no live object of cache t: a slub_debug
 * cache refuses it with free_to_partial_list's or
 * free_consistency_checks' report; any other cache would corrupt itself
 * (as the kernel would), so the harness must not do it.
 */
static void refused_free(struct slub_check *c, struct shadow_cache *t, const struct shadow_block *b,
			 uint32_t va, const struct shadow_obj *o)
{
	uint32_t first = naive_pfn_to_va(c->k, b->pfn) + t->g.red_left_pad;

	if (!(t->args.flags & NAIVE_SLAB_DEBUG_FLAGS))
		oracle_fail("slub free of a live object", va, 1, 0, "not a live object of %s, no slub_debug to refuse it",
			    t->name);
	else if (!live_in_slab(c, b))
		slub_check_expect_bug(c, t->name, "Slab has 0 allocated objects but 1 are to be freed");
	else if (!(t->args.flags & SLAB_CONSISTENCY_CHECKS))
		oracle_fail("slub free of a live object", va, 1, 0, "not a live object of %s, no consistency checks to refuse it",
			    t->name);
	else if (va < first || (va - first) % t->g.size)
		slub_check_expect_bug(c, t->name, "Invalid object pointer 0x");
	else if (o)
		oracle_fail("slub free of a live object", va, 1, 0, "%s's own bookkeeping object", t->name);
	else
		slub_check_expect_bug(c, t->name, "Object already free");
}

/*
 * What kmem_cache_free(s, va) / kfree(va) must do, decided before the
 * call: give back a live object (after the hardened cache_from_obj's WARN
 * when s is not its cache: the object goes back to its own cache), or
 * refuse (refused_free).  kmem_cache_free of no slab memory only WARNs,
 * once per boot (virt_to_cache's WARN_ONCE).
 */
void slub_check_before_free(struct slub_check *c, const struct kmem_cache *s, uint32_t va)
{
	struct shadow_cache *sc = s ? shadow_cache_of(c, s) : NULL, *t;
	struct shadow_obj *o;
	const struct shadow_block *b;
	unsigned long pfn;

	c->freeing = NULL;
	if (!c->booted || (s && !sc) || (!s && ZERO_OR_NULL_PTR(va)))
		return;
	pfn = naive_va_to_pfn(c->k, va);
	b = pfn == ULONG_MAX ? NULL : shadow_block_at(c, pfn);
	o = shadow_obj_at(c, va);
	if (b && b->who == PAGE_USER_SLAB) {
		t = slub_check_block_cache(c, b);
		if (!t)
			return;		/* the census names the broken slab */
		if (sc && t != sc)
			slub_check_expect_warn(c, "kmem_cache_free: Wrong slab cache. %s but object is from %s",
					       sc->name, t->name);
		if (o && o->kind == OBJ_USER && o->c == t)
			c->freeing = o;
		else
			refused_free(c, t, b, va, o);
		return;
	}
	if (!s && o && o->kind == OBJ_USER && !o->c) {
		c->freeing = o;
		return;
	}
	if (!s)
		oracle_fail("slub free of a live object", va, 1, 0, "kfree of no object SLUB handed out");
	else if (!c->warned_not_slab) {
		slub_check_expect_warn(c, "virt_to_cache: Object is not a Slab page!");
		c->warned_not_slab = true;
	}
}

/* After the free: the object is gone from the shadow, its slab or large block recounted. */
void slub_check_freed(struct slub_check *c, const struct kmem_cache *s, uint32_t va)
{
	struct shadow_obj *o = c->freeing;

	c->freeing = NULL;
	if (!c->booted)
		return;
	if (o) {
		bool large = !o->c;

		shadow_obj_del(c, o);
		if (large && shadow_block_at(c, naive_va_to_pfn(c->k, va)))
			oracle_fail("slub large kfree gives the block back", va, 0, 1, "kfree");
	}
	slub_check_after_op(c, s ? "kmem_cache_free" : "kfree");
	slub_check_touched_slab(c, va);
}

/* __ksize(): 0 for ZERO_SIZE_PTR, a large block's size, else slab_ksize() of the cache. */
void slub_check_ksize(struct slub_check *c, uint32_t va, size_t ret)
{
	struct shadow_obj *o;
	const struct shadow_cache *sc;
	size_t want;

	if (!c->booted || !va)
		return;
	if (va == ZERO_SIZE_PTR) {
		want = 0;
	} else {
		o = shadow_obj_at(c, va);
		if (!o || o->kind != OBJ_USER) {
			oracle_fail("slub ksize of a live object", va, 1, 0, "harness asked for no object");
			return;
		}
		sc = o->c;
		if (!sc)
			want = o->len;
		else if (sc->args.flags & (SLAB_RED_ZONE | SLAB_POISON))
			want = shadow_object_size(sc);
		else if (sc->args.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
			want = shadow_inuse(sc);
		else
			want = sc->g.size;
	}
	if (ret != want)
		oracle_fail("slub ksize", va, want, ret, "%s", va == ZERO_SIZE_PTR ? "ZERO_SIZE_PTR" : o->c ? o->c->name : "large kmalloc");
	slub_check_after_op(c, "ksize");
}
