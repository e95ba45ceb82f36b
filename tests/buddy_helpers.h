/*
 * Test-only helpers for the buddy allocator tests: boot a small board,
 * drain a zone to empty free lists (every free page becomes an in-use
 * page with refcount 1), read the free lists back as text and check the
 * lists against the counters.  Include test.h first (CHECK macros).
 * Header-only because every tests/test_*.c is its own executable.
 */
#ifndef TESTS_BUDDY_HELPERS_H
#define TESTS_BUDDY_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "dtb_helpers.h"
#include "kernel.h"
#include "model_pages.h"
#include "page_alloc.h"

static struct mm_kernel *bk;
static struct model_pages bmp;		/* what the model holds for itself (SLUB's boot slabs) */

static inline struct kernel_config board_config(const char *profile)
{
	const struct mm_profile *p = mm_profile_find(profile);
	struct kernel_config cfg = {
		.setup = {
			.boot = { .lpae = p->lpae, .load_addr = 0x40008000, .log = true },
			.layout = { .split = VMSPLIT_3G, .lpae = p->lpae, .highmem = true },
		},
		.profile = p,
		.model = MEMORY_MODEL_FLATMEM,
		.page_observer = model_pages_observer(&bmp),
	};

	layout_default_image(&cfg.setup.layout.image);
	return cfg;
}

/* One bank at 0x40000000 of mbytes MiB; returns mm_kernel_boot's result. */
static inline int boot_board_cfg(unsigned int mbytes, const struct kernel_config *cfg)
{
	char dts[512];
	size_t len;
	void *blob;
	int ret;

	snprintf(dts, sizeof(dts),
		 "/dts-v1/;\n/ {\n #address-cells = <1>;\n #size-cells = <1>;\n chosen { };\n"
		 " memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x%x>; };\n};\n",
		 mbytes << 20);
	blob = dtb_from_dts(dts, &len);
	if (!blob)
		return -9999;
	if (!bk)
		bk = mm_kernel_new();
	ret = mm_kernel_boot(bk, blob, len, cfg);
	free(blob);
	return ret;
}

/* TEST_MAIN_WITH_TEARDOWN's teardown: the kernel every case shares. */
static inline void release_kernel(void)
{
	mm_kernel_free(bk);
}

static inline int boot_board(unsigned int mbytes, const char *profile)
{
	struct kernel_config cfg = board_config(profile);

	return boot_board_cfg(mbytes, &cfg);
}

/* Pages the booted model holds for itself. */
static inline unsigned long model_held(void)
{
	return model_pages_count(&bmp, bk);
}

static inline struct page *P(unsigned long pfn)
{
	return pfn_to_page(&bk->memmap, pfn);
}

static inline unsigned long PFN(const struct page *page)
{
	return page_to_pfn(&bk->memmap, page);
}

/* Empty every free list of zone z; watermarks and reserves 0 so tests decide them. */
static inline void drain_zone(enum zone_type z)
{
	struct zone *zone = &bk->node.node_zones[z];

	for (int o = 0; o < MAX_ORDER_LIMIT; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *h = &zone->free_area[o].free_list[mt];

			while (!list_empty(h)) {
				struct page *page = list_entry(h->next, struct page, lru);
				unsigned long pfn = PFN(page);

				list_del(&page->lru);
				page->page_type |= PG_buddy;
				page->private = 0;
				for (unsigned long i = 0; i < (1UL << o); i++)
					P(pfn + i)->_refcount = 1;
			}
		}
		zone->free_area[o].nr_free = 0;
	}
	zone->nr_free_pages = zone->nr_free_cma_pages = 0;
	memset(zone->_watermark, 0, sizeof(zone->_watermark));
	memset(zone->lowmem_reserve, 0, sizeof(zone->lowmem_reserve));
}

static inline void drain_all(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		drain_zone((enum zone_type)z);
}

/* "pfn pfn ..." of one free list, head first, pfns relative to base. */
static inline const char *list_text(enum zone_type z, unsigned int order, int mt, unsigned long base)
{
	static char buf[4096];
	struct list_head *h = &bk->node.node_zones[z].free_area[order].free_list[mt];
	size_t n = 0;

	buf[0] = '\0';
	for (struct list_head *p = h->next; p != h && n < sizeof(buf) - 32; p = p->next)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%lu", n ? " " : "",
				      PFN(list_entry(p, struct page, lru)) - base);
	return buf;
}

static inline unsigned long zone_start(enum zone_type z)
{
	return bk->node.node_zones[z].zone_start_pfn;
}

/* Every listed block is a buddy head of its order, typed as its list; counters agree.  Returns the free pages. */
static inline unsigned long check_consistent(void)
{
	unsigned long total = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &bk->node.node_zones[z];
		unsigned long pages = 0, cma = 0;

		for (unsigned int o = 0; o < bk->profile->max_order; o++) {
			unsigned long n = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				const struct list_head *h = &zone->free_area[o].free_list[mt];

				for (const struct list_head *p = h->next; p != h; p = p->next) {
					const struct page *page = list_entry(p, struct page, lru);

					CHECK(PageBuddy(page));
					CHECK_EQ(buddy_order(page), o);
					CHECK_EQ(page_zonenum(bk, page), z);
					CHECK_EQ(PFN(page) & ((1UL << o) - 1), 0);
					if (o <= bk->profile->pageblock_order)
						CHECK_EQ(get_pfnblock_migratetype(bk, PFN(page)), mt);
					n++;
					pages += 1UL << o;
					if (mt == MIGRATE_CMA)
						cma += 1UL << o;
				}
			}
			CHECK_EQ(zone->free_area[o].nr_free, n);
		}
		CHECK_EQ(zone->nr_free_pages, pages);
		CHECK_EQ(zone->nr_free_cma_pages, cma);
		total += pages;
	}
	return total;
}

#endif
