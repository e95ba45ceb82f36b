/*
 * SLUB's cache geometry (calculate_sizes, calculate_order, set_cpu_partial,
 * min_partial) and the kmalloc caches' /proc/slabinfo rows, against what
 * the real Debian armmp kernel printed under QEMU (kernel-oracle, 256 MiB,
 * -smp 1, 2 and 4).
 */
#include "test.h"
#include "slub_helpers.h"

struct geometry_row {
	const char *name, *one, *two, *four;	/* "<objsize> <objperslab> <pagesperslab>" for 1, 2, 4 CPUs */
};

/* Picture: min_objects = 4 * (fls(CPUs) + 1): 8, 12, 16; the lowest order wasting <= 1/16 wins. */
static const struct geometry_row kernel_rows[] = {
	{ "kmalloc-8k", "8192 4 8", "8192 4 8", "8192 4 8" },
	{ "kmalloc-4k", "4096 8 8", "4096 8 8", "4096 8 8" },
	{ "kmalloc-2k", "2048 8 4", "2048 16 8", "2048 16 8" },
	{ "kmalloc-1k", "1024 8 2", "1024 16 4", "1024 16 4" },
	{ "kmalloc-512", "512 8 1", "512 16 2", "512 16 2" },
	{ "kmalloc-256", "256 16 1", "256 16 1", "256 16 1" },
	{ "kmalloc-192", "192 21 1", "192 21 1", "192 21 1" },
	{ "kmalloc-128", "128 32 1", "128 32 1", "128 32 1" },
	{ "kmalloc-64", "64 64 1", "64 64 1", "64 64 1" },
	{ "kmem_cache_node", "64 64 1", "64 64 1", "64 64 1" },
	{ "kmem_cache", "192 21 1", "192 21 1", "192 21 1" },
};

/* Expect: every kmalloc kind and the two boot caches print the kernel's geometry, per CPU count. */
TEST(kmalloc_geometry_matches_the_kernel)
{
	static const unsigned int cpus[3] = { 1, 2, 4 };
	static const char *const kinds[] = { "kmalloc-", "kmalloc-cg-", "kmalloc-rcl-", "dma-kmalloc-" };

	for (int c = 0; c < 3; c++) {
		CHECK_EQ(slub_boot(&(struct slub_board){ .cpus = cpus[c] }), 0);
		for (size_t i = 0; i < sizeof(kernel_rows) / sizeof(kernel_rows[0]); i++) {
			const struct geometry_row *r = &kernel_rows[i];
			const char *want = c == 0 ? r->one : c == 1 ? r->two : r->four;

			if (strncmp(r->name, "kmalloc-", 8) != 0) {
				CHECK_STR(slab_geometry(r->name), want);
				continue;
			}
			for (int kd = 0; kd < 4; kd++) {
				char name[40];

				snprintf(name, sizeof(name), "%s%s", kinds[kd], r->name + 8);
				CHECK_STR(slab_geometry(name), want);
			}
		}
	}
}

/* Expect: the boot line byte for byte, CPUs from the configuration. */
TEST(boot_line)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ .cpus = 4 }), 0);
	CHECK(log_has("\nSLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=4, Nodes=1\n"));
	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	CHECK(log_has("\nSLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=1, Nodes=1\n"));
}

struct created_row {
	const char *name;
	unsigned int size, align;
	slab_flags_t flags;
	unsigned int ctor;
	/* expected */
	unsigned int slot, offset, order, objects, min_partial, cpu_partial, cpu_partial_slabs;
};

/*
 * Hand-worked from the v6.1 formulas, one CPU (min_objects 8):
 *   100 B: align 8, slot 104, link at 48; 8 x 104 fit order 0 wasting 40 <= 256: 39 objects;
 *          ilog2(104)/2 = 3 → min_partial 5; 120 objects → ceil(240/39) = 7 slabs.
 *   20 B HWCACHE: cache line halved while the object fits in half: align 32, slot 32.
 *   5000 B: order 3 holds 6; wasting 2768 > 32768/16 but <= 32768/8: order 3, 6 objects;
 *           size >= 4096 → 6 cpu objects, 2 slabs; ilog2(5000)/2 = 6.
 *   24 B with a constructor: the link appended at 24, slot 32.
 *   40 B aligned 256: slot 256, 16 per page, 256 B objects keep 52 per cpu.
 */
TEST(created_cache_geometry)
{
	static const struct created_row rows[] = {
		{ "g100", 100, 0, 0, 0, 104, 48, 0, 39, 5, 120, 7 },
		{ "ghw", 20, 0, SLAB_HWCACHE_ALIGN, 0, 32, 8, 0, 128, 5, 120, 2 },
		{ "g5000", 5000, 0, 0, 0, 5000, 2500, 3, 6, 6, 6, 2 },
		{ "gctor", 24, 0, 0, 9, 32, 24, 0, 128, 5, 120, 2 },
		{ "galign", 40, 256, 0, 0, 256, 20, 0, 16, 5, 52, 7 },
	};

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct created_row *r = &rows[i];
		struct kmem_cache *s = kmem_cache_create(bk, r->name, r->size, r->align, r->flags, r->ctor);

		CHECK(s != NULL);
		if (!s)
			continue;
		CHECK_EQ(s->size, r->slot);
		CHECK_EQ(s->offset, r->offset);
		CHECK_EQ(oo_order(s->oo), r->order);
		CHECK_EQ(oo_objects(s->oo), r->objects);
		CHECK_EQ(s->min_partial, r->min_partial);
		CHECK_EQ(s->cpu_partial, r->cpu_partial);
		CHECK_EQ(s->cpu_partial_slabs, r->cpu_partial_slabs);
	}
}

/* Expect: slub_max_order=0 and slub_min_objects=4 show in the boot line and the geometry. */
TEST(boot_parameters)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slub_max_order=0 slub-min-objects=4" }), 0);
	CHECK(log_has("\nSLUB: HWalign=64, Order=0-0, MinObjects=4, CPUs=1, Nodes=1\n"));
	/* 8k fits no order-0 slab: the last resort takes get_order(8192) */
	CHECK_STR(slab_geometry("kmalloc-8k"), "8192 1 2");
	CHECK_STR(slab_geometry("kmalloc-1k"), "1024 4 1");
	CHECK_EQ(slub_boot(&(struct slub_board){ .bootargs = "slub_max_order=99 slub_min_order=1" }), 0);
	CHECK(log_has("\nSLUB: HWalign=64, Order=1-11, MinObjects=0, CPUs=1, Nodes=1\n"));
	CHECK_STR(slab_geometry("kmalloc-64"), "64 128 2");
}

TEST_MAIN()
