/* The SLUB oracle's tables: live objects sorted by address, dirty objects, marked slabs (slub_shadow.h). */
#include "slub_shadow.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kmem_access.h"
#include "oracle.h"

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
	for (unsigned i = 0; s && i < c->nr_caches; i++)
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

	if (c->nr_objs == c->cap_objs) {
		c->cap_objs = c->cap_objs ? 2 * c->cap_objs : 256;
		c->objs = realloc(c->objs, c->cap_objs * sizeof(*c->objs));
		if (!c->objs)
			abort();
	}
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

unsigned shadow_live_in(const struct slub_check *c, const struct model_page_block *b)
{
	uint32_t start = naive_pfn_to_va(c->k, b->pfn), end = start + (PAGE_SIZE << b->order);
	unsigned n = 0;

	for (unsigned i = shadow_obj_from(c, start); i < c->nr_objs && c->objs[i].va < end; i++)
		n++;
	return n;
}

bool shadow_bytes_are(const struct slub_check *c, uint32_t va, uint32_t len, uint8_t want, uint32_t *bad)
{
	static uint8_t buf[2048], pattern[2048];
	static int pattern_of = -1;

	if (pattern_of != want) {
		memset(pattern, want, sizeof(pattern));
		pattern_of = want;
	}
	for (uint32_t done = 0; done < len; done += sizeof(buf)) {
		uint32_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		if (kmem_peek(c->k, va + done, buf, n))
			return false;
		if (!memcmp(buf, pattern, n))
			continue;
		for (uint32_t i = 0; bad && i < n; i++)
			if (buf[i] != want) {
				*bad = va + done + i;
				break;
			}
		return false;
	}
	return true;
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

const struct model_page_block *shadow_block_of(const struct slub_check *c, uint32_t va)
{
	unsigned long pfn = naive_va_to_pfn(c->k, va);

	return pfn == ULONG_MAX ? NULL : model_pages_find(&c->mp, c->k, pfn);
}

enum slab_mark shadow_slab_mark(const struct slub_check *c, unsigned long pfn)
{
	for (unsigned i = 0; i < c->nr_marked; i++)
		if (c->marked[i].pfn == pfn)
			return c->marked[i].mark;
	return 0;
}

void shadow_mark_slab(struct slub_check *c, unsigned long pfn, enum slab_mark mark)
{
	for (unsigned i = 0; i < c->nr_marked; i++)
		if (c->marked[i].pfn == pfn) {
			c->marked[i].mark = mark;
			return;
		}
	if (c->nr_marked == SHADOW_MAX_DIRT) {
		oracle_fail("slub oracle marked slabs", PFN_PHYS(pfn), SHADOW_MAX_DIRT, c->nr_marked,
			    "more disabled or lost slabs than the oracle keeps");
		return;
	}
	c->marked[c->nr_marked++] = (struct marked_slab){ pfn, mark };
}

bool shadow_cache_given_up(struct slub_check *c, const struct shadow_cache *sc)
{
	for (unsigned i = 0; i < c->nr_marked; i++) {
		const struct model_page_block *b = model_pages_find(&c->mp, c->k, c->marked[i].pfn);

		if (c->marked[i].mark == SLAB_GIVEN_UP && b && slub_check_block_cache(c, b) == sc)
			return true;
	}
	return false;
}

struct dirt *shadow_dirt_at(struct slub_check *c, uint32_t obj)
{
	for (unsigned i = 0; i < c->nr_dirt; i++)
		if (c->dirt[i].obj == obj)
			return &c->dirt[i];
	return NULL;
}

void shadow_dirt_del(struct slub_check *c, struct dirt *d)
{
	*d = c->dirt[--c->nr_dirt];
}

struct slub_check *slub_check_new(void)
{
	struct slub_check *c = calloc(1, sizeof(*c));

	if (!c || !(c->marks = malloc(MAX_OBJS_PER_PAGE + 1)))
		abort();
	c->mp.log_returned = true;
	return c;
}

void slub_check_free(struct slub_check *c)
{
	if (!c)
		return;
	model_pages_free(&c->mp);
	free(c->objs);
	free(c->marks);
	free(c->slot);
	free(c);
}

struct page_alloc_observer slub_check_begin(struct slub_check *c, const struct slub_check_config *cfg)
{
	c->cfg = *cfg;
	if (!c->cfg.nr_cpus)
		c->cfg.nr_cpus = 1;
	slub_parse_cmdline(cfg->cmdline, &c->opts);
	c->cfg.cmdline = NULL;
	c->nr_caches = c->nr_objs = c->nr_dirt = c->nr_marked = 0;
	c->next_order = 0;
	c->reports = c->taint = 0;
	c->warned_not_slab = c->warned_ctor_zero = c->booted = false;
	c->k = NULL;
	c->expected[0] = '\0';
	c->any_reports = c->given_back_reported = false;
	return model_pages_observer(&c->mp);
}
