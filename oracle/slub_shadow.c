/* The SLUB oracle's sorted tables of live objects and page blocks (slub_shadow.h). */
#include "slub_shadow.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

static void *grow(void *p, unsigned *cap, size_t elem)
{
	unsigned n = *cap ? *cap * 2 : 256;
	void *q = realloc(p, n * elem);

	if (!q)
		abort();
	*cap = n;
	return q;
}

unsigned int shadow_object_size(const struct shadow_cache *sc)
{
	return sc->merged_size > sc->g.object_size ? sc->merged_size : sc->g.object_size;
}

unsigned int shadow_inuse(const struct shadow_cache *sc)
{
	unsigned int grown = (sc->merged_size + 3) & ~3u;

	return grown > sc->g.inuse ? grown : sc->g.inuse;
}

struct shadow_cache *shadow_cache_of(struct slub_check *c, const struct kmem_cache *s)
{
	for (unsigned i = 0; i < c->nr_caches; i++)
		if (c->caches[i].s == s && !c->caches[i].dead)
			return &c->caches[i];
	return NULL;
}

unsigned shadow_obj_from(const struct slub_check *c, uint32_t va)
{
	unsigned lo = 0, hi = c->nr_objs;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (c->objs[mid].va + c->objs[mid].len <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct shadow_obj *shadow_obj_at(struct slub_check *c, uint32_t va)
{
	unsigned i = shadow_obj_from(c, va);

	return i < c->nr_objs && c->objs[i].va == va ? &c->objs[i] : NULL;
}

void shadow_obj_add(struct slub_check *c, uint32_t va, uint32_t len, struct shadow_cache *sc,
		    enum shadow_kind kind)
{
	unsigned i = shadow_obj_from(c, va);

	if (c->nr_objs == c->cap_objs)
		c->objs = grow(c->objs, &c->cap_objs, sizeof(*c->objs));
	memmove(&c->objs[i + 1], &c->objs[i], (c->nr_objs - i) * sizeof(*c->objs));
	c->objs[i] = (struct shadow_obj){ .va = va, .len = len ? len : 1, .c = sc, .kind = kind };
	c->nr_objs++;
}

void shadow_obj_del(struct slub_check *c, struct shadow_obj *o)
{
	unsigned i = (unsigned)(o - c->objs);

	memmove(&c->objs[i], &c->objs[i + 1], (c->nr_objs - i - 1) * sizeof(*c->objs));
	c->nr_objs--;
}

struct shadow_block *shadow_block_at(struct slub_check *c, unsigned long pfn)
{
	unsigned lo = 0, hi = c->nr_blocks;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct shadow_block *b = &c->blocks[mid];

		if (b->pfn + (1UL << b->order) <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->nr_blocks && c->blocks[lo].pfn <= pfn)
		return &c->blocks[lo];
	return NULL;
}

/* The observer: a block handed to SLUB joins the table, a block given back leaves it. */
static void observe(void *ctx, const struct mm_kernel *k, const struct page_alloc_event *ev)
{
	struct slub_check *c = ctx;
	struct shadow_block *b = shadow_block_at(c, ev->pfn);
	unsigned i;

	(void)k;
	if (!ev->alloc) {
		if (!b || b->pfn != ev->pfn || b->order != ev->order || b->who != ev->who)
			oracle_fail("slub pages given back were taken", PFN_PHYS(ev->pfn),
				    b ? b->order : ~0u, ev->order,
				    "order expected vs given back; %s", b ? "a different block" : "no such block");
		if (!b)
			return;
		if (c->nr_returned == c->cap_returned)
			c->returned = grow(c->returned, &c->cap_returned, sizeof(*c->returned));
		c->returned[c->nr_returned++] = *b;
		i = (unsigned)(b - c->blocks);
		memmove(&c->blocks[i], &c->blocks[i + 1], (c->nr_blocks - i - 1) * sizeof(*b));
		c->nr_blocks--;
		return;
	}
	if (b || (shadow_block_at(c, ev->pfn + (1UL << ev->order) - 1)))
		oracle_fail("slub pages taken twice", PFN_PHYS(ev->pfn), 0, 1,
			    "order %u overlaps a block SLUB holds", ev->order);
	if (c->nr_blocks == c->cap_blocks)
		c->blocks = grow(c->blocks, &c->cap_blocks, sizeof(*c->blocks));
	for (i = c->nr_blocks; i > 0 && c->blocks[i - 1].pfn > ev->pfn; i--)
		c->blocks[i] = c->blocks[i - 1];
	c->blocks[i] = (struct shadow_block){ ev->pfn, ev->order, ev->who };
	c->nr_blocks++;
}

struct slub_check *slub_check_new(void)
{
	struct slub_check *c = calloc(1, sizeof(*c));

	if (!c || !(c->marks = malloc(MAX_OBJS_PER_PAGE + 1)))
		abort();
	return c;
}

void slub_check_free(struct slub_check *c)
{
	if (!c)
		return;
	free(c->objs);
	free(c->blocks);
	free(c->held);
	free(c->returned);
	free(c->marks);
	free(c);
}

struct page_alloc_observer slub_check_begin(struct slub_check *c, const struct slub_check_config *cfg)
{
	c->cfg = *cfg;
	if (!c->cfg.nr_cpus)
		c->cfg.nr_cpus = 1;
	c->nr_caches = c->nr_objs = c->nr_blocks = c->nr_returned = 0;
	c->expected[0] = '\0';
	c->freeing = NULL;
	c->destroying = NULL;
	c->next_order = 0;
	c->reports = c->taint = 0;
	c->warned_not_slab = c->booted = false;
	c->k = NULL;
	return (struct page_alloc_observer){ observe, c };
}

/* __va / __pa of the linear map: PAGE_OFFSET maps PHYS_OFFSET (both checked by layout_check). */
uint32_t naive_pfn_to_va(const struct mm_kernel *k, unsigned long pfn)
{
	const struct arm_layout *l = &k->setup->layout;

	return (uint32_t)(PFN_PHYS(pfn) - l->phys_offset + l->page_offset);
}

unsigned long naive_va_to_pfn(const struct mm_kernel *k, uint32_t va)
{
	const struct arm_layout *l = &k->setup->layout;

	if (va < l->page_offset || va >= l->high_memory)
		return ULONG_MAX;
	return (unsigned long)((va - l->page_offset + l->phys_offset) >> PAGE_SHIFT);
}
