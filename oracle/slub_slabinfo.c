/*
 * /proc/slabinfo (v6.1 mm/slab_common.c print_slabinfo_header, cache_show;
 * mm/slub.c get_slabinfo) recomputed from the shadow: the caches newest
 * first, their slabs from the observer's blocks, the free objects of the
 * node's partial slabs from the live objects, and compared byte for byte.
 */
#include "slub_shadow.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "memory_model.h"
#include "oracle.h"

#define SLABINFO_MAX 65536

static unsigned live_in(const struct slub_check *c, unsigned long pfn, unsigned int order)
{
	uint32_t start = naive_pfn_to_va(c->k, pfn);
	unsigned n = 0;

	for (unsigned j = shadow_obj_from(c, start); j < c->nr_objs && c->objs[j].va < start + (PAGE_SIZE << order); j++)
		n++;
	return n;
}

/* get_slabinfo(): every object counts as active except the free ones of the node's partial slabs. */
static size_t cache_line(struct slub_check *c, struct shadow_cache *sc, char *buf, size_t cap)
{
	const struct list_head *h = &sc->s->node[0]->partial, *l;
	unsigned long slabs = c->tally[sc - c->caches].slabs, objs = c->tally[sc - c->caches].objects, free = 0;
	unsigned n = 0;

	for (l = h->next; l != h && n <= c->mp.nr; l = l->next, n++) {
		const struct page *slab = (const struct page *)((const char *)l - offsetof(struct page, lru));
		unsigned long pfn = page_to_pfn(&c->k->memmap, slab);
		const struct model_page_block *b = model_pages_find(&c->mp, c->k, pfn);

		/* a slab given up on: its count is the kernel's own (on_freelist adjusted it) */
		if (b && shadow_slab_mark(c, b->pfn) == SLAB_GIVEN_UP)
			free += slab->objects - slab->inuse;
		else if (b)
			free += naive_order_objects(b->order, sc->g.size) - live_in(c, b->pfn, b->order);
	}
	return (size_t)snprintf(buf, cap, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
				sc->name, objs - free, objs, sc->g.size, sc->g.objects, 1 << sc->g.order, 0, 0, 0,
				slabs, slabs, 0UL);
}

void slub_check_slabinfo(struct slub_check *c)
{
	static char want[SLABINFO_MAX], got[SLABINFO_MAX];
	size_t len, got_len;
	unsigned long shown = ~0UL;

	slub_check_tally(c);
	len = (size_t)snprintf(want, sizeof(want), "slabinfo - version: 2.1\n"
			       "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
			       " : tunables <limit> <batchcount> <sharedfactor>"
			       " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	/* newest first: the live cache created last before the one shown last */
	for (;;) {
		struct shadow_cache *next = NULL;

		for (unsigned i = 0; i < c->nr_caches; i++) {
			struct shadow_cache *sc = &c->caches[i];

			if (!sc->dead && sc->order < shown && (!next || sc->order > next->order))
				next = sc;
		}
		if (!next || len >= sizeof(want))
			break;
		len += cache_line(c, next, want + len, sizeof(want) - len);
		shown = next->order;
	}
	got_len = show_slabinfo(c->k, got, sizeof(got));
	if (len >= sizeof(want) || got_len >= sizeof(got))
		return;
	if (got_len != len || memcmp(got, want, len)) {
		size_t at = 0, line = 0;

		while (at < len && at < got_len && got[at] == want[at])
			line = want[at++] == '\n' ? at : line;
		oracle_fail("slub /proc/slabinfo", at, 0, 1, "differs at byte %zu: \"%.60s\" expected \"%.60s\"", at,
			    got + line, want + line);
	}
}
