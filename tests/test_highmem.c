/*
 * Highmem mappings: page_address for lowmem and highmem, kmap/kunmap slot
 * reuse and pkmap_count, the flush of unused slots when the search wraps,
 * a full pkmap, kmap_local nesting through the fixmap slots, and the PTEs
 * each of them writes (read back through the page tables), on classic and
 * LPAE tables.
 */
#include "test.h"

#include "buddy_helpers.h"
#include "mm_errno.h"

static unsigned long hp;	/* first highmem pfn */

static void boot_hm(const char *profile)
{
	CHECK_EQ(boot_board(1024, profile), 0);
	hp = zone_start(ZONE_HIGHMEM);
	CHECK(hp != 0);
}

static bool maps_to(uint32_t va, unsigned long pfn)
{
	phys_addr_t pa;

	return mmu_translate(&bk->setup->mmu, va, &pa) && pa == PFN_PHYS(pfn);
}

static bool unmapped(uint32_t va)
{
	phys_addr_t pa;

	return !mmu_translate(&bk->setup->mmu, va, &pa);
}

TEST(page_address_lowmem_and_highmem)
{
	boot_hm("debian-armmp");
	CHECK_EQ(page_address(bk, P(0x40000)), 0xc0000000u);
	CHECK_EQ(page_address(bk, P(0x40123)), 0xc0123000u);
	CHECK_EQ(page_address(bk, P(hp)), 0);
}

static void kmap_slots(void)
{
	uint32_t pkmap = bk->setup->layout.pkmap_base;
	int err;
	uint32_t a, b;

	CHECK_EQ(pkmap, bk->setup->layout.page_offset - 0x200000u);
	/* Lowmem: the linear address, no slot. */
	CHECK_EQ(kmap(bk, P(0x40010), &err), 0xc0010000u);
	CHECK_EQ(err, 0);
	kunmap(bk, P(0x40010));
	/* The search starts after slot 0. */
	a = kmap(bk, P(hp), &err);
	CHECK_EQ(a, pkmap + 0x1000);
	CHECK_EQ(err, 0);
	CHECK(maps_to(a, hp));
	CHECK_EQ(page_address(bk, P(hp)), a);
	CHECK_EQ(kmap(bk, P(hp), &err), a);
	CHECK_EQ(bk->kmap.pkmap_count[1], 3);
	b = kmap(bk, P(hp + 1), &err);
	CHECK_EQ(b, pkmap + 0x2000);
	kunmap(bk, P(hp));
	kunmap(bk, P(hp));
	/* Count 1: unused but still mapped until the next wrap. */
	CHECK_EQ(bk->kmap.pkmap_count[1], 1);
	CHECK_EQ(page_address(bk, P(hp)), a);
	CHECK(maps_to(a, hp));
	/* kmap again reuses the still-mapped slot. */
	CHECK_EQ(kmap(bk, P(hp), &err), a);
	kunmap(bk, P(hp));
	/* Fill slots 3..511. */
	for (unsigned long i = 3; i < LAST_PKMAP; i++)
		CHECK_EQ(kmap(bk, P(hp + 100 + i), &err), pkmap + (uint32_t)(i << 12));
	/* Wrap: slot 1 (count 1) is flushed, slot 0 is used. */
	CHECK_EQ(kmap(bk, P(hp + 50), &err), pkmap);
	CHECK_EQ(bk->kmap.pkmap_count[1], 0);
	CHECK(unmapped(a));
	CHECK_EQ(page_address(bk, P(hp)), 0);
	CHECK_EQ(kmap(bk, P(hp + 51), &err), a);
	CHECK(maps_to(a, hp + 51));
	/* Everything held: no slot. */
	CHECK_EQ(kmap(bk, P(hp + 52), &err), 0);
	CHECK_EQ(err, -MM_EBUSY);
	/* kunmap of a page never kmapped: the kernel's BUG, refused. */
	mm_log_reset(bk->log, true);
	kunmap(bk, P(hp + 53));
	CHECK(strstr(bk->log->buf, "kernel BUG at mm/highmem.c") != NULL);
}

TEST(kmap_slot_reuse_and_flush_classic)
{
	boot_hm("debian-armmp");
	kmap_slots();
}

TEST(kmap_slot_reuse_and_flush_lpae)
{
	boot_hm("debian-armmp-lpae");
	kmap_slots();
}

TEST(kmap_local_nesting)
{
	uint32_t top, v[KM_MAX_IDX];
	int err;

	boot_hm("debian-armmp");
	top = bk->setup->layout.fixaddr_top;
	CHECK_EQ(kmap_local_page(bk, P(0x40020), &err), 0xc0020000u);
	CHECK_EQ(bk->kmap.nr_local, 0);
	for (int i = 0; i < KM_MAX_IDX; i++) {
		v[i] = kmap_local_page(bk, P(hp + (unsigned long)i), &err);
		CHECK_EQ(v[i], top - (uint32_t)((i + 1) << 12));
		CHECK_EQ(err, 0);
		CHECK(maps_to(v[i], hp + (unsigned long)i));
	}
	/* A 17th nested map is the kernel's BUG_ON. */
	CHECK_EQ(kmap_local_page(bk, P(hp + 99), &err), 0);
	CHECK_EQ(err, -MM_EPANIC);
	for (int i = KM_MAX_IDX - 1; i >= 0; i--) {
		kunmap_local(bk, v[i] + 0x123);
		CHECK(unmapped(v[i]));
	}
	CHECK_EQ(bk->kmap.nr_local, 0);
	/* The slots are reused from the bottom of the stack. */
	CHECK_EQ(kmap_local_page(bk, P(hp + 7), &err), v[0]);
	CHECK(maps_to(v[0], hp + 7));
	kunmap_local(bk, 0xc0020000u);
	CHECK_EQ(bk->kmap.nr_local, 1);
	kunmap_local(bk, v[0]);
	mm_log_reset(bk->log, true);
	kunmap_local(bk, v[0]);
	CHECK(strstr(bk->log->buf, "kernel BUG at mm/highmem.c") != NULL);
}

TEST_MAIN_WITH_TEARDOWN(release_kernel)
