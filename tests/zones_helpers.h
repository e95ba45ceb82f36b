/*
 * Test-only helpers for the memory-model and zone layer: boards as
 * device trees (banks, /memreserve/, no-map carve-outs, bootargs), kernel
 * configurations per profile and model, and a full comparison of two
 * booted kernels (zones, free lists in order, every struct page, usemaps,
 * log, memblock).  Header-only because every tests/test_*.c is its own
 * executable.
 */
#ifndef TESTS_ZONES_HELPERS_H
#define TESTS_ZONES_HELPERS_H

#include "dtb_helpers.h"
#include "test.h"

#include "boot_mem.h"
#include "kernel.h"
#include "page_alloc.h"

struct board {
	int nbanks;
	uint64_t base[8], size[8];
	int nrsv;
	uint64_t rsv[16];		/* /memreserve/ pairs */
	int nnomap;
	uint64_t nomap[4][2];		/* /reserved-memory no-map regions */
	const char *bootargs;
};

static inline void *board_dtb(const struct board *b, size_t *len)
{
	char name[48];

	dtb_begin(b->rsv, b->nrsv);
	dtb_cells("#address-cells", 1, 2);
	dtb_cells("#size-cells", 1, 2);
	if (b->bootargs) {
		dtb_node("chosen");
		dtb_str("bootargs", b->bootargs);
		dtb_end_node();
	}
	for (int i = 0; i < b->nbanks; i++) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)b->base[i]);
		dtb_node(name);
		dtb_str("device_type", "memory");
		dtb_cells("reg", 4, (uint32_t)(b->base[i] >> 32), (uint32_t)b->base[i],
			  (uint32_t)(b->size[i] >> 32), (uint32_t)b->size[i]);
		dtb_end_node();
	}
	if (b->nnomap) {
		dtb_node("reserved-memory");
		dtb_cells("#address-cells", 1, 2);
		dtb_cells("#size-cells", 1, 2);
		dtb_empty("ranges");
		for (int i = 0; i < b->nnomap; i++) {
			snprintf(name, sizeof(name), "carveout@%llx", (unsigned long long)b->nomap[i][0]);
			dtb_node(name);
			dtb_cells("reg", 4, (uint32_t)(b->nomap[i][0] >> 32), (uint32_t)b->nomap[i][0],
				  (uint32_t)(b->nomap[i][1] >> 32), (uint32_t)b->nomap[i][1]);
			dtb_empty("no-map");
			dtb_end_node();
		}
		dtb_end_node();
	}
	dtb_finish();
	*len = fdt_totalsize(dtb_buf);
	return dtb_buf;
}

static inline struct kernel_config kernel_cfg(const char *profile, enum memory_model model, uint64_t phys_offset)
{
	const struct mm_profile *p = mm_profile_find(profile);
	struct kernel_config cfg = {
		.setup = {
			.boot = { .lpae = p->lpae, .load_addr = phys_offset + 0x8000, .phys_offset = phys_offset,
				  .log = true },
			.layout = { .split = VMSPLIT_3G, .lpae = p->lpae, .highmem = true },
		},
		.profile = p,
		.model = model,
	};

	layout_default_image(&cfg.setup.layout.image);
	return cfg;
}

static inline int boot_board(struct mm_kernel *k, const struct board *b, const struct kernel_config *cfg)
{
	size_t len;
	void *blob = board_dtb(b, &len);

	return mm_kernel_boot(k, blob, len, cfg);
}

/* The log line starting with prefix (without its newline), or "" when absent. */
static inline const char *log_line(const struct mm_kernel *k, const char *prefix, char *out, size_t cap)
{
	const char *p = k->log->buf;

	out[0] = 0;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			snprintf(out, cap, "%.*s", (int)n, p);
			return out;
		}
		p = nl ? nl + 1 : NULL;
	}
	return out;
}

static inline unsigned long list_pfn_at(const struct mm_kernel *k, const struct list_head *e)
{
	return page_to_pfn(&k->memmap, list_entry(e, struct page, lru));
}

/* Compare everything observable of two boots of the same board; returns the number of differences. */
static inline int kernels_differ(const struct mm_kernel *a, const struct mm_kernel *b, bool compare_log)
{
	int diffs = 0;

#define DIFF(cond, ...)                                                 \
	do {                                                            \
		if (cond) {                                             \
			if (diffs < 8)                                  \
				fprintf(stderr, "  differ: " __VA_ARGS__); \
			diffs++;                                        \
		}                                                       \
	} while (0)

	DIFF(a->totalram_pages != b->totalram_pages, "totalram %lu %lu\n", a->totalram_pages, b->totalram_pages);
	DIFF(a->totalhigh_pages != b->totalhigh_pages, "totalhigh\n");
	DIFF(a->totalcma_pages != b->totalcma_pages, "totalcma\n");
	DIFF(a->min_free_kbytes != b->min_free_kbytes, "min_free_kbytes\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *za = &a->node.node_zones[z], *zb = &b->node.node_zones[z];

		DIFF(za->zone_start_pfn != zb->zone_start_pfn || za->spanned_pages != zb->spanned_pages ||
		     za->present_pages != zb->present_pages || za->managed_pages != zb->managed_pages ||
		     za->cma_pages != zb->cma_pages || za->nr_free_pages != zb->nr_free_pages ||
		     za->nr_free_cma_pages != zb->nr_free_cma_pages || za->pcp_high != zb->pcp_high ||
		     za->pcp_batch != zb->pcp_batch,
		     "zone %d counters (managed %lu %lu, free %lu %lu)\n", z, za->managed_pages, zb->managed_pages,
		     za->nr_free_pages, zb->nr_free_pages);
		for (int w = 0; w < NR_WMARK; w++)
			DIFF(za->_watermark[w] != zb->_watermark[w], "zone %d wmark %d\n", z, w);
		for (int j = 0; j < MAX_NR_ZONES; j++)
			DIFF(za->lowmem_reserve[j] != zb->lowmem_reserve[j], "zone %d lowmem_reserve\n", z);
		for (unsigned int o = 0; o < a->profile->max_order; o++) {
			DIFF(za->free_area[o].nr_free != zb->free_area[o].nr_free, "zone %d order %u nr_free %lu %lu\n",
			     z, o, za->free_area[o].nr_free, zb->free_area[o].nr_free);
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				const struct list_head *ha = &za->free_area[o].free_list[mt];
				const struct list_head *hb = &zb->free_area[o].free_list[mt];
				const struct list_head *ea = ha->next, *eb = hb->next;

				while (ea != ha && eb != hb) {
					DIFF(list_pfn_at(a, ea) != list_pfn_at(b, eb),
					     "zone %d order %u mt %d list order: pfn 0x%lx vs 0x%lx\n", z, o, mt,
					     list_pfn_at(a, ea), list_pfn_at(b, eb));
					ea = ea->next;
					eb = eb->next;
				}
				DIFF((ea == ha) != (eb == hb), "zone %d order %u mt %d list length\n", z, o, mt);
			}
		}
	}
	/* Every struct page the memmap holds, and every pageblock's migratetype. */
	{
		unsigned long lo = a->memmap.map_start_pfn, hi = a->memmap.map_end_pfn;
		unsigned long pb = 1UL << a->profile->pageblock_order;

		if (a->memmap.model != MEMORY_MODEL_FLATMEM) {
			lo = 0;
			hi = NR_MEM_SECTIONS * PAGES_PER_SECTION;
		}
		for (unsigned long pfn = lo; pfn < hi; pfn++) {
			const struct page *pa, *pb_;

			if (a->memmap.model != MEMORY_MODEL_FLATMEM && !memmap_has_page(&a->memmap, pfn)) {
				pfn |= PAGES_PER_SECTION - 1;
				continue;
			}
			pa = pfn_to_page(&a->memmap, pfn);
			pb_ = pfn_to_page(&b->memmap, pfn);
			if (!pa || !pb_) {
				DIFF(!pa != !pb_, "pfn 0x%lx storage\n", pfn);
				continue;
			}
			DIFF(pa->flags != pb_->flags || pa->private != pb_->private || pa->page_type != pb_->page_type ||
			     pa->_refcount != pb_->_refcount || pa->compound_head != pb_->compound_head ||
			     pa->compound_order != pb_->compound_order || pa->initialised != pb_->initialised,
			     "pfn 0x%lx: flags %x/%x ref %d/%d type %x/%x init %d/%d\n", pfn, pa->flags, pb_->flags,
			     pa->_refcount, pb_->_refcount, pa->page_type, pb_->page_type, pa->initialised,
			     pb_->initialised);
			/* Only where the usemap covers the pfn: a page of a zone, inside that zone's span. */
			if (pfn % pb == 0 && pa->initialised && pfn >= page_zone(a, pa)->zone_start_pfn &&
			    pfn < zone_end_pfn(page_zone(a, pa)))
				DIFF(get_pfnblock_migratetype(a, pfn) != get_pfnblock_migratetype(b, pfn),
				     "pageblock 0x%lx migratetype\n", pfn);
		}
	}
	if (compare_log)
		DIFF(strcmp(a->log->buf, b->log->buf) != 0, "logs\n--- a\n%s\n--- b\n%s\n", a->log->buf, b->log->buf);
	{
		static char ra[65536], rb[65536];

		memblock_debugfs_show(&a->setup->boot->mb, &a->setup->boot->mb.reserved, ra, sizeof(ra));
		memblock_debugfs_show(&b->setup->boot->mb, &b->setup->boot->mb.reserved, rb, sizeof(rb));
		DIFF(strcmp(ra, rb) != 0, "memblock.reserved\n");
	}
#undef DIFF
	return diffs;
}

#endif
