/*
 * The SLUB oracle's own record of the world (private to oracle/slub_*.c):
 * the caches it expects, the objects it knows are live, and the page
 * blocks the page-allocator observer saw handed to SLUB.  Nothing here is
 * read back from SLUB's bookkeeping except through the checks that compare.
 */
#ifndef ORACLE_SLUB_SHADOW_H
#define ORACLE_SLUB_SHADOW_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"
#include "page_alloc.h"
#include "slab.h"
#include "slub_check.h"
#include "slub_geometry.h"

#define SHADOW_MAX_CACHES (SLUB_MAX_CACHES * 2)

struct shadow_cache {
	const struct kmem_cache *s;	/* the model's struct, for identity only */
	char name[KMEM_CACHE_NAME_MAX];
	struct slub_geometry_args args;
	struct slub_geometry g;
	unsigned int merged_size;	/* the largest size merged in (object_size, inuse grow to it) */
	int refcount;			/* -1: never merged or destroyed (boot caches) */
	unsigned long order;		/* creation order: /proc/slabinfo prints newest first */
	bool usersize;			/* kmalloc caches: usersize = size, never merged */
	bool dead;			/* destroyed */
	uint32_t own[3];		/* its kmem_cache, kmem_cache_node and random_seq objects (0: none) */
};

enum shadow_kind { OBJ_USER, OBJ_CACHE, OBJ_NODE, OBJ_RANDOM_SEQ };

struct shadow_obj {
	uint32_t va;
	uint32_t len;			/* bytes the caller owns: the cache's object_size */
	struct shadow_cache *c;		/* NULL for a large kmalloc */
	enum shadow_kind kind;
};

/* A block of pages the observer saw SLUB take (a slab or a large kmalloc). */
struct shadow_block {
	unsigned long pfn;
	unsigned int order;
	enum page_alloc_user who;
};

struct slub_check {
	struct slub_check_config cfg;
	struct shadow_cache caches[SHADOW_MAX_CACHES];
	unsigned nr_caches;
	unsigned long next_order;
	struct shadow_obj *objs;	/* sorted by va */
	unsigned nr_objs, cap_objs;
	struct shadow_block *blocks;	/* sorted by pfn */
	unsigned nr_blocks, cap_blocks;
	struct held_block *held;	/* the blocks as buddy_check's held set */
	unsigned cap_held;
	unsigned long reports;		/* k->slub.nr_reports as the oracle expects it */
	unsigned long taint;		/* TAINT_BAD_PAGE / TAINT_WARN bits expected */
	bool warned_not_slab;		/* virt_to_cache's WARN_ONCE fired */
	bool booted;
	const struct mm_kernel *k;
	uint8_t *marks;			/* per object of one slab: on which freelist */
	struct shadow_block *returned;	/* blocks given back during the current call */
	unsigned nr_returned, cap_returned;
	/* the call in progress */
	char expected[160];		/* the report it must print ("" none) */
	bool expected_prefix;		/* a WARN: the text appears in the report */
	struct shadow_obj *freeing;	/* the live object a free gives back */
	struct shadow_cache *destroying;
};

/* slub_shadow.c */
struct shadow_cache *shadow_cache_of(struct slub_check *c, const struct kmem_cache *s);
struct shadow_obj *shadow_obj_at(struct slub_check *c, uint32_t va);
/* The first live object ending after va (objects are disjoint, so sorted by end as well). */
unsigned shadow_obj_from(const struct slub_check *c, uint32_t va);
void shadow_obj_add(struct slub_check *c, uint32_t va, uint32_t len, struct shadow_cache *sc,
		    enum shadow_kind kind);
void shadow_obj_del(struct slub_check *c, struct shadow_obj *o);
struct shadow_block *shadow_block_at(struct slub_check *c, unsigned long pfn);
uint32_t naive_pfn_to_va(const struct mm_kernel *k, unsigned long pfn);
/* The lowmem pfn of va, or ULONG_MAX outside the linear map. */
unsigned long naive_va_to_pfn(const struct mm_kernel *k, uint32_t va);

/* The merged sizes: object_size and inuse grow to the largest request merged in. */
unsigned int shadow_object_size(const struct shadow_cache *sc);
unsigned int shadow_inuse(const struct shadow_cache *sc);

/* slub_objects.c */
/* An object handed out: of cache sc, or for kmalloc (sc NULL) of `size` bytes with gfp. */
void slub_check_new_object(struct slub_check *c, struct shadow_cache *sc, size_t size, gfp_t gfp,
			   uint32_t va, enum shadow_kind kind);
/* A NULL result: only when the zones could not give an order-`order` block. */
void slub_check_out_of_memory(struct slub_check *c, const char *what, unsigned int order);

/* slub_reports.c */
void slub_check_expect_bug(struct slub_check *c, const char *cache, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void slub_check_expect_warn(struct slub_check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The end of every call: reports and taint as expected, given-back blocks free, counters. */
void slub_check_after_op(struct slub_check *c, const char *op);

/* slub_slab.c */
/* The live cache a slab block belongs to (page->slab_cache, checked by the census); NULL if none. */
struct shadow_cache *slub_check_block_cache(struct slub_check *c, const struct shadow_block *b);
/* One slab recounted from memory against the shadow and the lists it sits on. */
void slub_check_slab(struct slub_check *c, const struct shadow_block *b);
/* The slab holding va, if SLUB still holds it. */
void slub_check_touched_slab(struct slub_check *c, uint32_t va);
/* A cache's per-CPU slabs and partial chains, node lists and counters; flushed: after shrink/destroy. */
void slub_check_cache_lists(struct slub_check *c, struct shadow_cache *sc, bool flushed);
/* Σ nr_slabs and total_objects of the live caches against the observer's slabs. */
void slub_check_counters(struct slub_check *c);
/* Slabs with live objects and free ones: what __kmem_cache_shutdown reports. */
unsigned slub_check_partial_with_objects(struct slub_check *c, const struct shadow_cache *sc);
/* Every slab and large block, every cache's lists, against the observer's blocks. */
void slub_check_census(struct slub_check *c);

/* slub_slabinfo.c: /proc/slabinfo recomputed from the shadow */
void slub_check_slabinfo(struct slub_check *c);

#endif
