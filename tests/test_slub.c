/*
 * SLUB's object and slab layer on the booted model: the lockless cpu
 * freelist, the hardened and shuffled freelists, cpu and node partial
 * lists, deactivation, shrink, destroy, merging, several CPUs, the
 * constructor, init_on_alloc, ASan's view of free objects, the hardened
 * BUG_ON, running out of memory.
 */
#include "test.h"
#include "slub_helpers.h"

#include "kasan_poison.h"
#include "mm_errno.h"
#include "phys_mem.h"

static struct kmem_cache *new_cache(const char *name, unsigned int size, slab_flags_t flags, unsigned int ctor)
{
	struct kmem_cache *s = kmem_cache_create(bk, name, size, 0, flags, ctor);

	CHECK(s != NULL);
	return s;
}

static unsigned int chain_length(const struct page *p)
{
	unsigned int n = 0;

	for (; p; p = p->next)
		n++;
	return n;
}

static unsigned long list_length(const struct list_head *h)
{
	unsigned long n = 0;

	for (const struct list_head *p = h->next; p != h; p = p->next)
		n++;
	return n;
}

/*
 * Picture: the first allocation makes a slab the cpu slab (frozen, all
 * objects taken onto the cpu freelist); a free of the cpu slab's object
 * goes back to the head of the cpu freelist.
 * Expect: LIFO reuse, tid bumped on every fast-path operation.
 */
TEST(cpu_freelist_is_lifo)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	uint32_t a, b, again;
	unsigned long tid;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("lifo", 100, 0, 0);
	c = &s->cpu_slab[0];
	a = kmem_cache_alloc(bk, s, GFP_KERNEL);
	b = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK(c->slab && c->slab->frozen);
	CHECK_EQ(c->slab->inuse, c->slab->objects);
	CHECK_EQ(c->slab->freelist, 0);
	CHECK(virt_to_slab(bk, a) == c->slab && virt_to_slab(bk, b) == c->slab);
	tid = c->tid;
	kmem_cache_free(bk, s, a);
	CHECK_EQ(c->freelist, a);
	CHECK_EQ(c->tid, tid + 1);
	again = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK_EQ(again, a);
}

/* Expect: the stored link is next ^ s->random ^ swab(address of the link), the last link encodes NULL. */
TEST(hardened_links)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	uint32_t p, raw, next;

	CHECK_EQ(slub_boot(&(struct slub_board){ .seed = 7 }), 0);
	s = new_cache("hard", 64, 0, 0);
	kmem_cache_alloc(bk, s, GFP_KERNEL);
	c = &s->cpu_slab[0];
	CHECK(s->random != 0);
	for (p = c->freelist; p; p = next) {
		CHECK_EQ(kmem_peek(bk, p + s->offset, &raw, 4), 0);
		next = raw ^ s->random ^ __builtin_bswap32(p + s->offset);
		CHECK_EQ(next, get_freepointer(bk, s, p));
	}
	CHECK_EQ(s->offset, 32);
}

static void first_objects(uint64_t seed, uint32_t out[4])
{
	struct kmem_cache *s;

	CHECK_EQ(slub_boot(&(struct slub_board){ .seed = seed }), 0);
	s = new_cache("shuffle", 128, 0, 0);
	CHECK(s->random_seq != 0);
	for (int i = 0; i < 4; i++)
		out[i] = kmem_cache_alloc(bk, s, GFP_KERNEL) & 0xfff;
}

/* Expect: FREELIST_RANDOM hands a new slab's objects out in a seeded order: same seed, same order. */
TEST(shuffled_freelist_is_seeded)
{
	uint32_t a[4], b[4], c[4];

	first_objects(1, a);
	first_objects(1, b);
	first_objects(2, c);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	CHECK(memcmp(a, c, sizeof(a)) != 0);
	/* not simply ascending */
	CHECK(!(a[1] == a[0] + 128 && a[2] == a[1] + 128 && a[3] == a[2] + 128));
}

/*
 * Picture: fill a slab (cpu slab A), fill a second (B becomes the cpu
 * slab, A full and unlisted), free one of A's objects.
 * Expect: A is frozen onto the cpu partial list (not the node list).
 */
TEST(free_into_full_slab_goes_cpu_partial)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	uint32_t objs[2 * 32];
	struct page *a;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("partial", 128, 0, 0);
	c = &s->cpu_slab[0];
	CHECK_EQ(oo_objects(s->oo), 32);
	for (int i = 0; i < 64; i++)
		objs[i] = kmem_cache_alloc(bk, s, GFP_KERNEL);
	a = virt_to_slab(bk, objs[0]);
	CHECK(a != c->slab);
	CHECK(!a->frozen);
	kmem_cache_free(bk, s, objs[0]);
	CHECK(a->frozen);
	CHECK(c->partial == a);
	CHECK_EQ(a->slabs, 1);
	CHECK_EQ(get_node(s)->nr_partial, 0);
	CHECK_EQ(a->inuse, 31);
}

/*
 * Expect: once the cpu partial list holds cpu_partial_slabs slabs, the
 * next frozen slab drains them all to the node list and starts a new one.
 */
TEST(cpu_partial_drains_to_the_node)
{
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;
	static uint32_t objs[32 * 12];
	unsigned int slabs;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("drain", 128, 0, 0);
	c = &s->cpu_slab[0];
	/* 120 objects kept, slabs assumed half full: ceil(240 / 32) = 8 */
	CHECK_EQ(s->cpu_partial, 120);
	CHECK_EQ(s->cpu_partial_slabs, 8);
	slabs = s->cpu_partial_slabs + 2;
	for (unsigned int i = 0; i < 32 * slabs; i++)
		objs[i] = kmem_cache_alloc(bk, s, GFP_KERNEL);
	for (unsigned int i = 0; i < s->cpu_partial_slabs; i++)
		kmem_cache_free(bk, s, objs[32 * i]);
	CHECK_EQ(chain_length(c->partial), s->cpu_partial_slabs);
	CHECK_EQ(c->partial->slabs, (int)s->cpu_partial_slabs);
	kmem_cache_free(bk, s, objs[32 * s->cpu_partial_slabs]);
	CHECK_EQ(chain_length(c->partial), 1);
	CHECK_EQ(get_node(s)->nr_partial, s->cpu_partial_slabs);
	CHECK_EQ(list_length(&get_node(s)->partial), s->cpu_partial_slabs);
}

/*
 * Expect: a slab emptied on the node list is freed while the node keeps
 * at least min_partial partial slabs, itself included: of 8, the first 4
 * to empty go and 4 stay.
 */
TEST(empty_slab_kept_up_to_min_partial)
{
	struct kmem_cache *s;
	static uint32_t objs[32 * 12];
	unsigned long held;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("minpartial", 128, 0, 0);
	CHECK_EQ(s->min_partial, 5);
	for (unsigned int i = 0; i < 32 * 12; i++)
		objs[i] = kmem_cache_alloc(bk, s, GFP_KERNEL);
	/* flush: every slab full, off every list */
	kmem_cache_shrink(bk, s);
	for (unsigned int sl = 0; sl < 8; sl++)
		kmem_cache_free(bk, s, objs[32 * sl]);	/* 8 slabs frozen on the cpu partial list */
	kmem_cache_shrink(bk, s);			/* unfrozen to the node list: 8 partial slabs */
	CHECK_EQ(get_node(s)->nr_partial, 8);
	held = model_held();
	for (unsigned int sl = 0; sl < 8; sl++)
		for (unsigned int i = 1; i < 32; i++)
			kmem_cache_free(bk, s, objs[32 * sl + i]);
	CHECK_EQ(get_node(s)->nr_partial, 4);
	CHECK_EQ(model_held(), held - 4);
}

/* Expect: shrink gives every empty slab back, sorts the rest fullest first, and says whether any remain. */
TEST(shrink_releases_and_sorts)
{
	struct kmem_cache *s;
	static uint32_t objs[32 * 4];
	unsigned long before;
	const struct list_head *h;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("shrink", 128, 0, 0);
	before = model_held();
	for (unsigned int i = 0; i < 32 * 4; i++)
		objs[i] = kmem_cache_alloc(bk, s, GFP_KERNEL);
	/* slab 0: 3 free, slab 1: 1 free, slab 2: all free, slab 3 (cpu slab): full */
	for (unsigned int i = 0; i < 3; i++)
		kmem_cache_free(bk, s, objs[i]);
	kmem_cache_free(bk, s, objs[32]);
	for (unsigned int i = 64; i < 96; i++)
		kmem_cache_free(bk, s, objs[i]);
	CHECK_EQ(kmem_cache_shrink(bk, s), 1);
	h = &get_node(s)->partial;
	CHECK_EQ(list_length(h), 2);
	CHECK(list_entry(h->next, struct page, lru) == virt_to_slab(bk, objs[32]));
	CHECK(list_entry(h->prev, struct page, lru) == virt_to_slab(bk, objs[0]));
	CHECK_EQ(get_node(s)->nr_slabs, 3);
	CHECK_EQ(model_held(), before + 3);
	for (unsigned int i = 0; i < 32 * 4; i++)
		if (i >= 96 || (i >= 3 && i < 64 && i != 32))
			kmem_cache_free(bk, s, objs[i]);
	CHECK_EQ(kmem_cache_shrink(bk, s), 0);
	CHECK_EQ(model_held(), before);
}

/* Expect: destroy with objects left reports them the kernel's way and keeps the cache listed. */
TEST(destroy_with_objects_left)
{
	struct kmem_cache *s;
	uint32_t x, y;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("leaky", 200, SLAB_STORE_USER, 0);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	y = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kmem_cache_free(bk, s, y);
	kmem_cache_destroy(bk, s);
	CHECK(log_has("BUG leaky (Not tainted): Objects remaining in leaky on __kmem_cache_shutdown()\n"));
	CHECK(log_has("kmem_cache_destroy leaky: Slab cache still has objects when called from 0x0\n"
		      "WARNING: CPU: 0 PID: 0 at mm/slab_common.c:493 kmem_cache_destroy\n"));
	CHECK(find_cache("leaky") == s);
	CHECK_STR(bk->slub.last_report, "kmem_cache_destroy leaky: Slab cache still has objects when called from 0x0\n");
	(void)x;
}

/* Expect: an empty cache's destroy returns every slab page and its kmem_cache object. */
TEST(destroy_empty)
{
	struct kmem_cache *s;
	unsigned long before;
	uint32_t objs[40];

	CHECK_EQ(slub_boot(&(struct slub_board){ .cpus = 2 }), 0);
	before = model_held();
	s = new_cache("gone", 300, 0, 0);
	for (int i = 0; i < 40; i++) {
		slub_set_cpu(bk, i % 2);
		objs[i] = kmem_cache_alloc(bk, s, GFP_KERNEL);
	}
	for (int i = 0; i < 40; i++)
		kmem_cache_free(bk, s, objs[i]);
	kmem_cache_destroy(bk, s);
	CHECK(find_cache("gone") == NULL);
	CHECK_EQ(bk->slub.nr_reports, 0);
	CHECK_EQ(model_held(), before);
}

/* Expect: every CPU allocates from its own cpu slab; a flush returns them all. */
TEST(cpus_have_their_own_slabs)
{
	struct kmem_cache *s;
	uint32_t a, b;

	CHECK_EQ(slub_boot(&(struct slub_board){ .cpus = 4 }), 0);
	CHECK_EQ(slub_set_cpu(bk, 4), -MM_EINVAL);
	s = new_cache("percpu", 64, 0, 0);
	a = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK_EQ(slub_set_cpu(bk, 3), 0);
	b = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK(s->cpu_slab[0].slab && s->cpu_slab[3].slab && s->cpu_slab[0].slab != s->cpu_slab[3].slab);
	CHECK(virt_to_slab(bk, a) == s->cpu_slab[0].slab && virt_to_slab(bk, b) == s->cpu_slab[3].slab);
	/* a free from another CPU is not a fast-path free: the object lands on its slab's own list */
	kmem_cache_free(bk, s, a);
	CHECK_EQ(s->cpu_slab[0].slab->freelist, a);
	/* both flushed; CPU 0's slab, empty now, is freed */
	kmem_cache_shrink(bk, s);
	CHECK(!s->cpu_slab[0].slab && !s->cpu_slab[3].slab);
	CHECK_EQ(get_node(s)->nr_partial, 1);
	CHECK(list_entry(get_node(s)->partial.next, struct page, lru) == virt_to_slab(bk, b));
}

/* Expect: compatible caches merge (refcount 2, one slabinfo row); slab_nomerge keeps them apart. */
TEST(merging)
{
	struct kmem_cache *a, *b, *c;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	a = new_cache("merge-a", 100, 0, 0);
	b = new_cache("merge-b", 98, 0, 0);
	c = new_cache("merge-c", 100, 0, 1);
	CHECK(a == b);
	CHECK(c != a);
	CHECK_EQ(a->refcount, 2);
	CHECK(find_cache("merge-b") == NULL);
	kmem_cache_destroy(bk, b);
	CHECK(find_cache("merge-a") == a);
	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slab_nomerge" }), 0);
	CHECK(new_cache("merge-a", 100, 0, 0) != new_cache("merge-b", 100, 0, 0));
}

/* Expect: a constructor's objects come out constructed, not zeroed (no init_on_alloc), link appended. */
TEST(constructor)
{
	struct kmem_cache *s;
	uint8_t buf[24];
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("ctor", 24, 0, 0x3c);
	CHECK_EQ(s->offset, 24);
	CHECK_EQ(s->size, 32);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kmem_peek(bk, x, buf, sizeof(buf));
	for (int i = 0; i < 24; i++)
		CHECK_EQ(buf[i], 0x3c);
}

/* TYPESAFE_BY_RCU: the link lives after the object, and init_on_alloc leaves it alone unless __GFP_ZERO. */
TEST(typesafe_by_rcu_layout)
{
	struct kmem_cache *s;
	uint32_t x;
	uint8_t b;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("rcu", 64, SLAB_TYPESAFE_BY_RCU, 0);
	CHECK_EQ(s->offset, 64);
	CHECK_EQ(s->inuse, 64);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kmem_write(bk, x, 0x77, 64);
	kmem_cache_free(bk, s, x);
	CHECK_EQ(kmem_cache_alloc(bk, s, GFP_KERNEL), x);
	kmem_peek(bk, x, &b, 1);
	CHECK_EQ(b, 0x77);
}

#ifdef MM_ASAN
static bool host_poisoned(uint32_t va)
{
	phys_addr_t pa = layout_va_to_pa(&bk->setup->layout, va);
	uint8_t *page = phys_mem_page(bk->setup->pm, pa >> PAGE_SHIFT, false);

	return page && __asan_address_is_poisoned(page + (pa & (PAGE_SIZE - 1)));
}
#endif

/* Expect (ASan builds): a free object's host bytes are poisoned, an allocated object's requested bytes are not. */
TEST(asan_sees_free_objects)
{
#ifdef MM_ASAN
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	x = kmalloc(bk, 40, GFP_KERNEL);
	CHECK(!host_poisoned(x) && !host_poisoned(x + 39));
	CHECK(host_poisoned(x + 40));
	CHECK(host_poisoned(x + 64));
	kfree(bk, x);
	CHECK(host_poisoned(x));
	x = kmalloc(bk, 64, GFP_KERNEL);
	CHECK(!host_poisoned(x + 63));
	CHECK_EQ(ksize(bk, kmalloc(bk, 10, GFP_KERNEL)), 64);
#endif
}

/* Expect: freeing the object at the head of the freelist again trips the hardened BUG_ON, nothing changes. */
TEST(hardened_double_free_bug_on)
{
	struct kmem_cache *s;
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = new_cache("twice", 64, 0, 0);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kmem_cache_free(bk, s, x);
	kmem_cache_free(bk, s, x);
	CHECK(log_has("kernel BUG at mm/slub.c:419!\nInternal error: Oops - BUG: 0 [#1] SMP ARM\n"));
	CHECK_EQ(s->cpu_slab[0].freelist, x);
	CHECK_EQ(kmem_cache_alloc(bk, s, GFP_KERNEL), x);
	CHECK(kmem_cache_alloc(bk, s, GFP_KERNEL) != x);
}

/* Expect: when the buddy allocator has nothing left the allocation fails with the kernel's report. */
TEST(out_of_memory)
{
	struct kmem_cache *s;
	uint32_t x = 1;

	CHECK_EQ(slub_boot(&(struct slub_board){ .mbytes = 64 }), 0);
	s = new_cache("hog", 8192, 0, 0);
	for (int i = 0; i < 100000 && x; i++)
		x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK_EQ(x, 0);
	CHECK(log_has("SLUB: Unable to allocate memory on node -1, gfp=0xcc0(GFP_KERNEL)\n"
		      "  cache: hog, object size: 8192, buffer size: 8192, default order: 3, min order: 1\n"));
}

TEST_MAIN()
