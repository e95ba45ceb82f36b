/*
 * slub_debug on the model: the command line (slub_debug=, per-slab
 * blocks, O), the debug layout (red zones, poison, tracks), and what the
 * consistency checks catch — double free, a pointer inside an object, a
 * red zone or poison overwritten, a free into the wrong cache, objects left
 * at destroy — reported in the kernel's words, the host untouched.
 */
#include "test.h"
#include "slub_helpers.h"

#define FZPU (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define BANNER "=============================================================================\n"
#define RULE "-----------------------------------------------------------------------------\n\n"

static struct kmem_cache *debug_cache(const char *name, unsigned int size, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(bk, name, size, 0, flags, 0);

	CHECK(s != NULL);
	return s;
}

static uint8_t byte_at(uint32_t va)
{
	uint8_t b = 0;

	kmem_peek(bk, va, &b, 1);
	return b;
}

/* Expect: bare slub_debug turns FZPU on everywhere, with the auto-init note. */
TEST(slub_debug_everywhere)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slub_debug" }), 0);
	CHECK_EQ(find_cache("kmalloc-64")->flags & FZPU, FZPU);
	CHECK_EQ(find_cache("kmem_cache")->flags & FZPU, FZPU);
	CHECK(log_has("mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free\n"));
	/* metadata grows the slot: 64 + 4 red zone + 40 tracks + 4 orig size + 4 + 64 left pad → 192 */
	CHECK_STR(slab_geometry("kmalloc-64"), "192 21 1");
}

/* Expect: a block with a slab list changes only those slabs; unknown letters are reported. */
TEST(slub_debug_per_slab)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slub_debug=Fq,kmalloc-64;Z,kmalloc-cg-*" }), 0);
	CHECK(log_has("slub_debug option 'q' unknown. skipped\n"));
	CHECK_EQ(find_cache("kmalloc-64")->flags & FZPU, SLAB_CONSISTENCY_CHECKS);
	CHECK_EQ(find_cache("kmalloc-cg-512")->flags & FZPU, SLAB_RED_ZONE);
	CHECK_EQ(find_cache("kmalloc-128")->flags & FZPU, 0);
	CHECK(bk->slub.slub_debug_enabled);
}

/* Expect: with O, a cache whose minimum order the metadata would raise keeps no debug metadata. */
TEST(slub_debug_o)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slub_debug=FZPUO" }), 0);
	CHECK_EQ(find_cache("kmalloc-4k")->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER), 0);
	CHECK_EQ(find_cache("kmalloc-64")->flags & FZPU, FZPU);
}

/*
 * Picture of a FZPU slot, 100-byte object:
 *   [left red zone 8][object 100][red 4][free ptr 4][2 tracks 40][red 4] = 160
 */
TEST(debug_layout)
{
	struct kmem_cache *s;
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = debug_cache("layout", 100, FZPU);
	CHECK_EQ(s->size, 160);
	CHECK_EQ(s->inuse, 104);
	CHECK_EQ(s->offset, 104);
	CHECK_EQ(s->red_left_pad, 8);
	CHECK_EQ(oo_objects(s->oo), 25);
	CHECK_EQ(s->cpu_partial, 0);
	CHECK(s->flags & __OBJECT_POISON);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK_EQ(x & 7, 0);
	CHECK_EQ(byte_at(x - 1), SLUB_RED_ACTIVE);
	CHECK_EQ(byte_at(x + 100), SLUB_RED_ACTIVE);
	CHECK(s->cpu_slab[0].slab == NULL);
	kmem_cache_free(bk, s, x);
	CHECK_EQ(byte_at(x), POISON_FREE);
	CHECK_EQ(byte_at(x + 99), POISON_END);
	CHECK_EQ(byte_at(x - 1), SLUB_RED_INACTIVE);
	CHECK_EQ(bk->slub.nr_reports, 0);
}

/*
 * Expect: the second free is refused as "Object already free" (or, when
 * it was the slab's last object, "Slab has 0 allocated objects"); the next
 * report shows the taint.
 */
TEST(double_free)
{
	struct kmem_cache *s;
	uint32_t x, y;
	char fix[80];

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = debug_cache("dbl", 64, FZPU);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	y = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kmem_cache_free(bk, s, x);
	kmem_cache_free(bk, s, x);
	CHECK(log_has(BANNER "BUG dbl (Not tainted): Object already free\n" RULE));
	snprintf(fix, sizeof(fix), "FIX dbl: Object at 0x%08x not freed\n", x);
	CHECK(log_has(fix));
	CHECK(log_has("Freed in kmem_cache_free age=1 cpu=0 pid=0\n"));
	CHECK_EQ(bk->slub.nr_reports, 1);
	CHECK_STR(bk->slub.last_report, "BUG dbl (Not tainted): Object already free");
	kmem_cache_free(bk, s, x);
	CHECK_STR(bk->slub.last_report, "BUG dbl (Tainted: G    B             ): Object already free");
	CHECK_EQ(virt_to_slab(bk, x)->inuse, 1);
	kmem_cache_free(bk, s, y);
	kmem_cache_free(bk, s, y);
	CHECK_STR(bk->slub.last_report,
		  "BUG dbl (Tainted: G    B             ): Slab has 0 allocated objects but 1 are to be freed\n");
	CHECK_EQ(get_node(s)->nr_partial, 1);
	CHECK_EQ(virt_to_slab(bk, x)->inuse, 0);
}

/* Expect: a pointer inside an object is not freed. */
TEST(free_inside_an_object)
{
	struct kmem_cache *s;
	uint32_t x;
	char line[80];

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = debug_cache("mid", 64, SLAB_CONSISTENCY_CHECKS);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kfree(bk, x + 8);
	snprintf(line, sizeof(line), "BUG mid (Not tainted): Invalid object pointer 0x%08x\n", x + 8);
	CHECK(log_has(line));
	CHECK_EQ(virt_to_slab(bk, x)->inuse, 1);
}

/* Expect: a byte written past the object is found at free, restored, and the free refused. */
TEST(red_zone_overwritten)
{
	struct kmem_cache *s;
	uint32_t x;
	char line[120];

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = debug_cache("rz", 64, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK_EQ(kmem_write_unchecked(bk, x + 64, 0x00, 1), 0);
	kmem_cache_free(bk, s, x);
	CHECK(log_has("BUG rz (Not tainted): Right Redzone overwritten\n"));
	snprintf(line, sizeof(line), "0x%08x-0x%08x @offset=%u. First byte 0x0 instead of 0xcc\n", x + 64, x + 64,
		 (x + 64) & 0xfff);
	CHECK(log_has(line));
	snprintf(line, sizeof(line), "FIX rz: Restoring Right Redzone 0x%08x-0x%08x=0xcc\n", x + 64, x + 64);
	CHECK(log_has(line));
	CHECK_EQ(byte_at(x + 64), SLUB_RED_ACTIVE);
	/* restored: the next free goes through */
	kmem_cache_free(bk, s, x);
	CHECK_EQ(virt_to_slab(bk, x)->inuse, 0);
}

/* Expect: a store into a free poisoned object is found when the object is handed out again. */
TEST(use_after_free)
{
	struct kmem_cache *s;
	struct page *slab;
	uint32_t x, y;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = debug_cache("uaf", 64, SLAB_CONSISTENCY_CHECKS | SLAB_POISON);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	slab = virt_to_slab(bk, x);
	kmem_cache_free(bk, s, x);
	CHECK_EQ(kmem_write_unchecked(bk, x + 10, 0x42, 2), 0);
	y = kmem_cache_alloc(bk, s, GFP_KERNEL);
	CHECK(log_has("BUG uaf (Not tainted): Poison overwritten\n"));
	CHECK(log_has("FIX uaf: Marking all objects used\n"));
	/* the slab is taken out of use; the object came from a new one */
	CHECK(slab->frozen && slab->inuse == slab->objects);
	CHECK(y != 0 && virt_to_slab(bk, y) != slab);
}

/* Expect: kmem_cache_free into another cache WARNs and frees into the object's own cache. */
TEST(wrong_cache)
{
	struct kmem_cache *a, *b;
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	a = debug_cache("cache-a", 64, 0);
	b = debug_cache("cache-b", 200, 0);
	x = kmem_cache_alloc(bk, b, GFP_KERNEL);
	kmem_cache_free(bk, a, x);
	CHECK(log_has("------------[ cut here ]------------\n"
		      "cache_from_obj: Wrong slab cache. cache-a but object is from cache-b\n"
		      "WARNING: CPU: 0 PID: 0 at mm/slab.h:665 kmem_cache_free\n"));
	CHECK_EQ(b->cpu_slab[0].freelist, x);
}

/* Expect: destroy's report names each object left with its allocation track. */
TEST(objects_remaining_with_tracks)
{
	struct kmem_cache *s;
	uint32_t x;
	char line[80];

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	s = debug_cache("tracked", 64, SLAB_STORE_USER);
	x = kmem_cache_alloc(bk, s, GFP_KERNEL);
	kmem_cache_destroy(bk, s);
	snprintf(line, sizeof(line), "Object 0x%08x @offset=%u\nAllocated in kmem_cache_alloc age=0 cpu=0 pid=0\n",
		 x, x & 0xfff);
	CHECK(log_has(line));
}

/* Expect: a kmalloc cache with U keeps the requested size after the tracks. */
TEST(orig_size_kept)
{
	struct kmem_cache *s;
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slub_debug=U,kmalloc-128" }), 0);
	s = find_cache("kmalloc-128");
	x = kmalloc(bk, 100, GFP_KERNEL);
	CHECK(virt_to_slab(bk, x)->slab_cache == s);
	CHECK_EQ(kmem_raw_read32(bk, x + get_info_end(s) + 2 * TRACK_SIZE), 100);
}

TEST_MAIN()
