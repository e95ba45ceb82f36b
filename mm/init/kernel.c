/*
 * The booted kernel's memory side (Linux v6.1 init/main.c start_kernel and
 * mm_init order; arch/arm/mm/init.c bootmem_init).
 *
 *   setup_arch (find_limits included) → bootmem_init: memblock_allow_resize,
 *   sparse_init, zone_sizes_init/free_area_init → build_all_zonelists →
 *   parse_args (SLUB's __setup parameters) → mm_init: mem_init +
 *   mem_init_print_info, kmem_cache_init → setup_per_cpu_pageset →
 *   core_initcall cma_init_reserved_areas → postcore
 *   init_per_zone_wmark_min → subsys hugepage_init (THP bump)
 *
 * Departures: start_kernel's other memblock allocations between
 * setup_arch and mem_init (per-cpu areas, log buffer, hash tables) are not
 * made, so "reserved" in the Memory: line lacks them; RAM ending past 2^44
 * panics the model, whose end pfn the kernel truncates into an unsigned long
 * (find_limits' max_pfn) before sizing zones and the memory map from it, and
 * so does a free range starting in the last page below PHYS_ADDR_MAX
 * (memblock_free_all.c).
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
#include "slab_internal.h"

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
	memset(&k->kmap, 0, sizeof(k->kmap));
	k->log = &k->setup->boot->log;
}

int mm_kernel_boot(struct mm_kernel *k, const void *fdt, size_t size, const struct kernel_config *cfg)
{
	struct memblock *mb;
	int ret = check_config(cfg);

	if (ret < 0)
		return ret;
	k->nr_boots++;
	reset_state(k, cfg);
	ret = setup_arch(k->setup, fdt, size, &cfg->setup, &cfg->observers);
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
	/* parse_args: SLUB's __setup parameters */
	slub_setup(k);

	for (int i = 0; i < k->setup->boot->rs.nr_cma; i++)
		k->totalcma_pages += (unsigned long)(k->setup->boot->rs.cma[i].size >> PAGE_SHIFT);
	ret = mem_init(k);
	if (ret < 0)
		return ret;
	ret = kmem_cache_init(k);
	if (ret < 0)
		return ret;
	setup_per_cpu_pageset(k);
	ret = cma_init_reserved_areas(k);
	if (ret < 0)
		return ret;
	init_per_zone_wmark_min(k);
	hugepage_init_min_free_kbytes(k);
	slub_boot_done(k);
	return 0;
}
