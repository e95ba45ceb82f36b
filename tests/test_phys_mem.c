/* Simulated physical memory: sparse pages, zero reads, reset, cap, reuse. */
#include "test.h"

#include "mm_errno.h"
#include "phys_mem.h"

TEST(untouched_memory_reads_zero)
{
	struct phys_mem *pm = phys_mem_new();

	CHECK_EQ(phys_read32(pm, 0x40000000), 0);
	CHECK_EQ(phys_read64(pm, 0xfffffff8ULL), 0);
	CHECK_EQ(phys_read64(pm, 0xff00000000ULL), 0);
	CHECK(phys_mem_page(pm, 0x40000, false) == NULL);
	CHECK_EQ(phys_mem_nr_pages(pm), 0);
	phys_mem_free(pm);
}

TEST(sparse_far_apart_little_endian)
{
	struct phys_mem *pm = phys_mem_new();
	uint8_t *page;

	CHECK_EQ(phys_write32(pm, 0x40004000, 0x11223344), 0);
	CHECK_EQ(phys_write64(pm, 0x8000000000ULL, 0x0102030405060708ULL), 0);	/* 512 GiB */
	CHECK_EQ(phys_write64(pm, 0xfffffff000ULL, 0xdeadbeefcafef00dULL), 0);	/* top of 40 bits */
	CHECK_EQ(phys_write32(pm, 0, 0xffffffff), 0);
	CHECK_EQ(phys_mem_nr_pages(pm), 4);

	CHECK_EQ(phys_read32(pm, 0x40004000), 0x11223344);
	CHECK_EQ(phys_read32(pm, 0x40004004), 0);
	CHECK_EQ(phys_read64(pm, 0x8000000000ULL), 0x0102030405060708ULL);
	CHECK_EQ(phys_read32(pm, 0x8000000004ULL), 0x01020304);
	CHECK_EQ(phys_read64(pm, 0xfffffff000ULL), 0xdeadbeefcafef00dULL);
	CHECK_EQ(phys_read32(pm, 0), 0xffffffff);

	page = phys_mem_page(pm, 0x40004, false);
	CHECK(page != NULL);
	if (page) {
		CHECK_EQ(page[0], 0x44);
		CHECK_EQ(page[3], 0x11);
	}
	/* Same low 32 bits as 0x40004000, different page. */
	CHECK_EQ(phys_read32(pm, 0x140004000ULL), 0);
	phys_mem_free(pm);
}

TEST(reset_forgets_and_reuses_host_pages)
{
	struct phys_mem *pm = phys_mem_new();
	uint8_t *first;

	CHECK_EQ(phys_write32(pm, 0x1000, 0xabcdef01), 0);
	first = phys_mem_page(pm, 1, false);
	phys_mem_reset(pm);
	CHECK_EQ(phys_mem_nr_pages(pm), 0);
	CHECK_EQ(phys_read32(pm, 0x1000), 0);
	/* The recycled host page comes back zeroed under another pfn. */
	CHECK(phys_mem_page(pm, 0x12345, true) == first);
	CHECK_EQ(phys_read32(pm, 0x12345000ULL), 0);
	phys_mem_free(pm);
}

TEST(cap_refuses_new_pages_only)
{
	struct phys_mem *pm = phys_mem_new();

	for (uint64_t i = 0; i < PHYS_MEM_MAX_PAGES; i++)
		CHECK_EQ(phys_write32(pm, (i * 977) << PAGE_SHIFT, (uint32_t)i), 0);
	CHECK_EQ(phys_mem_nr_pages(pm), PHYS_MEM_MAX_PAGES);
	CHECK_EQ(phys_write32(pm, 0x7fff0000000ULL, 1), -MM_ENOMEM);
	CHECK(phys_mem_page(pm, 0x7fff0000, true) == NULL);
	/* Existing pages stay writable and readable. */
	CHECK_EQ(phys_write32(pm, 977ULL << PAGE_SHIFT, 42), 0);
	CHECK_EQ(phys_read32(pm, 977ULL << PAGE_SHIFT), 42);
	CHECK_EQ(phys_read32(pm, (5000ULL * 977) << PAGE_SHIFT), 5000);
	phys_mem_reset(pm);
	CHECK_EQ(phys_write32(pm, 0x7fff0000000ULL, 1), 0);
	phys_mem_free(pm);
}

TEST(many_inputs_stay_bounded)
{
	struct phys_mem *pm = phys_mem_new();

	/* Different pfns each round: the free list recycles, nothing grows. */
	for (uint64_t round = 0; round < 2000; round++) {
		for (uint64_t p = 0; p < 8; p++)
			CHECK_EQ(phys_write64(pm, ((round * 8 + p) << 20) | 0x18, round ^ p), 0);
		CHECK_EQ(phys_read64(pm, ((round * 8 + 3) << 20) | 0x18), round ^ 3);
		phys_mem_reset(pm);
	}
	CHECK_EQ(phys_mem_nr_pages(pm), 0);
	phys_mem_free(pm);
}

TEST(zero_clears_touched_pages_in_range)
{
	struct phys_mem *pm = phys_mem_new();

	CHECK_EQ(phys_write32(pm, 0x40000ffc, 1), 0);
	CHECK_EQ(phys_write32(pm, 0x40001000, 2), 0);
	CHECK_EQ(phys_write32(pm, 0x40002000, 3), 0);
	CHECK_EQ(phys_write32(pm, 0x300000000ULL, 4), 0);
	phys_zero(pm, 0x40001000, 0x1000);
	CHECK_EQ(phys_read32(pm, 0x40000ffc), 1);
	CHECK_EQ(phys_read32(pm, 0x40001000), 0);
	CHECK_EQ(phys_read32(pm, 0x40002000), 3);
	/* A huge range walks the touched list, not 4 GiB of pfns. */
	phys_zero(pm, 0x40000000, 0x100000000ULL);
	CHECK_EQ(phys_read32(pm, 0x40000ffc), 0);
	CHECK_EQ(phys_read32(pm, 0x40002000), 0);
	CHECK_EQ(phys_read32(pm, 0x300000000ULL), 4);
	CHECK_EQ(phys_mem_nr_pages(pm), 4);
	phys_zero(pm, 0x2fffffffcULL, 8);
	CHECK_EQ(phys_read32(pm, 0x300000000ULL), 0);
	phys_mem_free(pm);
}

TEST(write_zeros_materialises_like_writes)
{
	struct phys_mem *pm = phys_mem_new();

	CHECK_EQ(phys_write32(pm, 0x40000ff8, 0xdeadbeef), 0);
	CHECK_EQ(phys_write32(pm, 0x40002004, 7), 0);
	CHECK_EQ(phys_write_zeros(pm, 0x40000ffc, 0x1008), 0);
	CHECK_EQ(phys_read32(pm, 0x40000ff8), 0xdeadbeef);
	CHECK_EQ(phys_read32(pm, 0x40002004), 7);
	CHECK_EQ(phys_read32(pm, 0x40002000), 0);
	/* the untouched middle page now exists, as a write of zeros would have made it */
	CHECK(phys_mem_page(pm, 0x40001, false) != NULL);
	CHECK_EQ(phys_mem_nr_pages(pm), 3);
	CHECK_EQ(phys_write_zeros(pm, 0x50000000, 0), 0);
	CHECK_EQ(phys_mem_nr_pages(pm), 3);
	phys_mem_reset(pm);
	for (uint64_t i = 0; i < PHYS_MEM_MAX_PAGES - 1; i++)
		CHECK_EQ(phys_write32(pm, (i * 977) << PAGE_SHIFT, 1), 0);
	/* two new pages needed, one left: refused, as a write straddling them is */
	CHECK_EQ(phys_write_zeros(pm, 0x7fff0000ffcULL, 8), -MM_ENOMEM);
	CHECK_EQ(phys_write64(pm, 0x7fff0000ffcULL, 0), -MM_ENOMEM);
	CHECK_EQ(phys_mem_nr_pages(pm), PHYS_MEM_MAX_PAGES);
	phys_mem_free(pm);
}

TEST(unaligned_word_straddles_pages)
{
	struct phys_mem *pm = phys_mem_new();

	CHECK_EQ(phys_write64(pm, 0x40000ffe, 0x8877665544332211ULL), 0);
	CHECK_EQ(phys_mem_nr_pages(pm), 2);
	CHECK_EQ(phys_read64(pm, 0x40000ffe), 0x8877665544332211ULL);
	CHECK_EQ(phys_read32(pm, 0x40001000), 0x66554433);
	phys_mem_free(pm);
}

TEST_MAIN()
