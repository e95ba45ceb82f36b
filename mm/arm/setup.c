/*
 * setup_arch()'s memory steps in Linux v6.1's order (arch/arm/kernel/setup.c
 * setup_arch; arch/arm/mm/init.c setup_dma_zone, bootmem_init's
 * find_limits; arch/arm/mm/dma-mapping.c dma_contiguous_early_fixup).
 *
 * Departures: early_vmalloc's warnings are printed after the mem= replay
 * rather than at vmalloc='s place on the command line; a layout_config
 * vmalloc_size stands for a vmalloc= given before any on the command line.
 */
#include "setup.h"

#include <stdlib.h>

#include "mm_errno.h"
#include "printk.h"

struct mm_setup *mm_setup_new(void)
{
	struct mm_setup *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->boot = mm_boot_new();
	s->pm = phys_mem_new();
	if (!s->boot || !s->pm) {
		mm_setup_free(s);
		return NULL;
	}
	return s;
}

void mm_setup_free(struct mm_setup *s)
{
	if (!s)
		return;
	iomem_free(&s->iomem);
	mm_boot_free(s->boot);
	phys_mem_free(s->pm);
	free(s);
}

static int check_config(const struct setup_config *cfg, const char **why)
{
	if (cfg->layout.lpae != cfg->boot.lpae) {
		*why = "layout and boot configurations disagree on LPAE";
		return -MM_EINPUT;
	}
	return layout_check_config(&cfg->layout, why) < 0 ? -MM_EINPUT : 0;
}

/* The page-table layer's inputs: every CMA area, in dma_contiguous_early_fixup() order. */
static void mmu_prepare(struct mm_setup *s, const struct setup_config *cfg,
			const struct setup_observers *obs)
{
	struct mm_boot *b = s->boot;
	struct mm_mmu *mmu = &s->mmu;

	*mmu = (struct mm_mmu){
		.format = cfg->layout.lpae ? PGTABLE_LPAE : PGTABLE_CLASSIC,
		.pm = s->pm,
		.mb = &b->mb,
		.layout = &s->layout,
		.observer = obs ? obs->mmu : NULL,
		.observer_ctx = obs ? obs->mmu_ctx : NULL,
		.log = &b->log,
		.dtb_phys = cfg->boot.dtb_phys,
	};
	for (int i = 0; i < b->rs.nr_cma && i < MMU_MAX_DMA_REMAP; i++) {
		mmu->dma_remap[i].base = b->rs.cma[i].base;
		mmu->dma_remap[i].size = b->rs.cma[i].size;
		mmu->nr_dma_remap = i + 1;
	}
}

void mm_setup_release(struct mm_setup *s)
{
	phys_mem_reset(s->pm);
	memblock_destroy(&s->boot->mb);
}

int setup_arch(struct mm_setup *s, const void *fdt, size_t size, const struct setup_config *cfg,
	       const struct setup_observers *obs)
{
	struct mm_boot *b = s->boot;
	struct arm_layout *l = &s->layout;
	int ret;

	s->why = NULL;
	s->mmu = (struct mm_mmu){ 0 };
	iomem_reset(&s->iomem);
	phys_mem_reset(s->pm);
	ret = check_config(cfg, &s->why);
	if (ret < 0)
		return ret;
	ret = mm_boot_scan(b, fdt, size, &cfg->boot, obs ? obs->memblock : NULL,
			   obs ? obs->memblock_ctx : NULL);
	if (ret < 0) {
		s->why = b->why;
		return ret;
	}

	layout_init(l, &cfg->layout, b->phys_offset);
	/* memblock_alloc() clears simulated RAM; memblock_free() takes linear-map pointers */
	b->mb.ram = s->pm;
	memblock_set_linear_map(&b->mb, l->page_offset, l->phys_offset);
	if (b->ep.has_vmalloc || cfg->layout.vmalloc_size)
		early_vmalloc(l, b->ep.has_vmalloc ? b->ep.vmalloc_size : cfg->layout.vmalloc_size,
			      &b->log);
	adjust_lowmem_bounds(l, &b->mb);
	arm_memblock_init(l, b);
	/* Memory may have been removed: recompute the bounds. */
	adjust_lowmem_bounds(l, &b->mb);

	if (!cfg->stop_before_paging) {
		mmu_prepare(s, cfg, obs);
		ret = paging_init(&s->mmu);
		if (ret < 0)
			return ret;
	}
	find_limits(l, &b->mb);
	return 0;
}

/* for_each_mem_range(): memory regions, NOMAP and driver-managed ones skipped. */
int request_standard_resources(struct mm_setup *s)
{
	struct memblock *mb = &s->boot->mb;
	const struct arm_layout *l = &s->layout;
	const struct kernel_sections *ks = &l->ks;
	/* struct resource: two resource_size_t (phys_addr_t) and six words */
	phys_addr_t size = (l->cfg.lpae ? 16 : 8) + 24;
	phys_addr_t code_start = l->phys_offset + l->cfg.image.text_offset, code_end = ks->init_begin - 1;
	phys_addr_t data_start = ks->sdata, data_end = ks->end - 1;

	iomem_reset(&s->iomem);
	for (unsigned long i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		phys_addr_t end = (r->base + r->size - 1) & mb->phys_max;

		if (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED) || !r->size)
			continue;
		memblock_set_caller(mb, CS_REQUEST_STANDARD_RESOURCES);
		if (!memblock_alloc(mb, size, SMP_CACHE_BYTES)) {
			mm_printk(&s->boot->log, "Kernel panic - not syncing: request_standard_resources: Failed to allocate %llu bytes\n",
				  (unsigned long long)size);
			return -MM_EPANIC;
		}
		iomem_add(&s->iomem, r->base, end, "System RAM", 0);
		if (code_start >= r->base && code_end <= end)
			iomem_add(&s->iomem, code_start, code_end, "Kernel code", 1);
		if (data_start >= r->base && data_end <= end)
			iomem_add(&s->iomem, data_start, data_end, "Kernel data", 1);
	}
	return 0;
}
