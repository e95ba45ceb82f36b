/* See slub_geometry.h.  Every number is derived here from the v6.1 rules, in order. */
#include "slub_geometry.h"

#define WORD 4u				/* sizeof(void *) */
#define TRACK 20u			/* struct track: addr, depot handle, cpu, pid, when */
#define CACHE_LINE 64u
#define KMALLOC_MINALIGN 64u		/* ARCH_DMA_MINALIGN */
#define SLAB_MINALIGN 8u		/* __alignof__(unsigned long long) on EABI */
#define PAGE 4096u
#define MAX_SLAB_ORDER 3u		/* slub_max_order = PAGE_ALLOC_COSTLY_ORDER */
#define BUDDY_ORDERS 12u		/* MAX_ORDER */

static unsigned int round_up(unsigned int v, unsigned int a)
{
	return (v + a - 1) / a * a;
}

static unsigned int max_u(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

static bool power_of_two(unsigned int v)
{
	return v && !(v & (v - 1));
}

/* The smallest order whose slab holds `bytes`. */
static unsigned int pages_order(unsigned long bytes)
{
	unsigned int order = 0;

	while (((unsigned long)PAGE << order) < bytes)
		order++;
	return order;
}

unsigned int naive_order_objects(unsigned int order, unsigned int size)
{
	return (PAGE << order) / size;
}

/* calculate_alignment(): a hardware cache line halved while the object fits twice, the minimum, words. */
static unsigned int cache_align(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int line = CACHE_LINE;

		while (size <= line / 2)
			line /= 2;
		align = max_u(align, line);
	}
	return round_up(max_u(align, SLAB_MINALIGN), WORD);
}

/* calc_slab_order(): the first order from the lowest that fits min_objects wasting at most slab/fraction. */
static unsigned int order_with_waste(unsigned int size, unsigned int min_objects, unsigned int max_order,
				     unsigned int fraction)
{
	unsigned int o;

	for (o = pages_order((unsigned long)min_objects * size); o <= max_order; o++)
		if ((PAGE << o) % size <= (PAGE << o) / fraction)
			break;
	return o;
}

/* calculate_order(): least waste first, then fewer objects, then one object at any order. */
static bool slab_order(unsigned int size, const struct slub_geometry_args *a, const struct slub_params *p,
		       unsigned int *order)
{
	unsigned int cpu_bits = 0, min_objects = p->min_objects;

	while (cpu_bits < 32 && (a->nr_cpu_ids >> cpu_bits))
		cpu_bits++;			/* fls(nr_cpu_ids) */
	if (!min_objects)
		min_objects = 4 * (cpu_bits + 1);
	if (min_objects > naive_order_objects(p->max_order, size))
		min_objects = naive_order_objects(p->max_order, size);
	for (; min_objects > 1; min_objects--)
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2)
			if ((*order = order_with_waste(size, min_objects, p->max_order, fraction)) <= p->max_order)
				return true;
	*order = pages_order(size);
	return *order < BUDDY_ORDERS;
}

static unsigned int cpu_partial_objects(slab_flags_t f, unsigned int size)
{
	if (f & NAIVE_SLAB_DEBUG_FLAGS)
		return 0;
	if (size >= PAGE)
		return 6;
	if (size >= 1024)
		return 24;
	if (size >= 256)
		return 52;
	return 120;
}

/* calculate_sizes() for flags f: where the free pointer and the debug metadata go, the slot size. */
static void layout(const struct slub_geometry_args *a, slab_flags_t f, struct slub_geometry *g)
{
	unsigned int size = round_up(a->object_size, WORD);

	g->flags = f & ~__OBJECT_POISON;
	if ((f & SLAB_POISON) && !(f & SLAB_TYPESAFE_BY_RCU) && !a->ctor)
		g->flags |= __OBJECT_POISON;
	/* A red zone needs a word after the object when the object fills its words. */
	if ((f & SLAB_RED_ZONE) && size == a->object_size)
		size += WORD;
	g->inuse = size;
	/* Poison, RCU or a constructor keep the object intact while free: the link goes after it. */
	if ((f & (SLAB_POISON | SLAB_TYPESAFE_BY_RCU)) || a->ctor ||
	    ((f & SLAB_RED_ZONE) && a->object_size < WORD)) {
		g->offset = size;
		size += WORD;
	} else {
		g->offset = a->object_size / 2 / WORD * WORD;
	}
	if (f & SLAB_STORE_USER)
		size += 2 * TRACK + (a->kmalloc ? WORD : 0);
	g->left = 0;
	if (f & SLAB_RED_ZONE) {
		g->left = g->red_left_pad = round_up(WORD, g->align);
		size += WORD + g->red_left_pad;
	}
	g->size = round_up(size, g->align);
}

bool slub_geometry(const struct slub_geometry_args *a, struct slub_geometry *g)
{
	static const struct slub_params defaults = { .max_order = MAX_SLAB_ORDER };
	const struct slub_params *p = a->params ? a->params : &defaults;
	unsigned int align = a->align, size, log2 = 0;

	*g = (struct slub_geometry){ .object_size = a->object_size };
	if (!a->object_size)
		return false;
	if (a->boot_cache) {
		align = KMALLOC_MINALIGN;
		if (power_of_two(a->object_size))
			align = max_u(align, a->object_size);
	}
	g->align = cache_align(a->flags, align, a->object_size);
	layout(a, a->flags, g);
	/* slub_debug=O: no metadata where it would raise the smallest order */
	if (p->disable_higher_order_debug && pages_order(g->size) > pages_order(a->object_size))
		layout(a, a->flags & ~(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER), g);
	size = g->size;

	if (!slab_order(size, a, p, &g->order))
		return false;
	g->objects = naive_order_objects(g->order, size);
	g->min_order = pages_order(size);
	g->min_objects = naive_order_objects(g->min_order, size);

	while ((size >> (log2 + 1)) != 0)
		log2++;
	g->min_partial = log2 / 2 < 5 ? 5 : log2 / 2 > 10 ? 10 : log2 / 2;
	g->cpu_partial = cpu_partial_objects(g->flags, size);
	g->cpu_partial_slabs = (2 * g->cpu_partial + g->objects - 1) / g->objects;
	return g->objects > 0;
}
