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

TEST_MAIN()
