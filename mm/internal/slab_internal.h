/*
 * Internal interface of SLUB's files (slub.c, slub_geometry.c,
 * slab_common.c, slub_debug.c, slabinfo.c, sim/kmem_access.c), in the role
 * of the kernel's mm/slab.h internals and mm/slub.c's file-scope helpers.
 * Not a public header: the oracle must not include it.
 */
#ifndef MM_SLAB_INTERNAL_H
#define MM_SLAB_INTERNAL_H

#include "kernel.h"
#include "slab.h"

/* The model's stand-in for a caller's return address (_RET_IP_), kept in tracks. */
enum slab_caller {
	SLAB_CALLER_NONE,
	SLAB_CALLER_KMEM_CACHE_ALLOC,
	SLAB_CALLER_KMALLOC,
	SLAB_CALLER_KMEM_CACHE_FREE,
	SLAB_CALLER_KFREE,
	NR_SLAB_CALLERS
};

/* struct track of this build (STACKDEPOT): addr, handle, cpu, pid, when: 5 words. */
#define TRACK_SIZE 20u
enum track_item { TRACK_ALLOC, TRACK_FREE };

#define DEBUG_DEFAULT_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define SLAB_DEBUG_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
#define DEBUG_METADATA_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define SLAB_NEVER_MERGE (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | \
			  SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE)
#define SLAB_MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT)
#define SLAB_CORE_FLAGS (SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_PANIC | \
			 SLAB_TYPESAFE_BY_RCU)
#define SLAB_CACHE_FLAGS (SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT | SLAB_NO_USER_FLAGS)
#define CACHE_CREATE_MASK (SLAB_CORE_FLAGS | SLAB_DEBUG_FLAGS | SLAB_CACHE_FLAGS)
#define SLAB_FLAGS_PERMITTED (SLAB_CORE_FLAGS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			      SLAB_TRACE | SLAB_CONSISTENCY_CHECKS | SLAB_MEM_SPREAD | \
			      SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT | SLAB_NO_USER_FLAGS)

/* gfp masks of mm/internal.h and gfp_types.h (no LOCKDEP, no KASAN_HW_TAGS). */
#define __GFP_BITS_MASK ((1u << 27) - 1)
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | \
			  __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | \
			  __GFP_NOMEMALLOC)
#define GFP_BOOT_MASK (__GFP_BITS_MASK & ~(__GFP_RECLAIM | __GFP_IO | __GFP_FS))
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)
#define GFP_SLAB_BUG_MASK (__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

/* WARN_ONCE sites (bits of slub.warned_once). */
enum slab_warn_once {
	WARN_ONCE_CTOR_ZERO = 1u << 0,		/* new_slab: a constructor cache asked for __GFP_ZERO */
	WARN_ONCE_NOT_SLAB = 1u << 1,		/* virt_to_cache: not a slab page */
	WARN_ONCE_KMALLOC_SLAB = 1u << 2,	/* kmalloc_slab: above KMALLOC_MAX_CACHE_SIZE */
	WARN_ONCE_LARGE_ORDER0 = 1u << 3,	/* free_large_kmalloc: an order-0 page */
};

/* Whether a WARN_ONCE site fires now (the first time in this boot). */
static inline bool warn_once(struct mm_kernel *k, enum slab_warn_once site)
{
	bool first = !(k->slub.warned_once & site);

	k->slub.warned_once |= site;
	return first;
}

#define TAINT_BAD_PAGE 5
#define TAINT_WARN 9

/* sim/kmem_access.c: SLUB's own accesses to simulated RAM, invisible to ASan. */
uint32_t kmem_raw_read32(const struct mm_kernel *k, uint32_t va);
void kmem_raw_write32(struct mm_kernel *k, uint32_t va, uint32_t v);
void kmem_raw_fill(struct mm_kernel *k, uint32_t va, uint8_t val, size_t len);
void kmem_raw_write(struct mm_kernel *k, uint32_t va, const void *buf, size_t len);
void kmem_raw_read(const struct mm_kernel *k, uint32_t va, void *buf, size_t len);
/* memchr_inv(): the first byte of [va, va + len) that is not val, or 0. */
uint32_t kmem_raw_find_not(const struct mm_kernel *k, uint32_t va, uint8_t val, size_t len);
/* Host pages for [pfn, pfn + nr) (a new slab is made whole): 0 or -MM_ENOMEM at the cap. */
int kmem_materialise(struct mm_kernel *k, unsigned long pfn, unsigned long nr);
/* KASAN's object (un)poisoning, done on the host pages (no-ops without ASan). */
void kasan_poison_range(struct mm_kernel *k, uint32_t va, size_t len);
void kasan_unpoison_range(struct mm_kernel *k, uint32_t va, size_t len);

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)(PAGE_SIZE << order) / size;
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order, unsigned int size)
{
	return (struct kmem_cache_order_objects){ (order << OO_SHIFT) + order_objects(order, size) };
}

static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	for (size = (size - 1) >> PAGE_SHIFT; size; size >>= 1)
		order++;
	return order;
}

static inline unsigned int fls32(uint32_t x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* kmem_cache_debug_flags(): debugging features only count once the static key is on. */
static inline bool kmem_cache_debug_flags(const struct mm_kernel *k, const struct kmem_cache *s, slab_flags_t f)
{
	return k->slub.slub_debug_enabled && (s->flags & f);
}

static inline bool kmem_cache_debug(const struct mm_kernel *k, const struct kmem_cache *s)
{
	return kmem_cache_debug_flags(k, s, SLAB_DEBUG_FLAGS);
}

static inline uint32_t fixup_red_left(const struct mm_kernel *k, const struct kmem_cache *s, uint32_t p)
{
	return kmem_cache_debug_flags(k, s, SLAB_RED_ZONE) ? p + s->red_left_pad : p;
}

static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + 4 : s->inuse;
}

static inline struct kmem_cache_node *get_node(const struct kmem_cache *s)
{
	return s->node[0];
}

/* slub.c */
uint32_t get_freepointer(const struct mm_kernel *k, const struct kmem_cache *s, uint32_t object);
/* false (nothing written) on the hardened BUG_ON: a double free at the head of the freelist. */
bool set_freepointer(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, uint32_t fp);
uint32_t slab_address(const struct mm_kernel *k, const struct page *slab);
unsigned int slab_order(const struct page *slab);
/* The head page of lowmem address x (compound head), or NULL outside lowmem / the memmap. */
struct page *virt_to_head_page(const struct mm_kernel *k, uint32_t x);
/* virt_to_slab(): NULL unless that page is a slab. */
struct page *virt_to_slab(const struct mm_kernel *k, uint32_t x);
uint64_t get_random_long(struct mm_kernel *k);
uint32_t __kmem_cache_alloc_node(struct mm_kernel *k, struct kmem_cache *s, gfp_t gfp, size_t orig_size,
				 enum slab_caller caller);
void __kmem_cache_free(struct mm_kernel *k, struct kmem_cache *s, uint32_t x, enum slab_caller caller);
void flush_all(struct mm_kernel *k, struct kmem_cache *s);
void __flush_cpu_slab(struct mm_kernel *k, struct kmem_cache *s, unsigned int cpu);
int __kmem_cache_shutdown(struct mm_kernel *k, struct kmem_cache *s);
int __kmem_cache_shrink(struct mm_kernel *k, struct kmem_cache *s);
void inc_slabs_node(struct kmem_cache *s, unsigned int objects);
struct page *new_slab(struct mm_kernel *k, struct kmem_cache *s, gfp_t flags);
void __add_partial(struct kmem_cache_node *n, struct page *slab, bool tail);
/* alloc_pages()/__free_pages() for the model's own use, reported to the page observer. */
struct page *alloc_pages_for(struct mm_kernel *k, gfp_t gfp, unsigned int order, enum page_alloc_user who);
void free_pages_for(struct mm_kernel *k, struct page *page, unsigned int order, enum page_alloc_user who);

/* slub_geometry.c */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size);
/* __kmem_cache_create() / kmem_cache_open(): 0 or -MM_EINVAL. */
int __kmem_cache_create(struct mm_kernel *k, struct kmem_cache *s, slab_flags_t flags);
void __kmem_cache_release(struct mm_kernel *k, struct kmem_cache *s);
unsigned int slab_ksize(const struct kmem_cache *s);

/* slab_common.c */
/* A cache struct from the model's storage, zeroed, name copied; NULL when all are in use. */
struct kmem_cache *kmem_cache_struct_new(struct mm_kernel *k, const char *name);
void kmem_cache_struct_put(struct mm_kernel *k, struct kmem_cache *s);
/* create_boot_cache(): s has its name; 0 or -MM_EPANIC (the panic line is logged). */
int create_boot_cache(struct mm_kernel *k, struct kmem_cache *s, unsigned int size, slab_flags_t flags,
		      unsigned int usersize);
int create_kmalloc_caches(struct mm_kernel *k);
/* Drop GFP_SLAB_BUG_MASK's bits, with the kernel's "Unexpected gfp" line. */
gfp_t kmalloc_fix_flags(struct mm_kernel *k, gfp_t flags);
int init_cache_random_seq(struct mm_kernel *k, struct kmem_cache *s);
void cache_random_seq_destroy(struct mm_kernel *k, struct kmem_cache *s);

/* slub_boot.c */
/* SLUB's state reset for a boot, then parse_args's SLUB __setup handlers on the command line's values. */
void slub_setup(struct mm_kernel *k);
/* kernel_init_freeable(): allocations may sleep and reclaim from now on. */
void slub_boot_done(struct mm_kernel *k);

/* slub_debug.c */
void setup_slub_debug(struct mm_kernel *k, const char *str);
slab_flags_t kmem_cache_flags(const struct mm_kernel *k, slab_flags_t flags, const char *name);
void setup_object_debug(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object);
void setup_slab_debug(struct mm_kernel *k, const struct kmem_cache *s, const struct page *slab);
void init_object(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, uint8_t val);
void init_tracking(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object);
void set_track(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object, enum track_item alloc,
	       enum slab_caller addr);
bool alloc_debug_processing(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
			    size_t orig_size);
bool free_debug_processing(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object,
			   enum slab_caller addr);
int check_object(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, uint32_t object, uint8_t val);
void slab_pad_check(struct mm_kernel *k, struct kmem_cache *s, struct page *slab);
void print_tracking(struct mm_kernel *k, const struct kmem_cache *s, uint32_t object);
void list_slab_objects(struct mm_kernel *k, struct kmem_cache *s, struct page *slab, const char *text);
/* A WARN: the message (printf-style), the cut-here/WARNING lines, TAINT_WARN. */
void slab_warn(struct mm_kernel *k, const char *file_line, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The hardened BUG_ON: the oops lines; the operation is abandoned. */
void slab_bug_on(struct mm_kernel *k, int line);

#endif
