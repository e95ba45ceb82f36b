/*
 * arm_memblock_init() (Linux v6.1 arch/arm/mm/init.c), with the pieces it
 * calls: init/initramfs.c reserve_initrd_mem, arch/arm/mm/mmu.c
 * arm_mm_memblock_reserve, drivers/of/fdt.c
 * early_init_fdt_scan_reserved_mem (mm_boot_reserve), and the default
 * CMA area of kernel/dma/contiguous.c dma_contiguous_reserve /
 * dma_contiguous_reserve_area with mm/cma.c cma_declare_contiguous_nid and
 * cma_init_reserved_mem.
 *
 * Departures: DT machines have no mdesc->reserve hook, so none is called;
 * the device tree itself is reserved earlier, in setup_arch (v6.1 moved it
 * there).  ARM's dma_contiguous_early_fixup bookkeeping is left to the
 * page-table layer, which reads rs->cma[].  mm/memblock.c memblock_dump_all() is here
 * because arm_memblock_init is its only caller.
 */
#include "layout.h"

#include <stdio.h>

#include "mm_errno.h"
#include "printk.h"

static phys_addr_t phys_max(const struct arm_layout *l)
{
	return l->cfg.lpae ? PHYS_MAX_64 : PHYS_MAX_32;
}

/* swapper_pg_dir sits just below the kernel text: 16 KiB of L1 classic, pgd page + 4 pmd pages LPAE. */
static void arm_mm_memblock_reserve(const struct arm_layout *l, struct memblock *mb)
{
	phys_addr_t pg_dir_size = l->cfg.lpae ? 5 * PAGE_SIZE : 4 * PAGE_SIZE;
	phys_addr_t swapper = l->phys_offset + l->cfg.image.text_offset - pg_dir_size;

	memblock_set_caller(mb, CS_ARM_MEMBLOCK_INIT_PG_DIR);
	memblock_reserve(mb, swapper, pg_dir_size);
}

/*
 * phys_initrd_start/size: the device tree's linux,initrd-start/end, then an
 * initrd= on the command line (here layout_config.initrd_*) overrides them,
 * as parse_early_param runs after the DT scan.  phys_initrd_size is an
 * unsigned long.
 */
static void initrd_source(const struct arm_layout *l, const struct mm_boot *b,
			  phys_addr_t *start, uint32_t *size)
{
	*start = 0;
	*size = 0;
	if (b->dt.has_initrd) {
		*start = b->dt.initrd_start & phys_max(l);
		*size = (uint32_t)(b->dt.initrd_end - b->dt.initrd_start);
	}
	if (l->cfg.initrd_size) {
		*start = l->cfg.initrd_start & phys_max(l);
		*size = (uint32_t)l->cfg.initrd_size;
	}
}

static void reserve_initrd_mem(struct arm_layout *l, struct mm_boot *b)
{
	struct memblock *mb = &b->mb;
	phys_addr_t phys_initrd_start, start;
	uint32_t phys_initrd_size, size;

	l->initrd_start = l->initrd_end = 0;
	initrd_source(l, b, &phys_initrd_start, &phys_initrd_size);
	if (!phys_initrd_size)
		return;
	/* Whole pages, as free_initrd_mem() will free them. */
	start = MM_ALIGN_DOWN(phys_initrd_start, PAGE_SIZE);
	size = phys_initrd_size + (uint32_t)(phys_initrd_start - start);
	size = (size + (uint32_t)PAGE_SIZE - 1) & ~((uint32_t)PAGE_SIZE - 1);

	if (!memblock_is_region_memory(mb, start, size)) {
		mm_printk(&b->log, "INITRD: 0x%08llx+0x%08x is not a memory region - disabling initrd\n",
			  (unsigned long long)start, size);
		return;
	}
	if (memblock_is_region_reserved(mb, start, size)) {
		/* The message ends its line before pr_cont() adds the tail. */
		mm_printk(&b->log, "INITRD: 0x%08llx+0x%08x overlaps in-use memory region\n"
			  " - disabling initrd\n", (unsigned long long)start, size);
		return;
	}
	memblock_set_caller(mb, CS_RESERVE_INITRD_MEM);
	memblock_reserve(mb, start, size);
	l->initrd_start = layout_pa_to_va(l, phys_initrd_start);
	l->initrd_end = l->initrd_start + phys_initrd_size;
}

struct cma_request {
	phys_addr_t base, size, limit;
	bool fixed;
};

static void cma_failed(struct mm_boot *b, phys_addr_t size)
{
	/* (unsigned long)size / SZ_1M */
	mm_printk(&b->log, "cma: Failed to reserve %u MiB\n", (uint32_t)size / (uint32_t)SZ_1M);
}

/* memblock_alloc_range_nid(..., nid, exact_nid): plain bounds, current_limit not applied. */
static phys_addr_t cma_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align,
			     phys_addr_t start, phys_addr_t end)
{
	return memblock_alloc_range_nid(mb, size, align, start, end, NUMA_NO_NODE, true);
}

/*
 * cma_declare_contiguous_nid() for the default area: returns 0 or a
 * negative MM_E* code; on success the area is recorded in rs->cma[].
 */
static int cma_declare_default(const struct arm_layout *l, struct mm_boot *b,
			       struct cma_request req)
{
	struct memblock *mb = &b->mb;
	struct reserved_mem_state *rs = &b->rs;
	phys_addr_t max = phys_max(l);
	phys_addr_t memblock_end = memblock_end_of_DRAM(mb);
	phys_addr_t highmem_start = (layout_va_to_pa(l, l->high_memory - 1) + 1) & max;
	phys_addr_t alignment = mm_boot_pageblock_bytes(&b->cfg);
	phys_addr_t base = req.base, size = req.size, limit = req.limit, addr = 0;
	bool fixed = req.fixed;
	char s1[19], s2[19], s3[19];
	struct cma_area *area;

	if (rs->nr_cma == MAX_CMA_AREAS) {
		mm_printk(&b->log, "cma: Not enough slots for CMA reserved regions!\n");
		return -MM_ENOSPC;
	}
	if (!size)
		return -MM_EINVAL;
	if (fixed && (base & (alignment - 1))) {
		mm_printk(&b->log, "cma: Region at %s must be aligned to %s bytes\n",
			  mm_fmt_pa(s1, base, l->cfg.lpae), mm_fmt_pa(s2, alignment, l->cfg.lpae));
		cma_failed(b, size);
		return -MM_EINVAL;
	}
	base = MM_ALIGN_UP(base, alignment) & max;
	size = MM_ALIGN_UP(size, alignment) & max;
	limit &= ~(alignment - 1);
	if (!base)
		fixed = false;
	if (fixed && base < highmem_start && ((base + size) & max) > highmem_start) {
		mm_printk(&b->log, "cma: Region at %s defined on low/high memory boundary (%s)\n",
			  mm_fmt_pa(s1, base, l->cfg.lpae), mm_fmt_pa(s2, highmem_start, l->cfg.lpae));
		cma_failed(b, size);
		return -MM_EINVAL;
	}
	if (limit == 0 || limit > memblock_end)
		limit = memblock_end;
	if (((base + size) & max) > limit) {
		mm_printk(&b->log, "cma: Size (%s) of region at %s exceeds limit (%s)\n",
			  mm_fmt_pa(s1, size, l->cfg.lpae), mm_fmt_pa(s2, base, l->cfg.lpae),
			  mm_fmt_pa(s3, limit, l->cfg.lpae));
		cma_failed(b, size);
		return -MM_EINVAL;
	}

	memblock_set_caller(mb, CS_CMA_DECLARE_CONTIGUOUS_NID);
	if (fixed) {
		if (memblock_is_region_reserved(mb, base, size) || memblock_reserve(mb, base, size) < 0) {
			cma_failed(b, size);
			return -MM_EBUSY;
		}
	} else {
		/* One zone per area: try highmem first when the range straddles it. */
		if (base < highmem_start && limit > highmem_start) {
			addr = cma_alloc(mb, size, alignment, highmem_start, limit);
			limit = highmem_start;
		}
		/*
		 * CONFIG_PHYS_ADDR_T_64BIT: then bottom-up above 4 GiB.  v6.1
		 * assigns this result over the highmem one even when it fails
		 * (limit is already highmem_start, below 4 GiB), so a highmem
		 * block found above stays reserved and is never used.
		 */
		if (l->cfg.lpae && !mb->bottom_up && memblock_end >= SZ_4G + size) {
			memblock_set_bottom_up(mb, true);
			addr = cma_alloc(mb, size, alignment, SZ_4G, limit);
			memblock_set_bottom_up(mb, false);
		}
		if (!addr)
			addr = cma_alloc(mb, size, alignment, base, limit);
		if (!addr) {
			cma_failed(b, size);
			return -MM_ENOMEM;
		}
		base = addr;
	}

	/* cma_init_reserved_mem() */
	if (!size || !memblock_is_region_reserved(mb, base, size) ||
	    ((base | size) & (alignment - 1))) {
		memblock_phys_free(mb, base, size);
		cma_failed(b, size);
		return -MM_EINVAL;
	}
	area = &rs->cma[rs->nr_cma];
	snprintf(area->name, sizeof(area->name), "reserved");
	area->base = base;
	area->size = size;
	area->from_dt = false;
	rs->default_cma = rs->nr_cma++;
	mm_printk(&b->log, "cma: Reserved %u MiB at %s\n", (uint32_t)size / (uint32_t)SZ_1M,
		  mm_fmt_pa(s1, base, l->cfg.lpae));
	return 0;
}

/*
 * dma_contiguous_reserve(limit): cma= (size[@base[-limit]]) or
 * CMA_SIZE_MBYTES, unless the device tree already made a default pool.
 */
static void dma_contiguous_reserve(const struct arm_layout *l, struct mm_boot *b,
				   phys_addr_t limit)
{
	const struct early_params *ep = &b->ep;
	phys_addr_t max = phys_max(l);
	struct cma_request req = { 0, 16 * SZ_1M, limit, false };

	/* size_cmdline is a phys_addr_t whose "unset" value is -1. */
	if (ep->has_cma && (ep->cma_size & max) != max) {
		phys_addr_t cmd_limit = ep->cma_limit & max;

		req.size = ep->cma_size & max;
		req.base = ep->cma_base & max;
		/* min_not_zero(limit_cmdline, limit) */
		if (!cmd_limit || (limit && limit < cmd_limit))
			req.limit = limit;
		else
			req.limit = cmd_limit;
		req.fixed = ((req.base + req.size) & max) == cmd_limit;
	}
	if (req.size && b->rs.default_cma < 0)
		cma_declare_default(l, b, req);
}

static void memblock_dump(const struct memblock *mb, const struct memblock_type *type)
{
	bool wide = mb->phys_max == PHYS_MAX_64;
	char base[19], end[19], size[19];

	mm_printk(mb->log, " %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		/* the kernel's %#x prints zero as "0x0", glibc's as "0" */
		mm_printk(mb->log, " %s[0x%x]\t[%s-%s], %s bytes flags: 0x%x\n", type->name,
			  (unsigned int)i, mm_fmt_pa(base, r->base, wide),
			  mm_fmt_pa(end, (r->base + r->size - 1) & mb->phys_max, wide),
			  mm_fmt_pa(size, r->size, wide), (unsigned int)r->flags);
	}
}

/* memblock=debug only; ARM has no NUMA, so no " on node" part. */
static void memblock_dump_all(const struct memblock *mb)
{
	bool wide = mb->phys_max == PHYS_MAX_64;
	char mem[19], rsv[19];

	if (!mb->debug)
		return;
	mm_printk(mb->log, "MEMBLOCK configuration:\n");
	mm_printk(mb->log, " memory size = %s reserved size = %s\n",
		  mm_fmt_pa(mem, mb->memory.total_size, wide),
		  mm_fmt_pa(rsv, mb->reserved.total_size, wide));
	memblock_dump(mb, &mb->memory);
	memblock_dump(mb, &mb->reserved);
}

void arm_memblock_init(struct arm_layout *l, struct mm_boot *b)
{
	struct memblock *mb = &b->mb;
	const struct kernel_sections *ks = &l->ks;

	/* [__pa(KERNEL_START), __pa(KERNEL_END)): _stext to _end, the head text is not included. */
	memblock_set_caller(mb, CS_ARM_MEMBLOCK_INIT_KERNEL);
	memblock_reserve(mb, ks->stext, ks->end - ks->stext);
	reserve_initrd_mem(l, b);
	arm_mm_memblock_reserve(l, mb);
	mm_boot_reserve(b);
	dma_contiguous_reserve(l, b, l->arm_dma_limit);
	memblock_dump_all(mb);
}
