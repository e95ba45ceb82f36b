/*
 * The SLUB geometry oracle (oracle/slub_geometry.c) against the real
 * Debian 6.1.0-57-armmp kernel: /proc/slabinfo's <objsize> <objperslab>
 * <pagesperslab> of the kmalloc caches and the two bootstrap caches,
 * recorded with /work/shared/tools/kernel-oracle (layouts/256m.json; 2, 4
 * and 8 CPUs by adding cpu@N nodes to its device tree, "SLUB: ... CPUs=N";
 * slub_debug=FZPU, Z, P, U and ZU on one CPU through extra_bootargs).
 */
#include "slub_geometry.h"
#include "test.h"

/* kmalloc-64 … kmalloc-8k, then kmem_cache_node (32 bytes) and kmem_cache (140). */
static const unsigned int sizes[] = { 64, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 32, 140 };
#define NR_ROWS (sizeof(sizes) / sizeof(sizes[0]))

struct row {
	unsigned int size, objects, pages;
};

static struct slub_geometry boot_cache(unsigned int object_size, slab_flags_t debug, unsigned int cpus)
{
	bool kmalloc = object_size != 32 && object_size != 140;
	struct slub_geometry_args a = {
		.object_size = object_size,
		.flags = debug | (kmalloc ? 0 : SLAB_HWCACHE_ALIGN),
		.boot_cache = true,
		.kmalloc = kmalloc,
		.nr_cpu_ids = cpus,
	};
	struct slub_geometry g;

	CHECK(slub_geometry(&a, &g));
	return g;
}

static void table(slab_flags_t debug, unsigned int cpus, const struct row *want)
{
	for (unsigned i = 0; i < NR_ROWS; i++) {
		struct slub_geometry g = boot_cache(sizes[i], debug, cpus);

		if (g.size != want[i].size || g.objects != want[i].objects ||
		    (1u << g.order) != want[i].pages)
			fprintf(stderr, "  object %u, %u cpus, debug %#x: %u %u %u, real %u %u %u\n",
				sizes[i], cpus, (unsigned)debug, g.size, g.objects, 1u << g.order,
				want[i].size, want[i].objects, want[i].pages);
		CHECK_EQ(g.size, want[i].size);
		CHECK_EQ(g.objects, want[i].objects);
		CHECK_EQ(1u << g.order, want[i].pages);
	}
}

TEST(slabinfo_one_cpu)
{
	static const struct row real[NR_ROWS] = {
		{ 64, 64, 1 }, { 128, 32, 1 }, { 192, 21, 1 }, { 256, 16, 1 }, { 512, 8, 1 },
		{ 1024, 8, 2 }, { 2048, 8, 4 }, { 4096, 8, 8 }, { 8192, 4, 8 }, { 64, 64, 1 },
		{ 192, 21, 1 },
	};

	table(0, 1, real);
}

TEST(slabinfo_two_and_four_cpus)
{
	static const struct row real[NR_ROWS] = {
		{ 64, 64, 1 }, { 128, 32, 1 }, { 192, 21, 1 }, { 256, 16, 1 }, { 512, 16, 2 },
		{ 1024, 16, 4 }, { 2048, 16, 8 }, { 4096, 8, 8 }, { 8192, 4, 8 }, { 64, 64, 1 },
		{ 192, 21, 1 },
	};

	table(0, 2, real);
	table(0, 4, real);
	/* fls(3) == fls(2): three CPUs ask for as many objects as two */
	table(0, 3, real);
}

TEST(slabinfo_eight_cpus)
{
	static const struct row real[NR_ROWS] = {
		{ 64, 64, 1 }, { 128, 32, 1 }, { 192, 21, 1 }, { 256, 32, 2 }, { 512, 32, 4 },
		{ 1024, 32, 8 }, { 2048, 16, 8 }, { 4096, 8, 8 }, { 8192, 4, 8 }, { 64, 64, 1 },
		{ 192, 21, 1 },
	};

	table(0, 8, real);
}

/* slub_debug=FZPU and slub_debug=ZU give the same sizes; F adds nothing to the layout. */
TEST(slabinfo_slub_debug_red_zone)
{
	static const struct row fzpu[NR_ROWS] = {
		{ 192, 21, 1 }, { 384, 10, 1 }, { 320, 12, 1 }, { 768, 10, 2 }, { 1536, 10, 4 },
		{ 3072, 10, 8 }, { 6144, 5, 8 }, { 12288, 2, 8 }, { 24576, 1, 8 }, { 192, 21, 1 },
		{ 256, 16, 1 },
	};
	static const struct row z[NR_ROWS] = {
		{ 192, 21, 1 }, { 384, 10, 1 }, { 320, 12, 1 }, { 768, 10, 2 }, { 1536, 10, 4 },
		{ 3072, 10, 8 }, { 6144, 5, 8 }, { 12288, 2, 8 }, { 24576, 1, 8 }, { 128, 32, 1 },
		{ 256, 16, 1 },
	};

	table(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER, 1, fzpu);
	table(SLAB_RED_ZONE | SLAB_STORE_USER, 1, fzpu);
	table(SLAB_RED_ZONE, 1, z);
}

TEST(slabinfo_slub_debug_poison_or_user)
{
	static const struct row p[NR_ROWS] = {
		{ 128, 32, 1 }, { 256, 16, 1 }, { 256, 16, 1 }, { 512, 8, 1 }, { 1024, 8, 2 },
		{ 2048, 8, 4 }, { 4096, 8, 8 }, { 8192, 4, 8 }, { 16384, 2, 8 }, { 64, 64, 1 },
		{ 192, 21, 1 },
	};
	static const struct row u[NR_ROWS] = {
		{ 128, 32, 1 }, { 256, 16, 1 }, { 256, 16, 1 }, { 512, 8, 1 }, { 1024, 8, 2 },
		{ 2048, 8, 4 }, { 4096, 8, 8 }, { 8192, 4, 8 }, { 16384, 2, 8 }, { 128, 32, 1 },
		{ 192, 21, 1 },
	};

	table(SLAB_POISON, 1, p);
	table(SLAB_STORE_USER, 1, u);
}

/* Caches the real boot created with kmem_cache_create (sizes from v6.1's structs on armmp). */
TEST(created_caches_of_the_real_boot)
{
	struct slub_geometry_args a = { .object_size = 8, .nr_cpu_ids = 1 };	/* ep_head */
	struct slub_geometry g;

	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.size, 8);
	CHECK_EQ(g.objects, 512);
	CHECK_EQ(g.offset, 4);
	/* slub_debug=P: 16 256; U: 48 85; Z: 24 170; ZU: 64 64 */
	a.flags = SLAB_POISON;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.size, 16);
	CHECK_EQ(g.offset, 8);
	a.flags = SLAB_STORE_USER;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.size, 48);
	CHECK_EQ(g.objects, 85);
	a.flags = SLAB_RED_ZONE;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.size, 24);
	CHECK_EQ(g.red_left_pad, 8);
	a.flags = SLAB_RED_ZONE | SLAB_STORE_USER;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.size, 64);
	CHECK_EQ(g.objects, 64);
}

TEST(partial_list_limits)
{
	struct slub_geometry g = boot_cache(64, 0, 1);

	CHECK_EQ(g.min_partial, 5);
	CHECK_EQ(g.cpu_partial, 120);
	CHECK_EQ(g.cpu_partial_slabs, 4);	/* ceil(240 / 64) */
	g = boot_cache(8192, 0, 1);
	CHECK_EQ(g.min_partial, 6);		/* ilog2(8192) / 2 */
	CHECK_EQ(g.cpu_partial, 6);
	CHECK_EQ(g.cpu_partial_slabs, 3);
	g = boot_cache(1024, 0, 1);
	CHECK_EQ(g.cpu_partial, 24);
	CHECK_EQ(g.cpu_partial_slabs, 6);
	g = boot_cache(256, 0, 1);
	CHECK_EQ(g.cpu_partial, 52);
	CHECK_EQ(g.cpu_partial_slabs, 7);
	g = boot_cache(64, SLAB_CONSISTENCY_CHECKS, 1);
	CHECK_EQ(g.cpu_partial, 0);
	CHECK_EQ(g.cpu_partial_slabs, 0);
}

TEST(free_pointer_placement)
{
	struct slub_geometry_args a = { .object_size = 100, .align = 0, .nr_cpu_ids = 1 };
	struct slub_geometry g;

	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.offset, 48);		/* ALIGN_DOWN(50, 4), inside the object */
	CHECK_EQ(g.size, 104);
	CHECK_EQ(g.inuse, 100);
	a.ctor = true;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.offset, 100);
	CHECK_EQ(g.size, 104);
	a.ctor = false;
	a.flags = SLAB_TYPESAFE_BY_RCU;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.offset, 100);
	/* a red-zoned 2-byte object: the link after the zone's word */
	a = (struct slub_geometry_args){ .object_size = 2, .flags = SLAB_RED_ZONE, .nr_cpu_ids = 1 };
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.inuse, 4);
	CHECK_EQ(g.offset, 4);
	CHECK_EQ(g.size, 24);		/* 8 + 4 right pad + 8 left, aligned to 8 */
}

TEST(alignment)
{
	struct slub_geometry_args a = { .object_size = 20, .flags = SLAB_HWCACHE_ALIGN, .nr_cpu_ids = 1 };
	struct slub_geometry g;

	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.align, 32);			/* the line halved once: 20 <= 32 */
	CHECK_EQ(g.size, 32);
	a.object_size = 10;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.align, 16);
	a.flags = 0;
	a.align = 3;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.align, 8);
	a.align = 256;
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.align, 256);
	CHECK_EQ(g.size, 256);
}

TEST(large_objects_fall_back_to_one_object)
{
	struct slub_geometry_args a = { .object_size = 40000, .nr_cpu_ids = 1 };
	struct slub_geometry g;

	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.order, 4);		/* nothing fits order 3: one object at get_order(size) */
	CHECK_EQ(g.objects, 1);
	CHECK_EQ(g.min_order, 4);
	a.object_size = 5000;		/* 6 objects at order 3 waste 2768 > 32768/16; 1/8 fits */
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.size, 5000);
	CHECK_EQ(g.order, 3);
	CHECK_EQ(g.objects, 6);
	CHECK_EQ(g.min_order, 1);
	CHECK_EQ(g.min_objects, 1);
	a.object_size = 8u << 20;	/* KMALLOC_MAX_SIZE: order 11 */
	CHECK(slub_geometry(&a, &g));
	CHECK_EQ(g.order, 11);
	a.object_size = (8u << 20) + 1;
	CHECK(!slub_geometry(&a, &g));
}

TEST_MAIN()
