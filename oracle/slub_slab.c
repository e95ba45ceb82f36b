/*
 * See slub_check.h: slabs recounted from simulated memory, and the lists
 * a cache keeps them on (v6.1 mm/slub.c: struct slab's counters, the
 * hardened freelist_ptr, kmem_cache_cpu's slab and partial chain,
 * kmem_cache_node's partial and full lists, nr_slabs / total_objects).
 */
#include "slub_shadow.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "kmem_access.h"
#include "memory_model.h"
#include "oracle.h"

enum place { NOWHERE, CPU_SLAB, CPU_PARTIAL, NODE_PARTIAL, NODE_FULL };

static const char *const place_name[] = {
	[NOWHERE] = "on no list", [CPU_SLAB] = "a CPU's slab", [CPU_PARTIAL] = "on a CPU's partial list",
	[NODE_PARTIAL] = "on the node's partial list", [NODE_FULL] = "on the node's full list",
};

struct where {
	enum place place;
	unsigned cpu, found;
};

static const struct page *listed_slab(const struct list_head *l)
{
	return (const struct page *)((const char *)l - offsetof(struct page, lru));
}

static const struct kmem_cache_node *node_of(const struct shadow_cache *sc)
{
	return sc->s->node[0];
}

static bool debug_cache(const struct shadow_cache *sc)
{
	return sc->g.flags & NAIVE_SLAB_DEBUG_FLAGS;
}

struct shadow_cache *slub_check_block_cache(struct slub_check *c, const struct model_page_block *b)
{
	const struct page *page = pfn_to_page(&c->k->memmap, b->pfn);

	return b->who == PAGE_USER_SLAB && PageSlab(page) ? shadow_cache_of(c, page->slab_cache) : NULL;
}

static void note(const struct shadow_cache *sc, uint32_t start, struct where *w, enum place p, unsigned cpu)
{
	if (w->found++) {
		oracle_fail("slub slab on one list", start, w->place, p, "%s slab both %s (CPU %u) and %s (CPU %u)",
			    sc->name, place_name[w->place], w->cpu, place_name[p], cpu);
		return;
	}
	w->place = p;
	w->cpu = cpu;
}

/* Where the cache keeps the slab; walks are bounded, a looping list is reported elsewhere. */
static struct where find(const struct slub_check *c, const struct shadow_cache *sc, const struct page *slab,
			 uint32_t start)
{
	const struct kmem_cache *s = sc->s;
	const struct kmem_cache_node *n = node_of(sc);
	struct where w = { NOWHERE, 0, 0 };
	const struct list_head *l;
	unsigned bound = c->mp.nr + 1, i;

	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct page *p = s->cpu_slab[cpu].partial;

		if (s->cpu_slab[cpu].slab == slab)
			note(sc, start, &w, CPU_SLAB, cpu);
		for (i = 0; p && i < bound; p = p->next, i++)
			if (p == slab)
				note(sc, start, &w, CPU_PARTIAL, cpu);
	}
	for (l = n->partial.next, i = 0; l != &n->partial && i < bound; l = l->next, i++)
		if (listed_slab(l) == slab)
			note(sc, start, &w, NODE_PARTIAL, 0);
	for (l = n->full.next, i = 0; l != &n->full && i < bound; l = l->next, i++)
		if (listed_slab(l) == slab)
			note(sc, start, &w, NODE_FULL, 0);
	return w;
}

int slub_object_index(const struct shadow_cache *sc, uint32_t start, unsigned objects, uint32_t p)
{
	uint32_t base = start + sc->g.left;

	if (p < base || (p - base) % sc->g.size || (p - base) / sc->g.size >= objects)
		return -1;
	return (int)((p - base) / sc->g.size);
}

static uint32_t swab32(uint32_t x)
{
	return x >> 24 | (x >> 8 & 0xff00) | (x << 8 & 0xff0000) | x << 24;
}

/* Each link holds next ^ s->random ^ swab32(link address) (freelist_ptr with FREELIST_HARDENED). */
uint32_t slub_link_value(const struct shadow_cache *sc, uint32_t link, const uint8_t raw[4])
{
	return ((uint32_t)raw[0] | (uint32_t)raw[1] << 8 | (uint32_t)raw[2] << 16 | (uint32_t)raw[3] << 24) ^
	       sc->s->random ^ swab32(link);
}

uint32_t slub_decode_link(struct slub_check *c, const struct shadow_cache *sc, uint32_t obj, bool *ok)
{
	uint8_t raw[4];

	*ok = !kmem_peek(c->k, obj + sc->g.offset, raw, sizeof(raw));
	return *ok ? slub_link_value(sc, obj + sc->g.offset, raw) : 0;
}

/* A freelist decoded the hardened way, each object marked with `mark`. */
static unsigned walk(struct slub_check *c, const struct shadow_cache *sc, uint32_t start, unsigned objects,
		     uint32_t head, uint8_t mark, const char *which)
{
	unsigned n = 0;

	for (uint32_t p = head; p;) {
		int i = slub_object_index(sc, start, objects, p);
		bool ok;

		if (i < 0) {
			oracle_fail("slub freelist link", p, 0, p, "%s of the %s slab at 0x%x, after %u objects, leads out of its objects",
				    which, sc->name, start, n);
			return n;
		}
		if (c->marks[i]) {
			oracle_fail("slub freelist object once", p, 0, c->marks[i],
				    "%s of the %s slab at 0x%x meets object %d again", which, sc->name, start, i);
			return n;
		}
		c->marks[i] = mark;
		n++;
		p = slub_decode_link(c, sc, p, &ok);
		if (!ok) {
			oracle_fail("slub freelist link", start, 0, 1, "%s of the %s slab: unreadable", which, sc->name);
			return n;
		}
	}
	return n;
}

/* The slab's place fits its counters: frozen exactly with a CPU, free objects exactly where lists allow. */
static void check_place(const struct shadow_cache *sc, const struct page *page, uint32_t start,
			struct where w, unsigned free_slab)
{
	bool frozen = w.place == CPU_SLAB || w.place == CPU_PARTIAL;
	bool user = (sc->g.flags & SLAB_STORE_USER) != 0;

	if (page->frozen != frozen)
		oracle_fail("slub slab frozen", start, frozen, page->frozen, "%s slab %s", sc->name,
			    place_name[w.place]);
	if (frozen && debug_cache(sc))
		oracle_fail("slub debug caches keep no per-cpu slab", start, 0, 1, "%s slab %s (CPU %u)",
			    sc->name, place_name[w.place], w.cpu);
	if ((w.place == CPU_PARTIAL || w.place == NODE_PARTIAL) && !free_slab)
		oracle_fail("slub partial slab has a free object", start, 1, 0, "%s slab %s", sc->name,
			    place_name[w.place]);
	if ((w.place == NOWHERE || w.place == NODE_FULL) && free_slab)
		oracle_fail("slub slab with free objects is listed", start, 0, free_slab, "%s slab %s",
			    sc->name, place_name[w.place]);
	if (w.place == NODE_FULL && !user)
		oracle_fail("slub full list only with SLAB_STORE_USER", start, 0, 1, "%s", sc->name);
	if (w.place == NOWHERE && user)
		oracle_fail("slub full slab on the full list", start, 1, 0, "%s has SLAB_STORE_USER", sc->name);
}

/* Shadow objects inside the slab: at object starts of its cache, none on a freelist. */
static unsigned count_live(struct slub_check *c, const struct shadow_cache *sc, uint32_t start,
			   unsigned long bytes, unsigned objects)
{
	unsigned live = 0;

	for (unsigned j = shadow_obj_from(c, start); j < c->nr_objs && c->objs[j].va < start + bytes; j++) {
		const struct shadow_obj *o = &c->objs[j];
		int i = slub_object_index(sc, start, objects, o->va);

		if (i < 0 || o->c != sc) {
			oracle_fail("slub live object in its own slab", o->va, 0, 1, "inside a %s slab at 0x%x",
				    sc->name, start);
			continue;
		}
		if (c->marks[i])
			oracle_fail("slub live object on a freelist", o->va, 0, c->marks[i],
				    "%s object, on %s", sc->name, c->marks[i] == 1 ? "the slab's freelist" : "the CPU freelist");
		live++;
	}
	return live;
}

/* "Marking all objects used": every object in use, no freelist, frozen, on no list. */
static void check_disabled(const struct shadow_cache *sc, const struct page *page, uint32_t start,
			   unsigned objects, struct where w)
{
	if (page->inuse != objects || page->freelist || !page->frozen || w.place != NOWHERE)
		oracle_fail("slub disabled slab", start, 1, 0,
			    "%s slab after a failed check: inuse %u of %u, freelist 0x%x, frozen %u, %s", sc->name,
			    page->inuse, objects, page->freelist, page->frozen, place_name[w.place]);
}

void slub_check_slab(struct slub_check *c, const struct model_page_block *b, bool bytes, uint32_t only)
{
	const struct page *page = pfn_to_page(&c->k->memmap, b->pfn);
	uint32_t start = naive_pfn_to_va(c->k, b->pfn);
	unsigned objects, free_slab, free_cpu = 0, live;
	enum slab_mark mark = shadow_slab_mark(c, b->pfn);
	struct shadow_cache *sc;
	struct where w;

	if (b->who != PAGE_USER_SLAB)
		return;
	if (!PageSlab(page) || !(sc = shadow_cache_of(c, page->slab_cache))) {
		oracle_fail("slub slab of a live cache", start, 1, 0, "order-%u block SLUB took: %s", b->order,
			    PageSlab(page) ? "slab_cache is no live cache" : "not PageSlab");
		return;
	}
	if (b->order != sc->g.order && b->order != sc->g.min_order)
		oracle_fail("slub slab order", start, sc->g.order, b->order, "%s (fallback order %u)", sc->name,
			    sc->g.min_order);
	objects = naive_order_objects(b->order, sc->g.size);
	if (page->objects != objects) {
		oracle_fail("slub slab objects", start, objects, page->objects, "%s order-%u slab", sc->name,
			    b->order);
		return;
	}
	memset(c->marks, 0, objects);
	w = find(c, sc, page, start);
	if (mark) {
		/* the shadow no longer knows the freelist: only whose objects these are */
		count_live(c, sc, start, PAGE_SIZE << b->order, objects);
		if (mark == SLAB_DISABLED)
			check_disabled(sc, page, start, objects, w);
		return;
	}
	free_slab = walk(c, sc, start, objects, page->freelist, 1, "the slab's freelist");
	if (w.place == CPU_SLAB)
		free_cpu = walk(c, sc, start, objects, sc->s->cpu_slab[w.cpu].freelist, 2, "the CPU freelist");
	if (page->inuse != objects - free_slab)
		oracle_fail("slub slab inuse", start, objects - free_slab, page->inuse,
			    "%s slab %s: %u objects, %u on its freelist", sc->name, place_name[w.place], objects,
			    free_slab);
	check_place(sc, page, start, w, free_slab);
	live = count_live(c, sc, start, PAGE_SIZE << b->order, objects);
	if (live != objects - free_slab - free_cpu)
		oracle_fail("slub free objects are the ones not live", start, objects - free_slab - free_cpu, live,
			    "%s slab %s: %u objects, %u free on the slab, %u on the CPU", sc->name,
			    place_name[w.place], objects, free_slab, free_cpu);
	if (bytes && debug_cache(sc))
		slub_check_debug_bytes(c, sc, start, objects, only);
}

void slub_check_touched_slab(struct slub_check *c, uint32_t va)
{
	unsigned long pfn = naive_va_to_pfn(c->k, va);
	const struct model_page_block *b = pfn == ULONG_MAX ? NULL : model_pages_find(&c->mp, c->k, pfn);
	struct shadow_cache *sc;

	if (!b || b->who != PAGE_USER_SLAB)
		return;
	slub_check_slab(c, b, true, va);
	sc = slub_check_block_cache(c, b);
	if (sc)
		slub_check_cache_lists(c, sc, false);
}

/* A slab a list names is a block the observer saw, of this cache. */
static bool check_listed(struct slub_check *c, const struct shadow_cache *sc, const struct page *slab,
			 const char *where)
{
	unsigned long pfn = page_to_pfn(&c->k->memmap, slab);
	const struct model_page_block *b = model_pages_find(&c->mp, c->k, pfn);

	if (!b || b->pfn != pfn || b->who != PAGE_USER_SLAB || slab->slab_cache != sc->s) {
		oracle_fail("slub listed slab is one of the cache's", PFN_PHYS(pfn), 1, 0, "%s, %s: %s", sc->name,
			    where, b ? "a slab of another cache" : "pages SLUB never took");
		return false;
	}
	return true;
}

static unsigned check_chain(struct slub_check *c, const struct shadow_cache *sc, unsigned cpu)
{
	const struct page *head = sc->s->cpu_slab[cpu].partial, *p;
	unsigned len = 0, bound = c->mp.nr + 1;

	for (p = head; p && len < bound; p = p->next, len++)
		if (!check_listed(c, sc, p, "a CPU's partial list"))
			return len;
	if (p)
		oracle_fail("slub cpu partial list ends", 0, 0, 1, "%s CPU %u: longer than every slab", sc->name, cpu);
	for (p = head; p && len; p = p->next, len--)
		if ((unsigned)p->slabs != len) {
			oracle_fail("slub cpu partial slabs count", page_to_pfn(&c->k->memmap, p) << PAGE_SHIFT, len,
				    (uint64_t)p->slabs, "%s CPU %u: slabs from here to the end", sc->name, cpu);
			break;
		}
	return len;
}

static unsigned check_node_list(struct slub_check *c, const struct shadow_cache *sc, const struct list_head *h,
				const char *where, unsigned *empty)
{
	unsigned n = 0, bound = c->mp.nr + 1;
	const struct list_head *l;

	for (l = h->next; l != h && n < bound; l = l->next, n++) {
		if (l->next->prev != l) {
			oracle_fail("slub node list links", 0, 0, 1, "%s %s: broken back link", sc->name, where);
			return n;
		}
		if (!check_listed(c, sc, listed_slab(l), where))
			return n;
		*empty += !listed_slab(l)->inuse;
	}
	if (l != h)
		oracle_fail("slub node list ends", 0, 0, 1, "%s %s: longer than every slab", sc->name, where);
	return n;
}

void slub_check_cache_lists(struct slub_check *c, struct shadow_cache *sc, bool flushed)
{
	const struct kmem_cache *s = sc->s;
	const struct kmem_cache_node *n = node_of(sc);
	unsigned empty = 0, nr_partial, full_empty = 0;

	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct kmem_cache_cpu *cc = &s->cpu_slab[cpu];
		const char *why = cpu >= c->cfg.nr_cpus ? "a CPU past nr_cpu_ids" : debug_cache(sc) ?
				  "a slub_debug cache" : flushed ? "after a flush" : NULL;

		if (why && (cc->slab || cc->partial || cc->freelist)) {
			oracle_fail("slub cpu holds no slab", s->va, 0, cpu, "%s: %s", sc->name, why);
			continue;
		}
		if (!cc->slab && cc->freelist)
			oracle_fail("slub cpu freelist of a cpu slab", cc->freelist, 0, cc->freelist,
				    "%s CPU %u has no slab", sc->name, cpu);
		if (cc->slab)
			check_listed(c, sc, cc->slab, "a CPU's slab");
		check_chain(c, sc, cpu);
	}
	nr_partial = check_node_list(c, sc, &n->partial, "partial list", &empty);
	if (nr_partial != n->nr_partial)
		oracle_fail("slub nr_partial", s->va, nr_partial, n->nr_partial, "%s", sc->name);
	if (flushed && empty)
		oracle_fail("slub shrink leaves no empty slab", s->va, 0, empty, "%s", sc->name);
	if (empty > sc->g.min_partial)
		oracle_fail("slub empty partial slabs", s->va, sc->g.min_partial, empty,
			    "%s keeps more empty slabs than min_partial", sc->name);
	if (check_node_list(c, sc, &n->full, "full list", &full_empty) && !(sc->g.flags & SLAB_STORE_USER))
		oracle_fail("slub full list only with SLAB_STORE_USER", s->va, 0, 1, "%s", sc->name);
}

void slub_check_counters(struct slub_check *c)
{
	unsigned long slabs = 0, listed = 0;

	for (unsigned i = 0; i < c->mp.nr; i++)
		slabs += c->mp.blocks[i].who == PAGE_USER_SLAB;
	for (unsigned i = 0; i < c->nr_caches; i++)
		if (!c->caches[i].dead)
			listed += node_of(&c->caches[i])->nr_slabs;
	if (slabs != listed)
		oracle_fail("slub nr_slabs of all caches", 0, slabs, listed, "slabs the observer saw SLUB hold");
}

static unsigned live_in(struct slub_check *c, const struct model_page_block *b)
{
	uint32_t start = naive_pfn_to_va(c->k, b->pfn);
	unsigned n = 0;

	for (unsigned j = shadow_obj_from(c, start);
	     j < c->nr_objs && c->objs[j].va < start + (PAGE_SIZE << b->order); j++)
		n++;
	return n;
}

unsigned slub_check_partial_with_objects(struct slub_check *c, const struct shadow_cache *sc)
{
	unsigned n = 0;

	for (unsigned i = 0; i < c->mp.nr; i++) {
		const struct model_page_block *b = &c->mp.blocks[i];
		unsigned live;

		/* a disabled slab is on no list: free_partial() never sees it */
		if (slub_check_block_cache(c, b) != sc || shadow_slab_mark(c, b->pfn) == SLAB_DISABLED)
			continue;
		live = live_in(c, b);
		n += live && live < naive_order_objects(b->order, sc->g.size);
	}
	return n;
}

/* A large kmalloc block holds exactly one live object, at its start, the block's size. */
static void check_large(struct slub_check *c, const struct model_page_block *b)
{
	uint32_t va = naive_pfn_to_va(c->k, b->pfn);
	const struct shadow_obj *o = shadow_obj_at(c, va);

	if (!o || o->c || o->len != PAGE_SIZE << b->order || live_in(c, b) != 1)
		oracle_fail("slub large kmalloc block holds its object", va, 1, o ? live_in(c, b) : 0,
			    "order-%u block", b->order);
}

void slub_check_tally(struct slub_check *c)
{
	memset(c->tally, 0, c->nr_caches * sizeof(c->tally[0]));
	for (unsigned i = 0; i < c->mp.nr; i++) {
		const struct model_page_block *b = &c->mp.blocks[i];
		const struct shadow_cache *sc = slub_check_block_cache(c, b);

		if (!sc)
			continue;
		c->tally[sc - c->caches].slabs++;
		c->tally[sc - c->caches].objects += naive_order_objects(b->order, sc->g.size);
	}
}

void slub_check_census(struct slub_check *c, bool bytes)
{
	unsigned long in_blocks = 0;

	for (unsigned i = 0; i < c->mp.nr; i++) {
		const struct model_page_block *b = &c->mp.blocks[i];

		if (b->who == PAGE_USER_SLAB)
			slub_check_slab(c, b, bytes, 0);
		else
			check_large(c, b);
		in_blocks += live_in(c, b);
	}
	if (in_blocks != c->nr_objs)
		oracle_fail("slub live objects inside SLUB's pages", 0, c->nr_objs, in_blocks,
			    "objects the shadow holds vs found in blocks the observer saw");
	slub_check_tally(c);
	for (unsigned i = 0; i < c->nr_caches; i++) {
		struct shadow_cache *sc = &c->caches[i];
		const struct cache_tally *t = &c->tally[i];

		if (sc->dead)
			continue;
		slub_check_cache_lists(c, sc, false);
		if (node_of(sc)->nr_slabs != t->slabs || node_of(sc)->total_objects != t->objects)
			oracle_fail("slub node counters", sc->s->va, t->slabs << 16 | t->objects,
				    node_of(sc)->nr_slabs << 16 | node_of(sc)->total_objects,
				    "%s: nr_slabs << 16 | total_objects against its slabs", sc->name);
	}
	slub_check_counters(c);
}
