/*
 * kmalloc on the booted model: size classes and kinds (kmalloc_index,
 * kmalloc_slab, kmalloc_type), ZERO_SIZE_PTR, the large path straight to
 * the buddy allocator, kfree and ksize through the page, init_on_alloc.
 */
#include "test.h"
#include "slub_helpers.h"

static const char *cache_of(uint32_t x)
{
	struct page *slab = virt_to_slab(bk, x);

	return slab ? slab->slab_cache->name : "(not a slab)";
}

/*
 * Picture (KMALLOC_MIN_SIZE 64, no 96 class):
 *   1..64 → 64 | 65..128 → 128 | 129..192 → 192 | 193..256 → 256 | ... | 4097..8192 → 8k | above: pages
 */
TEST(size_classes)
{
	static const struct {
		size_t size;
		unsigned int index;
		const char *cache;
	} rows[] = {
		{ 1, 6, "kmalloc-64" }, { 64, 6, "kmalloc-64" }, { 65, 7, "kmalloc-128" },
		{ 96, 7, "kmalloc-128" }, { 128, 7, "kmalloc-128" }, { 129, 2, "kmalloc-192" },
		{ 192, 2, "kmalloc-192" }, { 193, 8, "kmalloc-256" }, { 257, 9, "kmalloc-512" },
		{ 1024, 10, "kmalloc-1k" }, { 1025, 11, "kmalloc-2k" }, { 4096, 12, "kmalloc-4k" },
		{ 8192, 13, "kmalloc-8k" },
	};

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint32_t x = kmalloc(bk, rows[i].size, GFP_KERNEL);

		CHECK_EQ(kmalloc_index(rows[i].size), rows[i].index);
		CHECK_STR(kmalloc_slab(bk, rows[i].size, GFP_KERNEL)->name, rows[i].cache);
		CHECK_STR(cache_of(x), rows[i].cache);
		kfree(bk, x);
	}
	CHECK_EQ(kmalloc_index(0), 0);
	CHECK_EQ(kmalloc_index(8193), 14);
	CHECK(kmalloc_slab(bk, 0, GFP_KERNEL) == NULL);
	CHECK(kmalloc_slab(bk, 8193, GFP_KERNEL) == NULL);
}

/* Expect: DMA wins over reclaimable, reclaimable over accounted. */
TEST(kinds_by_gfp)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	CHECK_STR(kmalloc_slab(bk, 100, GFP_KERNEL)->name, "kmalloc-128");
	CHECK_STR(kmalloc_slab(bk, 100, GFP_KERNEL | __GFP_ACCOUNT)->name, "kmalloc-cg-128");
	CHECK_STR(kmalloc_slab(bk, 100, GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_ACCOUNT)->name, "kmalloc-rcl-128");
	CHECK_STR(kmalloc_slab(bk, 100, GFP_KERNEL | __GFP_DMA | __GFP_RECLAIMABLE)->name, "dma-kmalloc-128");
}

TEST(zero_size)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	CHECK_EQ(kmalloc(bk, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(bk, ZERO_SIZE_PTR);
	kfree(bk, 0);
	CHECK_EQ(ksize(bk, ZERO_SIZE_PTR), 0);
	CHECK_EQ(bk->slub.nr_reports, 0);
}

/* Expect: 8193 bytes take an order-2 compound block, reported to the observer, and kfree gives it back. */
TEST(large_kmalloc_from_the_buddy_allocator)
{
	unsigned long held;
	uint32_t x;
	struct page *page;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	held = model_held();
	x = kmalloc(bk, 8193, GFP_KERNEL);
	CHECK(x != 0);
	CHECK_EQ(x & (4 * 4096 - 1), x & 0xfff);
	page = virt_to_head_page(bk, x);
	CHECK(page && !PageSlab(page));
	CHECK_EQ(slab_order(page), 2);
	CHECK_EQ(model_held(), held + 4);
	CHECK_EQ(ksize(bk, x), 16384);
	CHECK_EQ(kmem_write(bk, x, 0xab, 16384), 0);
	kfree(bk, x);
	CHECK_EQ(model_held(), held);
	/* past KMALLOC_MAX_SIZE (MAX_ORDER 12: an order-11 block, 8 MiB) the buddy allocator refuses */
	CHECK_EQ(kmalloc(bk, (8u << 20) + 1, GFP_KERNEL | __GFP_NOWARN), 0);
	CHECK(kmalloc(bk, 8u << 20, GFP_KERNEL) != 0);
}

/* ksize: a kmalloc object may use its whole slot (no debugging: s->size). */
TEST(ksize_of_slab_objects)
{
	uint32_t x;

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	x = kmalloc(bk, 100, GFP_KERNEL);
	CHECK_EQ(ksize(bk, x), 128);
	CHECK_EQ(kmem_write(bk, x, 0x11, 128), 0);
	kfree(bk, x);
}

/* Expect: init_on_alloc zeroes what the previous holder wrote. */
TEST(init_on_alloc_zeroes)
{
	uint32_t x, y;
	uint8_t buf[64];

	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	x = kmalloc(bk, 64, GFP_KERNEL);
	CHECK_EQ(kmem_write(bk, x, 0xee, 64), 0);
	kfree(bk, x);
	y = kmalloc(bk, 64, GFP_KERNEL);
	CHECK_EQ(y, x);
	kmem_peek(bk, y, buf, sizeof(buf));
	for (int i = 0; i < 64; i++)
		CHECK_EQ(buf[i], 0);
}

/* A highmem or DMA32 gfp is fixed up with the kernel's warning, and the object still comes. */
TEST(gfp_fix_up)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	CHECK(kmalloc(bk, 10000, GFP_HIGHUSER) != 0);
	CHECK(log_has("Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0x100cc0 (GFP_USER). Fix your code!\n"));
}

TEST(kfree_outside_lowmem_is_refused)
{
	CHECK_EQ(slub_boot(&(struct slub_board){ 0 }), 0);
	kfree(bk, 0x1000);
	CHECK(log_has("model: kfree(0x00001000): not a lowmem address\n"));
}

TEST_MAIN()
