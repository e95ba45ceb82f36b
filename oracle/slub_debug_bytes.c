/*
 * slub_debug's metadata bytes as the oracle expects them (v6.1 mm/slub.c
 * init_object, setup_slab_debug, check_object, check_pad_bytes): red zones
 * SLUB_RED_ACTIVE around live objects and SLUB_RED_INACTIVE around free
 * ones, free objects poisoned, alignment and object padding POISON_INUSE.
 * A deliberately wrong store (slub_check_wrong_write) leaves an object
 * "dirty": the oracle computes, from memory right after the store, what
 * check_object() will report when SLUB next looks at the object (at its
 * free if live, at its allocation if free), and expects exactly that.
 */
#include "slub_shadow.h"

#include <stdlib.h>
#include <string.h>

#include "kmem_access.h"
#include "memory_model.h"
#include "oracle.h"

#define TRACK_SIZE 20

/* The slot around obj, read once: [obj - left, obj - left + size). */
static const uint8_t *read_slot(struct slub_check *c, const struct shadow_cache *sc, uint32_t obj)
{
	if (c->cap_slot < sc->g.size) {
		free(c->slot);
		c->cap_slot = sc->g.size;
		c->slot = malloc(c->cap_slot);
		if (!c->slot)
			abort();
	}
	return kmem_peek(c->k, obj - sc->g.left, c->slot, sc->g.size) ? NULL : c->slot;
}

static bool all_bytes(const uint8_t *p, uint32_t len, uint8_t want)
{
	for (uint32_t i = 0; i < len; i++)
		if (p[i] != want)
			return false;
	return true;
}

static bool report(struct dirt *d, const char *what, bool fatal)
{
	if (d->nr < DEBUG_REPORTS_MAX)
		d->reports[d->nr++] = what;
	d->fatal = fatal;
	return fatal;
}

/* check_object(s, slab, obj, live ? SLUB_RED_ACTIVE : SLUB_RED_INACTIVE), reports in order. */
bool slub_debug_verdict(struct slub_check *c, const struct shadow_cache *sc, const struct model_page_block *b,
			uint32_t obj, bool live, struct dirt *d)
{
	slab_flags_t f = sc->g.flags;
	uint8_t red = live ? SLUB_RED_ACTIVE : SLUB_RED_INACTIVE;
	unsigned int osz = shadow_object_size(sc), inuse = shadow_inuse(sc), offset = sc->g.offset;
	unsigned int info_end = offset >= inuse ? offset + 4 : inuse;
	unsigned int pad = info_end + (f & SLAB_STORE_USER ? 2 * TRACK_SIZE + (sc->args.kmalloc ? 4 : 0) : 0);
	unsigned int slot_end = sc->g.size - sc->g.left;
	const uint8_t *slot = read_slot(c, sc, obj), *p;
	uint32_t link = obj + offset, next;

	*d = (struct dirt){ .c = sc, .obj = obj, .live = live };
	if (!slot) {
		oracle_fail("slub object readable", obj, 1, 0, "%s slot", sc->name);
		return false;
	}
	p = slot + sc->g.left;		/* the object */
	if (f & SLAB_RED_ZONE) {
		if (!all_bytes(slot, sc->g.left, red) && report(d, "Left Redzone overwritten", true))
			return true;
		if (!all_bytes(p + osz, inuse - osz, red) && report(d, "Right Redzone overwritten", true))
			return true;
	} else if ((f & SLAB_POISON) && osz < inuse && !all_bytes(p + osz, inuse - osz, POISON_INUSE)) {
		report(d, "Alignment padding overwritten", false);
	}
	if (f & SLAB_POISON) {
		if (!live && (f & __OBJECT_POISON)) {
			if (!all_bytes(p, osz - 1, POISON_FREE) && report(d, "Poison overwritten", true))
				return true;
			if (p[osz - 1] != POISON_END && report(d, "End Poison overwritten", true))
				return true;
		}
		if (pad < slot_end && !all_bytes(p + pad, slot_end - pad, POISON_INUSE))
			report(d, "Object padding overwritten", false);
	}
	if (offset < inuse && live)
		return d->nr > 0;
	next = slub_link_value(sc, link, p + offset);
	if (next && slub_object_index(sc, naive_pfn_to_va(c->k, b->pfn), naive_order_objects(b->order, sc->g.size),
				      next) < 0)
		report(d, "Freepointer corrupt", true);
	return d->nr > 0;
}

void slub_check_debug_bytes(struct slub_check *c, const struct shadow_cache *sc, uint32_t start, unsigned objects,
			    uint32_t only)
{
	const struct model_page_block *b = shadow_block_of(c, start);
	struct dirt d;

	for (unsigned i = 0; b && i < objects; i++) {
		uint32_t obj = start + sc->g.left + i * sc->g.size;

		if ((only && obj != only) || shadow_dirt_at(c, obj) || !slub_debug_verdict(c, sc, b, obj, !c->marks[i], &d))
			continue;
		oracle_fail("slub debug metadata", obj, 0, d.nr, "%s %s object: check_object would report \"%s\"",
			    sc->name, c->marks[i] ? "free" : "live", d.reports[0]);
		return;
	}
	/* slab_pad_check(): the slab's tail past its last slot stays POISON_INUSE */
	if (b && !only && (sc->g.flags & SLAB_POISON)) {
		uint32_t bytes = (uint32_t)(PAGE_SIZE << b->order), rem = bytes % sc->g.size, bad;

		if (!shadow_bytes_are(c, start + bytes - rem, rem, POISON_INUSE, &bad))
			oracle_fail("slub debug metadata", bad, POISON_INUSE, 1, "%s slab at 0x%x: Padding overwritten",
				    sc->name, start);
	}
}

static void expect_reports(struct slub_check *c, const struct shadow_cache *sc, const struct dirt *d)
{
	for (unsigned i = 0; i < d->nr; i++)
		slub_check_expect_bug(c, sc->name, "%s", d->reports[i]);
}

/*
 * __free_slab() of a cache with consistency checks runs check_object on
 * every object of the slab it gives back: the dirty ones report, in
 * address order.
 */
void slub_debug_given_back(struct slub_check *c, const struct model_page_block *b)
{
	uint32_t start = naive_pfn_to_va(c->k, b->pfn), end = start + (uint32_t)(PAGE_SIZE << b->order);
	uint32_t after = start;

	for (;;) {
		const struct dirt *next = NULL;

		for (unsigned i = 0; i < c->nr_dirt; i++)
			if (c->dirt[i].obj >= after && c->dirt[i].obj < end && (!next || c->dirt[i].obj < next->obj))
				next = &c->dirt[i];
		if (!next)
			return;
		if (next->c->g.flags & SLAB_CONSISTENCY_CHECKS)
			expect_reports(c, next->c, next);
		after = next->obj + 1;
	}
}

/*
 * The dirty object that disabled slab b: the head of its freelist, which
 * the oracle does not follow; of the slab's dirty free objects with a
 * refusing report, the one whose last report SLUB printed last (else the
 * first, and the report check will say what differs).
 */
static struct dirt *disabling_dirt(struct slub_check *c, const struct model_page_block *b)
{
	struct dirt *first = NULL;

	for (unsigned i = 0; i < c->nr_dirt; i++) {
		struct dirt *d = &c->dirt[i];

		if (d->live || !d->fatal || shadow_block_of(c, d->obj) != b)
			continue;
		if (strstr(c->k->slub.last_report, d->reports[d->nr - 1]))
			return d;
		if (!first)
			first = d;
	}
	return first;
}

/*
 * The allocation popped the head of a partial slab's freelist and ran
 * check_object on it: a dirty object handed out had only harmless
 * reports; a dirty object with a fatal one disabled its slab ("Marking
 * all objects used": every object in use, no freelist, frozen, on no
 * list) and the allocation went on elsewhere.
 */
void slub_check_alloc_debug(struct slub_check *c, struct shadow_cache *sc, uint32_t va)
{
	struct dirt *d = va ? shadow_dirt_at(c, va) : NULL;

	if (d && !d->live) {
		if (d->fatal)
			oracle_fail("slub_debug refuses a corrupted object", va, 0, 1, "%s handed out \"%s\"",
				    sc->name, d->reports[d->nr - 1]);
		expect_reports(c, sc, d);
		shadow_dirt_del(c, d);
	}
	for (size_t i = 0; i < c->mp.nr; i++) {
		const struct model_page_block *b = &c->mp.blocks[i];
		const struct page *page = pfn_to_page(&c->k->memmap, b->pfn);

		if (b->who != PAGE_USER_SLAB || slub_check_block_cache(c, b) != sc ||
		    shadow_slab_mark(c, b->pfn) == SLAB_DISABLED ||
		    !page->frozen || page->inuse != page->objects || page->freelist || !(d = disabling_dirt(c, b)))
			continue;
		expect_reports(c, sc, d);
		shadow_mark_slab(c, b->pfn, SLAB_DISABLED);
		for (unsigned j = 0; j < c->nr_dirt;)
			if (shadow_block_of(c, c->dirt[j].obj) == b)
				shadow_dirt_del(c, &c->dirt[j]);
			else
				j++;
	}
}

/*
 * A store the harness made, hidden from ASan (wrong) or into its own
 * object (a holder may use what ksize() allows, which in a cache with
 * consistency checks but no red zone or poison covers the stale free
 * pointer behind the object): each object of a debug cache whose slot it
 * touched is judged again.  A wrong store over a free object's link loses
 * its slab's freelist (LOST) until SLUB disables the slab.  Stores into
 * disabled slabs change nothing anyone looks at.
 */
void slub_debug_judge(struct slub_check *c, uint32_t va, size_t len, bool wrong)
{
	for (uint32_t p = va; p < va + len;) {
		const struct model_page_block *b = shadow_block_of(c, p);
		struct shadow_cache *sc = b ? slub_check_block_cache(c, b) : NULL;
		enum slab_mark mark = b ? shadow_slab_mark(c, b->pfn) : 0;
		uint32_t start, obj, slot;
		unsigned idx;
		struct dirt d, *old;

		if (!sc || mark == SLAB_DISABLED || mark == SLAB_GIVEN_UP || !(sc->g.flags & NAIVE_SLAB_DEBUG_FLAGS)) {
			if (wrong && sc && !mark)
				oracle_fail("slub wrong stores only into slub_debug caches", p, 0, 1, "%s", sc->name);
			p = b ? naive_pfn_to_va(c->k, b->pfn) + (uint32_t)(PAGE_SIZE << b->order) : p + 1;
			continue;
		}
		start = naive_pfn_to_va(c->k, b->pfn);
		idx = (p - start) / sc->g.size;
		slot = start + idx * sc->g.size;
		obj = slot + sc->g.left;
		p = slot + sc->g.size;
		if (idx >= naive_order_objects(b->order, sc->g.size))
			continue;
		if (wrong && !shadow_obj_at(c, obj) && va < obj + sc->g.offset + 4 && obj + sc->g.offset < va + len)
			shadow_mark_slab(c, b->pfn, SLAB_LOST);
		old = shadow_dirt_at(c, obj);
		if (!slub_debug_verdict(c, sc, b, obj, shadow_obj_at(c, obj) != NULL, &d)) {
			if (old)
				shadow_dirt_del(c, old);
		} else if (old) {
			*old = d;
		} else if (c->nr_dirt < SHADOW_MAX_DIRT) {
			c->dirt[c->nr_dirt++] = d;
		} else {
			oracle_fail("slub oracle dirty objects", obj, SHADOW_MAX_DIRT, c->nr_dirt,
				    "more corrupted objects than the oracle keeps");
		}
	}
}

void slub_check_wrong_write(struct slub_check *c, uint32_t va, size_t len)
{
	if (!c->booted)
		return;
	slub_debug_judge(c, va, len, true);
	slub_check_after_op(c, "a wrong store");
}
