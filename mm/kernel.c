/*
 * The booted kernel's memory side (Linux v6.1 init/main.c start_kernel and
 * mm_init order; arch/arm/mm/init.c bootmem_init; mm/cma.c
 * cma_init_reserved_areas, cma_activate_area; mm/page_alloc.c
 * free_reserved_page).
 *
 *   setup_arch (find_limits included) → bootmem_init: memblock_allow_resize,
 *   sparse_init, zone_sizes_init/free_area_init → build_all_zonelists →
 *   mem_init + mem_init_print_info → setup_per_cpu_pageset →
 *   core_initcall cma_init_reserved_areas → postcore
 *   init_per_zone_wmark_min → subsys hugepage_init (THP bump)
 *
 * Departures: start_kernel's other memblock allocations between
 * setup_arch and mem_init (per-cpu areas, log buffer, hash tables) are not
 * made, so "reserved" in the Memory: line lacks them; a CMA area with a pfn
 * that fails pfn_valid() or was never initialised panics the model where
 * cma_activate_area would go on (see cma_in_one_zone); so does RAM ending
 * past 2^44, whose end pfn the kernel truncates into an unsigned long
 * (find_limits' max_pfn) before sizing zones and the memory map from it,
 * and a free range starting in the last page below PHYS_ADDR_MAX
 * (mem_init.c).
 */
#include "boot_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_mem.h"
#include "mm_errno.h"
#include "page_alloc.h"
#include "page_alloc_internal.h"
#include "printk.h"

struct mm_kernel *mm_kernel_new(void)
{
	struct mm_kernel *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->setup = mm_setup_new();
	k->memmap.host = memmap_host_new();
	k->bm = boot_mem_new();
	if (!k->setup || !k->memmap.host || !k->bm) {
		mm_kernel_free(k);
		return NULL;
	}
	return k;
}

void mm_kernel_free(struct mm_kernel *k)
{
	if (!k)
		return;
	mm_setup_free(k->setup);
	memmap_host_free(k->memmap.host);
	boot_mem_free(k->bm);
	free(k->zone_memory);
	free(k);
}

void mm_kernel_release(struct mm_kernel *k)
{
	memmap_reset(&k->memmap);
	mm_setup_release(k->setup);
}

static int check_config(const struct kernel_config *cfg)
{
	if (!cfg->profile || (unsigned int)cfg->model >= MEMORY_MODEL_NR)
		return -MM_EINPUT;
	if (cfg->profile->lpae != cfg->setup.layout.lpae || cfg->profile->lpae != cfg->setup.boot.lpae)
		return -MM_EINPUT;
	if (cfg->setup.stop_before_paging)
		return -MM_EINPUT;
	return 0;
}

static void reset_state(struct mm_kernel *k, const struct kernel_config *cfg)
{
	memmap_reset(&k->memmap);
	boot_mem_reset(k->bm, cfg->eager_memmap);
	k->cfg = *cfg;
	k->profile = cfg->profile;
	memset(&k->node, 0, sizeof(k->node));
	memset(k->max_zone_pfn, 0, sizeof(k->max_zone_pfn));
	k->totalram_pages = k->totalhigh_pages = k->totalcma_pages = 0;
	k->min_free_kbytes = 0;
	k->page_group_by_mobility_disabled = false;
	k->nr_cma = 0;
	memset(k->cma, 0, sizeof(k->cma));
	k->nr_zone_memory = 0;
	memset(&k->kmap, 0, sizeof(k->kmap));
	k->log = &k->setup->boot->log;
}

/*
 * cma_activate_area()'s check that the area lies in one zone; -1 when some
 * pfn fails pfn_valid() or has a struct page that was never initialised.
 * v6.1 only WARNs on an invalid pfn and goes on, and a never-initialised
 * struct page (a hole no pageblock of memory touches, the partial page at
 * the end of memory) reads as zone 0: either such pages pass the zone test
 * and their pageblock types are written past the end of that zone's bitmap,
 * or the test fails and the refusal path frees them into a zone that does
 * not span them.  So the whole area is looked at, even after a zone change.
 */
static int cma_in_one_zone(struct mm_kernel *k, unsigned long base, unsigned long count)
{
	const struct boot_mem *bm = k->bm;
	unsigned long pb = 1UL << k->profile->pageblock_order;
	int zone = -2;
	bool crosses = false;

	/* pfn_valid() is constant over a pageblock in every model */
	for (unsigned long pfn = base; pfn < base + count; pfn = MM_ALIGN_DOWN(pfn, pb) + pb)
		if (!memmap_pfn_valid(&k->memmap, &k->setup->boot->mb, pfn))
			return -1;

	if (bm->eager) {
		for (unsigned long pfn = base; pfn < base + count; pfn++) {
			struct page *page = pfn_to_page(&k->memmap, pfn);
			int z;

			if (!page || !page->initialised)
				return -1;
			z = (int)page_zonenum(k, page);
			crosses |= zone != -2 && z != zone;
			zone = z;
		}
		return crosses ? 0 : 1;
	}
	for (unsigned long pfn = base; pfn < base + count;) {
		const struct pfn_range *seg = pfn_ranges_find(&bm->init, pfn);
		unsigned long next;

		if (!seg || !memmap_has_page(&k->memmap, pfn))
			return -1;
		next = seg->end < base + count ? seg->end : base + count;
		/* Storage may end inside the piece (FLATMEM map end, a section). */
		if (!memmap_has_page(&k->memmap, next - 1))
			return -1;
		for (unsigned long p = (pfn | (PAGES_PER_SECTION - 1)) + 1; p < next; p += PAGES_PER_SECTION)
			if (!memmap_has_page(&k->memmap, p))
				return -1;
		crosses |= zone != -2 && seg->zone != zone;
		zone = seg->zone;
		pfn = next;
	}
	return crosses ? 0 : 1;
}

static void cma_bitmap(struct mm_kernel *k, int i, unsigned long count)
{
	struct boot_mem *bm = k->bm;
	size_t longs = count / (8 * sizeof(unsigned long)) + 1;

	host_reserve(&bm->cma_bitmap[i], &bm->cma_bitmap_longs[i], longs, sizeof(*bm->cma_bitmap[i]));
	memset(bm->cma_bitmap[i], 0, longs * sizeof(unsigned long));
	k->cma[i].bitmap = bm->cma_bitmap[i];
}

/* cma_init_reserved_areas(): every area's pageblocks become MIGRATE_CMA and go to the buddy allocator. */
static int cma_init_reserved_areas(struct mm_kernel *k)
{
	const struct reserved_mem_state *rs = &k->setup->boot->rs;
	unsigned long pb = 1UL << k->profile->pageblock_order;
	bool ok[MM_ARRAY_SIZE(k->cma)];

	k->nr_cma = rs->nr_cma < (int)MM_ARRAY_SIZE(k->cma) ? rs->nr_cma : (int)MM_ARRAY_SIZE(k->cma);
	k->bm->cma.nr = 0;
	for (int i = 0; i < k->nr_cma; i++) {
		struct cma *c = &k->cma[i];
		int r;

		c->base = rs->cma[i].base;
		c->count = (unsigned long)(rs->cma[i].size >> PAGE_SHIFT);
		snprintf(c->name, sizeof(c->name), "%s", rs->cma[i].name);
		r = cma_in_one_zone(k, (unsigned long)PFN_DOWN(c->base), c->count);
		if (r < 0) {
			mm_printk(k->log, "Kernel panic - not syncing: model: CMA area %s covers pfns without a valid, initialised struct page\n", c->name);
			return -MM_EPANIC;
		}
		ok[i] = r == 1;
		if (ok[i])
			pfn_ranges_add(&k->bm->scratch, (unsigned long)PFN_DOWN(c->base),
				       (unsigned long)PFN_DOWN(c->base) + c->count, 0, false);
	}
	{
		struct pfn_ranges t = k->bm->cma;

		k->bm->cma = k->bm->scratch;
		k->bm->scratch = t;
		k->bm->scratch.nr = 0;
	}
	pfn_ranges_normalise(&k->bm->cma);
	boot_mem_enter_phase(k, BOOT_MEM_CMA);

	for (int i = 0; i < k->nr_cma; i++) {
		struct cma *c = &k->cma[i];
		unsigned long base = (unsigned long)PFN_DOWN(c->base);

		if (ok[i]) {
			cma_bitmap(k, i, c->count);
			for (unsigned long pfn = base; pfn < base + c->count; pfn += pb)
				init_cma_reserved_pageblock(k, pfn_to_page(&k->memmap, pfn));
			continue;
		}
		for (unsigned long pfn = base; pfn < base + c->count; pfn++) {
			struct page *page = pfn_to_page(&k->memmap, pfn);

			page->flags &= ~(1u << PG_reserved);
			page->_refcount = 1;
			__free_pages(k, page, 0);
			adjust_managed_page_count(k, page, 1);
		}
		k->totalcma_pages -= c->count;
		c->count = 0;
		mm_printk(k->log, "CMA area %s could not be activated\n", c->name);
	}
	return 0;
}

int mm_kernel_boot(struct mm_kernel *k, const void *fdt, size_t size, const struct kernel_config *cfg)
{
	struct memblock *mb;
	int ret = check_config(cfg);

	if (ret < 0)
		return ret;
	reset_state(k, cfg);
	ret = setup_arch(k->setup, fdt, size, &cfg->setup, NULL);
	if (ret < 0)
		return ret;
	if (cfg->vet_setup && (k->setup->why = cfg->vet_setup(k->setup)))
		return -MM_EINPUT;
	mb = &k->setup->boot->mb;
	if (PFN_DOWN(memblock_end_of_DRAM(mb)) > UINT32_MAX) {
		mm_printk(k->log, "Kernel panic - not syncing: model: RAM ends past the 32-bit pfn range\n");
		return -MM_EPANIC;
	}
	k->memmap.model = cfg->model;
	k->memmap.profile = cfg->profile;
	k->memmap.layout = &k->setup->layout;

	/* bootmem_init */
	memblock_allow_resize(mb);
	if (cfg->model != MEMORY_MODEL_FLATMEM) {
		ret = memmap_alloc(&k->memmap, mb, &k->setup->mmu, 0, 0);
		if (ret < 0)
			return ret;
	}
	ret = free_area_init(k);
	if (ret < 0)
		return ret;
	build_all_zonelists_print(k);

	for (int i = 0; i < k->setup->boot->rs.nr_cma; i++)
		k->totalcma_pages += (unsigned long)(k->setup->boot->rs.cma[i].size >> PAGE_SHIFT);
	ret = mem_init(k);
	if (ret < 0)
		return ret;
	setup_per_cpu_pageset(k);
	ret = cma_init_reserved_areas(k);
	if (ret < 0)
		return ret;
	init_per_zone_wmark_min(k);
	hugepage_init_min_free_kbytes(k);
	return 0;
}
