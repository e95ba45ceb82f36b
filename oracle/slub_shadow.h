/*
 * The SLUB oracle's own record of the world (private to oracle/slub_*.c):
 * the caches it expects, the objects it knows are live, the page blocks
 * the page-allocator observer saw the model take (model_pages.h), and what
 * the harness's deliberately wrong stores did to slub_debug's metadata.
 * Nothing here is read back from SLUB's bookkeeping except through the
 * checks that compare.
 */
#ifndef ORACLE_SLUB_SHADOW_H
#define ORACLE_SLUB_SHADOW_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel.h"
#include "model_pages.h"
#include "slab.h"
#include "slub_check.h"
#include "slub_geometry.h"
#include "slub_params.h"

#define SHADOW_MAX_CACHES (SLUB_MAX_CACHES * 2)
#define SHADOW_MAX_DIRT 64
#define DEBUG_REPORTS_MAX 4

struct shadow_cache {
	const struct kmem_cache *s;	/* the model's struct, for identity only */
	char name[KMEM_CACHE_NAME_MAX];
	struct slub_geometry_args args;
	struct slub_geometry g;
	unsigned int merged_size;	/* the largest size merged in (object_size and inuse grow to it) */
	int refcount;			/* -1: boot caches, never merged or destroyed */
	unsigned long order;		/* creation order: /proc/slabinfo prints newest first */
	bool usersize;			/* kmalloc caches: usersize = size, never merged */
	bool dead;			/* destroyed */
	uint32_t own[3];		/* its kmem_cache, kmem_cache_node and random_seq objects (0: none) */
};

enum shadow_kind { OBJ_USER, OBJ_CACHE, OBJ_NODE, OBJ_RANDOM_SEQ };

struct shadow_obj {
	uint32_t va;
	uint32_t len;			/* the cache's object_size, a large kmalloc's block */
	struct shadow_cache *c;		/* NULL for a large kmalloc */
	enum shadow_kind kind;
};

/*
 * What slub_debug's check_object() will say about an object a wrong store
 * touched: its reports in order, and whether the last one refuses it.
 */
struct dirt {
	const struct shadow_cache *c;
	uint32_t obj;
	bool live;
	unsigned nr;
	const char *reports[DEBUG_REPORTS_MAX];
	bool fatal;
};

/*
 * Slabs whose state the shadow no longer derives by itself: DISABLED by a
 * failed allocation check ("Marking all objects used"); LOST, a free
 * object's link overwritten (its freelist is not walked until the kernel
 * disables the slab); GIVEN_UP after a double free ran into such a link.
 */
enum slab_mark { SLAB_DISABLED = 1, SLAB_LOST, SLAB_GIVEN_UP };

struct marked_slab {
	unsigned long pfn;
	enum slab_mark mark;
};

/* A cache's slabs as the observer's blocks count them (slub_check_tally). */
struct cache_tally {
	unsigned long slabs, objects;
};

struct slub_check {
	struct slub_check_config cfg;
	struct slub_options opts;	/* SLUB's parameters from cfg.cmdline */
	struct model_pages mp;		/* the blocks the observer saw SLUB take */
	struct shadow_cache caches[SHADOW_MAX_CACHES];
	struct cache_tally tally[SHADOW_MAX_CACHES];	/* by index in caches[] */
	unsigned nr_caches;
	unsigned long next_order;
	struct shadow_cache *kmalloc[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];	/* by the naive names */
	struct shadow_obj *objs;	/* sorted by va */
	unsigned nr_objs, cap_objs;
	struct dirt dirt[SHADOW_MAX_DIRT];
	unsigned nr_dirt;
	struct marked_slab marked[SHADOW_MAX_DIRT];
	unsigned nr_marked;
	unsigned long reports;		/* k->slub.nr_reports as the oracle expects it */
	unsigned long taint;		/* 1 << TAINT_BAD_PAGE / TAINT_WARN expected */
	bool warned_not_slab;		/* virt_to_cache's WARN_ONCE fired */
	bool warned_ctor_zero;		/* new_slab's WARN_ON_ONCE fired */
	unsigned long taken;		/* mp.nr_taken when the call began */
	bool booted;
	const struct mm_kernel *k;
	uint8_t *marks;			/* per object of one slab: on which freelist */
	uint8_t *slot;			/* one object's slot, read for slub_debug_verdict */
	unsigned cap_slot;
	/* the call in progress */
	char expected[224];		/* the report it must print last ("" none) */
	bool expected_prefix;		/* a WARN: the text appears in the report */
	bool any_reports;		/* the call may print any number of reports of expected_cache */
	bool given_back_reported;	/* the slabs given back had their reports expected */
	const char *expected_cache;
};

/* slub_shadow.c */
/* The merged sizes: object_size and inuse grow to the largest request merged in. */
unsigned int shadow_object_size(const struct shadow_cache *sc);
unsigned int shadow_inuse(const struct shadow_cache *sc);
struct shadow_cache *shadow_cache_of(struct slub_check *c, const struct kmem_cache *s);
struct shadow_obj *shadow_obj_at(struct slub_check *c, uint32_t va);
/* The first live object ending after va (objects are disjoint, so sorted by end as well). */
unsigned shadow_obj_from(const struct slub_check *c, uint32_t va);
void shadow_obj_add(struct slub_check *c, uint32_t va, uint32_t len, struct shadow_cache *sc,
		    enum shadow_kind kind);
void shadow_obj_del(struct slub_check *c, struct shadow_obj *o);
/* Live objects in a block. */
unsigned shadow_live_in(const struct slub_check *c, const struct model_page_block *b);
/* Simulated memory [va, va + len) all holds `want` (else *bad, when given, is the first other byte). */
bool shadow_bytes_are(const struct slub_check *c, uint32_t va, uint32_t len, uint8_t want, uint32_t *bad);
uint32_t naive_pfn_to_va(const struct mm_kernel *k, unsigned long pfn);
/* The lowmem pfn of va, or ULONG_MAX outside the linear map. */
unsigned long naive_va_to_pfn(const struct mm_kernel *k, uint32_t va);
/* The block SLUB holds at va, or NULL. */
const struct model_page_block *shadow_block_of(const struct slub_check *c, uint32_t va);
enum slab_mark shadow_slab_mark(const struct slub_check *c, unsigned long pfn);
void shadow_mark_slab(struct slub_check *c, unsigned long pfn, enum slab_mark mark);
/* A slab of the cache was given up on: calls about the cache may report anything about it. */
bool shadow_cache_given_up(struct slub_check *c, const struct shadow_cache *sc);
struct dirt *shadow_dirt_at(struct slub_check *c, uint32_t obj);
void shadow_dirt_del(struct slub_check *c, struct dirt *d);

/* slub_objects.c */
/* The cache kmalloc(size, gfp) must use (size 1..KMALLOC_MAX_CACHE_SIZE). */
struct shadow_cache *naive_kmalloc_cache(struct slub_check *c, size_t size, gfp_t gfp);
/* An object handed out: of cache sc, or for kmalloc (sc NULL) of `size` bytes with gfp. */
void slub_check_new_object(struct slub_check *c, struct shadow_cache *sc, size_t size, gfp_t gfp,
			   uint32_t va, enum shadow_kind kind);
/* A NULL result: only when the zones could not give an order-`order` block. */
void slub_check_out_of_memory(struct slub_check *c, const char *what, unsigned int order);

/* slub_debug_bytes.c */
/* check_object() of v6.1 on the object as memory holds it now; false when it passes silently. */
bool slub_debug_verdict(struct slub_check *c, const struct shadow_cache *sc, const struct model_page_block *b,
			uint32_t obj, bool live, struct dirt *d);
/* Red zones, poison and padding of a clean slab of a debug cache (only: of that object alone, 0 all). */
void slub_check_debug_bytes(struct slub_check *c, const struct shadow_cache *sc, uint32_t start,
			    unsigned objects, uint32_t only);
/* A store into [va, va + len): the debug caches' objects it touched judged again (wrong: hidden from ASan). */
void slub_debug_judge(struct slub_check *c, uint32_t va, size_t len, bool wrong);
/* A slab given back: what __free_slab's checks say about its dirty objects. */
void slub_debug_given_back(struct slub_check *c, const struct model_page_block *b);
/* After an allocation from a debug cache: the dirty objects it ran into. */
void slub_check_alloc_debug(struct slub_check *c, struct shadow_cache *sc, uint32_t va);

/* slub_reports.c */
void slub_check_expect_bug(struct slub_check *c, const char *cache, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void slub_check_expect_warn(struct slub_check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports the oracle cannot foresee: any number this call, all of them about the cache. */
void slub_check_expect_any(struct slub_check *c, const struct shadow_cache *sc);
/* The reports __free_slab printed for the slabs the call gave back so far (once per call). */
void slub_check_given_back_reports(struct slub_check *c);
/* The end of every call: reports and taint as expected, given-back blocks free, counters. */
void slub_check_after_op(struct slub_check *c, const char *op);

/* slub_slab.c */
/* The live cache a slab block belongs to (page->slab_cache, checked by the census); NULL if none. */
struct shadow_cache *slub_check_block_cache(struct slub_check *c, const struct model_page_block *b);
/* The object index of p in the slab at start, or -1 when p is no object start. */
int slub_object_index(const struct shadow_cache *sc, uint32_t start, unsigned objects, uint32_t p);
/* The next free object a link at address `link` holding raw names, decoded the hardened way. */
uint32_t slub_link_value(const struct shadow_cache *sc, uint32_t link, const uint8_t raw[4]);
/* The next free object after obj, read from memory. */
uint32_t slub_decode_link(struct slub_check *c, const struct shadow_cache *sc, uint32_t obj, bool *ok);
/*
 * One slab recounted from memory against the shadow and the lists it sits
 * on; with bytes, slub_debug's metadata too: of every object, or of `only`.
 */
void slub_check_slab(struct slub_check *c, const struct model_page_block *b, bool bytes, uint32_t only);
/* The slab holding va and its cache's lists, if SLUB still holds it. */
void slub_check_touched_slab(struct slub_check *c, uint32_t va);
/* A cache's per-CPU slabs and partial chains, node lists and counters; flushed: after shrink/destroy. */
void slub_check_cache_lists(struct slub_check *c, struct shadow_cache *sc, bool flushed);
/* Σ nr_slabs of the live caches against the observer's slabs. */
void slub_check_counters(struct slub_check *c);
/* Listed slabs with live objects and free ones: what __kmem_cache_shutdown reports. */
unsigned slub_check_partial_with_objects(struct slub_check *c, const struct shadow_cache *sc);
/* Every cache's slabs and objects counted from the observer's blocks into c->tally. */
void slub_check_tally(struct slub_check *c);
/* Every slab and large block, every cache's lists, against the observer's blocks (bytes: as slub_check_slab). */
void slub_check_census(struct slub_check *c, bool bytes);

/* slub_slabinfo.c: /proc/slabinfo recomputed from the shadow */
void slub_check_slabinfo(struct slub_check *c);

#endif
