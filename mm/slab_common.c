/*
 * The allocator-independent slab layer (Linux v6.1 mm/slab_common.c:
 * slab_unmergeable, find_mergeable, create_cache,
 * kmem_cache_create_usercopy / kmem_cache_create, shutdown_cache,
 * slab_kmem_cache_release, kmem_cache_destroy, kmem_cache_shrink,
 * create_boot_cache, create_kmalloc_cache, size_index / kmalloc_slab,
 * kmalloc_info, new_kmalloc_cache, create_kmalloc_caches,
 * free_large_kmalloc, __do_kmalloc_node, kfree, __ksize / ksize,
 * kmalloc_fix_flags, __kmalloc_large_node, freelist_randomize,
 * cache_random_seq_create / destroy; include/linux/slab.h
 * __kmalloc_index, kmalloc_type; mm/slub.c __kmem_cache_alias,
 * init_cache_random_seq, init_freelist_randomization).
 *
 * Departures: a cache's name is copied into the model's struct (the
 * kernel's kstrdup_const copies only names outside .rodata); a size of 0 or
 * above KMALLOC_MAX_SIZE is refused with a "model:" line (the kernel checks
 * it only with DEBUG_VM, and would divide by zero); SLAB_PANIC logs the
 * panic line and returns NULL; at most SLUB_MAX_CACHES caches exist at once;
 * the freelist shuffles use the model's seeded generator, not the kernel's
 * prandom state; %pS of the caller of kmem_cache_destroy prints 0x0.
 */
#include "slab_internal.h"

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "highmem.h"
#include "mm_errno.h"
#include "page_alloc_internal.h"
#include "printk.h"

static unsigned int kmalloc_shift_max(const struct mm_kernel *k)
{
	return k->profile->max_order + PAGE_SHIFT - 1;
}

/* The kernel's errno value of a model error, as its messages print it. */
static int linux_errno(int err)
{
	return err == -MM_ENOMEM ? -12 : -22;
}

struct kmem_cache *kmem_cache_struct_new(struct mm_kernel *k, const char *name)
{
	struct kmem_cache *s = k->slub.pool;

	if (!s)
		return NULL;
	k->slub.pool = s->pool_next;
	memset(s, 0, sizeof(*s));
	snprintf(s->name_storage, sizeof(s->name_storage), "%s", name);
	s->name = s->name_storage;
	return s;
}

void kmem_cache_struct_put(struct mm_kernel *k, struct kmem_cache *s)
{
	s->pool_next = k->slub.pool;
	k->slub.pool = s;
}

static bool slab_unmergeable(const struct mm_kernel *k, const struct kmem_cache *s)
{
	return k->slub.slab_nomerge || (s->flags & SLAB_NEVER_MERGE) || s->ctor || s->usersize ||
	       s->refcount < 0;
}

/* An existing cache whose slots fit this one within a word, with the same accounting flags. */
static struct kmem_cache *find_mergeable(struct mm_kernel *k, unsigned int size, unsigned int align,
					 slab_flags_t flags, const char *name, unsigned int ctor)
{
	if (k->slub.slab_nomerge || ctor)
		return NULL;
	size = (size + 3) & ~3u;
	align = calculate_alignment(flags, align, size);
	size = (size + align - 1) & ~(align - 1);
	flags = kmem_cache_flags(k, flags, name);
	if (flags & SLAB_NEVER_MERGE)
		return NULL;
	for (struct list_head *p = k->slub.slab_caches.prev; p != &k->slub.slab_caches; p = p->prev) {
		struct kmem_cache *s = list_entry(p, struct kmem_cache, list);

		if (slab_unmergeable(k, s) || size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;
		if (s->size - size >= 4)
			continue;
		return s;
	}
	return NULL;
}

static struct kmem_cache *__kmem_cache_alias(struct mm_kernel *k, const char *name, unsigned int size,
					     unsigned int align, slab_flags_t flags, unsigned int ctor)
{
	struct kmem_cache *s = find_mergeable(k, size, align, flags, name, ctor);

	if (s) {
		s->refcount++;
		/* kzalloc of the alias clears all of its object */
		if (size > s->object_size)
			s->object_size = size;
		if (((size + 3) & ~3u) > s->inuse)
			s->inuse = (size + 3) & ~3u;
	}
	return s;
}

static struct kmem_cache *create_cache(struct mm_kernel *k, const char *name, unsigned int object_size,
				       unsigned int align, slab_flags_t flags, unsigned int ctor, int *err)
{
	uint32_t va = kmem_cache_alloc(k, k->slub.kmem_cache, GFP_KERNEL | __GFP_ZERO);
	struct kmem_cache *s = va ? kmem_cache_struct_new(k, name) : NULL;

	if (!s) {
		if (va) {
			mm_printk(k->log, "model: more than %d slab caches\n", SLUB_MAX_CACHES);
			kmem_cache_free(k, k->slub.kmem_cache, va);
		}
		*err = -MM_ENOMEM;
		return NULL;
	}
	s->va = va;
	s->size = s->object_size = object_size;
	s->align = align;
	s->ctor = ctor;
	*err = __kmem_cache_create(k, s, flags);
	if (*err) {
		kmem_cache_struct_put(k, s);
		kmem_cache_free(k, k->slub.kmem_cache, va);
		return NULL;
	}
	s->refcount = 1;
	list_add(&s->list, &k->slub.slab_caches);
	return s;
}

struct kmem_cache *kmem_cache_create(struct mm_kernel *k, const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags, unsigned int ctor)
{
	struct kmem_cache *s = NULL;
	int err = 0;

	if (flags & SLAB_DEBUG_FLAGS)
		k->slub.slub_debug_enabled = true;
	if (!size || size > (1u << kmalloc_shift_max(k))) {
		mm_printk(k->log, "model: kmem_cache_create(%s) of %u bytes refused\n", name, size);
		return NULL;
	}
	if (flags & ~SLAB_FLAGS_PERMITTED) {
		err = -MM_EINVAL;
		goto out;
	}
	flags &= CACHE_CREATE_MASK;
	s = __kmem_cache_alias(k, name, size, align, flags, ctor);
	if (!s)
		s = create_cache(k, name, size, calculate_alignment(flags, align, size), flags, ctor, &err);
out:
	if (err) {
		if (flags & SLAB_PANIC)
			mm_printk(k->log, "Kernel panic - not syncing: %s: Failed to create slab '%s'. Error %d\n",
				  "kmem_cache_create_usercopy", name, linux_errno(err));
		else
			mm_printk(k->log, "%s(%s) failed with error %d\n", "kmem_cache_create_usercopy", name,
				  linux_errno(err));
		return NULL;
	}
	return s;
}

static void slab_kmem_cache_release(struct mm_kernel *k, struct kmem_cache *s)
{
	uint32_t va = s->va;

	__kmem_cache_release(k, s);
	kmem_cache_struct_put(k, s);
	kmem_cache_free(k, k->slub.kmem_cache, va);
}

/* The last reference shuts the cache down; objects still in use keep it (and it stays listed). */
void kmem_cache_destroy(struct mm_kernel *k, struct kmem_cache *s)
{
	if (!s)
		return;
	if (--s->refcount)
		return;
	if (__kmem_cache_shutdown(k, s)) {
		slab_warn(k, "mm/slab_common.c:493", "kmem_cache_destroy",
			  "%s %s: Slab cache still has objects when called from %s\n", "kmem_cache_destroy", s->name,
			  "0x0");
		return;
	}
	list_del(&s->list);
	slab_kmem_cache_release(k, s);
}

int kmem_cache_shrink(struct mm_kernel *k, struct kmem_cache *s)
{
	return __kmem_cache_shrink(k, s);
}

/* A cache made before slab allocations work; power-of-two sizes get natural alignment. */
int create_boot_cache(struct mm_kernel *k, struct kmem_cache *s, unsigned int size, slab_flags_t flags,
			     unsigned int usersize)
{
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	int err;

	s->size = s->object_size = size;
	if (mm_is_power_of_2(size) && size > align)
		align = size;
	s->align = calculate_alignment(flags, align, size);
	s->usersize = usersize;
	err = __kmem_cache_create(k, s, flags);
	if (err) {
		mm_printk(k->log, "Kernel panic - not syncing: Creation of kmalloc slab %s size=%u failed. Reason %d\n",
			  s->name, size, linux_errno(err));
		return -MM_EPANIC;
	}
	s->refcount = -1;	/* exempt from merging */
	return 0;
}

static const char *const kmalloc_prefix[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = "kmalloc-",
	[KMALLOC_CGROUP] = "kmalloc-cg-",
	[KMALLOC_RECLAIM] = "kmalloc-rcl-",
	[KMALLOC_DMA] = "dma-kmalloc-",
};

/* kmalloc_info[] sizes and short names, by index (2 = 192; 6..13 = 64..8k). */
static unsigned int kmalloc_info_size(unsigned int idx)
{
	return idx == 2 ? 192 : 1u << idx;
}

static struct kmem_cache *create_kmalloc_cache(struct mm_kernel *k, unsigned int idx, enum kmalloc_cache_type type,
					       slab_flags_t flags)
{
	unsigned int size = kmalloc_info_size(idx);
	uint32_t va = kmem_cache_alloc(k, k->slub.kmem_cache, GFP_NOWAIT | __GFP_ZERO);
	char name[KMEM_CACHE_NAME_MAX];
	struct kmem_cache *s;

	if (size >= 1024)
		snprintf(name, sizeof(name), "%s%uk", kmalloc_prefix[type], size >> 10);
	else
		snprintf(name, sizeof(name), "%s%u", kmalloc_prefix[type], size);
	s = va ? kmem_cache_struct_new(k, name) : NULL;
	if (!s) {
		mm_printk(k->log, "Kernel panic - not syncing: Out of memory when creating slab %s\n", name);
		return NULL;
	}
	s->va = va;
	if (create_boot_cache(k, s, size, flags | SLAB_KMALLOC, size) < 0)
		return NULL;
	list_add(&s->list, &k->slub.slab_caches);
	s->refcount = 1;
	return s;
}

static int new_kmalloc_cache(struct mm_kernel *k, unsigned int idx, enum kmalloc_cache_type type,
			     slab_flags_t flags)
{
	struct kmem_cache *s;

	if (type == KMALLOC_RECLAIM)
		flags |= SLAB_RECLAIM_ACCOUNT;
	else if (type == KMALLOC_CGROUP)
		flags |= SLAB_ACCOUNT;
	else if (type == KMALLOC_DMA)
		flags |= SLAB_CACHE_DMA;
	s = create_kmalloc_cache(k, idx, type, flags);
	if (!s)
		return -MM_EPANIC;
	k->slub.kmalloc_caches[type][idx] = s;
	/* with MEMCG_KMEM the plain kmalloc caches never merge */
	if (type == KMALLOC_NORMAL)
		s->refcount = -1;
	return 0;
}

/* Every kind's 64 .. 8k, 192 right after 128; then slab allocations are fully up. */
int create_kmalloc_caches(struct mm_kernel *k)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++)
		for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
			if (!k->slub.kmalloc_caches[type][i] && new_kmalloc_cache(k, i, type, 0) < 0)
				return -MM_EPANIC;
			if (i == 7 && !k->slub.kmalloc_caches[type][2] && new_kmalloc_cache(k, 2, type, 0) < 0)
				return -MM_EPANIC;
		}
	k->slub.slab_state = UP;
	return 0;
}

unsigned int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	if (size > 128 && size <= 192)
		return 2;
	for (unsigned int i = 7; i <= 21; i++)
		if (size <= (size_t)1 << i)
			return i;
	return ~0u;	/* the kernel BUG()s above 2 MiB */
}

/* size_index[] after setup_kmalloc_cache_index_table() with KMALLOC_MIN_SIZE 64, by (size - 1) / 8. */
static const uint8_t size_index[24] = {
	6, 6, 6, 6, 6, 6, 6, 6,		/* 8 .. 64 */
	7, 7, 7, 7, 7, 7, 7, 7,		/* 72 .. 128 (no 96 class) */
	2, 2, 2, 2, 2, 2, 2, 2,		/* 136 .. 192 */
};

static enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	if (!(gfp & (__GFP_RECLAIMABLE | __GFP_DMA | __GFP_ACCOUNT)))
		return KMALLOC_NORMAL;
	if (gfp & __GFP_DMA)
		return KMALLOC_DMA;
	return (gfp & __GFP_RECLAIMABLE) ? KMALLOC_RECLAIM : KMALLOC_CGROUP;
}

struct kmem_cache *kmalloc_slab(struct mm_kernel *k, size_t size, gfp_t gfp)
{
	unsigned int index;

	if (size <= 192) {
		if (!size)
			return NULL;
		index = size_index[(size - 1) / 8];
	} else {
		if (size > KMALLOC_MAX_CACHE_SIZE) {
			if (warn_once(k, WARN_ONCE_KMALLOC_SLAB))
				slab_warn(k, "mm/slab_common.c:710", "kmalloc_slab", "%s", "");
			return NULL;
		}
		index = fls32((uint32_t)size - (mm_bug_on(MM_BUG_SLUB_SIZE_CLASS_OFF_BY_ONE) ? 2 : 1));
	}
	return k->slub.kmalloc_caches[kmalloc_type(gfp)][index];
}

gfp_t kmalloc_fix_flags(struct mm_kernel *k, gfp_t flags)
{
	gfp_t invalid = flags & GFP_SLAB_BUG_MASK;
	char a[256], b[256];

	flags &= ~GFP_SLAB_BUG_MASK;
	mm_printk(k->log, "Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!\n", invalid,
		  gfp_flags_string(a, sizeof(a), invalid), flags, gfp_flags_string(b, sizeof(b), flags));
	return flags;
}

/* Over KMALLOC_MAX_CACHE_SIZE: a compound page block; KASAN hands out only the requested bytes. */
static uint32_t kmalloc_large(struct mm_kernel *k, size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	struct page *page;
	uint32_t ptr;

	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(k, gfp);
	page = alloc_pages_for(k, gfp | __GFP_COMP, order, PAGE_USER_KMALLOC_LARGE);
	if (!page)
		return 0;
	ptr = page_address(k, page);
	kasan_poison_range(k, ptr + (uint32_t)size, (size_t)(PAGE_SIZE << order) - size);
	return ptr;
}

uint32_t kmalloc(struct mm_kernel *k, size_t size, gfp_t gfp)
{
	struct kmem_cache *s;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(k, size, gfp);
	s = kmalloc_slab(k, size, gfp);
	if (!s)
		return size ? 0 : ZERO_SIZE_PTR;
	return __kmem_cache_alloc_node(k, s, gfp, size, SLAB_CALLER_KMALLOC);
}

static void free_large_kmalloc(struct mm_kernel *k, struct page *page, uint32_t object)
{
	unsigned int order = slab_order(page);

	if (!order && warn_once(k, WARN_ONCE_LARGE_ORDER0)) {
		slab_warn(k, "mm/slab_common.c:904", "free_large_kmalloc", "%s", "");
		mm_printk(k->log, "object pointer: 0x%08x\n", object);
	}
	free_pages_for(k, page, order, PAGE_USER_KMALLOC_LARGE);
}

void kfree(struct mm_kernel *k, uint32_t x)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(x))
		return;
	page = virt_to_head_page(k, x);
	if (!page) {
		mm_printk(k->log, "model: kfree(0x%08x): not a lowmem address\n", x);
		return;
	}
	if (!PageSlab(page)) {
		free_large_kmalloc(k, page, x);
		return;
	}
	__kmem_cache_free(k, page->slab_cache, x, SLAB_CALLER_KFREE);
}

size_t ksize(struct mm_kernel *k, uint32_t x)
{
	struct page *page;
	size_t size;

	if (ZERO_OR_NULL_PTR(x) || !(page = virt_to_head_page(k, x)))
		return 0;
	if (PageSlab(page)) {
		size = slab_ksize(page->slab_cache);
	} else {
		size = (size_t)(PAGE_SIZE << slab_order(page));
		if (size <= KMALLOC_MAX_CACHE_SIZE) {
			slab_warn(k, "mm/slab_common.c:1014", "__ksize", "%s", "");
			return 0;
		}
		if (x != page_address(k, page)) {
			slab_warn(k, "mm/slab_common.c:1016", "__ksize", "%s", "");
			return 0;
		}
	}
	/* a caller may use all of it now */
	kasan_unpoison_range(k, x, size);
	return size;
}

/*
 * FREELIST_RANDOM: one shuffled order of a full slab's slots per cache, as
 * byte offsets, in kcalloc'd memory (shuffled on the host, then stored).
 */
int init_cache_random_seq(struct mm_kernel *k, struct kmem_cache *s)
{
	unsigned int count = oo_objects(s->oo);
	uint32_t local[1024], *list;
	uint64_t state;
	uint32_t seq;

	if (s->random_seq || count < 2)
		return 0;
	seq = kmalloc(k, (size_t)count * 4, GFP_KERNEL | __GFP_ZERO);
	if (!seq) {
		mm_printk(k->log, "SLUB: Unable to initialize free list for %s\n", s->name);
		return -MM_ENOMEM;
	}
	list = count <= 1024 ? local : malloc((size_t)count * sizeof(*list));
	if (!list)
		abort();
	s->random_seq = seq;
	state = get_random_long(k);
	for (unsigned int i = 0; i < count; i++)
		list[i] = i;
	for (unsigned int i = count - 1; i > 0; i--) {
		uint32_t r, t;

		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		r = (uint32_t)(state >> 32) % (i + 1);
		t = list[i];
		list[i] = list[r];
		list[r] = t;
	}
	for (unsigned int i = 0; i < count; i++)
		list[i] = htole32(list[i] * s->size);
	kmem_raw_write(k, seq, list, (size_t)count * 4);
	if (list != local)
		free(list);
	return 0;
}

void cache_random_seq_destroy(struct mm_kernel *k, struct kmem_cache *s)
{
	kfree(k, s->random_seq);
	s->random_seq = 0;
}
