/*
 * The booted kernel's memory side (Linux v6.1 init/main.c start_kernel,
 * setup_command_line, mm_init, kernel_init; arch/arm/mm/init.c
 * bootmem_init; arch/arm/kernel/setup.c setup_arch's tail).
 *
 *   setup_arch (find_limits included) → bootmem_init: memblock_allow_resize,
 *   sparse_init, zone_sizes_init/free_area_init → request_standard_resources
 *   → unflatten_device_tree │ setup_command_line → setup_per_cpu_areas →
 *   build_all_zonelists → "Kernel command line:" → parse_args (SLUB's
 *   __setup parameters) → vfs_caches_init_early →
 *   mm_init: report_meminit, mem_init + mem_init_print_info,
 *   kmem_cache_init → setup_per_cpu_pageset │ gfp_allowed_mask → core_initcall
 *   cma_init_reserved_areas → postcore init_per_zone_wmark_min → subsys
 *   hugepage_init (THP bump) → rootfs free_initrd_mem → free_initmem │ /init
 *
 * The │ marks are where kernel_config.stop_at can end the boot.
 * Departures: setup_command_line's extra and init arguments (bootconfig,
 * off in Debian's build) are not modelled; RAM ending past 2^44 panics the
 * model, whose end pfn the kernel truncates into an unsigned long
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
	if (cfg->setup.stop_before_paging || (unsigned int)cfg->stop_at > BOOT_TO_SETUP_ARCH ||
	    cfg->nr_cpus > NR_CPUS)
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
	k->nr_cpus = cfg->nr_cpus ? cfg->nr_cpus : cfg->profile->nr_cpus;
	k->page_group_by_mobility_disabled = false;
	k->hash_pages = (struct hash_pages){ 0 };
	k->pcpu = (struct pcpu_first_chunk){ 0 };
	k->io_tlb = (struct io_tlb_mem){ 0 };
	k->nr_cma = 0;
	memset(k->cma, 0, sizeof(k->cma));
	memset(&k->kmap, 0, sizeof(k->kmap));
	k->log = &k->setup->boot->log;
}

/* setup_command_line(): saved_command_line, then static_command_line, each strlen + 1. */
static int setup_command_line(struct mm_kernel *k)
{
	struct memblock *mb = &k->setup->boot->mb;
	phys_addr_t len = strlen(k->setup->boot->dt.bootargs) + 1;

	memblock_set_caller(mb, CS_SAVED_COMMAND_LINE);
	if (memblock_alloc(mb, len, SMP_CACHE_BYTES)) {
		memblock_set_caller(mb, CS_STATIC_COMMAND_LINE);
		if (memblock_alloc(mb, len, SMP_CACHE_BYTES))
			return 0;
	}
	mm_printk(k->log, "Kernel panic - not syncing: setup_command_line: Failed to allocate %llu bytes\n",
		  (unsigned long long)len);
	return -MM_EPANIC;
}

/* __pa(MAX_DMA_ADDRESS): percpu allocates from there up (then anywhere). */
static phys_addr_t max_dma_pa(const struct arm_layout *l)
{
	uint64_t dma = l->cfg.dma_zone_size;
	uint32_t va = 0xffffffffu;

	if (dma && dma < 0x100000000ULL - l->page_offset)
		va = l->page_offset + (uint32_t)dma;
	/* pcpu_fc_alloc's goal is an unsigned long */
	return (uint32_t)layout_va_to_pa(l, va);
}

/* setup_arch after paging_init: bootmem_init, then the resources and the unflattened tree. */
static int bootmem_init(struct mm_kernel *k)
{
	struct memblock *mb = &k->setup->boot->mb;
	int ret;

	memblock_allow_resize(mb);
	if (k->cfg.model != MEMORY_MODEL_FLATMEM) {
		ret = memmap_alloc(&k->memmap, mb, &k->setup->mmu, 0, 0);
		if (ret < 0)
			return ret;
	}
	ret = free_area_init(k);
	if (ret < 0)
		return ret;
	ret = request_standard_resources(k->setup);
	if (ret < 0)
		return ret;
	return unflatten_device_tree(mb, &k->setup->boot->dt.unflat, k->profile->build);
}

/* start_kernel from setup_arch's return to mm_init's mem_init. */
static int start_kernel_mm(struct mm_kernel *k)
{
	struct mm_boot *b = k->setup->boot;
	const struct arm_layout *l = &k->setup->layout;
	int ret = setup_command_line(k);

	if (!ret)
		ret = setup_per_cpu_areas(&b->mb, k->profile->build, k->nr_cpus, max_dma_pa(l), &k->pcpu);
	if (ret < 0)
		return ret;
	build_all_zonelists_print(k);
	mm_printk(k->log, "Kernel command line: %s\n", b->dt.bootargs);
	/* parse_args: SLUB's __setup parameters (the hash sizes' were read with the early ones) */
	slub_setup(k);
	ret = vfs_caches_init_early(&b->mb, &k->hash_pages, b->ep.dhash_entries, b->ep.ihash_entries);
	if (ret < 0)
		return ret;
	/* mm_init: report_meminit() for Debian's INIT_STACK_ALL_ZERO and INIT_ON_ALLOC_DEFAULT_ON */
	mm_printk(k->log, "mem auto-init: stack:all(zero), heap alloc:on, heap free:off\n");
	for (int i = 0; i < b->rs.nr_cma; i++)
		k->totalcma_pages += (unsigned long)(b->rs.cma[i].size >> PAGE_SHIFT);
	ret = mem_init(k);
	if (ret < 0)
		return ret;
	ret = kmem_cache_init(k);
	if (ret < 0)
		return ret;
	setup_per_cpu_pageset(k);
	return 0;
}

/* The initcalls that touch memory, and kernel_init's free_initmem() before it runs /init. */
static int initcalls(struct mm_kernel *k)
{
	int ret;

	/* kernel_init_freeable: blocking allocations allowed before do_basic_setup's initcalls */
	slub_boot_done(k);
	ret = cma_init_reserved_areas(k);
	if (ret < 0)
		return ret;
	init_per_zone_wmark_min(k);
	hugepage_init_min_free_kbytes(k);
	ret = free_initrd_mem(k);
	return ret < 0 ? ret : free_initmem(k);
}

int mm_kernel_boot(struct mm_kernel *k, const void *fdt, size_t size, const struct kernel_config *cfg)
{
	struct kernel_config c;
	struct memblock *mb;
	int ret = check_config(cfg);

	if (ret < 0)
		return ret;
	k->nr_boots++;
	c = *cfg;
	if (!c.setup.boot.build)
		c.setup.boot.build = cfg->profile->build;
	reset_state(k, &c);
	ret = setup_arch(k->setup, fdt, size, &c.setup, &c.observers);
	if (ret < 0)
		return ret;
	if (c.vet_setup && (k->setup->why = c.vet_setup(k->setup)))
		return -MM_EINPUT;
	mb = &k->setup->boot->mb;
	if (PFN_DOWN(memblock_end_of_DRAM(mb)) > UINT32_MAX) {
		mm_printk(k->log, "Kernel panic - not syncing: model: RAM ends past the 32-bit pfn range\n");
		return -MM_EPANIC;
	}
	k->memmap.model = c.model;
	k->memmap.profile = c.profile;
	k->memmap.layout = &k->setup->layout;

	ret = bootmem_init(k);
	if (ret < 0 || c.stop_at == BOOT_TO_SETUP_ARCH)
		return ret;
	ret = start_kernel_mm(k);
	if (ret < 0 || c.stop_at == BOOT_TO_MEM_INIT)
		return ret;
	return initcalls(k);
}
