/*
 * Sanitizer visibility of free pages (the role of KASAN's
 * kasan_poison_pages in free_pages_prepare and kasan_unpoison_pages in
 * post_alloc_hook, Linux v6.1 mm/page_alloc.c, mm/kasan/common.c).
 *
 * The simulated RAM (phys_mem.c) materialises host pages lazily.  Freeing
 * a block poisons the host pages it already has; a host page created
 * later for a pfn inside a free block is poisoned as it is created (a
 * phys_mem hook), so any model access to free memory is an ASan report.
 * Allocation unpoisons.  Without ASan every function here returns at once.
 */
#include "kasan_poison.h"
#include "page_alloc_internal.h"

bool pfn_in_free_block(const struct mm_kernel *k, unsigned long pfn)
{
	for (unsigned int o = 0; o < max_order(k); o++) {
		const struct page *head = pfn_page(k, pfn & ~((1UL << o) - 1));

		/* A free block of order q starts on a 2^q boundary, so it covers pfn iff q >= o. */
		if (head && PageBuddy(head) && buddy_order(head) >= o)
			return true;
	}
	return false;
}

static void poison_new_page(void *ctx, uint64_t pfn, uint8_t *page)
{
	if (pfn_in_free_block(ctx, (unsigned long)pfn))
		mm_asan_poison(page, PAGE_SIZE);
}

static void poison_one(uint8_t *page, uint64_t pfn, void *ctx)
{
	mm_asan_poison(page, PAGE_SIZE);
}

static void unpoison_one(uint8_t *page, uint64_t pfn, void *ctx)
{
	mm_asan_unpoison(page, PAGE_SIZE);
}

void kasan_poison_pages(struct mm_kernel *k, unsigned long pfn, unsigned int order)
{
	struct phys_mem *pm = k->setup->pm;

	if (!mm_asan_active())
		return;
	phys_mem_set_new_page_hook(pm, poison_new_page, k);
	phys_mem_for_each_page(pm, pfn, 1ULL << order, poison_one, NULL);
}

void kasan_unpoison_pages(struct mm_kernel *k, unsigned long pfn, unsigned int order)
{
	if (mm_asan_active())
		phys_mem_for_each_page(k->setup->pm, pfn, 1ULL << order, unpoison_one, NULL);
}
