/*
 * SLUB, the slab allocator (Linux v6.1 include/linux/slab.h,
 * include/linux/slub_def.h, mm/slab.h's struct slab, struct
 * kmem_cache_node and the globals of mm/slab_common.c and mm/slub.c), as
 * Debian's armmp / armmp-lpae build it: SLUB_CPU_PARTIAL, SLUB_DEBUG built
 * in but off, SLAB_FREELIST_HARDENED, SLAB_FREELIST_RANDOM, MEMCG_KMEM,
 * ZONE_DMA, SLAB_MERGE_DEFAULT, INIT_ON_ALLOC_DEFAULT_ON, NR_CPUS 8, one
 * node, no PREEMPTION (tid steps by 1), no KASAN / KFENCE.
 *
 * Objects live in simulated RAM and are reached through the linear map:
 * every object, freelist and cache address here is a simulated kernel
 * virtual address (uint32_t, 0 = NULL).  The host-side structs below hold
 * what the kernel keeps in its own memory; each kmem_cache and
 * kmem_cache_node is also an object of the `kmem_cache` /
 * `kmem_cache_node` cache (its simulated address is `va`), so the caches'
 * bookkeeping occupies slab memory exactly as in the kernel.
 *
 * A slab is its head struct page (mm/page.h's slab fields: slab_cache,
 * freelist, inuse/objects/frozen, slab_list = lru, next/slabs).  Walk every
 * cache through slub.slab_caches (kmem_cache.list, newest first, as
 * /proc/slabinfo prints them).
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gfp.h"
#include "list.h"
#include "page.h"

struct mm_kernel;

typedef uint32_t slab_flags_t;

/* kmem_cache_create() flags (include/linux/slab.h of v6.1, this build's values). */
#define SLAB_CONSISTENCY_CHECKS 0x00000100u
#define SLAB_RED_ZONE 0x00000400u
#define SLAB_POISON 0x00000800u
#define SLAB_KMALLOC 0x00001000u
#define SLAB_HWCACHE_ALIGN 0x00002000u
#define SLAB_CACHE_DMA 0x00004000u
#define SLAB_CACHE_DMA32 0x00008000u
#define SLAB_STORE_USER 0x00010000u
#define SLAB_RECLAIM_ACCOUNT 0x00020000u
#define SLAB_PANIC 0x00040000u
#define SLAB_TYPESAFE_BY_RCU 0x00080000u
#define SLAB_MEM_SPREAD 0x00100000u
#define SLAB_TRACE 0x00200000u
#define SLAB_NOLEAKTRACE 0x00800000u
#define SLAB_ACCOUNT 0x04000000u
#define SLAB_NO_USER_FLAGS 0x10000000u
/* mm/slub.c's internal flag, visible in kmem_cache.flags: the object itself is poisoned */
#define __OBJECT_POISON 0x80000000u

/* Byte patterns (include/linux/poison.h). */
#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE 0xcc
#define POISON_INUSE 0x5a
#define POISON_FREE 0x6b
#define POISON_END 0xa5

/* kmalloc size classes: ARCH_DMA_MINALIGN 64 makes 64 the smallest (no 8..32, no 96). */
#define ARCH_KMALLOC_MINALIGN 64
#define ARCH_SLAB_MINALIGN 8
#define KMALLOC_MIN_SIZE 64
#define KMALLOC_SHIFT_LOW 6
#define KMALLOC_SHIFT_HIGH 13		/* PAGE_SHIFT + 1 */
#define KMALLOC_MAX_CACHE_SIZE 8192u
#define ZERO_SIZE_PTR 16u
#define ZERO_OR_NULL_PTR(x) ((uint32_t)(x) <= ZERO_SIZE_PTR)

#define NR_CPUS 8
#define OO_SHIFT 16
#define OO_MASK ((1u << OO_SHIFT) - 1)
#define MAX_OBJS_PER_PAGE 32767

/* With MEMCG_KMEM and ZONE_DMA all four kinds exist, in this order. */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_CGROUP,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES
};

enum slab_state { DOWN, PARTIAL, PARTIAL_NODE, UP, FULL };

struct kmem_cache_order_objects {
	unsigned int x;		/* order << OO_SHIFT | objects */
};

struct kmem_cache_cpu {
	uint32_t freelist;	/* lockless freelist: first free object, hardened links from there */
	unsigned long tid;
	struct page *slab;	/* the cpu slab (frozen) */
	struct page *partial;	/* per-cpu partial slabs (frozen), chained through page->next */
};

struct kmem_cache_node {
	unsigned long nr_partial;
	struct list_head partial;	/* of page->lru (slab_list) */
	unsigned long nr_slabs;
	unsigned long total_objects;
	struct list_head full;		/* only with SLAB_STORE_USER */
	uint32_t va;			/* model: this object's address in the kmem_cache_node cache */
};

#define KMEM_CACHE_NAME_MAX 32

struct kmem_cache {
	struct kmem_cache_cpu cpu_slab[NR_CPUS];
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;		/* object plus metadata, aligned: the slot */
	unsigned int object_size;
	unsigned int offset;		/* free pointer offset from the object start */
	unsigned int cpu_partial;	/* objects */
	unsigned int cpu_partial_slabs;
	struct kmem_cache_order_objects oo, min;
	gfp_t allocflags;
	int refcount;
	unsigned int ctor;		/* model: constructor id (the object is filled with it), 0 = none */
	unsigned int inuse;		/* offset to the metadata */
	unsigned int align;
	unsigned int red_left_pad;
	const char *name;
	struct list_head list;		/* slub.slab_caches */
	uint32_t random;		/* FREELIST_HARDENED xor key */
	uint32_t random_seq;		/* FREELIST_RANDOM: kcalloc'd array of slot offsets, 0 = none */
	unsigned int useroffset, usersize;
	struct kmem_cache_node *node[1];	/* MAX_NUMNODES: one node */
	uint32_t va;			/* model: this object's address in the kmem_cache cache */
	/* model storage */
	struct kmem_cache_node node_storage;
	char name_storage[KMEM_CACHE_NAME_MAX];
	struct kmem_cache *pool_next;
};

/* Caches the model can hold at once (kmem_cache, kmem_cache_node, 36 kmalloc caches, created ones). */
#define SLUB_MAX_CACHES 72

/* SLUB's globals, one set per booted kernel (mm_kernel.slub). */
struct slub {
	enum slab_state slab_state;
	struct list_head slab_caches;
	struct kmem_cache *kmem_cache, *kmem_cache_node;
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
	unsigned int nr_cpu_ids;	/* 1..NR_CPUS */
	unsigned int cpu;		/* smp_processor_id() of the simulated CPU running now */
	/* boot parameters: slub_debug=, slub_{min,max}_order=, slub_min_objects=, slab_nomerge */
	slab_flags_t slub_debug;
	bool slub_debug_enabled;	/* the slub_debug_enabled static key */
	const char *slub_debug_string;	/* the per-slab blocks, into debug_storage */
	bool disable_higher_order_debug;
	bool slab_nomerge;
	unsigned int slub_min_order, slub_max_order, slub_min_objects;
	gfp_t gfp_allowed_mask;		/* GFP_BOOT_MASK until the boot is over */
	/* what a debugging kernel would let a test see */
	unsigned long tainted;		/* TAINT_BAD_PAGE / TAINT_WARN bits */
	unsigned long nr_reports;	/* slub_debug BUG reports and WARNs so far */
	char last_report[128];		/* the last report's headline, e.g. "BUG kmalloc-64 (Not tainted): Object already free" */
	unsigned long jiffies;		/* model: one tick per SLUB call (track "when"/age) */
	unsigned int warned_once;	/* WARN_ONCE sites that fired (bit per site) */
	uint64_t rng;			/* model: the seeded source of get_random_long() */
	/* model storage */
	char debug_storage[1024];
	struct kmem_cache *pool;	/* free cache structs */
	struct kmem_cache caches[SLUB_MAX_CACHES];
};

/* /proc/slabinfo's per-cache figures (mm/slab.h struct slabinfo, get_slabinfo()). */
struct slabinfo {
	unsigned long active_objs, num_objs, active_slabs, num_slabs, shared_avail;
	unsigned int limit, batchcount, shared, objects_per_slab, cache_order;
};

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}

static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}

static inline bool PageSlab(const struct page *page)
{
	return page->flags & (1u << PG_slab);
}

/*
 * kmem_cache_init() + create_kmalloc_caches() + the freelist random
 * sequences, then the "SLUB: HWalign=..." line.  Called by mm_kernel_boot
 * right after mem_init's print.  0, or -MM_EPANIC (the kernel panics when
 * its boot caches cannot be created).
 */
int kmem_cache_init(struct mm_kernel *k);

/* NULL on failure (the kernel's warning is logged); a compatible existing cache may be returned (merging). */
struct kmem_cache *kmem_cache_create(struct mm_kernel *k, const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags, unsigned int ctor);
void kmem_cache_destroy(struct mm_kernel *k, struct kmem_cache *s);
/* 0 when every slab was released. */
int kmem_cache_shrink(struct mm_kernel *k, struct kmem_cache *s);

/* 0 when the allocation failed. */
uint32_t kmem_cache_alloc(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct mm_kernel *k, struct kmem_cache *s, uint32_t x);
/* ZERO_SIZE_PTR for 0 bytes; over KMALLOC_MAX_CACHE_SIZE straight from the buddy allocator. */
uint32_t kmalloc(struct mm_kernel *k, size_t size, gfp_t gfp);
void kfree(struct mm_kernel *k, uint32_t x);
size_t ksize(struct mm_kernel *k, uint32_t x);

/* The size class (index into kmalloc_caches[]) of a kmalloc; 0 for 0 bytes. */
unsigned int kmalloc_index(size_t size);
/* The cache kmalloc(size, gfp) uses; NULL for 0 bytes and above KMALLOC_MAX_CACHE_SIZE. */
struct kmem_cache *kmalloc_slab(struct mm_kernel *k, size_t size, gfp_t gfp);

/* Make `cpu` the running simulated CPU: 0, or -MM_EINVAL when cpu >= nr_cpu_ids. */
int slub_set_cpu(struct mm_kernel *k, unsigned int cpu);

void get_slabinfo(const struct kmem_cache *s, struct slabinfo *sinfo);
/* /proc/slabinfo (version 2.1), exact format; returns the full length (what fits in cap is written). */
size_t show_slabinfo(const struct mm_kernel *k, char *buf, size_t cap);

#endif
