/*
 * /proc/slabinfo for SLUB (Linux v6.1 mm/slab_common.c
 * print_slabinfo_header, cache_show, slab_show; mm/slub.c get_slabinfo,
 * count_partial, count_free): version 2.1, caches newest first, no
 * tunables or shared data (SLUB prints zeros there), every slab counted
 * active.
 */
#include "slab_internal.h"

#include "printk.h"

void get_slabinfo(const struct kmem_cache *s, struct slabinfo *sinfo)
{
	const struct kmem_cache_node *n = get_node(s);
	unsigned long nr_free = 0;

	for (const struct list_head *p = n->partial.next; p != &n->partial; p = p->next) {
		const struct page *slab = list_entry(p, struct page, lru);

		nr_free += slab->objects - slab->inuse;
	}
	*sinfo = (struct slabinfo){
		.active_objs = n->total_objects - nr_free,
		.num_objs = n->total_objects,
		.active_slabs = n->nr_slabs,
		.num_slabs = n->nr_slabs,
		.objects_per_slab = oo_objects(s->oo),
		.cache_order = oo_order(s->oo),
	};
}

size_t show_slabinfo(const struct mm_kernel *k, char *buf, size_t cap)
{
	struct show_buf o = show_begin(buf, cap);

	show_printf(&o, "slabinfo - version: 2.1\n");
	show_printf(&o, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		" : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	for (const struct list_head *p = k->slub.slab_caches.next; p != &k->slub.slab_caches; p = p->next) {
		const struct kmem_cache *s = list_entry(p, struct kmem_cache, list);
		struct slabinfo si;

		get_slabinfo(s, &si);
		show_printf(&o, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n", s->name,
		    si.active_objs, si.num_objs, s->size, si.objects_per_slab, 1 << si.cache_order, si.limit,
		    si.batchcount, si.shared, si.active_slabs, si.num_slabs, si.shared_avail);
	}
	return o.len;
}
